"""Business goals and the KPIs that show progress towards them (``strategy/goals.yaml``)."""

from __future__ import annotations

from generator.model.common import Day, Item, Markdown, Model, Number, Text


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
