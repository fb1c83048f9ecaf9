"""The technology budget: vendor run-rate by category and initiative spend by quarter, with last year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.numbers import get_currency_symbol

from ..formatting import LOCALE
from ..mermaid import frontmatter
from ..model import Initiative, InitiativeStatus
from ..portal import Portal
from .common import Chart
from .schedule import Schedule
from .vendors import Spend, spend

QUARTERS_BACK = 4
QUARTERS_AHEAD = 4
_XY_CSS = "text:not(#ctp){fill:var(--md-default-fg-color)!important}"


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def shifted(self, quarters: int) -> Quarter:
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year}"

    def __lt__(self, other: Quarter) -> bool:
        return (self.year, self.number) < (other.year, other.number)

    def __le__(self, other: Quarter) -> bool:
        return (self.year, self.number) <= (other.year, other.number)


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
    now = Quarter.of(portal.today)
    quarters = [QuarterSpend(now.shifted(n), current=n == 0, past=n < 0)
                for n in range(-QUARTERS_BACK, QUARTERS_AHEAD + 1)]
    other, undated = [], []
    for initiative in portal.initiatives.values():
        cost = initiative.cost
        if cost is None or initiative.status == InitiativeStatus.CANCELLED or (cost.capex == 0 and cost.opex == 0):
            continue
        if portal.currency_of(cost) != portal.settings.currency:
            other.append(initiative)
            continue
        span = schedule.span(initiative)
        if span is None:
            undated.append(initiative)
            continue
        first, last = Quarter.of(span.start), Quarter.of(span.end)
        running = [q for q in quarters if first <= q.quarter <= last]
        count = (last.year - first.year) * 4 + last.number - first.number + 1
        proposed = initiative.status == InitiativeStatus.PROPOSED
        for q in running:
            q.capex += cost.capex / count
            if proposed:
                q.proposed += cost.capex / count
        for q in quarters:
            if last < q.quarter:  # the added running cost starts once the initiative lands
                q.opex += cost.opex / 4
                if proposed:
                    q.proposed += cost.opex / 4
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
