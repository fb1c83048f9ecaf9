"""How each KPI moves against its straight-line path from baseline to target (the trend charts read it).
KPI status is never judged here: it is ``figures.kpi_status`` (one definition)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.facts.figures import kpi_status, KpiStatus
from generator.model import KPI


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
    if (
        kpi.baseline is not None
        and kpi.baseline_date is not None
        and not any(m.date == kpi.baseline_date for m in kpi.measurements)
    ):
        points.append(Point(kpi.baseline_date, kpi.baseline, path_value(kpi, kpi.baseline_date)))
    points += [Point(m.date, m.value, path_value(kpi, m.date)) for m in kpi.measurements]
    return Trend(kpi, points, kpi_status(kpi, today))
