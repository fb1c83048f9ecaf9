"""Read YAML keeping where every key and value stands: with ruamel's C parser where it can
(``yaml_c_reader``), else its pure-Python round-trip loader (``yaml_round_trip``), giving the same values
and positions either way; then check the shape of what was read (tags, aliases, depth, control
characters) and point at any key or value by line and column (``Located``).

Whatever the C reader does not handle the way the round-trip loader does (a directive, a tag other than
the standard ones, a merge key, a complex key, a duplicate key, any syntax error, nesting that could
exhaust the C stack) is read again by the round-trip loader, so that every message and position stays
what it was. Tools that rewrite a file (``new``, ``import``) render with round-trip YAML.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarint import ScalarInt

from generator.problems import Position, Problem, Problems, Severity

# The readers; CParser, _nesting_bound and _load_c are also named here for the tests that pin them.
from generator.sources.yaml_c_reader import CParser, _Fallback, _load_c, _nesting_bound  # noqa: F401
from generator.sources.yaml_round_trip import _STANDARD_TAGS, new_yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000
EXPANSION_FACTOR = 10
MIN_EXPANDED_CHARS = 100_000
"""Aliases may repeat text, but the loaded file may hold at most EXPANSION_FACTOR times the characters
of the file itself (or MIN_EXPANDED_CHARS for a small file): a megabyte of aliases must not become
gigabytes of pages."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters (other than tab and line breaks) a value may not hold, however written: raw or as
a YAML escape ("\\e", "\\0", "\\x07"); they would reach terminals, calendar files and pages."""
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Bidirectional controls make text read differently from what it is (Trojan source): refused anywhere."""
_UNSAFE = re.compile(f"{_CONTROL.pattern}|{_BIDI.pattern}")
_BIDI_HINT = (
    "remove it: a bidirectional control can make text display in another order than it is "
    "read (Trojan source); right-to-left text needs none"
)
_items = OrderedDict.items


def unsafe_character(text: str) -> str | None:
    """The first control or bidirectional control character in ``text`` (which no source may hold), if any."""
    bad = _CONTROL.search(text) or _BIDI.search(text)
    return bad.group(0) if bad else None


def _load(text: str) -> Any:
    try:
        return _load_c(text)
    except _Fallback:
        return new_yaml().load(text)


class YamlProblem(Exception):
    def __init__(self, position: Position, message: str, hint: str | None = None):
        super().__init__(message)
        self.position = position
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Located:
    """A loaded YAML node and the file it came from, to point at any key or value inside it."""

    path: str
    node: Any
    line_offset: int = 0

    def at(self, *keys: Any, key: bool = False) -> Position:
        """Where ``node[k0][k1]...`` stands (its key with ``key=True``); the nearest parent if absent."""
        node = self.node
        line, col = _start(node)
        for index, part in enumerate(keys):
            last = index == len(keys) - 1
            if isinstance(node, CommentedMap) and part in node:
                line, col = node.lc.key(part) if (key and last) else node.lc.value(part)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, col = node.lc.item(part)
                node = node[part]
            else:
                break
        return Position(line + 1 + self.line_offset, col + 1)

    def child(self, *keys: Any) -> Located:
        node = self.node
        for part in keys:
            node = node[part]
        return Located(self.path, node, self.line_offset)


def _start(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line, lc.col
    return 0, 0


class ParseCache:
    """What ``load_text`` read, by file and content hash, for a process that reads the same files again
    and again (``ctoportal serve`` rebuilding after each save): a file whose text did not change is not
    parsed again; its problems are reported again. The loaded nodes are shared: nothing may change them."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int, bool], tuple[bytes, Located | None, list[Problem]]] = {}
        self.parses = 0
        """Texts parsed (not found in the cache) so far: what a test counts."""


_parse_cache: ParseCache | None = None
"""The one process-wide setting here: None (the default: every read parses), or the cache that
``remember_parses`` turned on for a long-running process."""


def remember_parses() -> ParseCache:
    """Turn on the parse cache for this process (serve) and return it; calling it again keeps it."""
    global _parse_cache
    if _parse_cache is None:
        _parse_cache = ParseCache()
    return _parse_cache


def load_text(
    text: str, path: str, problems: Problems, line_offset: int = 0, check_tags: bool = True
) -> Located | None:
    """Parse YAML text; on failure record located problems and return None."""
    cache = _parse_cache
    if cache is None or any(p.path == path and p.severity == Severity.ERROR for p in problems.items):
        return _load_text(text, path, problems, line_offset, check_tags)
    key = (path, line_offset, check_tags)
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
    known = cache.entries.get(key)
    if known is not None and known[0] == digest:
        problems.items.extend(known[2])
        return known[1]
    cache.parses += 1
    before = len(problems.items)
    located = _load_text(text, path, problems, line_offset, check_tags)
    cache.entries[key] = (digest, located, problems.items[before:])
    return located


def _load_text(
    text: str, path: str, problems: Problems, line_offset: int = 0, check_tags: bool = True
) -> Located | None:
    for number, line in enumerate(text.splitlines() if "\t" in text else (), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.error(
                path,
                Position(number + line_offset, indent.index("\t") + 1),
                "tab character in indentation",
                "YAML indentation must use spaces; replace the tab with spaces",
            )
    if any(p.path == path and p.severity == Severity.ERROR for p in problems.items):
        return None
    try:
        data = _load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(mark.line + 1 + line_offset, mark.column + 1) if mark else Position(1 + line_offset, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        hint = None
        if "duplicate key" in message or type(exc).__name__ == "DuplicateKeyError":
            key = re.search(r'found duplicate key "([^"]*)"', str(exc))
            message = f"duplicate key {key.group(1)!r}" if key else "duplicate key"
            hint = "each key may appear once per mapping; remove or merge the repeated one"
        else:
            message = f"YAML syntax error: {message or 'could not parse'}"
            hint = "check indentation, colons and quotes around this point"
        problems.error(path, position, message, hint)
        return None
    except YAMLError as exc:
        problems.error(path, Position(1 + line_offset, 1), f"YAML error: {exc}")
        return None
    except RecursionError:
        problems.error(path, Position(1 + line_offset, 1), f"YAML nested too deeply (limit {MAX_DEPTH})")
        return None
    located = Located(path, data, line_offset)
    if check_tags and not _check_shape(located, problems, text):
        return None
    return located


def _check_shape(located: Located, problems: Problems, text: str) -> bool:
    """Reject unknown tags, aliases that expand to huge trees (alias bombs), absurd nesting and control
    characters that YAML escapes put into values or keys."""
    sizes: dict[int, tuple[int, int]] = {}
    ok = True
    reported = 0

    def check_text(value: Any, keys: tuple, key: bool = False) -> None:
        nonlocal ok, reported
        if not isinstance(value, str) or reported >= 20:  # an aliased bad value is reported a few times, not 10^5
            return
        if not _UNSAFE.search(value):  # one pass for the usual clean text; the checks below say which
            return
        reported += 1
        if bad := _CONTROL.search(value):
            problems.error(
                located.path,
                located.at(*keys, key=key),
                f"control character {bad.group(0)!r} in file",
                "remove it; sources are plain text (YAML escapes such as \\e, \\0 or \\x07 too)",
            )
            ok = False
        elif bad := _BIDI.search(value):
            problems.error(
                located.path,
                located.at(*keys, key=key),
                f"bidirectional control character {bad.group(0)!r} in file",
                _BIDI_HINT,
            )
            ok = False
        else:
            reported -= 1

    def size(node: Any, keys: tuple, depth: int) -> tuple[int, int]:
        """(values, characters) of ``node`` with every alias expanded."""
        nonlocal ok
        if depth > MAX_DEPTH:
            raise YamlProblem(
                located.at(*keys[:MAX_DEPTH]), f"YAML nested deeper than {MAX_DEPTH} levels", "flatten the structure"
            )
        tag = getattr(getattr(node, "tag", None), "value", None)
        if tag not in _STANDARD_TAGS:
            problems.error(
                located.path,
                located.at(*keys),
                f"unsupported YAML tag {tag!r}",
                "ctoportal sources hold plain data: remove the tag",
            )
            ok = False
            return 1, 0
        if not isinstance(node, (CommentedMap, CommentedSeq)):
            check_text(node, keys)
            return 1, len(str(node))
        if id(node) not in sizes:  # aliases share the node: count its expansion once, reuse it
            children = node.items() if isinstance(node, CommentedMap) else enumerate(node)
            count, chars = 1, 0
            for key, value in children:
                if isinstance(node, CommentedMap):
                    check_text(key, (*keys, key), key=True)
                    chars += len(str(key))
                child_count, child_chars = size(value, (*keys, key), depth + 1)
                count, chars = count + child_count, chars + child_chars
            sizes[id(node)] = count, chars
        return sizes[id(node)]

    try:
        total, chars = size(located.node, (), 0)
    except YamlProblem as exc:
        problems.error(located.path, exc.position, exc.message, exc.hint)
        return False
    if total > MAX_NODES:
        problems.error(
            located.path,
            located.at(),
            f"the YAML expands to {total} values, over the limit of {MAX_NODES}",
            "aliases (*name) that repeat large blocks multiply; write the data out or split the file",
        )
        return False
    limit = max(EXPANSION_FACTOR * len(text), MIN_EXPANDED_CHARS)
    if chars > limit:
        problems.error(
            located.path,
            _first_alias(text, located.line_offset),
            f"the YAML expands to {chars} characters of text, over "
            f"the limit of {limit} ({EXPANSION_FACTOR} times the file's size)",
            "aliases (*name) repeat text wherever they are used; write the data out or split the file",
        )
        return False
    return ok


def _first_alias(text: str, line_offset: int) -> Position:
    """Where the first alias (``*name``) is used: the expansion starts there (the file's start if none)."""
    for event in new_yaml().parse(text):
        if isinstance(event, AliasEvent):
            return Position(event.start_mark.line + 1 + line_offset, event.start_mark.column + 1)
    return Position(1 + line_offset, 1)


def plain(node: Any) -> Any:
    """ruamel's round-trip types as plain Python values, for the models."""
    if type(node) is str:  # most values: nothing to convert
        return node
    if isinstance(node, CommentedMap):  # the dict's own items: the same keys and values, at C speed
        return {str(k) if not isinstance(k, (int, float, bool)) else k: plain(v) for k, v in _items(node)}
    if isinstance(node, (CommentedSeq, list)):
        return [plain(v) for v in node]
    if isinstance(node, ScalarBoolean):
        return bool(node)
    if isinstance(node, bool):
        return node
    if isinstance(node, ScalarFloat):
        return float(node)
    if isinstance(node, ScalarInt):
        return int(node)
    if isinstance(node, str):
        return str(node)
    return node
