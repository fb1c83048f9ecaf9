"""The governance record as data: decisions, the 90-day plan's actions, KPI measurements and what was
stopped. Small client repositories read for real (no build), then the facts, pages, downloads and diff
a reader would see."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from conftest import MINIMAL_MKDOCS, write_repo
from generator.checks.validate import validate_repository
from generator.diagrams.governance import trend_chart
from generator.facts import board_pack as board_pack_facts
from generator.facts import figures
from generator.facts import governance as gov
from generator.model.decisions import DecisionStatus
from generator.model.settings import Audience
from generator.render.exports import downloads
from generator.render.pages import navigation, render_pages
from generator.vcs.diff_report import change_text
from generator.vcs.portal_diff import diff_portals

RIGHTS = MINIMAL_MKDOCS.replace(
    "      today: 2026-11-20\n",
    """\
      today: 2026-11-20
      plan_start: 2026-11-01
      decision_rights:
        contract: ceo
        budget: board
""",
)

VENDORS = """\
- id: keystone
  name: Keystone Managed IT
  category: managed IT
  cost: {amount: 80000}
  contract: {end: 2027-03-31, notice_days: 90, auto_renew: true}
- id: zoom
  name: Zoom
  category: video
  status: sunsetting
  cost: {amount: 1500}
  contract: {end: 2027-01-15, notice_days: 7, auto_renew: true}
- id: old-fax
  name: Old fax service
  category: fax
  status: retired
  cost: {amount: 600}
  contract: {end: 2026-10-31}
"""

DECISIONS = """\
- id: D-001
  question: Renew Keystone?
  decided_by: board
  status: open
  due: 2027-01-20
  vendors: [keystone]
  recommendation: Renew for one year.
- id: D-002
  question: Approve the 2027 budget?
  area: budget
  status: open
  due: 2026-12-10
- id: D-003
  question: Which tablet for the front desk?
  decided_by: leadership
  status: open
  due: 2026-11-30
- id: D-004
  question: Cancel Zoom?
  area: contract
  status: decided
  decided: 2026-10-28
  outcome: Give notice
  renewal: give-notice
  vendors: [zoom]
- id: D-005
  question: Hire a second IT person?
  status: open
- id: D-006
  question: Move to the cloud next year?
  decided_by: board
  status: deferred
  due: 2027-03-01
- id: D-007
  question: Stop the weekly IT call?
  decided_by: leadership
  status: decided
  decided: 2026-11-12
  outcome: Stopped
  stops:
    - what: Weekly IT call
      saves: 1200
      time_freed: 2 hours a week
"""

ACTIONS = """\
- id: A-01
  title: Ask Keystone for a revised proposal
  owner: Linda Osei (CFO)
  due: 2026-11-10
  status: done
  done: 2026-11-13
  decisions: [D-001]
- id: A-02
  title: Board paper on the renewal
  owner: Dana Whitfield
  due: 2026-12-08
  decisions: [D-001]
- id: A-03
  title: Restore test
  owner: Jordan Lee
  due: 2027-01-20
"""

GOALS = """\
- id: resilience
  title: Keep clinics open
  kpis:
    - name: Restore time
      unit: hours
      baseline: 72
      target: 4
      baseline_date: 2026-06-15
      due: 2027-06-30
      measurements:
        - {date: 2026-08-20, value: 48}
        - {date: 2026-09-24, value: 30}
        - {date: 2026-11-12, value: 9}
"""


def _repo(tmp_path: Path, **extra: str) -> Path:
    files = {
        "vendors/vendors.yaml": VENDORS,
        "decisions/register.yaml": DECISIONS,
        "actions/plan.yaml": ACTIONS,
        "strategy/goals.yaml": GOALS,
    }
    files.update(extra)
    return write_repo(tmp_path / "client", {k: v for k, v in files.items() if v is not None}, RIGHTS)


def _validate(root: Path):
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.portal is not None
    return validation


@pytest.fixture
def portal(tmp_path):
    validation = _validate(_repo(tmp_path))
    assert not validation.problems.errors, [p.format() for p in validation.problems.errors]
    return validation.portal


def _messages(validation) -> list[str]:
    return [p.format() for p in validation.problems.sorted()]


# -- the board's agenda ------------------------------------------------------------------------------


def test_decisions_for_the_board_are_exactly_its_open_decisions_due_soonest_first(portal):
    # D-002 goes to the board through the decision-rights map (budget: board), D-005 because nothing says
    # otherwise; D-003 is the leadership's, D-004 decided, D-006 deferred: none of those is the board's to take.
    assert [d.id for d in gov.board_decisions(portal)] == ["D-002", "D-001", "D-005"]
    pack = board_pack_facts.board_pack(portal)
    assert [d.id for d in pack.owed.items] == ["D-002", "D-001", "D-005"] and pack.records_decisions


def test_the_board_pack_lists_the_boards_decisions_and_no_other(portal):
    page = render_pages(portal)["board-pack.md"]
    section = page[page.index("## Decisions for the board") : page.index("## 1. Strategy")]
    assert [line.split("](")[0].split("[", 1)[1] for line in section.splitlines() if line.startswith("| [")] == [
        "D\\-002 Approve the 2027 budget?",
        "D\\-001 Renew Keystone?",
        "D\\-005 Hire a second IT person?",
    ]
    assert section.index("D\\-002") < section.index("D\\-001")
    assert "tablet" not in section and "Cancel Zoom" not in section and "cloud" not in section


def test_without_a_decision_log_the_pack_keeps_the_decisions_the_data_implies(tmp_path):
    validation = _validate(_repo(tmp_path, **{"decisions/register.yaml": None, "actions/plan.yaml": None}))
    page = render_pages(validation.portal)["board-pack.md"]
    section = page[page.index("## Decisions for the board") : page.index("## 1. Strategy")]
    assert "Listed here is only what needs the board before the next pack" in section  # the rule, printed


# -- validation: located errors with hints ----------------------------------------------------------


@pytest.mark.parametrize(
    "decisions, expected",
    [
        (
            "- id: D-001\n  question: Q?\n  status: superseded\n  decided: 2026-10-01\n  outcome: x\n  superseded_by: D-001\n",
            "decisions/register.yaml:6:18: error: decision 'D-001' refers to itself in superseded_by",
        ),
        (
            "- id: D-001\n  question: Q?\n  vendors: [keystne]\n",
            "decisions/register.yaml:3:13: error: vendors refers to unknown vendor 'keystne'\n  hint: did you mean 'keystone'?",
        ),
        (
            "- id: D-001\n  question: Q?\n  status: decided\n",
            "decisions/register.yaml:3:11: error: decision D-001 is decided but has no decided date",
        ),
        (
            "- id: D-001\n  question: Q?\n  status: decided\n  decided: 2026-11-01\n",
            "decisions/register.yaml:3:11: error: decision D-001 is decided but has no outcome",
        ),
        (
            "- id: D-001\n  question: Q?\n- id: D-001\n  question: Again?\n",
            "decisions/register.yaml:3:7: error: duplicate decision id 'D-001', first defined at decisions/register.yaml:1:7",
        ),
        (
            "- id: D-001\n  question: Q?\n  status: decided\n  decided: 2026-12-01\n  outcome: Yes\n",
            "decisions/register.yaml:4:12: error: decision D-001 was decided on 2026-12-01, after the portal's as-of date",
        ),
    ],
)
def test_decision_mistakes_are_located_errors(tmp_path, decisions, expected):
    validation = _validate(_repo(tmp_path, **{"decisions/register.yaml": decisions, "actions/plan.yaml": None}))
    assert any(m.startswith(expected) and "\n  hint: " in m for m in _messages(validation)), _messages(validation)


def test_a_measurement_after_the_as_of_date_is_an_error(tmp_path):
    goals = GOALS.replace("{date: 2026-11-12, value: 9}", "{date: 2026-12-12, value: 9}")
    validation = _validate(_repo(tmp_path, **{"strategy/goals.yaml": goals}))
    assert any(
        m.startswith(
            "strategy/goals.yaml:13:18: error: KPI 'Restore time' has a measurement dated "
            "2026-12-12, after the portal's as-of date 2026-11-20"
        )
        for m in _messages(validation)
    )


def test_measurements_and_a_different_current_value_are_refused(tmp_path):
    goals = GOALS.replace("      measurements:\n", "      current: 12\n      measurements:\n")
    validation = _validate(_repo(tmp_path, **{"strategy/goals.yaml": goals}))
    assert any("give either measurements or current" in m for m in _messages(validation))


def test_an_overdue_action_is_a_warning(tmp_path):
    actions = ACTIONS.replace("due: 2026-12-08", "due: 2026-11-15")
    validation = _validate(_repo(tmp_path, **{"actions/plan.yaml": actions}))
    warnings = [p.format() for p in validation.problems.warnings]
    assert any(
        w.startswith(
            "actions/plan.yaml:11:8: warning: action A-02 (Dana Whitfield) was due on 2026-11-15 "
            "and is todo: 5 day(s) late"
        )
        for w in warnings
    ), warnings
    assert not validation.problems.errors


# -- KPIs over time -----------------------------------------------------------------------------------


def test_the_latest_measurement_is_the_current_value_and_status_keeps_one_rule(portal):
    kpi = portal.goals["resilience"].kpis[0]
    assert (kpi.current, kpi.measured.isoformat()) == (9, "2026-11-12")
    trend = gov.trend(kpi, portal.today)
    assert [p.value for p in trend.points] == [72, 48, 30, 9]  # the baseline first, then each measurement
    assert trend.points[0].path == 72 and trend.points[-1].path == pytest.approx(72 - 68 * 150 / 380)
    assert trend.status == figures.kpi_status(kpi, portal.today)  # the one definition of a KPI's status


def test_the_trend_chart_draws_values_and_path_and_no_source_text(portal):
    kpi = portal.goals["resilience"].kpis[0].model_copy(update={"unit": 'hours"] \n  line [1'})
    chart = trend_chart(gov.trend(kpi, portal.today))
    lines = chart.text.splitlines()
    assert (
        lines[-3] == '  y-axis "value"'
        and lines[-2] == "  line [72, 48, 30, 9]"
        and lines[-1].startswith("  line [72, ")
    )
    assert sum(line.startswith("  line") for line in lines) == 2


# -- due soon, stopped, value -------------------------------------------------------------------------


def test_due_soon_collects_every_kind_in_date_order(portal):
    found = [(d.day.isoformat(), d.what, d.item_id) for d in gov.due_soon(portal)]
    assert found == [
        ("2026-11-30", "decision due", "D-003"),
        ("2026-12-08", "action due", "A-02"),
        ("2026-12-10", "decision due", "D-002"),
        ("2026-12-31", "notice deadline", "keystone"),
        ("2027-01-08", "notice deadline", "zoom"),
        ("2027-01-15", "contract ends", "zoom"),
        ("2027-01-20", "action due", "A-03"),
        ("2027-01-20", "decision due", "D-001"),
    ]
    assert [d.within(portal.today) for d in gov.due_soon(portal)][:4] == [30, 30, 30, 60]


def test_stopped_this_quarter_sums_tools_and_practices(portal):
    quarter = gov.stopped_this_quarter(portal)
    assert quarter.quarter.label == "Q4 2026"
    # Zoom (notice given 28 Oct, $1,500), the fax service (retired, its contract ended 31 Oct, $600), the call.
    assert sorted((s.kind, s.what) for s in quarter.items) == [
        ("practice", "Weekly IT call"),
        ("vendor", "Old fax service"),
        ("vendor", "Zoom"),
    ]
    assert quarter.saves == 1500 + 600 + 1200
    page = render_pages(portal)["board-pack.md"]
    assert "2 tools, 0 initiatives, 1 practice: $3,300 a year freed." in page


def test_a_renewal_decision_feeds_the_renewals_view(portal):
    assert gov.renewal_decision(portal, "zoom").id == "D-004"
    assert gov.renewal_decision(portal, "keystone").id == "D-001"  # open: the decision still to take
    renewals = render_pages(portal)["vendors/renewals.md"]
    zoom = next(line for line in renewals.splitlines() if line.startswith("| [Zoom]"))
    assert "**give notice** ([D\\-004](../decisions/D-004.md)" in zoom


def test_value_delivered_counts_from_the_data(portal):
    value = gov.value_delivered(portal)
    assert [(k.before, k.after) for k in value.kpis] == [(72, 9)]
    assert value.saved_a_year == 2100 and [d.id for d in value.decisions] == ["D-007", "D-004"]


def test_the_plan_has_a_column_a_month_and_shows_lateness(portal):
    plan = gov.plan(portal)
    assert (plan.start.isoformat(), plan.end.isoformat()) == ("2026-11-01", "2027-01-29")
    assert [(c.title, [a.id for a in c.actions]) for c in plan.columns] == [
        ("November 2026", ["A-01"]),
        ("December 2026", ["A-02"]),
        ("January 2027", ["A-03"]),
    ]
    page = render_pages(portal)["decisions/plan.md"]
    assert "done 3 days late" in page and '<span id="action-a-02"></span>' in page


# -- audience ------------------------------------------------------------------------------------------

INTERNAL_DECISION = (
    DECISIONS
    + """\
- id: D-099
  question: Pay rise for the IT coordinator SECRET-PAY
  decided_by: board
  status: open
  due: 2026-12-01
  visibility: internal
"""
)


def test_an_internal_decision_never_reaches_a_client_build(tmp_path):
    actions = (
        ACTIONS + "- id: A-09\n  title: Prepare the pay case\n  owner: CEO\n  due: 2026-12-01\n  decisions: [D-099]\n"
    )
    validation = _validate(
        _repo(tmp_path, **{"decisions/register.yaml": INTERNAL_DECISION, "actions/plan.yaml": actions})
    )
    portal = validation.portal
    assert [d.id for d in gov.board_decisions(portal)][0] == "D-099"  # the consultant's own view has it
    client = portal.for_audience(Audience.CLIENT)
    assert "D-099" not in client.decisions and client.actions["A-09"].decisions == []
    pages = render_pages(client)
    assert "decisions/D-099.md" not in pages
    for path, text in pages.items():
        assert "SECRET-PAY" not in text and "D-099" not in text and "D\\-099" not in text, path
    assert "D-099" not in json.dumps(navigation(client).to_mkdocs())
    for download in downloads(client):
        assert b"SECRET-PAY" not in download.content and b"D-099" not in download.content, download.path


# -- diff and escaping ---------------------------------------------------------------------------------


def test_diff_says_what_was_decided(portal):
    decided = portal.decisions["D-001"].model_copy(
        update={"status": DecisionStatus.DECIDED, "decided": portal.today, "outcome": "Renew for 2 years"}
    )
    head = dataclasses.replace(portal, decisions={**portal.decisions, "D-001": decided})
    texts = [change_text(c) for c in diff_portals(portal, head).ordered()]
    assert texts == ["Decision D-001 (Renew Keystone?) decided: Renew for 2 years"]
    assert diff_portals(portal, head).ordered()[0].section == "Decisions"


def test_source_text_is_escaped_on_every_governance_page(tmp_path):
    hostile = DECISIONS.replace("Renew Keystone?", "Renew <script>alert(1)</script> [x](javascript:alert(1)) | cell")
    validation = _validate(_repo(tmp_path, **{"decisions/register.yaml": hostile}))
    pages = render_pages(validation.portal)
    for path in ("decisions/index.md", "decisions/D-001.md", "decisions/due-soon.md", "board-pack.md", "index.md"):
        body = pages[path].split("\n---\n", 1)[1]  # after the front matter (a JSON string title, HTML-escaped)
        assert "<script>" not in body and "](javascript:" not in body, path
        assert "&lt;script&gt;" in body, path
    ics = next(d for d in downloads(validation.portal) if d.path.endswith("decisions-and-actions.ics")).content
    assert b"BEGIN:VEVENT" in ics and ics.count(b"BEGIN:VEVENT") == ics.count(b"END:VEVENT") == 5


def test_the_overview_and_the_pack_show_what_moved_since_the_previous_version(portal):
    from markupsafe import Markup

    from generator.render.pages import GitFacts
    from generator.vcs.what_changed import what_changed_since

    kpi = portal.goals["resilience"].kpis[0].model_copy(update={"current": 6.0})
    goal = portal.goals["resilience"].model_copy(update={"kpis": [kpi]})
    decided = portal.decisions["D-001"].model_copy(
        update={"status": DecisionStatus.DECIDED, "decided": portal.today, "outcome": "Renew for 2 years <b>now</b>"}
    )
    head = dataclasses.replace(
        portal, goals={"resilience": goal}, decisions={**portal.decisions, "D-001": decided}, actions={}
    )
    label = Markup("version Board, September 2026")
    pages = render_pages(head, git=GitFacts(what_changed_since(label, diff_portals(portal, head))))
    overview = pages["index.md"]
    since = overview[overview.index("## Since version Board, September 2026") : overview.index("## Goals and KPIs")]
    assert "Decision **D\\-001 \\(Renew Keystone?\\)** decided: Renew for 2 years &lt;b&gt;now&lt;/b&gt;" in since
    assert "Restore time 9 hours → 6 hours (target 4 hours)" in since
    assert "more changes on the [What changed](changes.md) page" in since  # the three actions removed
    pack = pages["board-pack.md"]
    assert pack.index("## Since version") < pack.index("## 1. Strategy")
    unchanged = render_pages(portal, git=GitFacts(what_changed_since(label, diff_portals(portal, portal))))
    assert "## Since" not in unchanged["index.md"] and "## Since" not in unchanged["board-pack.md"]


def test_new_adds_a_decision_and_an_action_that_validate(tmp_path):
    from generator.authoring.new_item import add_item

    root = _repo(tmp_path)
    decision = add_item(root, "decision", "Renew the internet contract?", None)
    action = add_item(root, "action", "Ask for a quote", None)
    assert (decision.item_id, decision.path) == ("D-008", "decisions/register.yaml")
    assert (action.item_id, action.path) == ("A-04", "actions/plan.yaml")
    validation = _validate(root)
    assert not validation.problems.errors, _messages(validation)
    assert validation.portal.decisions["D-008"].question == "Renew the internet contract?"


def test_a_decision_written_as_a_formula_stays_text_in_the_csv(tmp_path):
    import csv
    import io

    hostile = DECISIONS.replace("question: Renew Keystone?", "question: \"=HYPERLINK('http://x.test','Renew')\"")
    validation = _validate(_repo(tmp_path, **{"decisions/register.yaml": hostile}))
    content = next(d for d in downloads(validation.portal) if d.path.endswith("decisions.csv")).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cell = next(row[1] for row in rows if row[0] == "D-001")
    assert cell.startswith("'=") and "HYPERLINK" in cell  # shown as written, never run by a spreadsheet
