"""``ctoportal new initiative|risk|vendor|goal``: add an item with the next free id to the right file.

The file is never re-dumped: the new item is rendered by ruamel.yaml on its own, in the file's list
style, and appended, so every other byte of the file (comments, blank lines, flow lists, quoting)
stays exactly as the consultant wrote it. The result is parsed again before it is written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.facts.formatting import slug
from generator.model.kinds import KINDS, Kind
from generator.sources.loader import source_files
from generator.problems import CtoportalError, Problems
from generator.sources.located_yaml import load_text, plain
from generator.sources.repository_files import read_text

DEFAULT_FILES = {kind.name: kind.new.default_file for kind in KINDS}
_CODE = re.compile(r"([A-Z][A-Z0-9]*)-(\d+)")


@dataclass(frozen=True)
class NewItem:
    kind: str
    item_id: str
    path: str
    """Relative to the client repository."""


def _kind(name: str) -> Kind:
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise CtoportalError(f"unknown kind {name!r}: use one of {', '.join(k.name for k in KINDS)}")


def slugify(text: str) -> str:
    return slug(text, default="item")[:48].rstrip("-")


def next_id(kind: str, existing: list[str], title: str) -> str:
    """The next register code when the kind uses them (R-007 after R-006), else a slug of the title."""
    codes = [m for i in existing if (m := _CODE.fullmatch(i))]
    if _kind(kind).new.register_codes or (existing and len(codes) * 2 > len(existing)):
        prefixes = [m.group(1) for m in codes]
        prefix = max(set(prefixes), key=prefixes.count) if prefixes else "R"
        numbers = [m for m in codes if m.group(1) == prefix]
        width = max((len(m.group(2)) for m in numbers), default=3)
        return f"{prefix}-{max((int(m.group(2)) for m in numbers), default=0) + 1:0{width}d}"
    base = slugify(title)
    candidate, n = base, 2
    while candidate in existing:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _template(kind: str, item_id: str, title: str, today: dt.date) -> dict[str, Any]:
    """The least a valid item needs, with values the consultant will replace."""
    new = _kind(kind).new
    item = {"id": item_id, new.title_field: title, **new.fields}
    if new.dated_field is not None:
        item[new.dated_field] = today.isoformat()
    return item


def _read(root: Path, relpath: str) -> str:
    """A source file's text; one that cannot be read as a source (not UTF-8, control characters...) stops
    the command with its located error, and nothing is written."""
    problems = Problems()
    text = read_text(root, relpath, problems)
    if text is None:
        first = problems.errors[0]
        hint = f" ({first.hint})" if first.hint else ""
        raise CtoportalError(f"{first.path}:{first.position.line}:{first.position.col}: {first.message}{hint}")
    return text


def _existing_ids(root: Path, kind: Kind) -> list[str]:
    ids = []
    for relpath in source_files(root, kind):
        located = load_text(_read(root, relpath), relpath, Problems())
        node = located.node if located is not None else None
        entries = [node] if isinstance(node, CommentedMap) else list(node) if isinstance(node, CommentedSeq) else []
        ids += [e["id"] for e in entries if isinstance(e, CommentedMap) and isinstance(e.get("id"), str)]
    return ids


def _sequence_indent(text: str) -> int:
    """How far the file's top-level ``- `` stands from the margin (0 in most files)."""
    for line in text.splitlines():
        if line.lstrip().startswith("- ") and not line.lstrip().startswith("#"):
            return len(line) - len(line.lstrip())
    return 0


def _render(item: dict[str, Any], dash_offset: int) -> str:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=dash_offset + 2, offset=dash_offset)
    yaml.width = 4096
    out = io.StringIO()
    seq = CommentedSeq([CommentedMap(item)])
    yaml.dump(seq, out)
    return out.getvalue()


def add_item(
    root: Path,
    kind_name: str,
    title: str | None = None,
    file: str | None = None,
    today: dt.date | None = None,
    also_taken: Path | None = None,
) -> NewItem:
    """``also_taken``: another folder whose ids the new one must not take (the client repository, when
    adding to the internal overlay; never the other way round, where the numbering would show the client
    how many items it does not see)."""
    kind = _kind(kind_name)
    title = (title or f"New {kind.name}").strip()
    if not title or "\n" in title:
        raise CtoportalError("the title must be one line of text")
    relpath = file or DEFAULT_FILES[kind.name]
    candidates = source_files(root, kind)
    if file is None and relpath not in candidates and candidates:
        relpath = candidates[0]
    if Path(relpath).is_absolute() or ".." in Path(relpath).parts or not relpath.startswith(kind.folder + "/"):
        raise CtoportalError(f"{kind.name}s live under {kind.folder}/, got {relpath!r}")
    path = root / relpath
    taken = _existing_ids(root, kind) + (_existing_ids(also_taken, kind) if also_taken is not None else [])
    item_id = next_id(kind.name, taken, title)
    item = _template(kind.name, item_id, title, today or dt.date.today())
    try:
        kind.model.model_validate(item)
    except ValidationError as exc:  # a title the model refuses (e.g. too long) is the user's to fix
        raise CtoportalError(f"cannot add this {kind.name}: {exc.errors()[0]['msg']}") from None
    text = _read(root, relpath) if path.exists() or path.is_symlink() else ""
    located = load_text(text, relpath, Problems()) if text else None
    if text and (located is None or not isinstance(located.node, (CommentedSeq, type(None)))):
        raise CtoportalError(
            f"{relpath} does not hold a list of {kind.name}s; pass --file with a list file "
            f"(or fix its errors first: ctoportal validate)"
        )
    # one blank line between the last item and the new one
    separator = "" if not text or text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
    new_text = text + separator + _render(item, _sequence_indent(text))
    check = Problems()
    loaded = load_text(new_text, relpath, check)
    if (
        loaded is None
        or check.errors
        or not isinstance(loaded.node, CommentedSeq)
        or plain(loaded.node[-1]).get("id") != item_id
    ):
        raise CtoportalError(f"could not append to {relpath} safely; add the {kind.name} by hand")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_text, encoding="utf-8")
    return NewItem(kind.name, item_id, relpath)
