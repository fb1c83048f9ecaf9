"""The facts layer (generator/facts/): computed from the portal in memory, read by pages, diagrams, exports,
the board pack and diff alike. Fast: no site is built."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.checks.validate import validate_repository
from generator.facts import board_pack, budget, figures, lanes, risks, spend, vendors
from generator.model import Initiative, PortalSettings, Risk, Vendor
from generator.model.portal import Portal
from generator.model.roadmap import Horizon

REPO_ROOT = Path(__file__).resolve().parent.parent
FACTS = REPO_ROOT / "generator" / "facts"
TODAY = dt.date(2026, 11, 20)


def portal(initiatives=(), risks_=(), vendors_=(), **settings) -> Portal:
    return Portal(
        settings=PortalSettings(client="Client", today=TODAY, **settings),
        today=TODAY,
        initiatives={i["id"]: Initiative.model_validate(i) for i in initiatives},
        risks={r["id"]: Risk.model_validate(r) for r in risks_},
        vendors={v["id"]: Vendor.model_validate(v) for v in vendors_},
    )


def vendor(vid, status="active", annual=0, category="Tools", **extra):
    cost = {"cost": {"amount": annual, "per": "year"}} if annual else {}
    return {"id": vid, "name": f"Vendor {vid}", "category": category, "owner": "CFO", "status": status, **cost, **extra}


@pytest.fixture(scope="module")
def demo() -> Portal:
    return validate_repository(REPO_ROOT / "mkdocs.yml").portal.for_audience("client")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_facts_never_import_pictures_pages_or_anything_above_them():
    # Diagrams turn facts into mermaid text; if a fact reached up into diagrams (or pages) for its data,
    # two pictures could again disagree about one number.
    above = (
        "generator.diagrams",
        "generator.render",
        "generator.vcs",
        "generator.output",
        "generator.publish",
        "generator.authoring",
        "generator.cli",
        "generator.mkdocs_plugin",
    )
    offenders = {
        path.name: sorted(n for n in _imports(path) if n.startswith(above)) for path in sorted(FACTS.glob("*.py"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}
    assert len(offenders) >= 9  # figures, schedule, lanes, spend, vendors, budget, risks, compliance, board_pack


def test_facts_are_frozen_values():
    pack = board_pack.board_pack(
        portal([{"id": "a", "title": "A", "status": "planned", "start": "2027-Q1", "cost": {"capex": 4000}}])
    )
    quarter = pack.money.budget.quarters[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        quarter.capex = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.money.budget.last_year = 1.0  # type: ignore[misc]


def test_spend_by_category_adds_up_to_the_headline_vendor_spend(demo):
    data = spend.spend(demo)
    assert data.total == pytest.approx(figures.annual_vendor_spend(demo))
    assert {v.id for c in data.categories for v in c.vendors} | {v.id for v in data.other_currency} == {
        v.id for v in figures.paid_vendors(demo)
    }


def test_spend_leaves_out_vendors_being_evaluated_or_retired():
    p = portal(
        vendors_=[
            vendor("a", annual=1200),
            vendor("b", "sunsetting", 600),
            vendor("c", "evaluating", 5000),
            vendor("d", "retired", 7000),
        ]
    )
    data = spend.spend(p)
    assert data.total == 1800 == figures.annual_vendor_spend(p)
    (tools,) = data.categories
    assert tools.leaving == 600


def test_budget_spreads_one_off_cost_over_its_quarters_and_running_cost_after_it_lands():
    p = portal(
        [
            {
                "id": "a",
                "title": "A",
                "status": "planned",
                "start": "2027-Q1",
                "end": "2027-Q2",
                "cost": {"capex": 10000, "opex": 8000},
            },
            {
                "id": "p",
                "title": "P",
                "status": "proposed",
                "start": "2026-Q4",
                "end": "2026-Q4",
                "cost": {"capex": 3000},
            },
        ]
    )
    data = budget.budget(p)
    by_label = {q.quarter.label: q for q in data.quarters}
    assert by_label["Q1 2027"].capex == by_label["Q2 2027"].capex == 5000
    assert by_label["Q2 2027"].opex == 0 and by_label["Q3 2027"].opex == 2000  # a quarter's share of 8,000 a year
    assert by_label["Q4 2026"].current and by_label["Q4 2026"].proposed == 3000
    assert data.coming_year == 3000 + 10000 + 2000  # this quarter and the three after it
    assert data.last_year == 0


def test_lanes_hold_open_initiatives_by_horizon_in_progress_first():
    p = portal(
        [
            {"id": "x", "title": "X", "status": "planned", "start": "2026-10-01"},
            {"id": "y", "title": "Y", "status": "in-progress", "start": "2026-11-01"},
            {"id": "z", "title": "Z", "status": "done", "start": "2026-01-01"},
            {"id": "w", "title": "W", "status": "proposed", "start": "2028-01-01"},
        ]
    )
    board = dict(lanes.board(p))
    assert [i.id for i in board[Horizon.NOW]] == ["y", "x"]
    assert [i.id for i in board[Horizon.LATER]] == ["w"]
    assert "z" not in {i.id for lane in board.values() for i in lane}


def test_renewals_and_integrations_leave_out_retired_vendors():
    soon = {"contract": {"start": "2025-01-01", "end": "2027-02-01", "notice_days": 90}}
    p = portal(
        vendors_=[
            vendor("a", annual=100, integrations=["b", "c"], **soon),
            vendor("b", integrations=["a"]),
            vendor("c", "retired", **soon),
        ]
    )
    (renewal,) = vendors.renewals(p)
    assert renewal.vendor.id == "a" and renewal.notice_by == dt.date(2026, 11, 3) and renewal.state == "passed"
    assert vendors.integrations(p) == [("a", "b")]  # each pair once; the retired vendor is gone


def test_the_board_summary_lists_exactly_the_risks_above_appetite(demo):
    assert [line.risk for line in risks.board_summary(demo)] == figures.risks_above_appetite(demo)
    inherent, residual = risks.heat_maps(demo)
    assert inherent.total == len([r for r in demo.risks.values() if not r.is_closed])
