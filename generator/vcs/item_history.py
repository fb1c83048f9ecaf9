"""Each item's history from git: in which commit it appeared and how its fields changed, by whom, when.

Every commit touching the sources is read as a snapshot of items (files are parsed once per blob, so
a long history stays cheap, and each item is read exactly as the build reads it) and consecutive
snapshots are compared item by item.

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

import datetime as dt
import enum
import fnmatch
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.facts import formatting
from generator.sources import git as gitrepo
from generator.model import kinds as registry
from generator.sources.loader import KINDS, MAX_ITEMS_PER_KIND, SOURCE_FOLDERS, Kind, load_items
from generator.model.settings import Audience, PortalSettings
from generator.model.portal import Portal
from generator.problems import Problems
from generator.sources.located_yaml import MAX_NODES, load_text
from generator.vcs.wording import field_label

MAX_COMMITS = 200
REFERENCE_FIELDS = {ref.path[0] for _, ref in registry.references()}
"""Fields naming other items (or holding such a field, as cost holds cost.vendor): in a client build,
only ids of items the client sees are shown."""

SHOWN_FIELDS: dict[str, frozenset[str]] = {
    "initiative": frozenset(
        {
            "status",
            "owner",
            "start",
            "end",
            "horizon",
            "priority",
            "progress",
            "cost",
            "goals",
            "depends_on",
            "mitigates",
            "vendors",
        }
    ),
    "risk": frozenset(
        {
            "status",
            "owner",
            "category",
            "likelihood",
            "impact",
            "residual",
            "response",
            "identified",
            "review",
            "mitigations",
            "vendors",
        }
    ),
    "vendor": frozenset(
        {"status", "owner", "criticality", "cost", "seats", "contract", "integrations", "risks", "replaced_by"}
    ),
    "goal": frozenset({"owner"}),
    "decision": frozenset(
        {
            "status",
            "decided_by",
            "area",
            "owner",
            "due",
            "decided",
            "renewal",
            "superseded_by",
            "cost_avoided",
            "initiatives",
            "risks",
            "vendors",
            "goals",
        }
    ),
    "action": frozenset({"status", "owner", "due", "done", "initiatives", "decisions", "vendors", "risks"}),
    "control": frozenset({"status", "owner", "satisfies", "risks", "initiative", "vendors"}),
    "ai-use": frozenset(
        {
            "decision",
            "risk_tier",
            "status",
            "decided",
            "review",
            "vendor",
            "data",
            "personal_data_allowed",
            "ai_rmf",
            "risks",
        }
    ),
    "framework": frozenset({"kind"}),
}
"""Per kind, the structured fields whose earlier and later values a client build may show. Any other
field (titles, descriptions, summaries, notes, tags, milestones, KPIs, fields added later) is named
without its values: fail closed."""

BOT_NAME = re.compile(r"\[bot\]\s*$|^(dependabot|renovate|github-actions|gitlab-ci)\b", re.I)
BOT_EMAIL = re.compile(r"^(no-?reply|.*\[bot\])@|^[^@]*\[bot\]@users\.noreply\.github\.com$", re.I)

_INVALID: dict[str, Any] = {"visibility": "internal", "invalid": True}
"""A state of an item that does not validate: its visibility cannot be read, so it counts as internal."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any
    unquoted: str | None = None
    """Set when the values are withheld (``before`` and ``after`` are then None): added, removed,
    reworded or changed."""

    @property
    def label(self) -> str:
        """The field's name in the reader's language (``risk_tier``: risk tier, "niveau de risque")."""
        return field_label(self.field)

    def word(self, value: Any, item: Any = None) -> Any:
        """A value before or after as the reader's language says it: a status (or other closed vocabulary)
        of ``item``'s field through its one label ("in progress", "en cours"); any other value as it is."""
        current = getattr(item, self.field, None)
        if isinstance(current, enum.Enum) and isinstance(value, str):
            vocabulary = formatting.VOCABULARY_OF_ENUM.get(type(current).__name__, "status")
            if (vocabulary, value) in formatting.VOCABULARY:
                return formatting.status_word(value, vocabulary)
        return value


def _unquoted(field: str, before: Any, after: Any) -> FieldChange:
    if before in (None, "", []):
        summary = "added"
    elif after in (None, "", []):
        summary = "removed"
    else:
        summary = "reworded" if isinstance(before, str) and isinstance(after, str) else "changed"
    return FieldChange(field, None, None, summary)


@dataclass(frozen=True)
class HistoryEntry:
    commit: gitrepo.Commit
    change: str
    """added, changed, removed, or shown (became visible to the client)."""
    fields: tuple[FieldChange, ...] = ()
    message: str | None = None
    """The commit's subject in an internal build; None in a client build."""
    author: str | None = None
    """Who made the change, as ``.mailmap`` names them; None for a bot."""

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.commit.day)


def is_bot(commit: gitrepo.Commit) -> bool:
    """A commit made by an automation account (``name[bot]``, a no-reply address), not a person."""
    return bool(BOT_NAME.search(commit.author) or BOT_EMAIL.search(commit.email))


ItemKey = tuple[str, str]
Snapshot = dict[ItemKey, dict[str, Any]]


def _kind_of(path: str) -> Kind | None:
    for kind in KINDS:
        folder, name = path.split("/", 1)[0], path.rsplit("/", 1)[-1]
        if folder == kind.folder and any(fnmatch.fnmatch(name, f"{kind.files}.{ext}") for ext in ("yaml", "yml")):
            return kind
    return None


_READER_SETTINGS = PortalSettings(client="history")


def _items_in(kind: Kind, path: str, data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """The items of one file as plain JSON-like data, read by the build's own per-item reading
    (``loader.load_items``). An entry that names an id but does not load (invalid, or defined twice)
    is ``_INVALID``: internal."""
    located = load_text(data.decode("utf-8", "replace"), path, Problems())
    if located is None or located.node is None:
        return []
    node = located.node
    entries = [node] if isinstance(node, CommentedMap) else list(node) if isinstance(node, CommentedSeq) else []
    loaded = Portal(settings=_READER_SETTINGS, today=dt.date.min)
    load_items(kind, located, loaded, Problems())
    valid = loaded.of_kind(kind.name)
    named = [entry.get("id") for entry in entries if isinstance(entry, CommentedMap)]
    items = []
    for item_id in dict.fromkeys(i for i in named if isinstance(i, str)):
        item = valid.get(item_id)
        if item is None or named.count(item_id) > 1:
            items.append((item_id, _INVALID))
        else:
            items.append(
                (item_id, item.model_dump(mode="json", exclude_defaults=True) | {"visibility": item.visibility.value})
            )
    return items


_ODD_TEXT = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|\r(?!\n)|(?:^|[\s:\[{,-])&[^\s,\[\]{}]")
"""What makes a file's entries depend on each other or on the whole file: an anchor (its aliases may be in
another entry, and the expansion limit is the file's), or a line break other than \\n and \\r\\n."""


def _entries(text: str) -> list[str] | None:
    """A file that is a plain top-level list (``- id: ...`` entries at the left margin, with indented
    lines, blank lines and comments between them), cut into the text of each entry; None for any other
    file (a mapping, a document marker, a tab, text at the margin that is not an entry), read whole."""
    if _ODD_TEXT.search(text):
        return None
    entries: list[list[str]] = []
    for line in text.split("\n"):
        line += "\n"
        if line[:1] == "-" and line[1:2] in (" ", "\n", "\r"):
            entries.append([line])
        elif not line.strip(" \r\n") or line.lstrip(" ").startswith("#") or (line[:1] == " " and entries):
            if entries:
                entries[-1].append(line)
        else:
            return None
    return ["".join(lines) for lines in entries] or None


class _Reader:
    """Snapshots of the sources at commits, each file parsed once per blob, and within a file that is a
    list of items, each item's text parsed once whatever the commits around it changed: a commit costs
    the items it touched, not the size of the files it touched."""

    def __init__(self, root: Path):
        self.root = root
        self.parsed: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self.entries: dict[tuple[str, bytes], tuple[Any, dict[str, Any] | None, int] | None] = {}

    def items(self, kind: Kind, path: str, data: bytes) -> list[tuple[str, dict[str, Any]]]:
        """As ``_items_in`` reads the whole file, from the items' texts parsed one by one (and cached)."""
        text = data.decode("utf-8", "replace")
        entries = _entries(text)
        if entries is None or len(entries) > MAX_ITEMS_PER_KIND:
            return _items_in(kind, path, data)
        read: list[tuple[Any, dict[str, Any] | None, int]] = []
        for entry in entries:
            key = (kind.name, hashlib.sha256(entry.encode("utf-8")).digest())
            if key not in self.entries:
                self.entries[key] = _entry_item(kind, path, entry)
            cached = self.entries[key]
            if cached is None:  # not YAML alone (an alias to another entry...): read the file whole
                return _items_in(kind, path, data)
            read.append(cached)
        if 1 + sum(nodes for _, _, nodes in read) > MAX_NODES:
            return _items_in(kind, path, data)  # over the file's limit: as the file whole has it
        named = Counter(item_id for item_id, _, _ in read)
        found: dict[str, dict[str, Any]] = {}
        for item_id, item, _ in read:
            if isinstance(item_id, str) and item_id not in found:
                # Invalid, or defined twice in the file: internal, as _items_in has it.
                found[item_id] = _INVALID if item is None or named[item_id] > 1 else item
        return list(found.items())

    def snapshot(self, commit: str) -> Snapshot:
        files = gitrepo.files_at(self.root, commit, *SOURCE_FOLDERS)
        # Items only: a client's history quotes no commit message, so which pages a commit touched
        # does not matter to it.
        wanted = {path: blob for path, blob in files.items() if _kind_of(path)}
        missing = [b for b in dict.fromkeys(wanted.values()) if b not in self.parsed]
        contents = gitrepo.read_blobs(self.root, missing)
        snap: Snapshot = {}
        for path, blob in wanted.items():
            kind = _kind_of(path)
            assert kind is not None
            if blob in contents:
                self.parsed[blob] = self.items(kind, path, contents[blob])
            for item_id, data in self.parsed.get(blob, []):
                key = (kind.name, item_id)
                # Defined in two files, the build fails: that state was never the client's to see.
                snap[key] = _INVALID if key in snap else data
        return snap


def _entry_item(kind: Kind, path: str, entry: str) -> tuple[Any, dict[str, Any] | None, int] | None:
    """One entry of a list file, read alone: (the id it names, its data or None if it does not load, its
    number of YAML values); None if the entry is not valid YAML on its own."""
    located = load_text(entry, path, Problems())
    if located is None or not isinstance(located.node, CommentedSeq) or len(located.node) != 1:
        return None
    node = located.node[0]
    item_id = node.get("id") if isinstance(node, CommentedMap) else None
    loaded = Portal(settings=_READER_SETTINGS, today=dt.date.min)
    load_items(kind, located, loaded, Problems())
    item = loaded.of_kind(kind.name).get(item_id) if isinstance(item_id, str) else None
    data = (
        None
        if item is None
        else item.model_dump(mode="json", exclude_defaults=True) | {"visibility": item.visibility.value}
    )
    return item_id, data, _count(node)


def _count(node: Any) -> int:
    if isinstance(node, CommentedMap):
        return 1 + sum(_count(v) for v in node.values())
    if isinstance(node, CommentedSeq):
        return 1 + sum(_count(v) for v in node)
    return 1


def _field_changes(
    kind: str, before: dict[str, Any], after: dict[str, Any], visible: Portal | None
) -> list[FieldChange]:
    """What changed; with ``visible`` (a client build), only ``SHOWN_FIELDS`` keep their values."""
    changes = []
    for key in dict.fromkeys([*before, *after]):
        if key in ("id", "visibility"):
            continue
        old, new = before.get(key), after.get(key)
        if visible is not None and key in REFERENCE_FIELDS:
            old, new = _visible_refs(kind, key, old, visible), _visible_refs(kind, key, new, visible)
        if old != new:
            quoted = visible is None or key in SHOWN_FIELDS.get(kind, ())
            changes.append(FieldChange(key, old, new) if quoted else _unquoted(key, old, new))
    return changes


def _visible_refs(kind: str, key: str, value: Any, visible: Portal) -> Any:
    """``value`` of field ``key`` naming only items in ``visible``, by the registry's reference fields."""
    for ref in registry.kind(kind).references:
        if ref.path[0] != key:
            continue
        allowed = visible.of_kind(ref.target)
        if len(ref.path) > 1:  # a field of a nested mapping (cost.vendor): dropped from it
            if isinstance(value, dict) and value.get(ref.path[1]) is not None and value[ref.path[1]] not in allowed:
                value = {k: v for k, v in value.items() if k != ref.path[1]}
        elif isinstance(value, list):
            value = [v for v in value if v in allowed] or None
        else:
            value = value if value in allowed else None
    return value


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
