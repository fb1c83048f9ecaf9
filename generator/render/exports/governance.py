"""The governance record as downloads: the decision log, the 90-day plan's actions and every KPI
measurement as tables (CSV and a workbook sheet each), and what is due as a calendar."""

from __future__ import annotations

from generator.facts import governance as facts
from generator.facts.formatting import day
from generator.model.portal import Portal
from generator.render.exports.calendars import _calendar, _event
from generator.render.exports.tables import Column, Table, _enum, _list, _table


def decisions(portal: Portal) -> Table:
    columns: list[Column] = [
        Column("ID", lambda d: d.id, width=8),
        Column("Question", lambda d: d.question, width=48),
        Column("Decided by", lambda d: facts.decided_by(portal, d).value, width=12),
        Column("Owner", lambda d: d.owner, width=18),
        Column("Status", lambda d: _enum(d.status), width=11),
        Column("Due", lambda d: d.due, "date", width=12),
        Column("Decided", lambda d: d.decided, "date", width=12),
        Column("Outcome", lambda d: d.outcome, width=40),
        Column("Contract", lambda d: _enum(d.renewal), width=12),
        Column("Superseded by", lambda d: d.superseded_by, width=10),
        Column("Cost avoided (estimate)", lambda d: d.cost_avoided, "money"),
        Column("Initiatives", lambda d: _list(d.initiatives), width=24),
        Column("Risks", lambda d: _list(d.risks), width=14),
        Column("Vendors", lambda d: _list(d.vendors), width=20),
        Column("Goals", lambda d: _list(d.goals), width=20),
    ]
    return _table("decisions", "Decisions", "The decision log: every decision, who decides, when it is due or "
                  "was taken, and its outcome.", columns, portal.decisions.values())


def actions(portal: Portal) -> Table:
    columns: list[Column] = [
        Column("ID", lambda a: a.id, width=8),
        Column("Action", lambda a: a.title, width=48),
        Column("Owner", lambda a: a.owner, width=20),
        Column("Due", lambda a: a.due, "date", width=12),
        Column("State", lambda a: facts.action_state(a, portal.today), width=9),
        Column("Done", lambda a: a.done, "date", width=12),
        Column("Done when", lambda a: a.done_when, width=30),
        Column("Initiatives", lambda a: _list(a.initiatives), width=24),
        Column("Decisions", lambda a: _list(a.decisions), width=14),
    ]
    return _table("actions", "90-day plan actions", "The 90-day plan: each action with its owner, due date and "
                  "state (open, late, done).", columns, sorted(portal.actions.values(), key=lambda a: (a.due, a.id)))


def measurements(portal: Portal) -> Table:
    rows = [(goal, kpi, m) for goal in portal.goals.values() for kpi in goal.kpis for m in kpi.measurements]
    columns: list[Column] = [
        Column("Goal ID", lambda r: r[0].id, width=14),
        Column("KPI", lambda r: r[1].name, width=36),
        Column("Unit", lambda r: r[1].unit, width=8),
        Column("Measured on", lambda r: r[2].date, "date", width=12),
        Column("Value", lambda r: r[2].value, "number", width=10),
        Column("On the straight-line path", lambda r: facts.path_value(r[1], r[2].date), "number", width=12),
        Column("Note", lambda r: r[2].note, width=30),
    ]
    return _table("kpi-measurements", "KPI measurements", "Every dated KPI value, beside where the straight line "
                  "from baseline to target stood that day.", columns, rows)


def tables(portal: Portal) -> list[Table]:
    return [decisions(portal), actions(portal), measurements(portal)]


def due_calendar(portal: Portal) -> bytes:
    """Open decisions with a due date and open actions, each on its due date."""
    calendar = _calendar(portal, "decisions and actions due",
                         "When each open decision is due, and each action of the 90-day plan.")
    for decision in facts.open_decisions(portal):
        if decision.due is None:
            continue
        who = facts.decided_by(portal, decision).value
        calendar.add_component(_event(portal, f"decision-{decision.id}-due", decision.due,
                                      f"Decision due: {decision.id} {decision.question}",
                                      f"Decided by: {who}. Due {day(decision.due)}."
                                      + (f" Brought by {decision.owner}." if decision.owner else "")))
    for action in sorted(portal.actions.values(), key=lambda a: (a.due, a.id)):
        if not action.open:
            continue
        calendar.add_component(_event(portal, f"action-{action.id}-due", action.due, f"Action due: {action.title}",
                                      f"Owner: {action.owner}." + (f" Done when: {action.done_when}."
                                                                   if action.done_when else "")))
    return calendar.to_ical()
