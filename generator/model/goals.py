"""Business goals and the KPIs that show progress towards them (``strategy/goals.yaml``)."""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from generator.model.common import Day, Item, Markdown, Model, Number, Text


class Measurement(Model):
    """One dated value of a KPI."""

    date: Day
    """When the value was measured (not when it was written down)."""
    value: Number
    note: str | None = None
    """Where it came from, or what explains it: 'monthly MFA report'."""


class KPI(Model):
    name: Text
    """What is measured, e.g. 'Restore time for a clinic'."""
    unit: str | None = None
    """%, hours, days, USD, count..."""
    baseline: Number | None = None
    """Where it stood when the goal was set."""
    target: Number | None = None
    """Where it should be by `due`; below the baseline means lower is better."""
    current: Number | None = None
    """The latest measurement."""
    due: Day | None = None
    baseline_date: Day | None = None
    """When the baseline was measured: with `due`, it sets how far along the KPI should be by now."""
    measured: Day | None = None
    """When `current` was measured; default: the portal's as-of date."""
    measurements: list[Measurement] = []
    """Dated values, oldest first; the latest one is the KPI's `current` (and `measured`), so give one or the other."""

    @model_validator(mode="before")
    @classmethod
    def _current_from_measurements(cls, data: Any) -> Any:
        """The latest measurement is the current value: written once, never two values for one fact."""
        if not isinstance(data, dict) or not isinstance(data.get("measurements"), list) or not data["measurements"]:
            return data
        latest = data["measurements"][-1]
        if not isinstance(latest, dict) or "value" not in latest or "date" not in latest:
            return data  # the measurement's own error says what is missing
        if ("current" in data and data["current"] != latest["value"]) or (
            "measured" in data and str(data["measured"]) != str(latest["date"])
        ):
            raise ValueError(
                "give either measurements or current (with measured), not both: the latest "
                "measurement is the current value"
            )
        return {**data, "current": latest["value"], "measured": latest["date"]}

    @model_validator(mode="after")
    def _in_date_order(self) -> KPI:
        for earlier, later in zip(self.measurements, self.measurements[1:]):
            if later.date <= earlier.date:
                raise ValueError(
                    f"measurements must be in date order, oldest first, each on its own date: "
                    f"{later.date} comes after {earlier.date}"
                )
        return self

    @property
    def lower_is_better(self) -> bool:
        return self.baseline is not None and self.target is not None and self.target < self.baseline

    @property
    def progress(self) -> float | None:
        """Share of the way from baseline to target, 0 to 1; None when not measurable."""
        baseline, target, current = self.baseline, self.target, self.current
        if baseline is None or target is None or current is None or target == baseline:
            if target is not None and current is not None and target == baseline:
                return 1.0 if current == target else 0.0
            return None
        share = (current - baseline) / (target - baseline)
        return max(0.0, min(1.0, share))

    @property
    def met(self) -> bool:
        return self.progress == 1.0


class Goal(Item):
    title: Text
    description: Markdown = ""
    owner: str | None = None
    kpis: list[KPI] = []
