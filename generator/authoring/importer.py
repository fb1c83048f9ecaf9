"""``ctoportal import risk|vendor|initiative TABLE``: an existing register (CSV or XLSX) into source files.

Parse -> map -> convert -> append, each a step of its own:
- the table is read as rows of text (or numbers and dates, from a workbook), each with its row number;
- every column is mapped to a field by its header (synonyms below), or by a small YAML mapping file
  (``field: column header``); the mapping is shown, as such a file, so it can be saved and corrected;
- each row becomes an item checked by the same model that validates the sources; a row that cannot be
  read is reported with its row number and left out, never guessed;
- items are appended as ``ctoportal new`` appends them (generator/authoring/new_item.py: the file is never
  re-dumped, ids follow the next free one), never over an item already there: an id already present
  is reported and skipped;
- the repository is validated again after writing; if the written file has an error, it is put back.

Fail closed: imported items are ``visibility: internal`` unless asked otherwise (``--client-visible``):
a spreadsheet nobody has reviewed for the client's eyes does not reach a client build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from generator.sources.loader import Kind, source_files
from generator.model.common import ID_PATTERN
from generator.authoring.new_item import (
    DEFAULT_FILES,
    _existing_ids,
    _kind,
    _render,
    _sequence_indent,
    next_id,
    slugify,
)
from generator.problems import CtoportalError, Position, Problems
from generator.problems.report import as_text
from generator.sources.located_yaml import load_text, plain

from generator.authoring.import_cells import CellError
from generator.authoring.import_fields import FIELDS, PLACEHOLDERS, mapping_text
from generator.authoring.import_table import Table

# -- rows into items ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    kind: str
    path: str | None
    """Where the items were written, relative to the repository (None: nothing written)."""
    mapping: list[str]
    imported: list[tuple[int, str]] = field(default_factory=list)
    """(row number, id) of each item written."""
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    """(row number, id, where it already is)."""
    problems: Problems = field(default_factory=Problems)
    """Rows that could not be read."""
    notes: list[str] = field(default_factory=list)
    validation: Problems | None = None
    """The repository validated after writing (None: nothing written)."""
    dry_run: bool = False
    client_visible: bool = False


def report(result: ImportResult, table: str, color: bool = False) -> str:
    """What the import did, for the consultant: skipped rows, unreadable rows, what was written, validation."""
    lines = [f"note: {note}" for note in result.notes]
    lines += [
        f"{table}:{number}: skipped: {result.kind} {item_id} is already in {where}: never overwritten"
        for number, item_id, where in result.skipped
    ]
    if result.problems:
        lines.append(as_text(result.problems, color=color).rsplit("\n", 1)[0])
    count = len(result.imported)
    kinds = result.kind if count == 1 else f"{result.kind}s"
    ids = ", ".join(item_id for _, item_id in result.imported)
    if result.dry_run:
        lines.append(f"would import {count} {kinds} ({ids or 'none'}); nothing written (--dry-run)")
    elif result.path is None:
        lines.append(f"imported no {result.kind}s: nothing written")
    else:
        lines.append(f"imported {count} {kinds} into {result.path}: {ids}")
        if not result.client_visible:
            lines.append(
                "they are `visibility: internal`: out of client builds, though readable by whoever can read "
                "the repository; review each, then remove that line to show it to the client (or import "
                "with --client-visible)"
            )
    if result.problems.errors:
        lines.append(f"{len(result.problems.errors)} row(s) could not be read and were left out")
    if result.validation is not None:
        lines.append("validation of the repository, imported items included:")
        lines.append(as_text(result.validation, color=color))
    return "\n".join(lines)


def _set(item: dict[str, Any], target: tuple[str, ...], value: Any) -> None:
    for key in target[:-1]:
        item = item.setdefault(key, {})
    item[target[-1]] = value


def _row_item(
    kind: str, table: Table, cells: list[Any], mapping: dict[str, int], number: int, problems: Problems
) -> dict[str, Any] | None:
    item: dict[str, Any] = {}
    ok = True
    for fld in FIELDS[kind]:
        if fld.name not in mapping:
            continue
        index = mapping[fld.name]
        value = cells[index] if index < len(cells) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if fld.required:
                problems.error(
                    table.path,
                    Position(number, index + 1),
                    f"row {number}: {fld.name} is empty (column {table.headers[index]!r})",
                    "fill it in, or leave the row out",
                )
                ok = False
            continue
        try:
            _set(item, fld.target, fld.convert(value))
        except CellError as exc:
            problems.error(
                table.path,
                Position(number, index + 1),
                f"row {number}: {fld.name} (column {table.headers[index]!r}) {exc}",
                "correct the cell, or map another column with --mapping",
            )
            ok = False
    if "monthly_cost" in mapping and "cost" in item and "annual_cost" not in mapping:
        item["cost"]["per"] = "month"
    return item if ok else None


def _model_errors(kind: Kind, item: dict[str, Any]) -> list[str]:
    try:
        kind.model.model_validate(item)
    except ValidationError as exc:
        return [f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors()]
    return []


def _ordered(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    """Keys in the order the format documents them: id, title or name first, visibility last."""
    first, last = ["id", "title", "name"], ["visibility"]
    model_order = list(_kind(kind).model.model_fields)
    keys = sorted(
        item,
        key=lambda k: (
            k in last,
            k not in first,
            first.index(k) if k in first else model_order.index(k) if k in model_order else 99,
        ),
    )
    return {k: item[k] for k in keys}


def import_table(
    root: Path,
    kind_name: str,
    table: Table,
    mapping: dict[str, int],
    file: str | None = None,
    client_visible: bool = False,
    dry_run: bool = False,
    validate: Callable[[], Problems] | None = None,
) -> ImportResult:
    kind = _kind(kind_name)
    missing = [f.name for f in FIELDS[kind_name] if f.required and f.name not in mapping]
    if missing:
        raise CtoportalError(
            f"{table.path}: no column for {', '.join(missing)} among "
            f"{', '.join(repr(h) for h in table.headers)}; name it with --mapping FILE "
            f"(a line `{missing[0]}: Column header`)"
        )
    result = ImportResult(
        kind_name, None, mapping_text(kind_name, table.headers, mapping), dry_run=dry_run, client_visible=client_visible
    )
    defaults = {k: v for k, v in PLACEHOLDERS[kind_name].items() if k not in mapping}
    if defaults:
        result.notes.append("no column for " + ", ".join(f"{k} (every item gets {v!r})" for k, v in defaults.items()))
    if table.note:
        result.notes.append(table.note)
    existing = _existing_ids(root, kind)
    where = _where(root, kind)
    seen: dict[str, int] = {}
    items: list[tuple[int, dict[str, Any]]] = []
    for number, cells in table.rows:
        item = _row_item(kind_name, table, cells, mapping, number, result.problems)
        if item is None:
            continue
        title = item.get("title") or item.get("name") or ""
        given = item.pop("id", None)
        if given is not None:
            if given in existing:
                result.skipped.append((number, given, where.get(given, "the repository")))
                continue
            if given in seen:
                result.skipped.append((number, given, f"row {seen[given]} of {table.path}"))
                continue
            if not re.fullmatch(ID_PATTERN, given):
                result.notes.append(
                    f"row {number}: {given!r} is not an id ctoportal accepts "
                    f"(a slug or a code such as R-001): given the next free one"
                )
                given = None
        if given is None and kind_name != "risk":
            # No id: the one its title would get. Already there means the same vendor or initiative, most
            # likely (Zoom is `zoom`): skipped, never added twice as `zoom-2`.
            base = slugify(title)
            if base in existing or base in seen:
                at = where.get(base, "the repository") if base in existing else f"row {seen[base]} of {table.path}"
                result.skipped.append((number, base, f"{at} (by its name; an id column imports it anyway)"))
                continue
        item_id = given or next_id(kind_name, existing + list(seen), title)
        item = {"id": item_id, **PLACEHOLDERS[kind_name], **item}
        if not client_visible:
            item["visibility"] = "internal"
        errors = _model_errors(kind, item)
        if errors:
            result.problems.error(
                table.path,
                Position(number, 1),
                f"row {number}: " + "; ".join(errors),
                "correct the row, or map other columns with --mapping",
            )
            continue
        seen[item_id] = number
        items.append((number, _ordered(kind_name, item)))
    if not items or dry_run:
        result.imported = [(n, i["id"]) for n, i in items]
        return result
    result.path = _append(root, kind, file, items, validate, result, table.path)
    result.imported = [(n, i["id"]) for n, i in items]
    return result


def _where(root: Path, kind: Kind) -> dict[str, str]:
    found: dict[str, str] = {}
    for relpath in source_files(root, kind):
        for item_id in _existing_ids_in(root, relpath):
            found.setdefault(item_id, relpath)
    return found


def _existing_ids_in(root: Path, relpath: str) -> list[str]:
    located = load_text((root / relpath).read_text(encoding="utf-8"), relpath, Problems())
    data = plain(located.node) if located is not None else None
    entries = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    return [e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]


def _append(
    root: Path,
    kind: Kind,
    file: str | None,
    numbered: list[tuple[int, dict[str, Any]]],
    validate: Callable[[], Problems] | None,
    result: ImportResult,
    table_path: str,
) -> str:
    items = [item for _, item in numbered]
    relpath = file or DEFAULT_FILES[kind.name]
    candidates = source_files(root, kind)
    if file is None and relpath not in candidates and candidates:
        relpath = candidates[0]
    if (
        Path(relpath).is_absolute()
        or ".." in Path(relpath).parts
        or not relpath.startswith(kind.folder + "/")
        or Path(relpath).suffix not in (".yaml", ".yml")
    ):
        raise CtoportalError(f"{kind.name}s live in YAML files under {kind.folder}/, got {relpath!r}")
    path = root / relpath
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text:
        located = load_text(text, relpath, Problems())
        if located is None or not (located.node is None or isinstance(plain(located.node), list)):
            raise CtoportalError(
                f"{relpath} does not hold a list of {kind.name}s; pass --file with a list file "
                f"(or fix its errors first: ctoportal validate)"
            )
    separator = "" if not text or text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
    dash = _sequence_indent(text)
    chunks = [_render(item, dash) for item in items]
    new_text = text + separator + "\n".join(chunks)
    first_lines, line = [], (text + separator).count("\n") + 1
    for chunk in chunks:  # where each item starts in the new text, to name its row in a message
        first_lines.append(line)
        line += chunk.count("\n") + 1
    check = Problems()
    loaded = load_text(new_text, relpath, check)
    ids = (
        [e.get("id") for e in plain(loaded.node)] if loaded is not None and isinstance(plain(loaded.node), list) else []
    )
    if check.errors or ids[-len(items) :] != [i["id"] for i in items]:
        raise CtoportalError(f"could not append to {relpath} safely; nothing was written")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_text, encoding="utf-8")
    if validate is not None:
        problems = validate()
        result.validation = problems
        ours = [p for p in problems.errors if p.path == relpath and p.position.line >= first_lines[0]]
        if ours:
            if text:
                path.write_text(text, encoding="utf-8")
            else:
                path.unlink()

            def row(problem) -> str:
                index = max(i for i, first in enumerate(first_lines) if first <= problem.position.line)
                return (
                    f"{table_path}:{numbered[index][0]}: error: row {numbered[index][0]} "
                    f"(as {items[index]['id']}): {problem.message}"
                    + (f"\n  hint: {problem.hint}" if problem.hint else "")
                )

            raise CtoportalError(
                f"the imported {kind.name}s do not validate, so nothing was imported ({relpath} is "
                f"as it was):\n" + "\n".join(row(p) for p in ours)
            )
    return relpath
