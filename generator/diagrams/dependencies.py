"""The dependency graph: initiatives linked by what must finish first, the critical path marked."""

from __future__ import annotations

from generator.diagrams.mermaid_builders import Flowchart
from generator.model import Initiative, InitiativeStatus
from generator.model.portal import Portal
from generator.diagrams.common import MAX_NODES, Chart, Item, chunks, components, month, pack, part_title, state_word
from generator.facts.formatting import status_word
from generator.model.i18n import gettext as _, ngettext
from generator.facts.schedule import Schedule, is_open


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
        trimmed = [
            n
            for n in group
            if is_open(portal.initiatives[n]) or any(is_open(portal.initiatives[b]) for a, b in edges if a == n)
        ]
        bins.extend(chunks(_topological(trimmed, edges), MAX_NODES))
    total = len(bins)
    for number, members in enumerate(bins, 1):
        title = _("Dependencies") if total == 1 else part_title(_("Dependencies"), number, total)
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


def _dependency_chart(
    portal: Portal, schedule: Schedule, members: list[str], edges: list[tuple[str, str]], title: str
) -> Chart:
    chart = Flowchart("LR")
    inside = set(members)
    path = [i.id for i in schedule.critical_path]
    critical_edges = set(zip(path, path[1:]))
    items: list[Item] = []
    for item_id in members:
        initiative = portal.initiatives[item_id]
        node = chart.node(
            item_id, initiative.title, detail=_node_detail(initiative, schedule), css=_node_class(initiative, schedule)
        )
        if item_id in path:
            chart.add_class(item_id, "critical")  # an outline: it keeps the fill that says late or blocked
        items.append(Item("initiative", item_id, _words(initiative, schedule, path), node))
    outside = 0
    for a, b in edges:
        if a in inside and b in inside:
            chart.edge(a, b, critical=(a, b) in critical_edges)
        elif a in inside or b in inside:
            other = b if a in inside else a
            chart.node(other, portal.initiatives[other].title, detail=_("in another part"), shape="round", css="muted")
            outside += 1
            chart.edge(a, b, dotted=True)
    note = (
        ngettext(
            "%(num)d link to an initiative drawn in another part is dotted.",
            "%(num)d links to initiatives drawn in another part are dotted.",
            outside,
        )
        % {"num": outside}
        if outside
        else ""
    )
    return Chart(title, chart.text(), note, items=tuple(items), legend=chart.legend)


def _node_detail(initiative: Initiative, schedule: Schedule) -> str:
    span = schedule.span(initiative)
    state = (
        state_word("late")
        if schedule.is_late(initiative)
        else status_word(initiative.status.value, "initiative status")
    )
    if initiative.end:
        return _("%(state)s, ends %(when)s") % {"state": state, "when": initiative.end.label}
    if span:
        return _("%(state)s, from %(when)s") % {"state": state, "when": month(span.start)}
    return state


def _node_class(initiative: Initiative, schedule: Schedule) -> str:
    """The node's fill: one state, one colour (the key under the picture says which)."""
    if initiative.status == InitiativeStatus.CANCELLED:
        return "cancelled"
    if initiative.status == InitiativeStatus.PAUSED:
        return "paused"
    if schedule.is_late(initiative):
        return "late"
    if initiative.id in schedule.blocked:
        return "blocked"
    if initiative.status == InitiativeStatus.DONE:
        return "done"
    return "initiative"


def _words(initiative: Initiative, schedule: Schedule, path: list[str]) -> str:
    """The node and its arrows in words: its state, what it needs first, what waits on it."""
    parts = [_node_detail(initiative, schedule)]
    needs = schedule.dependencies(initiative)
    if needs:
        parts.append(_("needs first: %(initiatives)s") % {"initiatives": ", ".join(d.title for d in needs)})
    parts.extend(
        _("waits on %(initiative)s (%(state)s)") % {"initiative": dep.title, "state": state_word(reason)}
        for dep, reason in schedule.blocked.get(initiative.id, [])
    )
    waiting = [d.title for d in schedule.portal.dependents_of(initiative) if is_open(d)]
    if waiting and schedule.holds_up(initiative):
        parts.append(
            ngettext("holds up %(num)d open initiative", "holds up %(num)d open initiatives", len(waiting))
            % {"num": len(waiting)}
        )
    if initiative.id in path:
        parts.append(_("on the critical path"))
    return "; ".join(parts)
