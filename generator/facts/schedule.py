"""When each initiative runs, what is late or blocked, and which chain of dependencies sets the finish."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from generator.model import Initiative, InitiativeStatus
from generator.model.portal import Portal

CLOSED = (InitiativeStatus.DONE, InitiativeStatus.CANCELLED)
DEFAULT_LENGTH = dt.timedelta(days=90)
"""How long an initiative with a start but no end is drawn (a quarter)."""


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date
    start_from_dependencies: bool = False
    """No start was written: it starts when its dependencies end."""
    open_ended: bool = False
    """No end was written: drawn one quarter long."""


def is_open(initiative: Initiative) -> bool:
    return initiative.status not in CLOSED


class Schedule:
    """Derived roadmap facts for one portal, computed once."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self.today = portal.today
        self._spans: dict[str, Span | None] = {}

    def span(self, initiative: Initiative) -> Span | None:
        """Dates as written; a missing start follows the dependencies, a missing end adds a quarter."""
        if initiative.id not in self._spans:
            self._spans[initiative.id] = None  # guards against a cycle (validation rejects them anyway)
            self._spans[initiative.id] = self._compute(initiative)
        return self._spans[initiative.id]

    def placed(self, initiative: Initiative) -> Span:
        """The span of an initiative known to have one (drawn, or picked because ``span`` gave one)."""
        span = self.span(initiative)
        if span is None:
            raise ValueError(f"initiative {initiative.id!r} has no dates to place it by")
        return span

    def _compute(self, initiative: Initiative) -> Span | None:
        from_deps = False
        if initiative.start is not None:
            start = initiative.start.first
        else:
            ends = [s.end for s in (self.span(d) for d in self.dependencies(initiative)) if s is not None]
            if ends:
                start, from_deps = max(ends) + dt.timedelta(days=1), True
            elif initiative.end is not None:
                start = initiative.end.first
            else:
                return None
        if initiative.end is not None:
            return Span(start, max(start, initiative.end.last), from_deps)
        return Span(start, start + DEFAULT_LENGTH, from_deps, open_ended=True)

    def dependencies(self, initiative: Initiative) -> list[Initiative]:
        return [self.portal.initiatives[d] for d in initiative.depends_on if d in self.portal.initiatives]

    def is_late(self, initiative: Initiative) -> bool:
        """Still open after its written end date."""
        return is_open(initiative) and initiative.end is not None and initiative.end.last < self.today

    def holds_up(self, initiative: Initiative) -> str | None:
        """Why this initiative would hold up what depends on it, if it does."""
        if initiative.status == InitiativeStatus.PAUSED:
            return "paused"
        if initiative.status == InitiativeStatus.CANCELLED:
            return "cancelled"
        if self.is_late(initiative):
            return "late"
        return None

    @cached_property
    def blocked(self) -> dict[str, list[tuple[Initiative, str]]]:
        """Open initiatives waiting on a paused, cancelled or late dependency (directly or further up)."""
        result: dict[str, list[tuple[Initiative, str]]] = {}
        memo: dict[str, list[tuple[Initiative, str]]] = {}

        def blockers(initiative: Initiative, seen: frozenset[str]) -> list[tuple[Initiative, str]]:
            if initiative.id in memo:
                return memo[initiative.id]
            found: list[tuple[Initiative, str]] = []
            for dep in self.dependencies(initiative):
                if dep.id in seen or dep.status == InitiativeStatus.DONE:
                    continue
                reason = self.holds_up(dep)
                if reason:
                    found.append((dep, reason))
                found.extend(b for b in blockers(dep, seen | {dep.id}) if b not in found)
            memo[initiative.id] = found
            return found

        for initiative in self.portal.initiatives.values():
            if is_open(initiative):
                found = blockers(initiative, frozenset({initiative.id}))
                if found:
                    result[initiative.id] = found
        return result

    @cached_property
    def critical_path(self) -> list[Initiative]:
        """The chain of open initiatives that decides when the last dependent one can land.

        Start from the open initiative with dependencies (or dependents) that ends last, then walk back
        through the dependency that ends latest each time, stopping at finished work.
        """
        linked = {i.id for i in self.portal.initiatives.values() if i.depends_on}
        linked |= {d for i in self.portal.initiatives.values() for d in i.depends_on}
        candidates = [
            i
            for i in self.portal.initiatives.values()
            if i.id in linked and i.id in self.portal.initiatives and is_open(i) and self.span(i)
        ]
        if not candidates:
            return []
        last = max(candidates, key=lambda i: (self.placed(i).end, i.id))
        chain = [last]
        while True:
            deps = [
                d for d in self.dependencies(chain[-1]) if is_open(d) and self.span(d) is not None and d not in chain
            ]
            if not deps:
                break
            chain.append(max(deps, key=lambda d: (self.placed(d).end, d.id)))
        return list(reversed(chain)) if len(chain) > 1 else []
