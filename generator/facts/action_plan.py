"""The actions' facts: each action's state, the 90-day plan (a column a month), and the actions naming an item."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.actions import Action, ActionStatus
from generator.model.portal import Portal

PLAN_DAYS = 90


# -- actions and the 90-day plan ---------------------------------------------------------------------


def action_state(action: Action, today: dt.date) -> str:
    """done, dropped, late (open after its due date) or open."""
    if action.status == ActionStatus.DONE:
        return "done"
    if action.status == ActionStatus.DROPPED:
        return "dropped"
    return "late" if action.due < today else "open"


@dataclass(frozen=True)
class PlanColumn:
    title: str
    first: dt.date
    last: dt.date
    actions: list[Action]


@dataclass(frozen=True)
class Plan:
    start: dt.date
    end: dt.date
    columns: list[PlanColumn]
    before: list[Action]
    """Actions due before the plan started, still open (carried over)."""
    after: list[Action]
    """Actions due after the plan ends."""

    @property
    def actions(self) -> list[Action]:
        return [a for c in self.columns for a in c.actions]


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def plan(portal: Portal) -> Plan | None:
    """The 90-day plan: from ``plan_start`` (else ``engagement_start``, else the first action's due date),
    columns of a month each (the first from the start day to the end of its month when the plan starts mid-month, the
    last to the 90th day); actions by due date, in due order. None without actions."""
    actions = sorted(portal.actions.values(), key=lambda a: (a.due, a.id))
    if not actions:
        return None
    start = portal.settings.plan_start or portal.settings.engagement_start or actions[0].due
    end = start + dt.timedelta(days=PLAN_DAYS - 1)
    columns = []
    first = start
    while first <= end:
        last = min(end, _add_months(first, 1) - dt.timedelta(days=1))
        columns.append(PlanColumn(first.strftime("%B %Y"), first, last, [a for a in actions if first <= a.due <= last]))
        first = last + dt.timedelta(days=1)
    before = [a for a in actions if a.due < start and a.open]
    return Plan(start, end, columns, before, [a for a in actions if a.due > end])


def actions_for(portal: Portal, field: str, item_id: str) -> list[Action]:
    """The actions naming an item in ``field`` (decisions, initiatives, vendors, risks), by due date."""
    return sorted((a for a in portal.actions.values() if item_id in getattr(a, field)), key=lambda a: (a.due, a.id))
