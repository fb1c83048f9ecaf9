"""Each item's history from git: in which commit it appeared and how its fields changed, by whom, why.

Every commit touching the sources is read as a snapshot of items (files are parsed once per blob, so
a long history stays cheap) and consecutive snapshots are compared item by item. A state that does
not validate is skipped: history shows the item as it was when it was valid.

A client build shows nothing internal: only items the client sees today, only the states in which
they were visible to the client, references to items the client sees, and a commit's message only
when that commit changed nothing internal (otherwise the message could name what is hidden).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import gitrepo
from .frontmatter import page_is_internal
from .loader import KINDS, SOURCE_FOLDERS, Kind
from .model.settings import Audience
from .portal import Portal
from .problems import Problems
from .yamlsource import load_text, plain

MAX_COMMITS = 200
REFERENCE_FIELDS = {"goals", "depends_on", "mitigates", "vendors", "integrations", "risks", "mitigations",
                    "replaced_by"}
_REF_KIND = {"goals": "goal", "depends_on": "initiative", "mitigates": "risk", "vendors": "vendor",
             "integrations": "vendor", "risks": "risk", "mitigations": "initiative", "replaced_by": "vendor"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryEntry:
    commit: gitrepo.Commit
    change: str
    """added, changed, removed, or shown (became visible to the client)."""
    fields: tuple[FieldChange, ...] = ()
    message: str | None = None
    """The commit's subject, or None when withheld from a client build."""


ItemKey = tuple[str, str]
Snapshot = dict[ItemKey, dict[str, Any]]


def _kind_of(path: str) -> Kind | None:
    for kind in KINDS:
        folder, name = path.split("/", 1)[0], path.rsplit("/", 1)[-1]
        if folder == kind.folder and any(fnmatch.fnmatch(name, f"{kind.files}.{ext}") for ext in ("yaml", "yml")):
            return kind
    return None


def _items_in(kind: Kind, path: str, data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """The valid items of one file as plain JSON-like data; anything invalid is left out."""
    located = load_text(data.decode("utf-8", "replace"), path, Problems())
    if located is None or located.node is None:
        return []
    node = located.node
    entries = [node] if isinstance(node, CommentedMap) else list(node) if isinstance(node, CommentedSeq) else []
    items = []
    for entry in entries:
        if not isinstance(entry, CommentedMap):
            continue
        try:
            item = kind.model.model_validate(plain(entry))
        except ValidationError:
            continue
        items.append((item.id, item.model_dump(mode="json", exclude_defaults=True) | {"visibility": item.visibility.value}))
    return items


class _Reader:
    """Snapshots of the sources at commits, each file parsed once per blob."""

    def __init__(self, root: Path):
        self.root = root
        self.parsed: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self.internal_pages: dict[str, bool] = {}

    def snapshot(self, commit: str) -> tuple[Snapshot, dict[str, str]]:
        files = gitrepo.files_at(self.root, commit, *SOURCE_FOLDERS)
        wanted = {path: blob for path, blob in files.items() if _kind_of(path) or path.endswith(".md")}
        missing = [b for b in dict.fromkeys(wanted.values()) if b not in self.parsed and b not in self.internal_pages]
        contents = gitrepo.read_blobs(self.root, missing)
        snap: Snapshot = {}
        for path, blob in wanted.items():
            kind = _kind_of(path)
            if kind is None:
                if blob in contents:
                    self.internal_pages[blob] = page_is_internal(contents[blob])
                continue
            if blob in contents:
                self.parsed[blob] = _items_in(kind, path, contents[blob])
            for item_id, data in self.parsed.get(blob, []):
                snap.setdefault((kind.name, item_id), data)  # the first definition wins, as in validation
        return snap, wanted


def _field_changes(before: dict[str, Any], after: dict[str, Any], visible: Portal | None) -> list[FieldChange]:
    changes = []
    for key in dict.fromkeys([*before, *after]):
        if key in ("id", "visibility"):
            continue
        old, new = before.get(key), after.get(key)
        if visible is not None and key in REFERENCE_FIELDS:
            old, new = _visible_refs(key, old, visible), _visible_refs(key, new, visible)
        if old != new:
            changes.append(FieldChange(key, old, new))
    return changes


def _visible_refs(key: str, value: Any, visible: Portal) -> Any:
    allowed = visible.of_kind(_REF_KIND[key])
    if isinstance(value, list):
        return [v for v in value if v in allowed] or None
    return value if value in allowed else None


def item_histories(root: Path, portal: Portal, audience: Audience, limit: int = MAX_COMMITS
                   ) -> dict[ItemKey, list[HistoryEntry]]:
    """(kind, id) -> its history, newest first, for every item the audience sees (empty outside git)."""
    if gitrepo.work_tree(root) is None or gitrepo.resolve(root, "HEAD") is None:
        return {}  # not in git, or nothing committed yet
    commits = gitrepo.log(root, *[f for f in SOURCE_FOLDERS if (root / f).exists()] or ["."], limit=limit)
    if not commits:
        return {}
    commits.reverse()
    client = audience == Audience.CLIENT
    view = portal.for_audience(audience)
    shown = {(kind, item_id) for kind in ("goal", "initiative", "risk", "vendor") for item_id in view.of_kind(kind)}
    hidden_now = {(kind, item_id) for kind in ("goal", "initiative", "risk", "vendor")
                  for item_id in portal.of_kind(kind)} - shown
    current_pages = {page.path: page.internal for page in portal.pages}
    reader = _Reader(root)
    parent = gitrepo.resolve(root, f"{commits[0].sha}^")
    previous, previous_files = reader.snapshot(parent) if parent else ({}, {})
    histories: dict[ItemKey, list[HistoryEntry]] = {}
    for commit in commits:
        current, files = reader.snapshot(commit.sha)
        entries: dict[ItemKey, HistoryEntry] = {}
        touched_internal = False
        for key in dict.fromkeys([*previous, *current]):
            before, after = previous.get(key), current.get(key)
            if before == after:
                continue
            was_internal = before is not None and before.get("visibility") == "internal"
            is_internal = after is not None and after.get("visibility") == "internal"
            if was_internal or is_internal or (key in hidden_now):
                touched_internal = True
            if key not in shown or (client and is_internal):
                continue
            if before is None:
                entries[key] = HistoryEntry(commit, "added")
            elif after is None:
                entries[key] = HistoryEntry(commit, "removed")
            elif client and was_internal:
                entries[key] = HistoryEntry(commit, "shown")
            else:
                fields = _field_changes(before, after, view if client else None)
                if fields:
                    entries[key] = HistoryEntry(commit, "changed", tuple(fields))
        for path in files.keys() | previous_files.keys():
            if path.endswith(".md") and files.get(path) != previous_files.get(path):
                blobs = [b for b in (files.get(path), previous_files.get(path)) if b]
                if current_pages.get(path, True) or any(reader.internal_pages.get(b, True) for b in blobs):
                    touched_internal = True
        message = None if (client and touched_internal) else commit.subject
        for key, entry in entries.items():
            histories.setdefault(key, []).insert(0, HistoryEntry(entry.commit, entry.change, entry.fields, message))
        previous, previous_files = current, files
    return histories
