"""The governance pages (the decisions register, the 90-day plan, due soon, what we stopped, value
delivered): where each lives and the facts it gets. ``dashboards.py`` lists them with the others."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_skeleton

from generator.diagrams.governance import trend_chart
from generator.facts import governance as facts
from generator.model import i18n
from generator.model.i18n import gettext as _
from generator.model.portal import Portal


def _plan(portal: Portal) -> dict[str, Any]:
    return {"plan": facts.plan(portal), "state": lambda a: facts.action_state(a, portal.today), "month": _month}


def _month(first: dt.date) -> str:
    """A plan column's month as the locale writes it: November 2026, novembre 2026, noviembre de 2026."""
    return format_skeleton("yMMMM", first, locale=i18n.current().locale)


def _due_soon(portal: Portal) -> dict[str, Any]:
    found = facts.due_soon(portal)
    groups = [(0, _("Overdue"))] + [
        (
            d,
            _("In the next %(days)d days") % {"days": d}
            if d == facts.DUE_SOON_DAYS[0]
            else _("In %(first)d to %(last)d days") % {"first": prev + 1, "last": d},
        )
        for prev, d in zip((0, *facts.DUE_SOON_DAYS), facts.DUE_SOON_DAYS)
    ]
    return {"groups": [(title, [d for d in found if d.within(portal.today) == key]) for key, title in groups]}


def _stopped(portal: Portal) -> dict[str, Any]:
    return {"stopped": facts.stopped(portal), "quarter": facts.stopped_this_quarter(portal)}


def _value(portal: Portal) -> dict[str, Any]:
    return {"value": facts.value_delivered(portal)}


GOVERNANCE_PAGES = (
    # (path, as in model/site_map.py; template; facts)
    ("decisions/plan.md", "decisions/plan.md.j2", _plan),
    ("decisions/due-soon.md", "decisions/due-soon.md.j2", _due_soon),
    ("decisions/stopped.md", "decisions/stopped.md.j2", _stopped),
    ("decisions/value.md", "decisions/value.md.j2", _value),
)


def kpi_trend(portal: Portal, kpi) -> Any:
    """The trend chart of one KPI, for the goals page; None without two dated values."""
    return trend_chart(facts.trend(kpi, portal.today))


def governance_globals() -> dict[str, Any]:
    """The governance facts a summary on any page may show (the board pack's, the Overview's)."""
    from generator.checks.governance import overdue_actions

    return {
        "gov": facts,
        "gov_plan": facts.plan,
        "gov_stopped": facts.stopped_this_quarter,
        "gov_due": lambda portal, days: [d for d in facts.due_soon(portal, days) if d.day >= portal.today],
        "gov_late": overdue_actions,
        "gov_owed": facts.board_decisions,
        "gov_renewal": facts.renewal_decision,
    }
