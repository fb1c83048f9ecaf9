"""The governance record as downloads: the decision log, the 90-day plan's actions and every KPI
measurement as tables (CSV and a workbook sheet each), and what is due as a calendar."""

from __future__ import annotations

from generator.facts import governance as facts
from generator.facts.formatting import day
from generator.model.i18n import gettext as _
from generator.model.portal import Portal
from generator.render.exports.calendars import _calendar, _event
from generator.render.exports.tables import Column, Table, _enum, _list, _table
from generator.render.governance_labels import label_filter


def _decided_by(portal: Portal, decision) -> str:
    """Who decides, as the decision rights name it (board, ceo, leadership), in the portal's language."""
    return str(label_filter(facts.decided_by(portal, decision).value, "decision right"))


def decisions(portal: Portal) -> Table:
    columns: list[Column] = [
        Column(_("ID"), lambda d: d.id, width=8),
        Column(_("Question"), lambda d: d.question, width=48),
        Column(_("Decided by"), lambda d: _decided_by(portal, d), width=12),
        Column(_("Owner"), lambda d: d.owner, width=18),
        Column(_("Status"), lambda d: _enum(d.status), width=11),
        Column(_("Due"), lambda d: d.due, "date", width=12),
        Column(_("Decided"), lambda d: d.decided, "date", width=12),
        Column(_("Outcome"), lambda d: d.outcome, width=40),
        Column(_("Contract"), lambda d: _enum(d.renewal), width=12),
        Column(_("Superseded by"), lambda d: d.superseded_by, width=10),
        Column(_("Cost avoided (estimate)"), lambda d: d.cost_avoided, "money"),
        Column(_("Initiatives"), lambda d: _list(d.initiatives), width=24),
        Column(_("Risks"), lambda d: _list(d.risks), width=14),
        Column(_("Vendors"), lambda d: _list(d.vendors), width=20),
        Column(_("Goals"), lambda d: _list(d.goals), width=20),
    ]
    return _table(
        "decisions",
        _("Decisions"),
        _("The decision log: every decision, who decides, when it is due or was taken, and its outcome."),
        columns,
        portal.decisions.values(),
    )


def actions(portal: Portal) -> Table:
    columns: list[Column] = [
        Column(_("ID"), lambda a: a.id, width=8),
        Column(_("Action"), lambda a: a.title, width=48),
        Column(_("Owner"), lambda a: a.owner, width=20),
        Column(_("Due"), lambda a: a.due, "date", width=12),
        Column(_("State"), lambda a: str(label_filter(facts.action_state(a, portal.today), "action state")), width=9),
        Column(_("Done"), lambda a: a.done, "date", width=12),
        Column(_("Done when"), lambda a: a.done_when, width=30),
        Column(_("Initiatives"), lambda a: _list(a.initiatives), width=24),
        Column(_("Decisions"), lambda a: _list(a.decisions), width=14),
    ]
    return _table(
        "actions",
        _("90-day plan actions"),
        _("The 90-day plan: each action with its owner, due date and state (open, late, done)."),
        columns,
        sorted(portal.actions.values(), key=lambda a: (a.due, a.id)),
    )


def measurements(portal: Portal) -> Table:
    rows = [(goal, kpi, m) for goal in portal.goals.values() for kpi in goal.kpis for m in kpi.measurements]
    columns: list[Column] = [
        Column(_("Goal ID"), lambda r: r[0].id, width=14),
        Column(_("KPI"), lambda r: r[1].name, width=36),
        Column(_("Unit"), lambda r: r[1].unit, width=8),
        Column(_("Measured on"), lambda r: r[2].date, "date", width=12),
        Column(_("Value"), lambda r: r[2].value, "number", width=10),
        Column(_("On the straight-line path"), lambda r: facts.path_value(r[1], r[2].date), "number", width=12),
        Column(_("Note"), lambda r: r[2].note, width=30),
    ]
    return _table(
        "kpi-measurements",
        _("KPI measurements"),
        _("Every dated KPI value, beside where the straight line from baseline to target stood that day."),
        columns,
        rows,
    )


def tables(portal: Portal) -> list[Table]:
    return [decisions(portal), actions(portal), measurements(portal)]


def due_calendar(portal: Portal) -> bytes:
    """Open decisions with a due date and open actions, each on its due date."""
    calendar = _calendar(
        portal, _("decisions and actions due"), _("When each open decision is due, and each action of the 90-day plan.")
    )
    for decision in facts.open_decisions(portal):
        if decision.due is None:
            continue
        who = _decided_by(portal, decision)
        # Whole sentences for translators; ids, questions, names and what "done" means are the client's words.
        about = _("Decided by: %(who)s. Due %(due)s.") % {"who": who, "due": day(decision.due)}
        if decision.owner:
            about += " " + _("Brought by %(owner)s.") % {"owner": decision.owner}
        calendar.add_component(
            _event(
                portal,
                f"decision-{decision.id}-due",
                decision.due,
                _("Decision due: %(decision)s") % {"decision": f"{decision.id} {decision.question}"},
                about,
            )
        )
    for action in sorted(portal.actions.values(), key=lambda a: (a.due, a.id)):
        if not action.open:
            continue
        about = _("Owner: %(owner)s.") % {"owner": action.owner}
        if action.done_when:
            about += " " + _("Done when: %(done_when)s.") % {"done_when": action.done_when}
        calendar.add_component(
            _event(
                portal,
                f"action-{action.id}-due",
                action.due,
                _("Action due: %(action)s") % {"action": action.title},
                about,
            )
        )
    return calendar.to_ical()
