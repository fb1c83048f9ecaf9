"""The technology budget: vendor run-rate by category and initiative spend by quarter, with last year."""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import get_currency_symbol

from generator.facts.figures import added_running_cost
from generator.model.fiscal import Quarter
from generator.facts.formatting import LOCALE
from generator.diagrams.mermaid import frontmatter
from generator.model import Initiative, InitiativeStatus
from generator.model.portal import Portal
from generator.diagrams.common import Chart
from generator.diagrams.schedule import Schedule
from generator.diagrams.vendors import Spend, spend

QUARTERS_BACK = 4
QUARTERS_AHEAD = 4
_XY_CSS = "text:not(#ctp){fill:var(--md-default-fg-color)!important}"


@dataclass
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
    quarters = [QuarterSpend(now.shifted(n), current=n == 0, past=n < 0)
                for n in range(-QUARTERS_BACK, QUARTERS_AHEAD + 1)]
    other, undated = [], []
    for initiative in portal.initiatives.values():
        cost = initiative.cost
        opex = added_running_cost(portal, initiative)  # a vendor contract already in the run rate counts once
        if cost is None or initiative.status == InitiativeStatus.CANCELLED or (cost.capex == 0 and opex == 0):
            continue
        rate = portal.converted(1.0, cost)  # the settings' exchange rate; 1 in the portal's currency
        if rate is None:
            other.append(initiative)  # no rate (a validation error): never added as the portal's currency
            continue
        capex, opex = cost.capex * rate, opex * rate
        span = schedule.span(initiative)
        if span is None:
            undated.append(initiative)
            continue
        first, last = Quarter.of(span.start, start_month), Quarter.of(span.end, start_month)
        running = [q for q in quarters if first <= q.quarter <= last]
        count = (last.year - first.year) * 4 + last.number - first.number + 1
        proposed = initiative.status == InitiativeStatus.PROPOSED
        for q in running:
            q.capex += capex / count
            if proposed:
                q.proposed += capex / count
        for q in quarters:
            if last < q.quarter:  # the added running cost starts once the initiative lands
                q.opex += opex / 4
                if proposed:
                    q.proposed += opex / 4
    last_year = sum(q.total for q in quarters if q.past)
    coming = sum(q.total for q in quarters if not q.past and q.quarter <= now.shifted(3))
    return Budget(spend(portal), quarters, last_year, coming, other, undated)


def quarter_chart(portal: Portal, data: Budget) -> Chart | None:
    if not any(q.total for q in data.quarters):
        return None
    names = ", ".join(f'"{q.quarter.label}"' for q in data.quarters)
    # The chart cannot format its ticks, so the axis counts thousands and says in what: "$ thousands",
    # read as the tables are (a tick of 100 is $100,000), never a bare 100000.
    axis, scale = axis_unit(portal.settings.currency, max(q.total for q in data.quarters))
    totals = ", ".join(f"{q.total / scale:.1f}".removesuffix(".0") for q in data.quarters)
    opex = ", ".join(f"{q.opex / scale:.1f}".removesuffix(".0") for q in data.quarters)
    text = (frontmatter({"themeCSS": _XY_CSS, "xyChart": {"width": 900, "height": 380},
                                "themeVariables": {"xyChart": {"plotColorPalette": "#5c6bc0, #e65100"}}}) + "xychart-beta\n"
            f"  x-axis [{names}]\n  y-axis \"{axis}\"\n  bar [{totals}]\n  line [{opex}]\n")
    return Chart("Initiative spend by quarter", text,
                 "Bars: one-off and running cost together. Line: the added running cost alone. "
                 f"Amounts in {axis}.")


def axis_unit(currency: str, largest: float) -> tuple[str, int]:
    """The title of a money axis and what its ticks count: ``("$ thousands", 1000)`` or ``("$", 1)``."""
    symbol = get_currency_symbol(currency, locale=LOCALE)
    return (f"{symbol} thousands", 1000) if largest >= 10_000 else (symbol, 1)
