"""Where each generated page lives in the site: the one list that checks, the loader (a strategy page may
not take a generated page's place), links and the renderer all read. Which template lays a page out and
what it shows is the renderer's business (``render/dashboards.py``); its path and title are here."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import kinds as registry
from generator.model.i18n import N_

INDEX_PAGE = "index.md"
DOWNLOADS_PAGE = "downloads.md"
CHANGES_PAGE = "changes.md"

PAGED_KINDS = tuple(kind for kind in registry.KINDS if kind.shared_page is None)
"""Kinds with a page per item and a tab of their own, in the registry's order."""


@dataclass(frozen=True)
class DashboardPage:
    path: str
    section: str
    """The navigation section it belongs to: roadmap, risks, vendors; ``""`` for a top-level tab at the
    end, ``"overview"`` for a top-level tab right after the Overview."""
    title: str
    """In English, marked for translation: shown as ``gettext(title)``."""


DASHBOARD_PAGES: tuple[DashboardPage, ...] = (
    DashboardPage("roadmap/timeline.md", "roadmap", N_("Timeline")),
    DashboardPage("roadmap/dependencies.md", "roadmap", N_("Dependencies")),
    DashboardPage("roadmap/traceability.md", "roadmap", N_("Why each initiative exists")),
    DashboardPage("risks/heatmap.md", "risks", N_("Heat maps")),
    DashboardPage("risks/board-summary.md", "risks", N_("Board risk summary")),
    DashboardPage("vendors/spend.md", "vendors", N_("Spend and overlaps")),
    DashboardPage("vendors/renewals.md", "vendors", N_("Renewals")),
    DashboardPage("vendors/integrations.md", "vendors", N_("Integration map")),
    DashboardPage("budget.md", "", N_("Budget")),
    DashboardPage("board-pack.md", "overview", N_("Board pack")),
    # The governance record (render/governance.py).
    DashboardPage("decisions/plan.md", "decisions", N_("90-day plan")),
    DashboardPage("decisions/due-soon.md", "decisions", N_("Due soon")),
    DashboardPage("decisions/stopped.md", "decisions", N_("What we stopped")),
    DashboardPage("decisions/value.md", "decisions", N_("Value delivered")),
)
_BY_PATH = {page.path: page for page in DASHBOARD_PAGES}


def dashboard(path: str) -> DashboardPage:
    return _BY_PATH[path]


def item_path(kind: str, item_id: str) -> str:
    return registry.kind(kind).page(item_id)


def generated_paths() -> tuple[str, ...]:
    """Every page the portal generates whatever the sources hold (item pages apart)."""
    return (
        INDEX_PAGE,
        DOWNLOADS_PAGE,
        CHANGES_PAGE,
        *(k.shared_page for k in registry.KINDS if k.shared_page),
        *(d.path for d in DASHBOARD_PAGES),
        *(f"{k.section}/index.md" for k in PAGED_KINDS),
    )
