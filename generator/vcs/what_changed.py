"""The site's view of git: a "What changed" page comparing this build with the previous published
version (or a given revision), and a history section on each item's page, as facts the renderer takes
(``git_facts``): pages are rendered once, with them.

Both come from the same audience view as the rest of the site, so nothing internal reaches a client
build through a diff or a commit message.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from generator.facts import formatting
from generator.model.i18n import pgettext, pN_
from generator.sources import git as gitrepo
from generator.vcs.changes import PortalDiff
from generator.vcs.portal_diff import diff_portals
from generator.vcs.diff_report import change_markdown
from generator.vcs.history_entries import HistoryEntry
from generator.vcs.item_history import item_histories
from generator.facts.figures import headline
from generator.model.site_map import item_path
from generator.model import kinds as registry
from generator.render.pages import GitFacts, HeadlineChange, WhatChanged
from generator.model.portal import Portal
from generator.problems import CtoportalError
from generator.vcs.published_versions import DEFAULT_BRANCH, DEFAULT_REMOTE, previous_version, read_versions
from generator.vcs.revisions import load_snapshot

_LOG = logging.getLogger("mkdocs.plugins.ctoportal")  # the plugin's logger: MkDocs prints it


@dataclass(frozen=True)
class Baseline:
    """What this build is compared with."""

    rev: str
    label: Markup
    """How a board reader knows it, as safe Markdown: ``version Board, September 2026, published Sep 14,
    2026`` (the version's title), or for a revision the day it was committed, ``Oct 14, 2026``; never
    a revision name or a commit id."""


def _sentence(message: tuple[str, str], **values: str) -> Markup:
    """Words of ours (``pN_``) in the reader's language as safe Markdown: the translation is text (escaped like a
    source's), and so is every value put into it."""
    parts = re.split(r"(\{\w+\})", pgettext(*message))
    return Markup("").join(
        formatting.md_escape(values[part[1:-1]] if part[1:-1] in values and part[:1] == "{" else part) for part in parts
    )


def find_baseline(
    root: Path, since: str | None, version: str | None, branch: str = DEFAULT_BRANCH, remote: str = DEFAULT_REMOTE
) -> Baseline | None:
    """``since`` if given, else the previous published version recorded on the branch, else None."""
    if gitrepo.work_tree(root) is None:
        if since:
            raise CtoportalError(f"since: {since!r} needs a git repository, and {root} is not in one")
        return None
    if since:
        commit = gitrepo.require_commit(root, since)
        # TRANSLATORS: what this build is compared with, as sentences name it: "Since {day}" ("Depuis le ...")
        return Baseline(
            commit, _sentence(pN_("baseline", "{day}"), day=formatting.day(gitrepo.commit_date(root, commit)))
        )
    previous = previous_version(read_versions(root, branch, remote), version)
    if previous is None or previous.commit is None:  # previous_version gives only versions with a commit
        return None
    if previous.published:
        published = formatting.day(dt.date.fromisoformat(previous.published[:10]))
        return Baseline(
            previous.commit,
            _sentence(pN_("baseline", "version {title}, published {day}"), title=previous.title, day=published),
        )
    return Baseline(previous.commit, _sentence(pN_("baseline", "version {title}"), title=previous.title))


DELTA_KINDS = ("kpi", "decided", "superseded", "deferred", "outcome")
"""The changes the Overview and the board pack show: KPI values and decisions taken; the rest is on the
"What changed" page."""
MAX_DELTAS = 6


def what_changed_since(label: Markup, diff: PortalDiff | None, unavailable: str | None = None) -> WhatChanged:
    """The What changed page's lines, and the few the Overview and the board pack show (KPI values and
    decisions taken). change_markdown escapes every value from the sources: its lines are Markdown as they stand."""
    ordered = diff.ordered() if diff else []
    lines = tuple(Markup(change_markdown(c)) for c in ordered)
    moved = tuple(Markup(change_markdown(c)) for c in ordered if c.change in DELTA_KINDS)[:MAX_DELTAS]
    return WhatChanged(label, lines, unavailable, moved, len(ordered) - len(moved))


def git_facts(
    root: Path, config_path: Path, portal: Portal, *, since: str | None, version: str | None, history: bool = True
) -> GitFacts:
    """What git adds to the site (``render.pages.GitFacts``): the "What changed" page (when there is
    something to compare with), the Overview's change since then, and each item's history (when the
    sources are in git). Computed before any page is rendered."""
    if gitrepo.work_tree(root) is None:
        return GitFacts()
    audience = portal.settings.audience
    repository = portal.without_overlay()  # git holds no overlay: compare and trace what the repository holds
    what_changed, change = None, None
    baseline = find_baseline(root, since, version)
    if baseline is not None:
        diff, unavailable = None, None
        if not gitrepo.has_commit(root, baseline.rev):
            unavailable = (
                f"the sources of the published build (commit {baseline.rev[:7]}) are not in this "
                f"clone; fetch the full history to compare"
            )
        else:
            before = load_snapshot(config_path, baseline.rev)
            if before.validation.ok:
                diff = diff_portals(before.portal.for_audience(audience), repository.for_audience(audience))
                # The Overview's tiles with their change since the baseline, as the repository holds both
                # sides (the overlay is in neither); without a baseline they show no change at all.
                shown = repository.for_audience(audience)
                change = HeadlineChange(baseline.label, headline(shown), headline(before.portal.for_audience(audience)))
            else:
                unavailable = f"the sources of commit {baseline.rev[:7]} do not validate, so they cannot be compared"
        if unavailable:  # the reason is for the consultant; the page only says there is no comparison
            _LOG.info(f"What changed: no comparison with {baseline.label}: {unavailable}")
        # change_markdown escapes every value from the sources: its lines are Markdown as they stand.
        what_changed = what_changed_since(baseline.label, diff, unavailable)
    histories: dict[str, tuple[HistoryEntry, ...]] = {}
    if history:
        for (kind, item_id), entries in item_histories(root, repository, audience).items():
            if registry.kind(kind).shared_page is not None:
                continue  # goals, actions and frameworks share one page; their changes show on "What changed"
            if entries:
                histories[item_path(kind, item_id)] = tuple(entries)
    return GitFacts(what_changed, change, histories)
