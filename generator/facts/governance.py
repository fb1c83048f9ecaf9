"""The governance record's facts: what the board owes, what is due soon, what was stopped, what the
engagement delivered, and how each KPI moves against its straight-line path. Decisions (``decisions.py``),
actions and the 90-day plan (``action_plan.py``) and KPI trends (``kpi_trends.py``) have modules of their
own; this one holds what reads across them and gathers them all for the pages, templates (as ``governance``),
the board pack, the downloads and the calendar.

Each rule is written once, in the docstring of the function that applies it; the pages, the board
pack, the downloads and the calendar take them from these functions. KPI status is never judged here:
it is ``figures.kpi_status`` (one definition)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.facts.action_plan import PLAN_DAYS, Plan, PlanColumn, action_state, actions_for, plan
from generator.facts.decisions import (
    board_decisions,
    decided_by,
    decisions_taken,
    open_decisions,
    renewal_decision,
    replaced,
)
from generator.facts.figures import annual_in_portal_currency, kpi_status, KpiStatus, risks_above_appetite
from generator.facts.kpi_trends import Point, Trend, path_value, trend
from generator.model import KPI, InitiativeStatus, VendorStatus
from generator.model.decisions import Decision, DecisionStatus, Renewal
from generator.model.fiscal import Quarter
from generator.model.portal import Portal

__all__ = [  # the namespace pages and templates read as ``governance``
    "board_decisions",
    "decided_by",
    "decisions_taken",
    "open_decisions",
    "renewal_decision",
    "replaced",
    "PLAN_DAYS",
    "Plan",
    "PlanColumn",
    "action_state",
    "actions_for",
    "plan",
    "Point",
    "Trend",
    "path_value",
    "trend",
    "DUE_SOON_DAYS",
    "ENDING",
    "Due",
    "due_soon",
    "Stopped",
    "stopped",
    "StoppedSum",
    "stopped_this_quarter",
    "KpiMoved",
    "Value",
    "value_delivered",
]

DUE_SOON_DAYS = (30, 60, 90)
"""The horizons of the due-soon list."""
ENDING = (Renewal.GIVE_NOTICE, Renewal.LET_EXPIRE)
"""Renewal decisions that end a contract."""


# -- due soon ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """Something due on a day: a notice deadline, a decision, an action, a risk review, a KPI."""

    day: dt.date
    kind: str
    """The kind of the item it belongs to (vendor, decision, action, risk, goal)."""
    item_id: str
    what: str
    """What is due, in our words: 'notice deadline', 'decision due', 'action due', 'risk review', 'KPI due'."""
    title: str
    """Source text: the item's title, name or question."""

    def within(self, today: dt.date) -> int | None:
        """The horizon (30, 60 or 90 days) it falls in; 0 when already past; None beyond 90 days."""
        if self.day < today:
            return 0
        return next((d for d in DUE_SOON_DAYS if self.day <= today + dt.timedelta(days=d)), None)


def due_soon(portal: Portal, days: int = DUE_SOON_DAYS[-1]) -> list[Due]:
    """Everything due from today to ``days`` ahead, and what is open and already overdue, earliest first:
    notice deadlines of contracts in force (vendors not retired, contracts not settled by a decision to
    give notice already taken), open decisions by their due date, open actions, reviews of open risks,
    and KPI due dates of KPIs not met."""
    today = portal.today
    horizon = today + dt.timedelta(days=days)
    found: list[Due] = []
    for vendor in portal.vendors.values():
        contract = vendor.contract
        if vendor.status == VendorStatus.RETIRED or contract is None or contract.end is None:
            continue
        deadline = portal.notice_deadline(vendor)
        if deadline is not None and today <= deadline <= horizon:
            found.append(Due(deadline, "vendor", vendor.id, "notice deadline", vendor.name))
        if today <= contract.end <= horizon:
            found.append(Due(contract.end, "vendor", vendor.id, "contract ends", vendor.name))
    for decision in open_decisions(portal):
        if decision.due is not None and decision.due <= horizon:
            found.append(Due(decision.due, "decision", decision.id, "decision due", decision.question))
    for action in portal.actions.values():
        if action.open and action.due <= horizon:
            found.append(Due(action.due, "action", action.id, "action due", action.title))
    for risk in portal.risks.values():
        if not risk.is_closed and risk.review is not None and risk.review <= horizon:
            found.append(Due(risk.review, "risk", risk.id, "risk review", f"{risk.id} {risk.title}"))
    for goal in portal.goals.values():
        for kpi in goal.kpis:
            if kpi.due is not None and today <= kpi.due <= horizon and not kpi.met:
                found.append(Due(kpi.due, "goal", goal.id, "KPI due", kpi.name))
    return sorted(found, key=lambda d: (d.day, d.kind, d.item_id, d.what))


# -- what we stopped ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stopped:
    kind: str
    """vendor, initiative or practice (a decision's ``stops``)."""
    item_id: str
    """The vendor's or initiative's id; for a practice, the id of the decision that stopped it."""
    what: str
    day: dt.date | None
    """When it stopped: the decision's date; a retired vendor's contract end; None when not recorded."""
    reason: str | None
    saves: float
    """Money freed each year, in the portal's currency (0 when none is recorded)."""
    time_freed: str | None = None
    decision: str | None = None
    """The id of the decision that stopped it, when one is recorded."""


def _deciding(portal: Portal, field: str, item_id: str) -> Decision | None:
    taken = [d for d in decisions_taken(portal) if item_id in getattr(d, field)]
    return taken[0] if taken else None


def stopped(portal: Portal) -> list[Stopped]:
    """What the client stopped: retired vendors, and vendors a decision gave notice to or let expire
    (their annual cost freed); cancelled initiatives (their planned running cost freed); and what
    decisions record under ``stops`` (practices, with the money and time they free). Dated by the
    decision when there is one; latest first, undated last."""
    found = []
    for vendor in portal.vendors.values():
        ending = renewal_decision(portal, vendor.id)
        ending = (
            ending
            if ending is not None and ending.status == DecisionStatus.DECIDED and ending.renewal in ENDING
            else None
        )
        if vendor.status != VendorStatus.RETIRED and ending is None:
            continue
        day = ending.decided if ending else (vendor.contract.end if vendor.contract else None)
        found.append(
            Stopped(
                "vendor",
                vendor.id,
                vendor.name,
                day,
                ending.outcome if ending else None,
                annual_in_portal_currency(portal, vendor) or 0.0,
                None,
                ending.id if ending else None,
            )
        )
    for initiative in portal.initiatives.values():
        if initiative.status != InitiativeStatus.CANCELLED:
            continue
        decision = _deciding(portal, "initiatives", initiative.id)
        opex = portal.converted(initiative.cost.opex, initiative.cost) or 0.0 if initiative.cost else 0.0
        found.append(
            Stopped(
                "initiative",
                initiative.id,
                initiative.title,
                decision.decided if decision else None,
                decision.outcome if decision else None,
                opex,
                None,
                decision.id if decision else None,
            )
        )
    for decision in decisions_taken(portal):
        for stop in decision.stops:
            found.append(
                Stopped(
                    "practice",
                    decision.id,
                    stop.what,
                    decision.decided,
                    decision.outcome,
                    stop.saves or 0.0,
                    stop.time_freed,
                    decision.id,
                )
            )
    return sorted(found, key=lambda s: (s.day is None, -(s.day or dt.date.min).toordinal(), s.kind, s.what))


@dataclass(frozen=True)
class StoppedSum:
    quarter: Quarter
    items: list[Stopped]

    @property
    def saves(self) -> float:
        return sum(s.saves for s in self.items)

    def count(self, kind: str) -> int:
        return sum(1 for s in self.items if s.kind == kind)


def stopped_this_quarter(portal: Portal) -> StoppedSum:
    """What stopped in the current quarter (as the client counts quarters), by its date: undated items
    are never counted in a quarter."""
    quarter = Quarter.of(portal.today, portal.settings.fiscal_year_start)
    return StoppedSum(
        quarter,
        [
            s
            for s in stopped(portal)
            if s.day is not None and Quarter.of(s.day, portal.settings.fiscal_year_start) == quarter
        ],
    )


# -- value delivered ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiMoved:
    goal_id: str
    kpi: KPI
    before: float
    since: dt.date | None
    after: float
    on: dt.date | None
    status: KpiStatus


@dataclass(frozen=True)
class Value:
    kpis: list[KpiMoved]
    """KPIs that moved towards their target since the baseline."""
    risks_under_appetite: list[tuple]
    """(risk, the done mitigations, the day the last one ended) for risks within the appetite now whose
    mitigations landed."""
    vendor_savings: list[Stopped]
    """Contracts ended by a decision or retired: the yearly cost no longer paid."""
    decisions: list[Decision]
    """Decisions taken, latest first."""
    avoided: list[Decision]
    """Decisions with an estimated cost avoided (an estimate, labelled as one)."""

    @property
    def saved_a_year(self) -> float:
        return sum(s.saves for s in self.vendor_savings)

    @property
    def avoided_total(self) -> float:
        return sum(d.cost_avoided or 0.0 for d in self.avoided)


def value_delivered(portal: Portal) -> Value:
    """What the engagement delivered, from the data: KPIs moved towards target (baseline to latest value,
    each with its dates), risks within appetite whose mitigations are done, money no longer paid for
    contracts ended (retired vendors and decisions to give notice or let expire), decisions taken, and
    costs avoided (typed estimates on decisions, never added to the savings)."""
    moved = []
    for goal in portal.goals.values():
        for kpi in goal.kpis:
            if kpi.baseline is None or kpi.current is None or kpi.current == kpi.baseline:
                continue
            better = kpi.current < kpi.baseline if kpi.lower_is_better else kpi.current > kpi.baseline
            if better:
                moved.append(
                    KpiMoved(
                        goal.id,
                        kpi,
                        kpi.baseline,
                        kpi.baseline_date,
                        kpi.current,
                        kpi.measured,
                        kpi_status(kpi, portal.today),
                    )
                )
    above = {r.id for r in risks_above_appetite(portal)}
    under = []
    for risk in portal.risks.values():
        done = [i for i in portal.mitigations_of(risk) if i.status == InitiativeStatus.DONE]
        if risk.id in above or not done:
            continue
        ends = [i.end.last for i in done if i.end is not None]
        under.append((risk, done, max(ends) if ends else None))
    savings = [s for s in stopped(portal) if s.kind == "vendor" and s.saves]
    taken = decisions_taken(portal)
    return Value(moved, under, savings, taken, [d for d in taken if d.cost_avoided])
