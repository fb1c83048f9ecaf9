"""Roadmap pictures: the gantt by quarter, the now/next/later board, the dependency graph and the
traceability from goals to initiatives, risks and vendors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.diagrams.mermaid import Flowchart, Gantt
from generator.model import Initiative, InitiativeStatus
from generator.model.roadmap import Horizon
from generator.model.settings import RoadmapSections
from generator.model.portal import Portal
from generator.diagrams.common import MAX_GANTT_ROWS, MAX_NODES, Chart, chunks, components, pack
from generator.diagrams.schedule import Schedule, is_open

STATUS_ORDER = (InitiativeStatus.IN_PROGRESS, InitiativeStatus.PAUSED, InitiativeStatus.PLANNED,
                InitiativeStatus.PROPOSED, InitiativeStatus.DONE, InitiativeStatus.CANCELLED)
BOARD_STATUSES = (InitiativeStatus.IN_PROGRESS, InitiativeStatus.PAUSED, InitiativeStatus.PLANNED,
                  InitiativeStatus.PROPOSED)
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


def _sections(portal: Portal, initiatives: list[Initiative], group_by: RoadmapSections) -> list[tuple[str, list[Initiative]]]:
    if group_by == RoadmapSections.STATUS:
        return [(status.value.replace("-", " ").capitalize(), [i for i in initiatives if i.status == status])
                for status in STATUS_ORDER]
    groups: dict[str, list[Initiative]] = {goal_id: [] for goal_id in portal.goals}
    no_goal: list[Initiative] = []
    for initiative in initiatives:
        first = next((g for g in initiative.goals if g in portal.goals), None)
        (groups[first] if first else no_goal).append(initiative)
    sections = [(portal.goals[g].title, items) for g, items in groups.items()]
    return sections + [("No goal recorded", no_goal)]


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
    drawn.sort(key=lambda i: (schedule.span(i).start, i.id))
    sections = [(name, items) for name, items in _sections(portal, drawn, portal.settings.roadmap_sections) if items]

    def rows(items: list[Initiative]) -> int:
        return sum(1 + len(_milestones(i, window_start)) for i in items)

    critical = {i.id for i in schedule.critical_path}
    charts: list[Chart] = []
    if rows(drawn) <= MAX_GANTT_ROWS:
        if sections:
            charts.append(_gantt("Roadmap by quarter", sections, schedule, critical, window_start))
    else:
        # One chart per section, divided inside by the other grouping (status within a goal...).
        other = RoadmapSections.STATUS if portal.settings.roadmap_sections == RoadmapSections.GOAL \
            else RoadmapSections.GOAL
        for name, items in sections:
            parts = list(_split_rows(items, window_start))
            for number, part in enumerate(parts, 1):
                title = name if len(parts) == 1 else f"{name} (part {number} of {len(parts)})"
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


def _gantt(title: str, sections: list[tuple[str, list[Initiative]]], schedule: Schedule, critical: set[str],
           window_start: dt.date) -> Chart:
    gantt = Gantt()
    in_chart = {i.id for _, items in sections for i in items}
    for name, items in sections:
        if not items:
            continue
        gantt.section(name)
        for initiative in items:
            span = schedule.span(initiative)
            late = schedule.is_late(initiative)
            blocked = initiative.id in schedule.blocked
            tags: list[str] = []
            if initiative.status == InitiativeStatus.DONE:
                tags.append("done")
            elif initiative.status == InitiativeStatus.IN_PROGRESS:
                tags.append("active")
            if is_open(initiative) and (late or blocked or initiative.id in critical):
                tags.append("crit")
            text = initiative.title + _state_suffix(initiative, late, blocked, span.open_ended)
            deps = [d.id for d in schedule.dependencies(initiative)]
            after = deps if span.start_from_dependencies and deps and set(deps) <= in_chart else None
            gantt.task(initiative.id, text, span.start, span.end + dt.timedelta(days=1), tuple(tags), after=after)
            for milestone in _milestones(initiative, window_start):
                gantt.milestone(milestone.title, milestone.date, ("done",) if milestone.done else ())
    gantt.marker("Today", schedule.today)
    return Chart(title, gantt.text(), wide=True,
                 links=tuple(("initiative", i.id) for _, items in sections for i in items))


def _state_suffix(initiative: Initiative, late: bool, blocked: bool, open_ended: bool) -> str:
    states = []
    if initiative.status == InitiativeStatus.PAUSED:
        states.append("paused")
    if late:
        states.append("late")
    if blocked:
        states.append("blocked")
    if open_ended and is_open(initiative):
        states.append("no end date")
    return f" ({', '.join(states)})" if states else ""


# -- now / next / later ----------------------------------------------------------------------------

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


# -- dependency graph ------------------------------------------------------------------------------

def dependency_charts(portal: Portal, schedule: Schedule | None = None) -> list[Chart]:
    """Initiatives linked by dependencies; separate groups packed into charts of readable size."""
    schedule = schedule or Schedule(portal)
    edges = [(d, i.id) for i in portal.initiatives.values() for d in i.depends_on if d in portal.initiatives]
    linked = [n for n in portal.initiatives if any(n in e for e in edges)]
    if not edges:
        return []
    groups = components(linked, edges)
    big = [g for g in groups if len(g) > MAX_NODES]
    charts: list[Chart] = []
    bins = pack([g for g in groups if len(g) <= MAX_NODES], MAX_NODES)
    for group in big:
        # A huge connected group: leave out finished work nothing open waits on, then cut in parts.
        trimmed = [n for n in group if is_open(portal.initiatives[n]) or
                   any(is_open(portal.initiatives[b]) for a, b in edges if a == n)]
        bins.extend(chunks(_topological(trimmed, edges), MAX_NODES))
    total = len(bins)
    for number, members in enumerate(bins, 1):
        title = "Dependencies" if total == 1 else f"Dependencies (part {number} of {total})"
        charts.append(_dependency_chart(portal, schedule, members, edges, title))
    return charts


def _topological(nodes: list[str], edges: list[tuple[str, str]]) -> list[str]:
    wanted = set(nodes)
    order: list[str] = []
    seen: set[str] = set()

    def visit(n: str) -> None:
        if n in seen:
            return
        seen.add(n)
        for a, b in edges:
            if b == n and a in wanted:
                visit(a)
        order.append(n)

    for n in nodes:
        visit(n)
    return order


def _dependency_chart(portal: Portal, schedule: Schedule, members: list[str], edges: list[tuple[str, str]],
                      title: str) -> Chart:
    chart = Flowchart("LR")
    inside = set(members)
    path = [i.id for i in schedule.critical_path]
    critical_edges = set(zip(path, path[1:]))
    for item_id in members:
        initiative = portal.initiatives[item_id]
        chart.node(item_id, initiative.title, detail=_node_detail(initiative, schedule),
                   css=_node_class(initiative, schedule, path))
    outside = 0
    for a, b in edges:
        if a in inside and b in inside:
            chart.edge(a, b, critical=(a, b) in critical_edges)
        elif a in inside or b in inside:
            other = b if a in inside else a
            chart.node(other, portal.initiatives[other].title, detail="in another part", shape="round", css="muted")
            outside += 1
            chart.edge(a, b, dotted=True)
    note = f"{outside} link(s) to initiatives drawn in another part are dotted." if outside else ""
    return Chart(title, chart.text(), note, links=tuple(("initiative", m) for m in members))


def _node_detail(initiative: Initiative, schedule: Schedule) -> str:
    span = schedule.span(initiative)
    when = f", ends {initiative.end.label}" if initiative.end else (f", from {span.start:%b %Y}" if span else "")
    state = "late" if schedule.is_late(initiative) else initiative.status.value.replace("-", " ")
    return f"{state}{when}"


def _node_class(initiative: Initiative, schedule: Schedule, path: list[str]) -> str:
    if schedule.holds_up(initiative) and any(is_open(d) for d in schedule.portal.initiatives.values()
                                              if initiative.id in d.depends_on):
        return "holdup"
    if initiative.id in schedule.blocked:
        return "blocked"
    if initiative.id in path:
        return "critical"
    if initiative.status == InitiativeStatus.DONE:
        return "done"
    if initiative.status == InitiativeStatus.CANCELLED:
        return "muted"
    return "initiative"


# -- traceability ----------------------------------------------------------------------------------

def traceability_charts(portal: Portal) -> list[Chart]:
    """Per goal: the initiatives serving it, the risks they reduce, the vendors involved."""
    charts: list[Chart] = []
    appetite = portal.settings.risk_appetite
    served: set[str] = set()
    groups: list[tuple[str, object, list[Initiative]]] = []
    for goal in portal.goals.values():
        items = [i for i in portal.initiatives_for_goal(goal) if i.status != InitiativeStatus.CANCELLED]
        served.update(i.id for i in portal.initiatives_for_goal(goal))
        groups.append((goal.title, goal, items))
    orphans = [i for i in portal.initiatives.values() if i.id not in served and i.status != InitiativeStatus.CANCELLED]
    if orphans:
        groups.append(("Initiatives with no goal", None, orphans))
    for title, goal, items in groups:
        # Finished work has done its job; drawing it too would bury what is still under way.
        open_items = [i for i in items if is_open(i)]
        finished = len(items) - len(open_items)
        left_out = f"{finished} finished initiative(s) not drawn. " if finished else ""
        items = open_items
        parts = list(chunks(items, MAX_NODES // 3)) or [[]]
        for number, part in enumerate(parts, 1):
            name = title if len(parts) == 1 else f"{title} (part {number} of {len(parts)})"
            charts.append(_trace_chart(portal, goal, part, name, appetite, left_out))
    return charts


def _trace_chart(portal: Portal, goal, items: list[Initiative], title: str, appetite: int, left_out: str) -> Chart:
    chart = Flowchart("LR")
    if goal is not None:
        chart.node(("goal", goal.id), goal.title, shape="hexagon", css="goal")
    links = [("goal", goal.id)] if goal is not None else []
    skipped = 0

    def room_for(key) -> bool:
        # Initiatives always get a node; risks and vendors only while the picture stays readable.
        return key in chart or chart.size < MAX_NODES

    for initiative in items:
        key = ("initiative", initiative.id)
        chart.node(key, initiative.title, css="done" if initiative.status == InitiativeStatus.DONE else "initiative")
        links.append(("initiative", initiative.id))
        if goal is not None:
            chart.edge(("goal", goal.id), key)
        for risk in portal.risks_mitigated_by(initiative):
            if not room_for(("risk", risk.id)):
                skipped += 1
                continue
            high = portal.above_appetite(risk)
            chart.node(("risk", risk.id), f"{risk.id} {risk.title}", shape="round", css="riskhigh" if high else "risk",
                       limit=36)
            chart.edge(key, ("risk", risk.id))
        for vendor_id in initiative.vendors:
            vendor = portal.vendors.get(vendor_id)
            if vendor is None:
                continue
            if not room_for(("vendor", vendor_id)):
                skipped += 1
                continue
            chart.node(("vendor", vendor_id), vendor.name, shape="stadium", css="vendor", limit=28)
            chart.edge(key, ("vendor", vendor_id), dotted=True, span=2)  # vendors in a column of their own
    note = left_out + (f"{skipped} link(s) to risks or vendors left out to keep the picture readable; "
                       "each initiative's page shows them all." if skipped else "")
    if not items:
        note = left_out + "No open initiative serves this goal."
    return Chart(title, chart.text(), note.strip(), links=tuple(links))
