"""Vendor pictures: spend by category, renewals in the next 12 months, the integration map."""

from __future__ import annotations

from generator.facts import formatting
from generator.model.fiscal import Quarter
from generator.diagrams.mermaid import frontmatter, label
from generator.diagrams.mermaid_builders import Flowchart, Gantt
from generator.model.common import Level
from generator.model.portal import Portal
from generator.diagrams.common import MAX_GANTT_ROWS, MAX_NODES, Chart, Item, chunks, components, pack, part_title
from generator.model.i18n import gettext as _, ngettext, pgettext
from generator.facts.spend import Spend, spend
from generator.facts.vendors import Renewal, integrations, live, renewals

MIN_CATEGORIES = 3
"""A pie needs at least this many categories; fewer are a sentence and a table."""
PIE_SLICES = 7
"""Categories drawn as their own slice; the rest are one 'Other' slice."""
_PIE_CSS = ".pieTitleText:not(#ctp),.legend text:not(#ctp){fill:var(--md-default-fg-color)!important}"
PIE_COLOURS = ("#3949ab", "#00897b", "#8e24aa", "#f4511e", "#546e7a", "#c0ca33", "#d81b60", "#6d4c41")
PIE_CONFIG = {
    "themeCSS": _PIE_CSS,
    "pie": {"textPosition": 0.75},
    "theme": "base",
    "themeVariables": {
        **{f"pie{n}": c for n, c in enumerate(PIE_COLOURS, 1)},
        "pieSectionTextColor": "#ffffff",
        "pieSectionTextSize": "15px",
        "pieLegendTextSize": "16px",
        "pieStrokeColor": "#ffffff",
        "pieOuterStrokeWidth": "0px",
    },
}


def spend_pie(portal: Portal, data: Spend | None = None) -> Chart | None:
    data = data or spend(portal)
    paying = [c for c in data.categories if c.annual > 0]
    if len(paying) < MIN_CATEGORIES:
        return None  # one or two numbers read better as the table (and the sentence above it) than as a pie
    slices = [(c.category, c.annual) for c in paying[:PIE_SLICES]]
    rest = paying[PIE_SLICES:]
    if rest:
        slices.append(
            (
                ngettext("Other (%(num)d category)", "Other (%(num)d categories)", len(rest)) % {"num": len(rest)},
                sum(c.annual for c in rest),
            )
        )
    lines = [frontmatter(PIE_CONFIG) + "pie"]
    for name, amount in slices:
        lines.append(
            f'  "{label(name, 32)} #183; {label(formatting.money(amount, portal.settings.currency))}" : {amount:.2f}'
        )
    return Chart(
        _("Annual spend by category"),
        "\n".join(lines) + "\n",
        equivalent=_("The table below gives each category's annual cost and share."),
    )


# -- renewals --------------------------------------------------------------------------------------


def renewal_charts(portal: Portal, items: list[Renewal] | None = None) -> list[Chart]:
    """A bar per contract from its notice deadline to its end, by quarter of the end date."""
    items = renewals(portal) if items is None else items
    if not items:
        return []
    by_quarter: dict[str, list[Renewal]] = {}
    for item in items:
        by_quarter.setdefault(Quarter.of(item.end, portal.settings.fiscal_year_start).label, []).append(item)
    if len(items) <= MAX_GANTT_ROWS:
        groups = [(_("Renewals in the next 12 months"), list(by_quarter.items()))]
    else:
        groups = []
        for quarter, rows in by_quarter.items():
            parts = list(chunks(rows, MAX_GANTT_ROWS))
            for number, part in enumerate(parts, 1):
                title = _("Contracts ending in %(quarter)s") % {"quarter": quarter}
                title = part_title(title, number, len(parts)) if len(parts) > 1 else title
                groups.append((title, [(quarter, part)]))
    charts = []
    for title, sections in groups:
        gantt = Gantt(tick_interval="1month")
        drawn: list[Item] = []
        for quarter, rows in sections:
            gantt.section(_("Ending %(quarter)s") % {"quarter": quarter})
            for item in rows:
                tags = {"passed": ("done",), "soon": ("crit",), "open": ()}[item.state]
                suffix = _(" (notice passed)") if item.state == "passed" else ""
                renews = _(", auto-renews") if item.vendor.contract and item.vendor.contract.auto_renew else ""
                task = gantt.task(
                    item.vendor.id, item.vendor.name, item.notice_by, item.end, tags, detail=f"{renews}{suffix}"
                )
                drawn.append(Item("vendor", item.vendor.id, _renewal_words(item), task))
        gantt.marker(_("Today"), portal.today)
        charts.append(Chart(title, gantt.text(), wide=True, items=tuple(drawn)))
    return charts


def _renewal_words(item: Renewal) -> str:
    parts = [
        _("give notice by %(notice)s, contract ends %(end)s")
        % {"notice": formatting.day(item.notice_by), "end": formatting.day(item.end)}
    ]
    if item.vendor.contract and item.vendor.contract.auto_renew:
        parts.append(_("renews automatically"))
    if item.state == "passed":
        parts.append(_("the notice date has passed"))
    elif item.state == "soon":
        parts.append(_("notice due within 30 days"))
    return "; ".join(parts)


# -- integration map -------------------------------------------------------------------------------


def integration_charts(portal: Portal) -> list[Chart]:
    """Vendors that exchange data, grouped by connected part; critical ones stand out."""
    vendors = {v.id: v for v in live(portal)}
    pairs = integrations(portal)
    if not pairs:
        return []
    linked = [v for v in vendors if any(v in p for p in pairs)]
    groups = components(linked, pairs)
    bins = pack([g for g in groups if len(g) <= MAX_NODES], MAX_NODES)
    for group in (g for g in groups if len(g) > MAX_NODES):
        # Most connected first, so each part keeps its hubs.
        ranked = sorted(group, key=lambda v: (-sum(v in p for p in pairs), vendors[v].name))
        bins.extend(chunks(ranked, MAX_NODES))
    charts = []
    for number, members in enumerate(bins, 1):
        title = _("Integration map") if len(bins) == 1 else part_title(_("Integration map"), number, len(bins))
        inside = set(members)
        chart = Flowchart("LR")
        drawn: list[Item] = []
        for vendor_id in members:
            vendor = vendors[vendor_id]
            by_level: dict[Level | None, str] = {Level.CRITICAL: "vendorcritical", Level.HIGH: "vendorhigh"}
            css = by_level.get(vendor.criticality, "vendor")
            node = chart.node(vendor_id, f"{vendor.name} · {vendor.category}", shape="stadium", css=css)
            partners = [vendors[b if a == vendor_id else a].name for a, b in pairs if vendor_id in (a, b)]
            level = (
                _("%(level)s criticality") % {"level": pgettext("level", vendor.criticality.value)}
                if vendor.criticality
                else _("no criticality")
            )
            words = "; ".join(
                [str(vendor.category), level, _("exchanges data with %(vendors)s") % {"vendors": ", ".join(partners)}]
            )
            drawn.append(Item("vendor", vendor_id, words, node))
        crossing = 0
        for a, b in pairs:
            if a in inside and b in inside:
                chart.edge(a, b, undirected=True)
            elif a in inside or b in inside:
                other = b if a in inside else a
                chart.node(other, vendors[other].name, detail=_("in another part"), shape="round", css="muted")
                chart.edge(a, b, undirected=True, dotted=True)
                crossing += 1
        note = (
            ngettext(
                "%(num)d link to a vendor drawn in another part is dotted.",
                "%(num)d links to vendors drawn in another part are dotted.",
                crossing,
            )
            % {"num": crossing}
            if crossing
            else ""
        )
        charts.append(Chart(title, chart.text(), note, items=tuple(drawn), legend=chart.legend))
    return charts
