"""The sources at a commit as a snapshot of items, for item history (``item_history``): every file parsed
once per blob, and within a file that is a list of items each entry's text parsed once, each item read
exactly as the build reads it (``item_reader.load_items``). A state that does not validate is ``_INVALID``:
internal.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.sources import git as gitrepo
from generator.sources.item_reader import MAX_ITEMS_PER_KIND, load_items
from generator.sources.loader import KINDS, SOURCE_FOLDERS, Kind
from generator.model.settings import PortalSettings
from generator.model.portal import Portal
from generator.problems import Problems
from generator.sources.located_yaml import MAX_NODES, load_text

_INVALID: dict[str, Any] = {"visibility": "internal", "invalid": True}
"""A state of an item that does not validate: its visibility cannot be read, so it counts as internal."""


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
    (``item_reader.load_items``). An entry that names an id but does not load (invalid, or defined twice)
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
