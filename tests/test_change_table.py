"""``diff`` compares kind by kind from one table held to the kinds registry: a kind added to model/kinds.py
is compared once it has a row, or says why not; every row finds its kind's items added and removed."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

from conftest import REPO_ROOT
from generator.checks.validate import validate_repository
from generator.model.kinds import KINDS
from generator.vcs.change_table import NOT_COMPARED, change_table
from generator.vcs.portal_diff import diff_portals


@pytest.fixture(scope="module")
def demo():
    portal = validate_repository(REPO_ROOT / "mkdocs.yml").portal
    assert portal is not None
    return portal


def test_every_kind_of_the_registry_is_compared_or_says_why_not():
    table = change_table()
    assert set(table) | set(NOT_COMPARED) == {kind.name for kind in KINDS}
    assert not set(table) & set(NOT_COMPARED)


@pytest.mark.parametrize("kind", [k for k in KINDS if k.name not in NOT_COMPARED], ids=lambda k: k.name)
def test_each_row_reports_every_item_of_its_kind_added_and_removed(demo, kind):
    emptied = dataclasses.replace(demo, **{kind.plural: {}})
    ids = set(demo.of_kind(kind.name))
    assert ids, f"the demo holds no {kind.name}"
    removed = [
        c
        for c in diff_portals(demo.for_audience("internal"), emptied.for_audience("internal")).changes
        if c.kind == kind.name
    ]
    added = [
        c
        for c in diff_portals(emptied.for_audience("internal"), demo.for_audience("internal")).changes
        if c.kind == kind.name
    ]
    assert {c.item_id for c in removed if c.change == "removed"} == ids
    assert {c.item_id for c in added if c.change in ("added", "decided")} == ids
    assert all(c.section == kind.label for c in removed + added)


def test_an_unchanged_portal_has_no_change(demo):
    view = demo.for_audience("internal")
    assert not diff_portals(view, view)


@pytest.mark.slow  # six interpreters, each validating the demo
def test_kpis_removed_from_a_goal_are_told_in_the_same_order_on_every_run():
    # The order of equal-importance changes is the order found; a set difference made it depend on the
    # interpreter's string hashing, so a pull-request comment could reorder itself between runs.
    script = """
import dataclasses
from pathlib import Path
from generator.checks.validate import validate_repository
from generator.vcs.portal_diff import diff_portals
portal = validate_repository(Path("mkdocs.yml")).portal
goal = max(portal.goals.values(), key=lambda g: len(g.kpis))
head = dataclasses.replace(portal, goals={**portal.goals, goal.id: goal.model_copy(update={"kpis": []})})
print([c.values["kpi"] for c in diff_portals(portal.for_audience("internal"), head.for_audience("internal")).ordered()
       if c.change == "kpi-removed"])
"""
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(6)
    }
    assert len(runs) == 1, runs
    demo = validate_repository(REPO_ROOT / "mkdocs.yml").portal
    assert demo is not None
    goal = max(demo.goals.values(), key=lambda g: len(g.kpis))
    assert len(goal.kpis) >= 3 and runs.pop().strip() == repr([k.name for k in goal.kpis])
