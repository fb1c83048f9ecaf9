"""Diagram data from the model: schedule facts, heat maps, budget, compliance, and large portals kept readable."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import REPO_ROOT
from generator.render.dashboards import DASHBOARDS
from generator.diagrams import dependencies, vendors
from generator.diagrams import timeline as timelines
from generator.facts import budget, risks
from generator.facts import risk_tags as compliance  # the risks grouped by their free-text framework tags
from generator.facts import vendors as vendor_facts
from generator.diagrams.common import MAX_GANTT_ROWS, MAX_NODES
from generator.diagrams.neighbourhood import neighbourhood
from generator.facts.schedule import Schedule
from generator.diagrams.mermaid import label
from generator.model import Initiative, PortalSettings, Risk, Vendor
from generator.render.pages import render_pages
from generator.model.portal import Portal
from generator.checks.validate import validate_repository
from large_portal import write_large_repo

TODAY = dt.date(2026, 11, 20)
MERMAID_MAX_TEXT = 50_000  # mermaid's default maxTextSize: a longer diagram is refused in the browser


def portal(initiatives=(), risks_=(), vendors_=(), **settings) -> Portal:
    return Portal(
        settings=PortalSettings(client="Client", today=TODAY, **settings),
        today=TODAY,
        initiatives={i["id"]: Initiative.model_validate(i) for i in initiatives},
        risks={r["id"]: Risk.model_validate(r) for r in risks_},
        vendors={v["id"]: Vendor.model_validate(v) for v in vendors_},
    )


def risk(rid, likelihood, impact, **extra):
    return {
        "id": rid,
        "title": f"Risk {rid}",
        "category": "security",
        "owner": "COO",
        "likelihood": likelihood,
        "impact": impact,
        **extra,
    }


CHAIN = [
    {"id": "a", "title": "A", "status": "done", "start": "2026-Q1", "end": "2026-Q2"},
    {"id": "b", "title": "B", "status": "in-progress", "start": "2026-Q3", "end": "2026-Q3", "depends_on": ["a"]},
    {"id": "c", "title": "C", "status": "planned", "depends_on": ["b"], "end": "2027-Q2"},
    {"id": "d", "title": "D", "status": "paused", "start": "2026-Q4", "end": "2027-Q1"},
    {"id": "e", "title": "E", "status": "planned", "start": "2027-Q2", "end": "2027-Q3", "depends_on": ["d"]},
    {"id": "f", "title": "F", "status": "proposed", "depends_on": ["e"]},
]


def test_schedule_follows_dependencies_and_flags_late_and_blocked_work():
    schedule = Schedule(portal(CHAIN))
    p = schedule.portal
    assert schedule.span(p.initiatives["c"]).start == dt.date(2026, 10, 1)  # the day after b ends
    assert schedule.span(p.initiatives["c"]).start_from_dependencies
    assert schedule.span(p.initiatives["f"]).start == dt.date(2027, 10, 1)
    assert schedule.span(p.initiatives["f"]).open_ended
    assert schedule.is_late(p.initiatives["b"])  # in progress, ended Sep 30
    assert schedule.holds_up(p.initiatives["d"]) == "paused"
    assert {k: [(d.id, why) for d, why in v] for k, v in schedule.blocked.items()} == {
        "c": [("b", "late")],
        "e": [("d", "paused")],
        "f": [("d", "paused")],
    }
    assert [i.id for i in schedule.critical_path] == ["d", "e", "f"]


def test_dependency_chart_marks_critical_path_blocked_and_holdups():
    (chart,) = dependencies.dependency_charts(portal(CHAIN))
    text = chart.text
    ids = {name: re.search(rf'(n\d+)\["`{name.upper()} ', text).group(1) for name in "abcdef"}
    classes = dict(re.findall(r"  class ([\w,]+) (\w+)", text))
    by_class = {css: set(members.split(",")) for members, css in classes.items()}
    # One meaning per colour (issue 13): late, paused and blocked apart; the critical path an outline.
    assert by_class["late"] == {ids["b"]}
    assert by_class["paused"] == {ids["d"]}
    assert by_class["blocked"] == {ids["c"], ids["e"], ids["f"]}
    assert by_class["critical"] == {ids["d"], ids["e"], ids["f"]}
    assert by_class["done"] == {ids["a"]}
    assert "linkStyle" in text  # critical edges d -> e -> f are drawn thick


def test_timeline_styles_bars_and_uses_after_for_undated_starts():
    (chart,) = timelines.timeline(portal(CHAIN)).charts
    lines = {line.split(" :")[0].strip(): line for line in chart.text.splitlines() if " :" in line}
    lines = {name: lines[label(name)] for name in ("A", "B (late)", "C (blocked)", "D (paused)", "Today")}
    assert ":done, t" in lines["A"]
    assert ":active, crit," in lines["B (late)"]
    assert "after t1" in lines["C (blocked)"]
    # Red (crit) means late and only late: paused and blocked work is named in words, not coloured red.
    assert "crit" not in lines["D (paused)"] and "crit" not in lines["C (blocked)"]
    assert lines["Today"].endswith(f"{TODAY.isoformat()}, 0d")


def test_timeline_sections_follow_the_setting():
    items = [dict(i, goals=[]) for i in CHAIN]
    by_status = timelines.timeline(portal(items, roadmap_sections="status")).charts[0].text
    assert "section In progress" in by_status and "section Paused" in by_status
    by_goal = timelines.timeline(portal(items)).charts[0].text
    assert "section No goal recorded" in by_goal


def test_heat_map_places_open_risks_and_draws_the_appetite_line():
    p = portal(
        risks_=[
            risk("R-1", 4, 5, residual={"likelihood": 2, "impact": 4}),
            risk("R-2", 4, 5),
            risk("R-3", 1, 1, status="closed"),
        ]
    )
    inherent, residual = risks.heat_maps(p)
    cell = inherent.rows[5 - 4][5 - 1]
    assert [r.id for r in cell.risks] == ["R-1", "R-2"] and cell.band == "high"
    assert inherent.total == 2  # the closed risk is not on the map
    assert residual.total == 1 and residual.not_shown == 1
    # appetite 12: 4x4=16 is above, 4x3=12 and 3x4=12 are not, so the line runs left of and below it
    assert inherent.rows[1][3].edges == ("left", "bottom")
    assert inherent.rows[0][2].edges == ("left", "bottom")  # 5x3=15; 5x2=10 on its left, 4x3=12 below
    assert inherent.rows[1][4].edges == ()  # 4x5=20 sits between 4x4=16 and 3x5=15, both above
    assert inherent.rows[0][1].edges == ()  # 5x2=10 is not above the appetite


def test_board_summary_trend():
    p = portal(
        initiatives=[
            {
                "id": "fix",
                "title": "Fix",
                "status": "paused",
                "start": "2026-Q4",
                "end": "2027-Q1",
                "mitigates": ["R-1"],
            }
        ],
        risks_=[risk("R-1", 4, 5), risk("R-2", 5, 5), risk("R-3", 2, 2)],
    )
    lines = {line.risk.id: line for line in risks.board_summary(p)}
    assert list(lines) == ["R-2", "R-1"]
    assert lines["R-1"].trend == "at risk" and [(i.id, why) for i, why in lines["R-1"].held_up] == [("fix", "paused")]
    assert lines["R-2"].trend == "no plan"


def test_budget_spreads_capex_over_quarters_and_starts_opex_after_landing():
    p = portal(
        [
            {
                "id": "x",
                "title": "X",
                "status": "planned",
                "start": "2027-Q1",
                "end": "2027-Q2",
                "cost": {"capex": 10000, "opex": 4000},
            }
        ]
    )
    data = budget.budget(p)
    by_label = {q.quarter.label: q for q in data.quarters}
    assert by_label["Q1 2027"].capex == by_label["Q2 2027"].capex == 5000
    assert by_label["Q2 2027"].opex == 0 and by_label["Q3 2027"].opex == 1000
    assert by_label["Q4 2026"].current and data.coming_year == 11000 and data.last_year == 0


def test_compliance_merges_spellings_of_a_framework():
    p = portal(
        initiatives=[{"id": "audit", "title": "Audit", "tags": ["soc2"]}],
        risks_=[risk("R-1", 2, 2, frameworks=["SOC 2"]), risk("R-2", 5, 5, frameworks=["SOC-2", "HIPAA"])],
    )
    soc2, hipaa = compliance.frameworks(p)
    assert (soc2.name, [r.id for r in soc2.risks], [i.id for i in soc2.initiatives]) == (
        "SOC 2",
        ["R-2", "R-1"],
        ["audit"],
    )
    assert len(soc2.above_appetite) == 1 and hipaa.name == "HIPAA"  # the portal's appetite: 12


def test_neighbourhood_collapses_long_lists():
    many = [{"id": f"v{n}", "name": f"Vendor {n}", "category": "SaaS"} for n in range(15)]
    p = portal([{"id": "x", "title": "X", "vendors": [v["id"] for v in many]}], vendors_=many)
    chart = neighbourhood(p, "initiative", p.initiatives["x"])
    assert chart.text.count("Vendor ") == 10 and label("+5 more") in chart.text
    assert (
        neighbourhood(
            portal([{"id": "y", "title": "Alone"}]),
            "initiative",
            Initiative.model_validate({"id": "y", "title": "Alone"}),
        )
        is None
    )


# -- the demo and a large portal -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    return validate_repository(REPO_ROOT / "mkdocs.yml").portal


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    root = write_large_repo(tmp_path_factory.mktemp("large") / "client")
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok, [p.format() for p in validation.problems.errors]
    return validation.portal


def _all_charts(p: Portal):
    charts = [
        *timelines.timeline(p).charts,
        *dependencies.dependency_charts(p),
        *vendors.renewal_charts(p),
        *vendors.integration_charts(p),
    ]
    return charts


@pytest.mark.slow
def test_demo_has_every_dashboard_page_in_navigation(demo):
    pages = render_pages(demo)
    for dashboard in DASHBOARDS:
        assert dashboard.path in pages
    for path in ("roadmap/timeline.md", "roadmap/dependencies.md", "risks/heatmap.md", "vendors/renewals.md"):
        assert "```mermaid" in pages[path] or "ctp-heat" in pages[path], path


@pytest.mark.slow
def test_large_portal_is_split_into_readable_pictures(large):
    timeline = timelines.timeline(large)
    assert len(timeline.charts) > 1
    for chart in _all_charts(large):
        assert len(chart.text) < MERMAID_MAX_TEXT / 4
        if chart.text.lstrip("-").find("gantt") >= 0 and "\ngantt\n" in chart.text:
            rows = [line for line in chart.text.splitlines() if " :" in line and ":vert," not in line]
            assert len(rows) <= MAX_GANTT_ROWS, chart.title
        else:
            own = [
                line
                for line in chart.text.splitlines()
                if re.match(r"  n\d+[\[(]", line) and "another part" not in line
            ]
            assert len(own) <= MAX_NODES + 1, chart.title
    drawn = {i for chart in timeline.charts for kind, i in chart.links}
    cancelled = {i.id for i in large.initiatives.values() if i.status == "cancelled"}
    accounted = drawn | {i.id for i in timeline.unscheduled + timeline.earlier} | cancelled
    assert accounted == set(large.initiatives)  # nothing silently dropped


def test_large_portal_integration_map_keeps_every_integrated_vendor(large):
    charts = vendors.integration_charts(large)
    drawn = {v for chart in charts for _, v in chart.links}
    integrated = {
        v.id
        for v in vendor_facts.live(large)
        if large.integrated_with(v) and any(o.status != "retired" for o in large.integrated_with(v))
    }
    assert integrated <= drawn
    assert len(charts) > 1


@pytest.mark.slow
def test_every_page_of_the_large_portal_renders(large):
    pages = render_pages(large)
    assert len(pages) > 400
    for path, text in pages.items():
        for block in re.findall(r"```mermaid\n(.*?)```", text, re.S):
            assert "<" not in block and "&" not in block, path
