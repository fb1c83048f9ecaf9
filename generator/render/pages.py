"""Render the portal's pages (Markdown with a little HTML) from the model through Jinja2 templates.

Every value reaching a template is escaped for Markdown and HTML by ``finalize``; only values already
made safe (links we build, sanitised Markdown) are ``Markup`` and pass unchanged.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from generator.render import exports
from generator.facts import formatting
from generator.model.i18n import N_, gettext as _
from generator.checks import links
from generator.output.board_pack_pdf import PdfFile
from generator.render.exports import Download
from generator.model import InitiativeStatus, RiskStatus, VendorStatus
from generator.model.roadmap import Horizon
from generator.facts.board_pack import board_pack, verdict
from generator.facts.figures import Headline, contract_decisions
from generator.checks.board_rules import page_alerts
from generator.render.compliance import compliance_nav, compliance_pages
from generator.render.dashboards import DASHBOARDS, nav_entries, nav_title
from generator.model import kinds as registry
from generator.model.site_map import CHANGES_PAGE, DOWNLOADS_PAGE, PAGED_KINDS, item_path
from generator.render.navigation import Link, Navigation, Section
from generator.model.portal import Portal, ReaderPortal


from generator.render.environment import _ENV


@dataclass
class PageContext:
    """What a template needs to link from the page being rendered to any other page."""

    portal: Portal
    path: str
    targets: links.Targets | None = None
    """Every page a link written in the sources may reach (links.targets), computed once per site."""

    def _resolve(self, href: str) -> links.Target | None:
        if self.targets is None:
            self.targets = links.targets(self.portal)
        return links.resolve(href, self.path, self.targets)

    def source_href(self, href: str) -> str | None:
        """A link in HTML we write from source Markdown, as the built site needs it; None for a link to no page
        of this portal (an internal one in a client build included): it is left out, its text kept."""
        target = self._resolve(href)
        if target is None:
            return href
        if target is links.UNKNOWN:
            return None
        return links.relative_url(target, self.path, self.portal.directory_urls)

    def source_links(self, text: str) -> str:
        """Markdown whose links to items (R-001.md from any folder) point at the items' pages, for MkDocs."""
        for link in reversed(links.links_in(text)):
            target = self._resolve(link.href)
            if target is not None and target is not links.UNKNOWN:
                start, end = link.start, link.end
                if text[start - 1 : start] == "<" and text[end : end + 1] == ">":
                    start, end = start - 1, end + 1
                text = text[:start] + str(self.url(target.path, target.anchor)) + text[end:]
        return text

    def url(self, target: str, anchor: str = "") -> Markup:
        rel = posixpath.relpath(target, posixpath.dirname(self.path) or ".")
        return Markup(rel + (f"#{anchor}" if anchor else ""))

    def link(self, kind: str, item_id: str, text: str | None = None, with_id: bool = False) -> Markup:
        item = self.portal.of_kind(kind).get(item_id)
        if item is None:
            return formatting.md_escape(item_id)
        label = (
            text
            if text is not None
            else (getattr(item, "title", None) or getattr(item, "name", None) or getattr(item, "question", item_id))
        )
        if isinstance(label, Markup):  # text built in a template: make it plain again, then escape it once
            label = label.unescape()
        if with_id:
            label = f"{item_id} {label}"
        anchor = registry.kind(kind).anchor(item_id)
        return Markup(f"[{formatting.md_escape(label)}]({self.url(item_path(kind, item_id), anchor)})")

    def item_href(self, kind: str, item_id: str) -> str | None:
        """The address of an item's page from this page, as the built site needs it (a diagram's node
        link); None for an item this portal does not have, such as an internal one in a client build."""
        if item_id not in self.portal.of_kind(kind):
            return None
        anchor = f"goal-{item_id.lower()}" if kind == "goal" else ""
        target = links.Target(item_path(kind, item_id), anchor, item_id, False)
        return links.relative_url(target, self.path, self.portal.directory_urls)

    def download_link(self, download: Download) -> Markup:
        """A link that saves the file under its full name (client, register and date)."""
        # A Markdown link, so that MkDocs makes it relative to wherever the page ends up; the file name
        # is made of [a-z0-9.-] only, so it needs no escaping in the attribute list.
        return Markup(
            f'[{formatting.md_escape(download.title)}]({self.url(download.path)}){{ download="{download.filename}" }}'
        )


def render_page(template: str, portal: Portal, path: str, targets: links.Targets | None = None, **extra: Any) -> str:
    context = PageContext(portal, path, targets)
    return _ENV.get_template(template).render(
        p=portal,
        s=portal.settings,
        today=portal.today,
        ctx=context,
        link=context.link,
        url=context.url,
        download_link=context.download_link,
        Horizon=Horizon,
        InitiativeStatus=InitiativeStatus,
        RiskStatus=RiskStatus,
        VendorStatus=VendorStatus,
        relative=lambda d: formatting.relative(d, portal.today),
        **extra,
    )


@dataclass(frozen=True)
class HeadlineChange:
    """The Overview's headline figures now and in the version it is compared with (the What-changed
    baseline), both computed by ``figures.headline``: a change is never defined a second time."""

    since: Markup
    """The baseline as a board reader knows it (``version Board, September 2026, published ...``)."""
    now: Headline
    before: Headline

    def of(self, figure: str) -> float:
        return getattr(self.now, figure) - getattr(self.before, figure)


@dataclass(frozen=True)
class WhatChanged:
    """The "What changed" page: what this build is compared with and what changed since (vcs/what_changed.py)."""

    label: Markup
    """The baseline as a board reader knows it (``version Board, September 2026, published ...``)."""
    changes: tuple[Markup, ...] = ()
    """Each change as a line of Markdown, its source text escaped, most important first."""
    unavailable: str | None = None
    """Why there is no comparison: for the consultant's log; the page only says there is none."""
    moved: tuple[Markup, ...] = ()
    """What the Overview and the board pack say moved since (KPI values, decisions taken): a few lines."""
    more: int = 0
    """How many other changes the What changed page lists."""


@dataclass(frozen=True)
class GitFacts:
    """What git adds to the pages, computed before any page is rendered (vcs/what_changed.git_facts), so
    that each page is rendered once with everything it shows. Empty: the sources are not in git."""

    what_changed: WhatChanged | None = None
    """The "What changed" page and its place in the navigation; None: nothing to compare with."""
    headline_change: HeadlineChange | None = None
    """The Overview's tiles with their change since the baseline."""
    histories: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    """The history entries (vcs/history_entries.HistoryEntry) of each item page, by its path."""


NO_GIT = GitFacts()


def overview_page(portal: ReaderPortal, change: HeadlineChange | None = None, since: WhatChanged | None = None) -> str:
    """The Overview: its first screen says how the client is doing (the verdict of ``strategy/index.md``, the
    board pack's summary, the headline figures and their change when there is a baseline, the decisions)."""
    return render_page(
        "overview.md.j2",
        portal,
        "index.md",
        decisions=contract_decisions(portal),
        pack=board_pack(portal),
        change=change,
        verdict=verdict(portal),
        since=since,
    )


def render_pages(
    portal: ReaderPortal,
    downloads: Sequence[Download] | None = None,
    board_pack_pdf: PdfFile | None = None,
    git: GitFacts = NO_GIT,
) -> dict[str, str]:
    """Every page of the site, by path (``risks/R-001.md``), for the portal as the reader may see it, each
    rendered once with everything it shows (its history, the Overview's change: ``git``)."""
    alerts = page_alerts(portal)  # the portal as the reader sees it: no alert names an internal item
    # What moved since the baseline (KPIs, decisions taken), on the Overview and in the board pack.
    since = git.what_changed if git.what_changed is not None and git.what_changed.moved else None
    pages = {"index.md": overview_page(portal, git.headline_change, since)}
    targets = links.targets(portal)  # for the links written in source Markdown
    for page in portal.pages:
        path = f"strategy/{page.slug}.md"
        pages[path] = render_page("strategy_page.md.j2", portal, path, targets, page=page)
    pages["strategy/goals.md"] = render_page("goals.md.j2", portal, "strategy/goals.md", targets)
    for kind in PAGED_KINDS:  # a page per item, <kind>.md.j2, under the section's page, <section>.md.j2
        index = f"{kind.section}/index.md"
        pages[index] = render_page(f"{kind.section}.md.j2", portal, index, alerts=alerts)
        for item_id, item in portal.of_kind(kind.name).items():
            path = item_path(kind.name, item_id)
            pages[path] = render_page(
                f"{kind.name}.md.j2",
                portal,
                path,
                targets,
                item=item,
                alerts=alerts,
                history=git.histories.get(path, ()),
            )
    pages.update(
        compliance_pages(
            portal, lambda template, path, **extra: render_page(template, portal, path, targets, alerts=alerts, **extra)
        )
    )
    for dashboard in DASHBOARDS:
        pages[dashboard.path] = render_page(
            dashboard.template, portal, dashboard.path, alerts=alerts, since=since, **dashboard.context(portal)
        )
    files = exports.downloads(portal) if downloads is None else downloads
    pages[DOWNLOADS_PAGE] = render_page(
        "downloads.md.j2",
        portal,
        DOWNLOADS_PAGE,
        board_pack_pdf=board_pack_pdf,
        groups=[
            (
                _("Spreadsheets"),
                _(
                    "The roadmap, risk register, vendors, KPIs and, where the portal has them, the "
                    "control register, requirement mapping and AI register: one workbook, or a CSV file "
                    "each."
                ),
                [d for d in files if d.path.endswith((".xlsx", ".csv"))],
            ),
            (
                _("Calendars"),
                _("Deadlines and milestones as calendar events."),
                [d for d in files if d.path.endswith(".ics")],
            ),
            (_("Data"), _("Everything as structured data."), [d for d in files if d.path.endswith(".json")]),
        ],
    )
    if git.what_changed is not None:
        what = git.what_changed
        pages[CHANGES_PAGE] = render_page(
            "changes.md.j2", portal, CHANGES_PAGE, baseline=what, changes=what.changes, unavailable=what.unavailable
        )
    return pages


def navigation(portal: ReaderPortal, git: GitFacts = NO_GIT) -> Navigation:
    """The site navigation: overview (and What changed, when there is a comparison), then one tab per
    section with its register and dashboards.

    Items are not listed: each is reached from its register (and search, and links), so the navigation
    every page carries stays the same size however many items the portal holds. Strategy pages are
    written by hand, a few per client, and are listed."""
    strategy = [Link(None, f"strategy/{page.slug}.md") for page in portal.pages]
    strategy.append(Link(nav_title("Goals and KPIs"), "strategy/goals.md"))
    # After the Overview and the pages kept right beside it (the board pack).
    changes = [Link(nav_title(N_("What changed")), CHANGES_PAGE)] if git.what_changed is not None else []

    def section(kind: registry.Kind) -> Section:
        return Section(nav_title(kind.label), f"{kind.section}/index.md", tuple(nav_entries(kind.section)))

    return Navigation(
        (
            Link(nav_title(N_("Overview")), "index.md"),
            *nav_entries("overview"),
            *changes,
            Section(nav_title(N_("Strategy")), None, tuple(strategy)),
            # The controls' tab (Compliance) also holds the coverage of each framework and the readiness checklist.
            *(
                compliance_nav(portal, section(kind)) if kind.name == "control" else section(kind)
                for kind in PAGED_KINDS
            ),
            *nav_entries(""),
            Link(nav_title(N_("Downloads")), DOWNLOADS_PAGE),
        )
    )
