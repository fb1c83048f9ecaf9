"""The roadmap as gantt charts by quarter: what runs when, what is late or blocked, milestones, today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.diagrams.mermaid_builders import Gantt
from generator.model import Initiative, InitiativeStatus
from generator.model.settings import RoadmapSections
from generator.model.portal import Portal
from generator.diagrams.common import MAX_GANTT_ROWS, Chart, Item, month, part_title, state_word
from generator.facts.formatting import day, status_word
from generator.model.i18n import gettext as _
from generator.facts.schedule import Schedule, is_open

STATUS_ORDER = (
    InitiativeStatus.IN_PROGRESS,
    InitiativeStatus.PAUSED,
    InitiativeStatus.PLANNED,
    InitiativeStatus.PROPOSED,
    InitiativeStatus.DONE,
    InitiativeStatus.CANCELLED,
)
LOOK_BACK = dt.timedelta(days=183)
"""Finished work older than this stays out of the timeline (it is in the roadmap tables)."""
MILESTONES_PER_INITIATIVE = 2


@dataclass(frozen=True)
class Timeline:
    charts: list[Chart]
    unscheduled: list[Initiative]
    """Open initiatives with no date and no dated dependency."""
    earlier: list[Initiative]
    """Finished before the timeline's window."""
    window_start: dt.date


def _sections(
    portal: Portal, initiatives: list[Initiative], group_by: RoadmapSections
) -> list[tuple[str, list[Initiative]]]:
    if group_by == RoadmapSections.STATUS:
        return [
            (
                status_word(status.value, "initiative status").capitalize(),
                [i for i in initiatives if i.status == status],
            )
            for status in STATUS_ORDER
        ]
    groups: dict[str, list[Initiative]] = {goal_id: [] for goal_id in portal.goals}
    no_goal: list[Initiative] = []
    for initiative in initiatives:
        first = next((g for g in initiative.goals if g in portal.goals), None)
        (groups[first] if first else no_goal).append(initiative)
    sections = [(portal.goals[g].title, items) for g, items in groups.items()]
    return sections + [(_("No goal recorded"), no_goal)]


def timeline(portal: Portal, schedule: Schedule | None = None) -> Timeline:
    """The roadmap as gantt charts: one when it fits, else one per section, long sections in parts."""
    schedule = schedule or Schedule(portal)
    window_start = portal.today - LOOK_BACK
    drawn, unscheduled, earlier = [], [], []
    for initiative in portal.initiatives.values():
        span = schedule.span(initiative)
        if initiative.status == InitiativeStatus.CANCELLED:
            continue
        if span is None:
            if is_open(initiative):
                unscheduled.append(initiative)
        elif span.end < window_start and not is_open(initiative):
            earlier.append(initiative)
        else:
            drawn.append(initiative)
    drawn.sort(key=lambda i: (schedule.placed(i).start, i.id))
    sections = [(name, items) for name, items in _sections(portal, drawn, portal.settings.roadmap_sections) if items]

    def rows(items: list[Initiative]) -> int:
        return sum(1 + len(_milestones(i, window_start)) for i in items)

    critical = {i.id for i in schedule.critical_path}
    charts: list[Chart] = []
    if rows(drawn) <= MAX_GANTT_ROWS:
        if sections:
            charts.append(_gantt(_("Roadmap by quarter"), sections, schedule, critical, window_start))
    else:
        # One chart per section, divided inside by the other grouping (status within a goal...).
        other = (
            RoadmapSections.STATUS if portal.settings.roadmap_sections == RoadmapSections.GOAL else RoadmapSections.GOAL
        )
        for name, items in sections:
            parts = list(_split_rows(items, window_start))
            for number, part in enumerate(parts, 1):
                title = name if len(parts) == 1 else part_title(name, number, len(parts))
                inner = [(n, i) for n, i in _sections(portal, part, other) if i]
                charts.append(_gantt(title, inner, schedule, critical, window_start))
    return Timeline(charts, unscheduled, earlier, window_start)


def _split_rows(items: list[Initiative], window_start: dt.date):
    part: list[Initiative] = []
    count = 0
    for initiative in items:
        size = 1 + len(_milestones(initiative, window_start))
        if part and count + size > MAX_GANTT_ROWS:
            yield part
            part, count = [], 0
        part.append(initiative)
        count += size
    if part:
        yield part


def _milestones(initiative: Initiative, window_start: dt.date):
    if initiative.status == InitiativeStatus.DONE:
        return []
    recent = [m for m in sorted(initiative.milestones, key=lambda m: m.date) if m.date >= window_start]
    return ([m for m in recent if not m.done] + [m for m in recent if m.done])[:MILESTONES_PER_INITIATIVE]


def _gantt(
    title: str,
    sections: list[tuple[str, list[Initiative]]],
    schedule: Schedule,
    critical: set[str],
    window_start: dt.date,
) -> Chart:
    gantt = Gantt()
    in_chart = {i.id for _, items in sections for i in items}
    drawn: list[Item] = []
    cut: list[str] = []
    for name, items in sections:
        if not items:
            continue
        if gantt.section(name):
            cut.append(name)
        for initiative in items:
            span = schedule.placed(initiative)
            late = schedule.is_late(initiative)
            blocked = initiative.id in schedule.blocked
            tags: list[str] = []
            if initiative.status == InitiativeStatus.DONE:
                tags.append("done")
            elif initiative.status == InitiativeStatus.IN_PROGRESS:
                tags.append("active")
            if late:  # red means late, and only that; blocked and paused are said in words after the title
                tags.append("crit")
            deps = [d.id for d in schedule.dependencies(initiative)]
            after = deps if span.start_from_dependencies and deps and set(deps) <= in_chart else None
            task = gantt.task(
                initiative.id,
                initiative.title,
                span.start,
                span.end + dt.timedelta(days=1),
                tuple(tags),
                after=after,
                detail=_state_suffix(initiative, late, blocked, span.open_ended),
            )
            drawn.append(Item("initiative", initiative.id, _words(initiative, schedule, critical, window_start), task))
            for milestone in _milestones(initiative, window_start):
                gantt.milestone(milestone.title, milestone.date, ("done",) if milestone.done else ())
    gantt.marker(_("Today"), schedule.today)
    groups = "; ".join(name for name, items in sections if items)
    note = _("Groups in full, top to bottom: %(groups)s.") % {"groups": groups} if cut else ""
    return Chart(title, gantt.text(), note, wide=True, items=tuple(drawn))


def _state_suffix(initiative: Initiative, late: bool, blocked: bool, open_ended: bool) -> str:
    states = []
    if initiative.status == InitiativeStatus.PAUSED:
        states.append(state_word("paused"))
    if late:
        states.append(state_word("late"))
    if blocked:
        states.append(state_word("blocked"))
    if open_ended and is_open(initiative):
        states.append(state_word("no end date"))
    return f" ({', '.join(states)})" if states else ""


def _words(initiative: Initiative, schedule: Schedule, critical: set[str], window_start: dt.date) -> str:
    """The bar in words: status, when, and what the colour or the words after the title say."""
    span = schedule.placed(initiative)
    parts = [
        status_word(initiative.status.value, "initiative status"),
        _("%(start)s to %(end)s") % {"start": month(span.start), "end": month(span.end)},
    ]
    if schedule.is_late(initiative):
        parts.append(state_word("late"))
    parts.extend(
        _("waits on %(initiative)s (%(state)s)") % {"initiative": dep.title, "state": state_word(reason)}
        for dep, reason in schedule.blocked.get(initiative.id, [])
    )
    if initiative.id in critical:
        parts.append(_("on the critical path"))
    if span.open_ended and is_open(initiative):
        parts.append(_("no end date (drawn a quarter long)"))
    parts.extend(
        (_("milestone %(milestone)s %(day)s (done)") if m.done else _("milestone %(milestone)s %(day)s"))
        % {"milestone": m.title, "day": day(m.date)}
        for m in _milestones(initiative, window_start)
    )
    return "; ".join(parts)
