"""The site's view of git: a "What changed" page comparing this build with the previous published
version (or a given revision), and a history section on each item's page.

Both come from the same audience view as the rest of the site, so nothing internal reaches a client
build through a diff or a commit message.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.facts import formatting
from generator.model import i18n
from generator.sources import git as gitrepo
from generator.vcs.portal_diff import PortalDiff, diff_portals
from generator.vcs.diff_report import change_markdown
from generator.vcs.item_history import HistoryEntry, item_histories
from generator.render.dashboards import nav_entries
from generator.facts.figures import headline
from generator.model.site_map import item_path
from generator.render.pages import HeadlineChange, overview_page
from generator.model import kinds as registry
from generator.model.portal import Portal
from generator.problems import CtoportalError
from generator.vcs.published_versions import DEFAULT_BRANCH, DEFAULT_REMOTE, previous_version, read_versions
from generator.vcs.revisions import load_snapshot
from generator.render.site import SiteSources

CHANGES_PAGE = "changes.md"
_LOG = logging.getLogger("mkdocs.plugins.ctoportal")  # the plugin's logger: MkDocs prints it


@dataclass(frozen=True)
class Baseline:
    """What this build is compared with."""

    rev: str
    label: Markup
    """How a board reader knows it, as safe Markdown: ``version Board, September 2026, published Sep 14,
    2026`` (the version's title), or for a revision the day it was committed, ``Oct 14, 2026``; never
    a revision name or a commit id."""


def find_baseline(root: Path, since: str | None, version: str | None, branch: str = DEFAULT_BRANCH,
                  remote: str = DEFAULT_REMOTE) -> Baseline | None:
    """``since`` if given, else the previous published version recorded on the branch, else None."""
    if gitrepo.work_tree(root) is None:
        if since:
            raise CtoportalError(f"since: {since!r} needs a git repository, and {root} is not in one")
        return None
    if since:
        commit = gitrepo.require_commit(root, since)
        return Baseline(commit, formatting.md_escape(formatting.day(gitrepo.commit_date(root, commit))))
    previous = previous_version(read_versions(root, branch, remote), version)
    if previous is None or previous.commit is None:  # previous_version gives only versions with a commit
        return None
    published = f", published {formatting.day(dt.date.fromisoformat(previous.published[:10]))}" \
        if previous.published else ""
    return Baseline(previous.commit, Markup("version ") + formatting.md_escape(previous.title) + published)


_ENV = Environment(loader=PackageLoader("generator.render", "templates"), autoescape=False, finalize=formatting.md_escape,
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
_ENV.filters.update(day=formatting.day, change=lambda c: Markup(change_markdown(c)))  # escaped by the renderer
i18n.install(_ENV)  # templates may translate, in the language of the build


def _field_value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(_field_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_field_value(v)}" for k, v in value.items())
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


_ENV.filters["value"] = _field_value


def changes_page(portal: Portal, baseline: Baseline | None, diff: PortalDiff | None, unavailable: str | None) -> str:
    return _ENV.get_template("changes.md.j2").render(p=portal, baseline=baseline, diff=diff, unavailable=unavailable,
                                                     changes=diff.ordered() if diff else [])


DELTA_PAGES = ("index.md", "board-pack.md")
"""Pages that show what moved since the previous published version: the Overview and the board pack."""
DELTA_KINDS = ("kpi", "decided", "superseded", "deferred", "outcome")
"""The changes they show: KPI values and decisions taken; the rest is on the "What changed" page."""
MAX_DELTAS = 6


def with_deltas(page: str, path: str, baseline: Baseline, diff: PortalDiff) -> str:
    """``page`` with a short "Since <baseline>" list of the KPIs that moved and the decisions taken, placed
    before its first numbered or "Goals" section (else at the end), linking to the full "What changed" page."""
    moved = [c for c in diff.ordered() if c.change in DELTA_KINDS][:MAX_DELTAS]
    if not moved:
        return page
    link = posixpath.relpath(CHANGES_PAGE, posixpath.dirname(path) or ".")
    block = _ENV.get_template("_deltas.md.j2").render(baseline=baseline, changes=moved, link=Markup(link),
                                                        more=len([c for c in diff.ordered()]) - len(moved))
    for marker in ("\n## Goals and KPIs", "\n## 1. Strategy"):
        if marker in page:
            at = page.index(marker)
            return page[:at] + "\n" + block + page[at:]
    return page.rstrip("\n") + "\n\n" + block


def history_section(entries: list[HistoryEntry]) -> str:
    return _ENV.get_template("history.md.j2").render(entries=entries)


def add_git_pages(sources: SiteSources, root: Path, config_path: Path, portal: Portal, *, since: str | None,
                  version: str | None, history: bool = True) -> SiteSources:
    """The generated site plus the "What changed" page (when there is something to compare with) and
    each item's history (when the sources are in git)."""
    if gitrepo.work_tree(root) is None:
        return sources
    audience = portal.settings.audience
    repository = portal.without_overlay()  # git holds no overlay: compare and trace what the repository holds
    pages = dict(sources.pages)
    nav = list(sources.nav)
    baseline = find_baseline(root, since, version)
    if baseline is not None:
        diff, unavailable = None, None
        if not gitrepo.has_commit(root, baseline.rev):
            unavailable = (f"the sources of the published build (commit {baseline.rev[:7]}) are not in this "
                           f"clone; fetch the full history to compare")
        else:
            before = load_snapshot(config_path, baseline.rev)
            if before.validation.ok:
                diff = diff_portals(before.portal.for_audience(audience), repository.for_audience(audience))
                # The Overview's tiles with their change since the baseline, as the repository holds both
                # sides (the overlay is in neither); without a baseline they show no change at all.
                shown = repository.for_audience(audience)
                change = HeadlineChange(baseline.label, headline(shown), headline(before.portal.for_audience(audience)))
                pages["index.md"] = overview_page(portal.for_audience(audience), change)
            else:
                unavailable = f"the sources of commit {baseline.rev[:7]} do not validate, so they cannot be compared"
        if unavailable:  # the reason is for the consultant; the page only says there is no comparison
            _LOG.info(f"What changed: no comparison with {baseline.label}: {unavailable}")
        pages[CHANGES_PAGE] = changes_page(portal, baseline, diff, unavailable)
        if diff:
            for path in DELTA_PAGES:
                if path in pages:
                    pages[path] = with_deltas(pages[path], path, baseline, diff)
        # After the Overview and the pages kept right beside it (the board pack).
        nav.insert(1 + len(nav_entries("overview")), {"What changed": CHANGES_PAGE})
    if history:
        for (kind, item_id), entries in item_histories(root, repository, audience).items():
            if registry.kind(kind).shared_page is not None:
                continue  # goals, actions and frameworks share one page; their changes show on "What changed"
            path = item_path(kind, item_id)
            if path in pages and entries:
                pages[path] = pages[path].rstrip("\n") + "\n\n" + history_section(entries)
    return replace(sources, pages=pages, nav=nav)
