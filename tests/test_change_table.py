"""``diff`` compares kind by kind from one table held to the kinds registry: a kind added to model/kinds.py
is compared once it has a row, or says why not; every row finds its kind's items added and removed."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import REPO_ROOT
from generator.checks.validate import validate_repository
from generator.model.kinds import KINDS
from generator.vcs.portal_diff import NOT_COMPARED, change_table, diff_portals


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
    removed = [c for c in diff_portals(demo.for_audience("internal"), emptied.for_audience("internal")).changes
               if c.kind == kind.name]
    added = [c for c in diff_portals(emptied.for_audience("internal"), demo.for_audience("internal")).changes
             if c.kind == kind.name]
    assert {c.item_id for c in removed if c.change == "removed"} == ids
    assert {c.item_id for c in added if c.change in ("added", "decided")} == ids
    assert all(c.section == kind.label for c in removed + added)


def test_an_unchanged_portal_has_no_change(demo):
    view = demo.for_audience("internal")
    assert not diff_portals(view, view)
