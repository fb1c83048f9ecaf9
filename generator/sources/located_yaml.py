"""Read YAML with ruamel.yaml's round-trip loader, keeping where every key and value stands.

Dates are kept as text: the models parse them, so that 2026-02-30 becomes a located validation
error instead of a ValueError from the YAML library, and 2026-10 / 2026-Q4 read the same way as
2026-10-01.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarint import ScalarInt

from generator.problems import Position, Problems, printable_path

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
_BIDI_HINT = ("remove it: a bidirectional control can make text display in another order than it is "
              "read (Trojan source); right-to-left text needs none")

_STANDARD_TAGS = {
    None, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}


class _TextDatesConstructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as the text that was written."""


def unsafe_character(text: str) -> str | None:
    """The first control or bidirectional control character in ``text`` (which no source may hold), if any."""
    bad = _CONTROL.search(text) or _BIDI.search(text)
    return bad.group(0) if bad else None


def _timestamp_as_text(constructor: RoundTripConstructor, node: Any) -> str:
    return constructor.construct_scalar(node)


_TextDatesConstructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def new_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDatesConstructor
    yaml.allow_duplicate_keys = False
    return yaml


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


def load_text(text: str, path: str, problems: Problems, line_offset: int = 0,
              check_tags: bool = True) -> Located | None:
    """Parse YAML text; on failure record located problems and return None."""
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.error(path, Position(number + line_offset, indent.index("\t") + 1),
                           "tab character in indentation",
                           "YAML indentation must use spaces; replace the tab with spaces")
    if any(p.path == path for p in problems.errors):
        return None
    try:
        data = new_yaml().load(text)
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
        reported += 1
        if bad := _CONTROL.search(value):
            problems.error(located.path, located.at(*keys, key=key), f"control character {bad.group(0)!r} in file",
                           "remove it; sources are plain text (YAML escapes such as \\e, \\0 or \\x07 too)")
            ok = False
        elif bad := _BIDI.search(value):
            problems.error(located.path, located.at(*keys, key=key),
                           f"bidirectional control character {bad.group(0)!r} in file", _BIDI_HINT)
            ok = False
        else:
            reported -= 1

    def size(node: Any, keys: tuple, depth: int) -> tuple[int, int]:
        """(values, characters) of ``node`` with every alias expanded."""
        nonlocal ok
        if depth > MAX_DEPTH:
            raise YamlProblem(located.at(*keys[:MAX_DEPTH]), f"YAML nested deeper than {MAX_DEPTH} levels",
                              "flatten the structure")
        tag = getattr(getattr(node, "tag", None), "value", None)
        if tag not in _STANDARD_TAGS:
            problems.error(located.path, located.at(*keys), f"unsupported YAML tag {tag!r}",
                           "ctoportal sources hold plain data: remove the tag")
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
        problems.error(located.path, located.at(), f"the YAML expands to {total} values, over the limit of {MAX_NODES}",
                       "aliases (*name) that repeat large blocks multiply; write the data out or split the file")
        return False
    limit = max(EXPANSION_FACTOR * len(text), MIN_EXPANDED_CHARS)
    if chars > limit:
        problems.error(located.path, _first_alias(text, located.line_offset), f"the YAML expands to {chars} characters of text, over "
                       f"the limit of {limit} ({EXPANSION_FACTOR} times the file's size)",
                       "aliases (*name) repeat text wherever they are used; write the data out or split the file")
        return False
    return ok


def _first_alias(text: str, line_offset: int) -> Position:
    """Where the first alias (``*name``) is used: the expansion starts there (the file's start if none)."""
    for event in new_yaml().parse(text):
        if isinstance(event, AliasEvent):
            return Position(event.start_mark.line + 1 + line_offset, event.start_mark.column + 1)
    return Position(1 + line_offset, 1)


def load_file(root: Any, relpath: str, problems: Problems) -> Located | None:
    text = read_text(root, relpath, problems)
    return None if text is None else load_text(text, relpath, problems)


def read_text(root: Any, relpath: str, problems: Problems) -> str | None:
    """Read a UTF-8 source file, refusing oversized, binary and undecodable ones with a located error."""
    shown = printable_path(relpath)
    if shown != relpath:
        problems.error(shown, Position(), "file name is not valid UTF-8 or holds a control character",
                       "rename the file: letters, digits, spaces, '-', '_' and '.'")
        return None
    path = root / relpath
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            problems.error(relpath, Position(), "not a regular file (a folder, pipe or device)",
                           "source files are plain files; move it out of the source folder")
            return None
        if not _confined(Path(root), relpath, problems):
            return None
        size = info.st_size
        if size > MAX_FILE_BYTES:
            problems.error(relpath, Position(), f"file is {size} bytes, over the {MAX_FILE_BYTES} byte limit",
                           "split it into several files")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        dangling = path.is_symlink() and not path.exists()
        problems.error(relpath, Position(), f"cannot read the file: {exc.strerror or exc}",
                       "the symbolic link points at nothing: fix or remove it" if dangling
                       else "check that the file exists and is readable")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(relpath, Position(line, col), "file is not valid UTF-8",
                       "save the file as UTF-8")
        return None
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        problems.error(relpath, Position(line, col), f"control character {bad.group(0)!r} in file",
                       "remove it; sources are plain text")
        return None
    if bidi := _BIDI.search(text):
        line = text.count("\n", 0, bidi.start()) + 1
        col = bidi.start() - (text.rfind("\n", 0, bidi.start()) + 1) + 1
        problems.error(relpath, Position(line, col), f"bidirectional control character {bidi.group(0)!r} in file",
                       _BIDI_HINT)
        return None
    return text


def _confined(root: Path, relpath: str, problems: Problems) -> bool:
    """A file inside the repository must stay inside it: a link out of it (to a private file, a home
    folder) or into ``.git`` (whose config can hold a CI token) would publish what nobody vetted.
    Files named outside the repository on purpose (``INHERIT: ../base.yml``, the internal overlay) are
    taken as written."""
    if relpath.startswith("../") or Path(relpath).is_absolute():
        return True
    top = root.resolve()
    real = (root / relpath).resolve()
    if real.is_relative_to(top) and not real.is_relative_to(top / ".git"):
        return True
    where = "into .git" if real.is_relative_to(top / ".git") else "out of the repository"
    problems.error(relpath, Position(), f"{relpath} is a link {where} (to {str(real)!r}): not read",
                   "sources must be files of the repository itself: copy the content in, or remove the link",
                   code="link")
    return False


def check_linked_folders(root: Path, folders: tuple[str, ...], problems: Problems) -> None:
    """Linked folders inside the source folders are not read (a link may lead anywhere): say so."""
    top = root.resolve()
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for current, dirs, _ in os.walk(base):
            for name in sorted(dirs):
                path = Path(current) / name
                if path.is_symlink():
                    relpath = path.relative_to(root).as_posix()
                    real = path.resolve()
                    inside = real.is_relative_to(top) and not real.is_relative_to(top / ".git")
                    (problems.warning if inside else problems.error)(
                        relpath, Position(), f"{relpath} is a linked folder: its files are not read"
                        + ("" if inside else f" (it leads {'into .git' if real.is_relative_to(top / '.git') else 'out of the repository'})"),
                        "move the files into the folder itself, or remove the link", code="link")


def plain(node: Any) -> Any:
    """ruamel's round-trip types as plain Python values, for the models."""
    if isinstance(node, CommentedMap):
        return {str(k) if not isinstance(k, (int, float, bool)) else k: plain(v) for k, v in node.items()}
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
