"""Each item's history from git: in which commit it appeared and how its fields changed, by whom, when.

Every commit touching the sources is read as a snapshot of items (files are parsed once per blob, so
a long history stays cheap, and each item is read exactly as the build reads it) and consecutive
snapshots are compared item by item: the snapshots are read in ``item_snapshots``, each item's
values before and after turned into an entry in ``history_entries``; here, the commits are walked.

A client build quotes no free text from the past, fails closed and shows nothing internal:

- no commit messages (a subject is free text about anything, internal material included) and no
  commit ids; the author by the name git's ``.mailmap`` gives (never an e-mail), bots by no name;
- before -> after values only for the structured fields in ``SHOWN_FIELDS`` (status, dates, ratings,
  owner, amounts, references to items the client sees); any other field, prose above all, is named
  without quoting ("description reworded"): text deleted from an item stays deleted;
- only items the client sees today, only the states in which they were visible to the client; a
  state that does not validate (so its visibility cannot be read) counts as internal.

An internal build shows every commit's message and every value.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.sources import git as gitrepo
from generator.model import kinds as registry
from generator.sources.loader import SOURCE_FOLDERS
from generator.model.settings import Audience
from generator.model.portal import Portal
from generator.vcs.history_entries import HistoryEntry, _field_changes, is_bot
from generator.vcs.item_snapshots import _INVALID, ItemKey, Snapshot, _Reader

MAX_COMMITS = 200


_remembered: dict[tuple, dict[ItemKey, list[HistoryEntry]]] | None = None
"""None (the default: every build reads the history), or the last histories of a long-running process
(``remember_histories``), by everything they are made of."""


def remember_histories() -> None:
    """Keep the last histories for this process (serve): a rebuild after a save that committed nothing
    and changed no item the audience sees reads no commit again."""
    global _remembered
    if _remembered is None:
        _remembered = {}


def item_histories(
    root: Path, portal: Portal, audience: Audience, limit: int = MAX_COMMITS
) -> dict[ItemKey, list[HistoryEntry]]:
    """(kind, id) -> its history, newest first, for every item the audience sees (empty outside git)."""
    if gitrepo.work_tree(root) is None or gitrepo.resolve(root, "HEAD") is None:
        return {}  # not in git, or nothing committed yet
    commits = gitrepo.log_by_name(root, *[f for f in SOURCE_FOLDERS if (root / f).exists()] or ["."], limit=limit)
    if not commits:
        return {}
    commits.reverse()
    client = audience == Audience.CLIENT
    view = portal.for_audience(audience)
    shown = {(kind, item_id) for kind in registry.KIND_NAMES for item_id in view.of_kind(kind)}
    parent = gitrepo.resolve(root, f"{commits[0].sha}^")
    # Commits are read, never the working tree (but for the names .mailmap gives authors, in ``commits``);
    # of today's portal only which items the audience sees counts (``shown``, also the references a
    # client build keeps): with these the same, the histories are the same.
    key = (str(root), client, parent, tuple(commits), frozenset(shown))
    if _remembered is not None and key in _remembered:
        return {item: list(entries) for item, entries in _remembered[key].items()}
    histories = _histories(root, commits, parent, client, view, shown)
    if _remembered is not None:
        _remembered.clear()  # the last one only: a long history of a large portal is not held twice
        _remembered[key] = {item: list(entries) for item, entries in histories.items()}
    return histories


def _histories(
    root: Path, commits: list, parent: str | None, client: bool, view: Portal, shown: set[Any]
) -> dict[ItemKey, list[HistoryEntry]]:
    reader = _Reader(root)
    previous = _readable(reader.snapshot(parent), client) if parent else {}
    histories: dict[ItemKey, list[HistoryEntry]] = {}
    for commit in commits:
        current = _readable(reader.snapshot(commit.sha), client)
        for key in dict.fromkeys([*previous, *current]):
            before, after = previous.get(key), current.get(key)
            if before == after or key not in shown:
                continue
            was_internal = before is not None and before.get("visibility") == "internal"
            is_internal = after is not None and after.get("visibility") == "internal"
            if client and is_internal:
                continue
            if before is None:
                entry = HistoryEntry(commit, "added")
            elif after is None:
                entry = HistoryEntry(commit, "removed")
            elif client and was_internal:
                entry = HistoryEntry(commit, "shown")
            else:
                fields = _field_changes(key[0], before, after, view if client else None)
                if not fields:
                    continue
                entry = HistoryEntry(commit, "changed", tuple(fields))
            author = None if is_bot(commit) else commit.author
            message = None if client else commit.subject
            histories.setdefault(key, []).insert(0, replace(entry, message=message, author=author))
        previous = current
    return histories


def _readable(snapshot: Snapshot, client: bool) -> Snapshot:
    """A client build keeps invalid states as internal ones; an internal build shows the item as it was
    when it last validated."""
    return snapshot if client else {key: data for key, data in snapshot.items() if data is not _INVALID}
