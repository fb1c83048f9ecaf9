"""The now / next / later board: open initiatives by horizon, in the order a reader scans them."""

from __future__ import annotations

import datetime as dt

from generator.model import Initiative, InitiativeStatus
from generator.model.roadmap import Horizon
from generator.model.portal import Portal
from generator.facts.schedule import Schedule

BOARD_STATUSES = (
    InitiativeStatus.IN_PROGRESS,
    InitiativeStatus.PAUSED,
    InitiativeStatus.PLANNED,
    InitiativeStatus.PROPOSED,
)


def board(portal: Portal, schedule: Schedule | None = None) -> list[tuple[Horizon, list[Initiative]]]:
    """Open initiatives by horizon, in progress first, then by start."""
    schedule = schedule or Schedule(portal)
    far = dt.date.max

    def order(i: Initiative):
        span = schedule.span(i)
        return (BOARD_STATUSES.index(i.status), span.start if span else far, i.title)

    lanes = []
    for horizon in Horizon:
        items = [i for i in portal.initiatives.values() if i.status in BOARD_STATUSES and portal.horizon(i) == horizon]
        lanes.append((horizon, sorted(items, key=order)))
    return lanes
