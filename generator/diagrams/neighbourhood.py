"""Each item's neighbourhood on its own page: what it depends on, serves, mitigates and uses."""

from __future__ import annotations

from functools import partial
from typing import Any

from generator.diagrams.mermaid_builders import Flowchart
from generator.model import Initiative, InitiativeStatus, Risk, Vendor
from generator.model.common import Level
from generator.model.portal import Portal
from generator.diagrams.common import MAX_LIST, Chart, Item
from generator.model.i18n import N_, gettext as _, ngettext, pgettext, pN_


_WORDS = {
    (False, "serves"): N_("a goal this initiative serves"),
    (True, "needed first"): N_("needed first: this initiative depends on it"),
    (False, "then"): N_("comes after this initiative"),
    (False, "reduces"): N_("a risk this initiative reduces"),
    (False, "uses"): N_("a vendor this initiative uses"),
    (True, "reduces"): N_("an initiative reducing this risk"),
    (False, "involves"): N_("a vendor this risk involves"),
    (True, "uses"): N_("an initiative using this vendor"),
    (True, "involves"): N_("a risk naming this vendor"),
    (False, "exchanges data"): N_("exchanges data with this vendor"),
    (False, "replaced by"): N_("replaces this vendor"),
}
"""Each arrow of a neighbourhood in words, for the list under the picture."""
ARROWS = dict(
    (word, (context, word))
    for context, word in (
        pN_("diagram arrow", "serves"),
        pN_("diagram arrow", "needed first"),
        pN_("diagram arrow", "then"),
        pN_("diagram arrow", "reduces"),
        pN_("diagram arrow", "uses"),
        pN_("diagram arrow", "involves"),
        pN_("diagram arrow", "exchanges data"),
        pN_("diagram arrow", "replaced by"),
    )
)
"""The word on each arrow, in the portal's language (its context: a word on an arrow between two boxes)."""


def _around(
    chart: Flowchart,
    centre: Any,
    kind: str,
    items: list,
    text,
    css,
    incoming: bool,
    edge_text: str,
    shape: str = "rect",
    dotted: bool = False,
    drawn: list[Item] | None = None,
) -> None:
    """Up to MAX_LIST neighbours of one kind; the rest collapse into a '+N more' node."""
    arrow = pgettext(*ARROWS[edge_text])
    for item in items[:MAX_LIST]:
        key: tuple = (kind, item.id)
        node = chart.node(key, text(item), shape=shape, css=css(item))
        if drawn is not None:
            drawn.append(Item(kind, item.id, _(_WORDS.get((incoming, edge_text), edge_text)), node))
        if incoming:
            chart.edge(key, centre, arrow, dotted=dotted)
        else:
            chart.edge(centre, key, arrow, dotted=dotted)
    if len(items) > MAX_LIST:
        key = (kind, "more", edge_text)
        more = len(items) - MAX_LIST
        chart.node(key, ngettext("+%(num)d more", "+%(num)d more", more) % {"num": more}, shape="round", css="muted")
        chart.edge(key, centre, arrow, dotted=True) if incoming else chart.edge(centre, key, arrow, dotted=True)


def _initiative_css(initiative: Initiative) -> str:
    return {InitiativeStatus.DONE: "done", InitiativeStatus.CANCELLED: "cancelled"}.get(initiative.status, "initiative")


def _risk_css(portal: Portal):
    return lambda r: "riskhigh" if portal.above_appetite(r) else "risk"


def _vendor_css(vendor: Vendor) -> str:
    css: dict[Level | None, str] = {Level.CRITICAL: "vendorcritical", Level.HIGH: "vendorhigh"}
    return css.get(vendor.criticality, "vendor")


def _risk_text(risk: Risk) -> str:
    return f"{risk.id} {risk.title}"


def neighbourhood(portal: Portal, kind: str, item: Any) -> Chart | None:
    """A small flowchart centred on the item, or None when it stands alone."""
    chart = Flowchart("LR")
    centre = (kind, item.id)
    title = getattr(item, "title", None) or getattr(item, "name", item.id)
    drawn: list[Item] = []
    around = partial(_around, drawn=drawn)
    chart.node(centre, title if kind != "risk" else _risk_text(item), shape="subroutine", css="focus")
    if kind == "initiative":
        goals = [portal.goals[g] for g in item.goals if g in portal.goals]
        deps = [portal.initiatives[d] for d in item.depends_on if d in portal.initiatives]
        around(chart, centre, "goal", goals, lambda g: g.title, lambda g: "goal", False, "serves", "hexagon")
        around(chart, centre, "initiative", deps, lambda i: i.title, _initiative_css, True, "needed first")
        around(
            chart, centre, "initiative", portal.dependents_of(item), lambda i: i.title, _initiative_css, False, "then"
        )
        around(
            chart,
            centre,
            "risk",
            portal.risks_mitigated_by(item),
            _risk_text,
            _risk_css(portal),
            False,
            "reduces",
            "round",
        )
        vendors = [portal.vendors[v] for v in item.vendors if v in portal.vendors]
        around(chart, centre, "vendor", vendors, lambda v: v.name, _vendor_css, False, "uses", "stadium", True)
    elif kind == "risk":
        around(
            chart,
            centre,
            "initiative",
            portal.mitigations_of(item),
            lambda i: i.title,
            _initiative_css,
            True,
            "reduces",
        )
        around(
            chart,
            centre,
            "vendor",
            portal.vendors_for_risk(item),
            lambda v: v.name,
            _vendor_css,
            False,
            "involves",
            "stadium",
            True,
        )
    elif kind == "vendor":
        around(
            chart,
            centre,
            "initiative",
            portal.initiatives_using(item),
            lambda i: i.title,
            _initiative_css,
            True,
            "uses",
            dotted=True,
        )
        around(
            chart,
            centre,
            "risk",
            portal.risks_naming(item),
            _risk_text,
            _risk_css(portal),
            True,
            "involves",
            "round",
            True,
        )
        around(
            chart,
            centre,
            "vendor",
            portal.integrated_with(item),
            lambda v: v.name,
            _vendor_css,
            False,
            "exchanges data",
            "stadium",
        )
        if item.replaced_by and item.replaced_by in portal.vendors:
            around(
                chart,
                centre,
                "vendor",
                [portal.vendors[item.replaced_by]],
                lambda v: v.name,
                _vendor_css,
                False,
                "replaced by",
                "stadium",
            )
    else:
        raise ValueError(f"no neighbourhood for {kind!r}")
    if chart.size == 1:
        return None
    return Chart(_("How it connects"), chart.text(), items=tuple(drawn), legend=chart.legend)
