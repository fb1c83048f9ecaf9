"""Why each initiative exists: per goal, the open initiatives serving it, the risks each reduces and the
vendors each involves. Read by the traceability page as one table per goal (a graph of a large goal
grew to 3,000 px tall; a table stays readable at any size and on any screen)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.facts.schedule import is_open
from generator.model import Goal, Initiative, InitiativeStatus, Risk, Vendor
from generator.model.portal import Portal


@dataclass(frozen=True)
class Trace:
    initiative: Initiative
    risks: list[Risk]
    """The risks it reduces (it is one of their mitigations)."""
    vendors: list[Vendor]


@dataclass(frozen=True)
class GoalTrace:
    goal: Goal | None
    """None for the initiatives that serve no goal."""
    rows: list[Trace]
    """The open initiatives serving the goal: finished work has done its job."""
    finished: int
    """Initiatives serving it that are done (not listed)."""


def traceability(portal: Portal) -> list[GoalTrace]:
    """One group per goal, in the goals' order, then the initiatives with no goal (if any); cancelled
    initiatives are left out everywhere."""
    served: set[str] = set()
    groups: list[tuple[Goal | None, list[Initiative]]] = []
    goal: Goal | None
    for goal in portal.goals.values():
        serving = portal.initiatives_for_goal(goal)
        served.update(i.id for i in serving)
        groups.append((goal, [i for i in serving if i.status != InitiativeStatus.CANCELLED]))
    orphans = [i for i in portal.initiatives.values() if i.id not in served and i.status != InitiativeStatus.CANCELLED]
    if orphans:
        groups.append((None, orphans))
    result = []
    for goal, items in groups:
        rows = [
            Trace(i, portal.risks_mitigated_by(i), [portal.vendors[v] for v in i.vendors if v in portal.vendors])
            for i in items
            if is_open(i)
        ]
        result.append(GoalTrace(goal, rows, len(items) - len(rows)))
    return result
