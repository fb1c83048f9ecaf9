"""Vendor pictures: spend by category, renewals in the next 12 months, overlaps, the integration map."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.facts import formatting
from generator.model.fiscal import Quarter
from generator.diagrams.mermaid import Flowchart, Gantt, frontmatter, label
from generator.model import Vendor, VendorStatus
from generator.model.common import Level
from generator.model.portal import Portal
from generator.diagrams.common import MAX_GANTT_ROWS, MAX_NODES, Chart, chunks, components, pack

PIE_SLICES = 7
"""Categories drawn as their own slice; the rest are one 'Other' slice."""
RENEWAL_WINDOW = dt.timedelta(days=365)
NOTICE_SOON = dt.timedelta(days=30)
_PIE_CSS = ".pieTitleText:not(#ctp),.legend text:not(#ctp){fill:var(--md-default-fg-color)!important}"
PIE_COLOURS = ("#3949ab", "#00897b", "#8e24aa", "#f4511e", "#546e7a", "#c0ca33", "#d81b60", "#6d4c41")
PIE_CONFIG = {"themeCSS": _PIE_CSS, "pie": {"textPosition": 0.75}, "theme": "base",
              "themeVariables": {**{f"pie{n}": c for n, c in enumerate(PIE_COLOURS, 1)},
                                 "pieSectionTextColor": "#ffffff", "pieSectionTextSize": "15px",
                                 "pieLegendTextSize": "16px", "pieStrokeColor": "#ffffff", "pieOuterStrokeWidth": "0px"}}


def live(portal: Portal) -> list[Vendor]:
    return [v for v in portal.vendors.values() if v.status != VendorStatus.RETIRED]


@dataclass(frozen=True)
class CategorySpend:
    category: str
    vendors: list[Vendor]
    annual: float
    leaving: float
    """Of which vendors being phased out (sunsetting)."""


@dataclass(frozen=True)
class Spend:
    categories: list[CategorySpend]
    total: float
    other_currency: list[Vendor]
    """Vendors billed in another currency: listed, not added up (no exchange rates here)."""

    @property
    def count(self) -> int:
        return sum(len(c.vendors) for c in self.categories)


def spend(portal: Portal) -> Spend:
    """The annual vendor spend by category: the vendors ``figures.annual_vendor_spend`` counts (active and
    sunsetting; evaluating and retired ones are left out), so the total is that figure."""
    sums: dict[str, list[Vendor]] = {}
    other = []
    for vendor in live(portal):
        if vendor.status == VendorStatus.EVALUATING:
            continue
        if vendor.cost is not None and portal.converted(1.0, vendor.cost) is None:
            other.append(vendor)  # no exchange rate (a validation error): never added as the portal's currency
            continue
        sums.setdefault(vendor.category, []).append(vendor)

    def annual(v: Vendor) -> float:
        return portal.converted(portal.annual_cost(v), v.cost) or 0.0

    categories = [CategorySpend(cat, vs, sum(annual(v) for v in vs),
                                sum(annual(v) for v in vs if v.status == VendorStatus.SUNSETTING))
                  for cat, vs in sums.items()]
    categories.sort(key=lambda c: (-c.annual, c.category))
    return Spend(categories, sum(c.annual for c in categories), other)


def spend_pie(portal: Portal, data: Spend | None = None) -> Chart | None:
    data = data or spend(portal)
    paying = [c for c in data.categories if c.annual > 0]
    if not paying:
        return None
    slices = [(c.category, c.annual) for c in paying[:PIE_SLICES]]
    rest = paying[PIE_SLICES:]
    if rest:
        slices.append((f"Other ({len(rest)} categories)", sum(c.annual for c in rest)))
    lines = [frontmatter(PIE_CONFIG) + "pie"]
    for name, amount in slices:
        lines.append(f'  "{label(name, 32)} #183; {label(formatting.money(amount, portal.settings.currency))}" : {amount:.2f}')
    return Chart("Annual spend by category", "\n".join(lines) + "\n")


# -- renewals --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Renewal:
    vendor: Vendor
    end: dt.date
    notice_by: dt.date
    annual: float
    state: str
    """passed (too late to give notice), soon (within 30 days) or open."""


def renewals(portal: Portal) -> list[Renewal]:
    """Contracts ending in the next 12 months, by end date."""
    today = portal.today
    found = []
    for vendor in live(portal):
        contract = vendor.contract
        if contract is None or contract.end is None or not today <= contract.end <= today + RENEWAL_WINDOW:
            continue
        notice_by = portal.notice_deadline(vendor)
        state = "passed" if notice_by < today else ("soon" if notice_by <= today + NOTICE_SOON else "open")
        found.append(Renewal(vendor, contract.end, notice_by, portal.annual_cost(vendor), state))
    return sorted(found, key=lambda r: (r.end, r.vendor.name))


def renewal_charts(portal: Portal, items: list[Renewal] | None = None) -> list[Chart]:
    """A bar per contract from its notice deadline to its end, by quarter of the end date."""
    items = renewals(portal) if items is None else items
    if not items:
        return []
    by_quarter: dict[str, list[Renewal]] = {}
    for item in items:
        by_quarter.setdefault(Quarter.of(item.end, portal.settings.fiscal_year_start).label, []).append(item)
    if len(items) <= MAX_GANTT_ROWS:
        groups = [("Renewals in the next 12 months", list(by_quarter.items()))]
    else:
        groups = []
        for quarter, rows in by_quarter.items():
            parts = list(chunks(rows, MAX_GANTT_ROWS))
            for number, part in enumerate(parts, 1):
                title = f"Contracts ending in {quarter}" + (f" (part {number} of {len(parts)})" if len(parts) > 1 else "")
                groups.append((title, [(quarter, part)]))
    charts = []
    for title, sections in groups:
        gantt = Gantt(axis_format="%b %Y", tick_interval="1month")
        for quarter, rows in sections:
            gantt.section(f"Ending {quarter}")
            for item in rows:
                tags = {"passed": ("done",), "soon": ("crit",), "open": ()}[item.state]
                suffix = " (notice passed)" if item.state == "passed" else ""
                renews = ", auto-renews" if item.vendor.contract.auto_renew else ""
                text = f"{item.vendor.name}{renews}{suffix}"
                gantt.task(item.vendor.id, text, item.notice_by, item.end, tags)
        gantt.marker("Today", portal.today)
        charts.append(Chart(title, gantt.text(), wide=True,
                            links=tuple(("vendor", r.vendor.id) for _, rows in sections for r in rows)))
    return charts


# -- overlaps --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Overlap:
    capability: str
    vendors: list[Vendor]
    at_stake: float
    """Annual cost of all the vendors sharing the capability."""
    keep_one_saves: float
    """What keeping only the most expensive one (usually the broadest) would save at most."""


def overlaps(portal: Portal) -> list[Overlap]:
    result = []
    for capability, vendors in portal.overlaps().items():
        costs = [portal.annual_cost(v) for v in vendors]
        result.append(Overlap(capability, sorted(vendors, key=lambda v: -portal.annual_cost(v)), sum(costs),
                              sum(costs) - max(costs)))
    return sorted(result, key=lambda o: (-o.at_stake, o.capability))


# -- integration map -------------------------------------------------------------------------------

def integration_charts(portal: Portal) -> list[Chart]:
    """Vendors that exchange data, grouped by connected part; critical ones stand out."""
    vendors = {v.id: v for v in live(portal)}
    pairs = []
    for vendor in vendors.values():
        for other in vendor.integrations:
            if other in vendors and other != vendor.id:
                pair = tuple(sorted((vendor.id, other)))
                if pair not in pairs:
                    pairs.append(pair)
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
        title = "Integration map" if len(bins) == 1 else f"Integration map (part {number} of {len(bins)})"
        inside = set(members)
        chart = Flowchart("LR")
        for vendor_id in members:
            vendor = vendors[vendor_id]
            css = {Level.CRITICAL: "critical", Level.HIGH: "high"}.get(vendor.criticality, "vendor")
            chart.node(vendor_id, f"{vendor.name} · {vendor.category}", shape="stadium", css=css)
        crossing = 0
        for a, b in pairs:
            if a in inside and b in inside:
                chart.edge(a, b, undirected=True)
            elif a in inside or b in inside:
                other = b if a in inside else a
                chart.node(other, vendors[other].name, detail="in another part", shape="round", css="muted")
                chart.edge(a, b, undirected=True, dotted=True)
                crossing += 1
        note = f"{crossing} link(s) to vendors drawn in another part are dotted." if crossing else ""
        charts.append(Chart(title, chart.text(), note, links=tuple(("vendor", v) for v in members)))
    return charts
