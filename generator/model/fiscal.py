"""Quarters and years as the client plans them: the one place quarter arithmetic lives.

``fiscal_year_start`` (a month, 1-12, default January) sets where a year begins. A fiscal year is named
by the calendar year it ends in (starting in April: April 2026 to March 2027 is FY2027). With the
default, quarters are calendar quarters and read ``Q4 2026``; otherwise ``Q3 FY2027``. Quarters written
in the sources (``2026-Q4`` in a roadmap) are calendar quarters: they are dates, not labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.model import i18n


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    """The fiscal year, named by the calendar year it ends in (the calendar year with a January start)."""
    number: int
    start_month: int = field(default=1, compare=False)
    """The month the fiscal year starts in."""

    @classmethod
    def of(cls, day: dt.date, start_month: int = 1) -> Quarter:
        offset = (day.month - start_month) % 12  # months since the fiscal year began
        year = day.year + (1 if start_month > 1 and day.month >= start_month else 0)
        return cls(year, offset // 3 + 1, start_month)

    def shifted(self, quarters: int) -> Quarter:
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1, self.start_month)

    @property
    def first(self) -> dt.date:
        """The first day of the quarter."""
        months = (self.start_month - 1) + 3 * (self.number - 1)  # from January of the year it starts in
        start_year = self.year - (1 if self.start_month > 1 else 0)
        return dt.date(start_year + months // 12, months % 12 + 1, 1)

    @property
    def label(self) -> str:
        """Q4 2026 as the portal's language abbreviates a quarter (fr, es: T4; nl: K4)."""
        quarter = i18n.current().locale.quarters["format"]["abbreviated"][self.number]
        return f"{quarter} {year_label(self.year, self.start_month)}"


def year_label(year: int, start_month: int = 1) -> str:
    """``2026`` for a calendar year, ``FY2027`` for a fiscal one."""
    return str(year) if start_month == 1 else f"FY{year}"
