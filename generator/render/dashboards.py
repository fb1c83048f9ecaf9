"""The visual pages (timeline, dependencies, heat maps, spend, budget, compliance...): where each one
lives, which template lays it out, and the diagram data it gets. ``pages.py`` renders them."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.facts import figures
from generator.facts.board_pack import board_pack, verdict
from generator.diagrams import budget, dependencies, timeline, vendors
from generator.facts import budget as budget_facts
from generator.facts import lanes, risks, spend, traceability, vendors as vendor_facts
from generator.facts.compliance import Coverage, compliance_pack
from generator.model.i18n import gettext
from generator.facts.schedule import Schedule
from generator.render.governance import GOVERNANCE_PAGES
from generator.model.portal import Portal
from generator.model.site_map import DashboardPage, dashboard
from generator.render.navigation import Link


@dataclass(frozen=True)
class Dashboard:
    page: DashboardPage
    """Where it lives and its title (model/site_map.py)."""
    template: str
    context: Callable[[Portal], dict[str, Any]]

    @property
    def path(self) -> str:
        return self.page.path

    @property
    def section(self) -> str:
        return self.page.section

    @property
    def title(self) -> str:
        return self.page.title


def _timeline(portal: Portal) -> dict[str, Any]:
    schedule = Schedule(portal)
    return {
        "timeline": timeline.timeline(portal, schedule),
        "lanes": lanes.board(portal, schedule),
        "schedule": schedule,
    }


def _dependencies(portal: Portal) -> dict[str, Any]:
    schedule = Schedule(portal)
    return {"charts": dependencies.dependency_charts(portal, schedule), "schedule": schedule}


def _traceability(portal: Portal) -> dict[str, Any]:
    return {"goals": traceability.traceability(portal)}


def _heat_maps(portal: Portal) -> dict[str, Any]:
    return {"maps": risks.heat_maps(portal), "likelihood": risks.LIKELIHOOD, "impact": risks.IMPACT}


def _board_summary(portal: Portal) -> dict[str, Any]:
    schedule = Schedule(portal)  # what holds up each mitigation, said on the page in the portal's language
    return {"lines": risks.board_summary(portal, schedule), "schedule": schedule}


def _spend(portal: Portal) -> dict[str, Any]:
    data = spend.spend(portal)
    return {"spend": data, "pie": vendors.spend_pie(portal, data), "overlaps": figures.duplicate_jobs(portal)}


def _renewals(portal: Portal) -> dict[str, Any]:
    items = vendor_facts.renewals(portal)
    return {"renewals": items, "charts": vendors.renewal_charts(portal, items)}


def _integrations(portal: Portal) -> dict[str, Any]:
    return {"charts": vendors.integration_charts(portal)}


def _budget(portal: Portal) -> dict[str, Any]:
    data = budget_facts.budget(portal)
    return {"budget": data, "chart": budget.quarter_chart(portal, data)}


def _board_pack(portal: Portal) -> dict[str, Any]:
    pack = board_pack(portal)
    return {
        "pack": pack,
        "verdict": verdict(portal),
        "chart": budget.quarter_chart(portal, pack.money.budget),
        "compliance": compliance_pack(portal),
        "Coverage": Coverage,
    }


DASHBOARDS = (
    Dashboard(dashboard("roadmap/timeline.md"), "roadmap/timeline.md.j2", _timeline),
    Dashboard(dashboard("roadmap/dependencies.md"), "roadmap/dependencies.md.j2", _dependencies),
    Dashboard(dashboard("roadmap/traceability.md"), "roadmap/traceability.md.j2", _traceability),
    Dashboard(dashboard("risks/heatmap.md"), "risks/heatmap.md.j2", _heat_maps),
    Dashboard(dashboard("risks/board-summary.md"), "risks/board-summary.md.j2", _board_summary),
    Dashboard(dashboard("vendors/spend.md"), "vendors/spend.md.j2", _spend),
    Dashboard(dashboard("vendors/renewals.md"), "vendors/renewals.md.j2", _renewals),
    Dashboard(dashboard("vendors/integrations.md"), "vendors/integrations.md.j2", _integrations),
    Dashboard(dashboard("budget.md"), "budget.md.j2", _budget),
    Dashboard(dashboard("board-pack.md"), "board-pack.md.j2", _board_pack),
    *(Dashboard(dashboard(path), template, context) for path, template, context in GOVERNANCE_PAGES),
)


def nav_entries(section: str) -> list[Link]:
    """Navigation entries for one section's dashboards (``""``: the top-level ones)."""
    return [Link(nav_title(d.title), d.path) for d in DASHBOARDS if d.section == section]


def nav_title(message: str) -> str:
    """A navigation title in the portal's language. mkdocs-material writes navigation titles as HTML, so a
    translation is escaped like any text: a catalogue is text, never markup."""
    return html.escape(gettext(message), quote=False)
