"""Risk facts: the 5x5 heat-map grids (inherent and residual) with the appetite line, and the board summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.dates import format_skeleton

from generator.model import Initiative, InitiativeStatus, Risk
from generator.model import i18n
from generator.model.i18n import N_
from generator.model.portal import Portal
from generator.facts.figures import risks_above_appetite  # the figure is defined once, there
from generator.facts.schedule import Schedule, is_open

LIKELIHOOD = {5: N_("Almost certain"), 4: N_("Likely"), 3: N_("Possible"), 2: N_("Unlikely"), 1: N_("Rare")}
IMPACT = {1: N_("Negligible"), 2: N_("Minor"), 3: N_("Moderate"), 4: N_("Major"), 5: N_("Severe")}
IDS_IN_CELL = 3
"""A cell lists its risks' ids up to this many; a fuller cell links to a list below the maps."""


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    risks: list[Risk]
    band: str
    """low, medium or high: the same bands as the scores on the register."""
    edges: tuple[str, ...]
    """Sides (left, bottom) on which the appetite line runs along this cell."""

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def crowded(self) -> bool:
        return len(self.risks) > IDS_IN_CELL


@dataclass(frozen=True)
class HeatMap:
    key: str
    """inherent or residual: used in anchors."""
    title: str
    rows: list[list[Cell]]
    """Likelihood 5 (top row) down to 1; impact 1 to 5 left to right."""
    not_shown: int
    """Open risks with no position on this map (no residual assessment)."""

    @property
    def total(self) -> int:
        return sum(len(c.risks) for row in self.rows for c in row)

    @property
    def crowded(self) -> list[Cell]:
        return [c for row in self.rows for c in row if c.crowded]


def band(score: int, appetite: int) -> str:
    """A score's colour wherever one is shown (a heat-map cell, a score badge): high above the appetite,
    medium above half of it. Whether a risk counts as above the appetite is ``Portal.above_appetite``."""
    return "high" if score > appetite else ("medium" if score > appetite / 2 else "low")


def _edges(likelihood: int, impact: int, appetite: int) -> tuple[str, ...]:
    """The appetite line separates cells above it from their neighbours at or below it."""
    if likelihood * impact <= appetite:
        return ()
    edges = []
    if impact > 1 and likelihood * (impact - 1) <= appetite:
        edges.append("left")
    if likelihood > 1 and (likelihood - 1) * impact <= appetite:
        edges.append("bottom")
    return tuple(edges)


def heat_maps(portal: Portal) -> list[HeatMap]:
    """Open risks placed by likelihood and impact before and after their mitigations."""
    appetite = portal.settings.risk_appetite
    live = sorted((r for r in portal.risks.values() if not r.is_closed), key=lambda r: (-r.score, r.id))

    def grid(position) -> list[list[Cell]]:
        return [
            [
                Cell(
                    lk,
                    im,
                    [r for r in live if position(r) == (lk, im)],
                    band(lk * im, appetite),
                    _edges(lk, im, appetite),
                )
                for im in range(1, 6)
            ]
            for lk in range(5, 0, -1)
        ]

    inherent = HeatMap("inherent", N_("Inherent: before mitigation"), grid(lambda r: (r.likelihood, r.impact)), 0)
    residual = HeatMap(
        "residual",
        N_("Residual: once mitigations land"),
        grid(lambda r: (r.residual.likelihood, r.residual.impact) if r.residual else None),
        sum(1 for r in live if r.residual is None),
    )
    return [inherent, residual]


# -- board summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskLine:
    risk: Risk
    mitigations: list[Initiative]
    trend: str
    """improving, at risk (a mitigation is late, paused or cancelled), no plan, or done (all landed)."""
    lands: str | None
    """When the last open mitigation is due."""
    on_schedule: list[Initiative] = field(default_factory=list)
    """Open mitigations that are neither paused nor late: the plan still running."""
    held_up: list[tuple[Initiative, str]] = field(default_factory=list)
    """The mitigations that are late, paused or cancelled, each with why (``Schedule.holds_up``: a value,
    never words): a page says it in its language through ``render.labels`` ('hold-up')."""


def board_summary(portal: Portal, schedule: Schedule | None = None) -> list[RiskLine]:
    """Open risks above appetite, worst first, with what is being done and whether it is on track."""
    schedule = schedule or Schedule(portal)
    lines = []
    for risk in risks_above_appetite(portal):
        mitigations = portal.mitigations_of(risk)
        active = [i for i in mitigations if i.status != InitiativeStatus.CANCELLED]
        # A cancelled mitigation is named too: the legend promises "at risk" when one is cancelled.
        held_up = [(i, reason) for i in mitigations if (reason := schedule.holds_up(i))]
        open_ones = [i for i in active if is_open(i)]
        if not active:
            trend = "no plan"
        elif held_up:
            trend = "at risk"
        elif not open_ones:
            trend = "done"
        else:
            trend = "improving"
        lands = _lands(schedule, open_ones)
        lines.append(
            RiskLine(risk, mitigations, trend, lands, [i for i in open_ones if schedule.holds_up(i) is None], held_up)
        )
    return lines


def _lands(schedule: Schedule, open_ones: list[Initiative]) -> str | None:
    """When the last open mitigation ends, written as that initiative's end is everywhere else
    (a month stays a month, a quarter a quarter); a computed end is given as its month."""
    dated = [(span.end, i) for i in open_ones if (span := schedule.span(i)) is not None]
    if not dated:
        return None
    end, last = max(dated, key=lambda pair: (pair[0], pair[1].id))
    return last.end.label if last.end is not None else format_skeleton("yMMM", end, locale=i18n.current().locale)
