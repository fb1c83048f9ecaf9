"""The governance record's facts: what the board owes, what is due soon, what was stopped, what the
engagement delivered, and how each KPI moves against its straight-line path.

Each rule is written once, here, in the docstring of the function that applies it; the pages, the board
pack, the downloads and the calendar take them from these functions. KPI status is never judged here:
it is ``figures.kpi_status`` (one definition)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.facts.figures import annual_in_portal_currency, kpi_status, KpiStatus, risks_above_appetite
from generator.model import KPI, InitiativeStatus, VendorStatus
from generator.model.actions import Action, ActionStatus
from generator.model.decisions import DecidedBy, Decision, DecisionStatus, Renewal, decider
from generator.model.fiscal import Quarter
from generator.model.portal import Portal

DUE_SOON_DAYS = (30, 60, 90)
"""The horizons of the due-soon list."""
PLAN_DAYS = 90
ENDING = (Renewal.GIVE_NOTICE, Renewal.LET_EXPIRE)
"""Renewal decisions that end a contract."""


# -- decisions ---------------------------------------------------------------------------------------

def decided_by(portal: Portal, decision: Decision) -> DecidedBy:
    return decider(decision, portal.settings.decision_rights)


def _due_order(decision: Decision) -> tuple:
    return (decision.due is None, decision.due or dt.date.max, decision.id)


def board_decisions(portal: Portal) -> list[Decision]:
    """Decisions for the board: exactly the open decisions the board owns (``decided_by: board``, or the
    decision-rights map, or nobody said: the board), due soonest first; those without a due date last."""
    return sorted((d for d in portal.decisions.values()
                   if d.status == DecisionStatus.OPEN and decided_by(portal, d) == DecidedBy.BOARD), key=_due_order)


def open_decisions(portal: Portal) -> list[Decision]:
    """Every open decision, whoever owns it, due soonest first."""
    return sorted((d for d in portal.decisions.values() if d.status == DecisionStatus.OPEN), key=_due_order)


def decisions_taken(portal: Portal) -> list[Decision]:
    """Decisions decided (not superseded), latest first."""
    return sorted((d for d in portal.decisions.values() if d.status == DecisionStatus.DECIDED and d.decided),
                  key=lambda d: (d.decided, d.id), reverse=True)


def replaced(portal: Portal, decision: Decision) -> list[Decision]:
    """The decisions this one superseded."""
    return [d for d in portal.decisions.values() if d.superseded_by == decision.id]


def renewal_decision(portal: Portal, vendor_id: str) -> Decision | None:
    """The decision that settles a vendor's contract: the latest decided one naming the vendor with a
    ``renewal``; else the open decision naming the vendor that is due first (to be taken); None when
    nothing is recorded."""
    naming = [d for d in portal.decisions.values() if vendor_id in d.vendors]
    decided = [d for d in naming if d.renewal is not None and d.status == DecisionStatus.DECIDED and d.decided]
    if decided:
        return max(decided, key=lambda d: (d.decided, d.id))
    pending = sorted((d for d in naming if d.status == DecisionStatus.OPEN), key=_due_order)
    return pending[0] if pending else None


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
        columns.append(PlanColumn(first.strftime("%B %Y"), first, last,
                                  [a for a in actions if first <= a.due <= last]))
        first = last + dt.timedelta(days=1)
    before = [a for a in actions if a.due < start and a.open]
    return Plan(start, end, columns, before, [a for a in actions if a.due > end])


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
        ending = ending if ending is not None and ending.status == DecisionStatus.DECIDED \
            and ending.renewal in ENDING else None
        if vendor.status != VendorStatus.RETIRED and ending is None:
            continue
        day = ending.decided if ending else (vendor.contract.end if vendor.contract else None)
        found.append(Stopped("vendor", vendor.id, vendor.name, day, ending.outcome if ending else None,
                             annual_in_portal_currency(portal, vendor) or 0.0, None, ending.id if ending else None))
    for initiative in portal.initiatives.values():
        if initiative.status != InitiativeStatus.CANCELLED:
            continue
        decision = _deciding(portal, "initiatives", initiative.id)
        opex = portal.converted(initiative.cost.opex, initiative.cost) or 0.0 if initiative.cost else 0.0
        found.append(Stopped("initiative", initiative.id, initiative.title, decision.decided if decision else None,
                             decision.outcome if decision else None, opex, None, decision.id if decision else None))
    for decision in decisions_taken(portal):
        for stop in decision.stops:
            found.append(Stopped("practice", decision.id, stop.what, decision.decided, decision.outcome,
                                 stop.saves or 0.0, stop.time_freed, decision.id))
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
    return StoppedSum(quarter, [s for s in stopped(portal) if s.day is not None
                                and Quarter.of(s.day, portal.settings.fiscal_year_start) == quarter])


# -- KPIs over time ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Point:
    day: dt.date
    value: float
    path: float | None
    """Where the straight line from baseline to target stands on that day."""


@dataclass(frozen=True)
class Trend:
    kpi: KPI
    points: list[Point]
    """The baseline (when dated), then each measurement."""
    status: KpiStatus

    @property
    def moved(self) -> float | None:
        """The change from the first point to the last."""
        return self.points[-1].value - self.points[0].value if len(self.points) > 1 else None


def path_value(kpi: KPI, day: dt.date) -> float | None:
    """The straight line from (baseline_date, baseline) to (due, target), on ``day`` (held at the ends)."""
    baseline, target, start, due = kpi.baseline, kpi.target, kpi.baseline_date, kpi.due
    if baseline is None or target is None or start is None or due is None or due <= start:
        return None
    share = (day - start).days / (due - start).days
    return baseline + (target - baseline) * max(0.0, min(1.0, share))


def trend(kpi: KPI, today: dt.date) -> Trend:
    points = []
    if kpi.baseline is not None and kpi.baseline_date is not None \
            and not any(m.date == kpi.baseline_date for m in kpi.measurements):
        points.append(Point(kpi.baseline_date, kpi.baseline, path_value(kpi, kpi.baseline_date)))
    points += [Point(m.date, m.value, path_value(kpi, m.date)) for m in kpi.measurements]
    return Trend(kpi, points, kpi_status(kpi, today))


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
                moved.append(KpiMoved(goal.id, kpi, kpi.baseline, kpi.baseline_date, kpi.current, kpi.measured,
                                      kpi_status(kpi, portal.today)))
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


def actions_for(portal: Portal, field: str, item_id: str) -> list[Action]:
    """The actions naming an item in ``field`` (decisions, initiatives, vendors, risks), by due date."""
    return sorted((a for a in portal.actions.values() if item_id in getattr(a, field)), key=lambda a: (a.due, a.id))
