"""Traceability: from each goal to the initiatives serving it, the risks they reduce and the vendors involved."""

from __future__ import annotations

from generator.diagrams.mermaid import Flowchart
from generator.model import Initiative, InitiativeStatus
from generator.model.portal import Portal
from generator.diagrams.common import MAX_NODES, Chart, chunks
from generator.facts.schedule import is_open


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
            high = risk.score > appetite and not risk.is_closed
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
