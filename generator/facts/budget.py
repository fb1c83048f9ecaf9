"""The technology budget: vendor run-rate by category and initiative spend by quarter, with last year."""

from __future__ import annotations

from dataclasses import dataclass

from generator.facts.figures import added_running_cost
from generator.facts.schedule import Schedule
from generator.facts.spend import Spend, spend
from generator.model import Initiative, InitiativeStatus
from generator.model.fiscal import Quarter
from generator.model.portal import Portal

QUARTERS_BACK = 4
QUARTERS_AHEAD = 4


@dataclass(frozen=True)
class QuarterSpend:
    quarter: Quarter
    capex: float = 0.0
    opex: float = 0.0
    proposed: float = 0.0
    """Of the total, what belongs to initiatives not yet approved (proposed)."""
    current: bool = False
    past: bool = False

    @property
    def total(self) -> float:
        return self.capex + self.opex


@dataclass(frozen=True)
class Budget:
    vendors: Spend
    quarters: list[QuarterSpend]
    last_year: float
    """Initiative spend in the four quarters before this one."""
    coming_year: float
    """Initiative spend in this quarter and the three after it."""
    other_currency: list[Initiative]
    undated: list[Initiative]
    """Costed initiatives with no dates: their money cannot be placed in a quarter."""


def budget(portal: Portal, schedule: Schedule | None = None) -> Budget:
    schedule = schedule or Schedule(portal)
    start_month = portal.settings.fiscal_year_start  # quarters as the client plans them (fiscal.py)
    now = Quarter.of(portal.today, start_month)
    window = [now.shifted(n) for n in range(-QUARTERS_BACK, QUARTERS_AHEAD + 1)]
    capex = dict.fromkeys(window, 0.0)
    opex = dict.fromkeys(window, 0.0)
    proposed = dict.fromkeys(window, 0.0)
    other, undated = [], []
    for initiative in portal.initiatives.values():
        cost = initiative.cost
        added = added_running_cost(portal, initiative)  # a vendor contract already in the run rate counts once
        if cost is None or initiative.status == InitiativeStatus.CANCELLED or (cost.capex == 0 and added == 0):
            continue
        rate = portal.converted(1.0, cost)  # the settings' exchange rate; 1 in the portal's currency
        if rate is None:
            other.append(initiative)  # no rate (a validation error): never added as the portal's currency
            continue
        one_off, running = cost.capex * rate, added * rate
        span = schedule.span(initiative)
        if span is None:
            undated.append(initiative)
            continue
        first, last = Quarter.of(span.start, start_month), Quarter.of(span.end, start_month)
        count = (last.year - first.year) * 4 + last.number - first.number + 1
        is_proposed = initiative.status == InitiativeStatus.PROPOSED
        for q in window:
            if first <= q <= last:
                capex[q] += one_off / count
                if is_proposed:
                    proposed[q] += one_off / count
            if last < q:  # the added running cost starts once the initiative lands
                opex[q] += running / 4
                if is_proposed:
                    proposed[q] += running / 4
    quarters = [QuarterSpend(q, capex[q], opex[q], proposed[q], current=q == now, past=q < now) for q in window]
    last_year = sum(q.total for q in quarters if q.past)
    coming = sum(q.total for q in quarters if not q.past and q.quarter <= now.shifted(3))
    return Budget(spend(portal), quarters, last_year, coming, other, undated)
