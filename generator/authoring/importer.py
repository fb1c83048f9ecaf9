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

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

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
from generator.sources.located_yaml import load_text, plain, unsafe_character

MAX_ROWS = 5000
MAX_CELL = 10_000

# -- reading a table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    path: str
    """As the user gave it, for messages."""
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    """(row number in the file or sheet, cells)."""
    header_row: int
    note: str = ""


def _cells_empty(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _table(path: str, raw: list[tuple[int, list[Any]]], note: str = "") -> Table:
    raw = [(n, cells) for n, cells in raw if not _cells_empty(cells)]
    if not raw:
        raise CtoportalError(f"{path} has no rows")
    (header_row, header_cells), *rows = raw
    headers = [str(c).strip() if c is not None else "" for c in header_cells]
    if len(rows) > MAX_ROWS:
        raise CtoportalError(f"{path} has more than the {MAX_ROWS} rows ctoportal imports at once: split it")
    return Table(path, headers, rows, header_row, note)


def read_csv(path: Path, shown: str) -> Table:
    data = path.read_bytes()
    note = ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        note = "not UTF-8: read as Windows-1252 (Excel's \"CSV\"); \"CSV UTF-8\" avoids the guess"
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    raw = []
    try:  # numbered by record, as a spreadsheet shows the rows (a cell may hold several lines)
        for number, cells in enumerate(reader, start=1):
            if not _cells_empty(cells):
                raw.append((number, cells))
                if len(raw) > MAX_ROWS + 1:
                    break
    except csv.Error as exc:
        raise CtoportalError(f"{shown}:{reader.line_num}: cannot read the CSV: {exc}") from None
    return _table(shown, raw, note)


def read_xlsx(path: Path, shown: str, sheet: str | None) -> Table:
    import openpyxl  # only an import of a workbook needs it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged file fails in many ways inside openpyxl; --debug shows which
        raise CtoportalError(f"{shown} is not a workbook ctoportal can read ({type(exc).__name__}: {exc}); "
                             f"save it again from the spreadsheet as .xlsx, or as CSV") from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise CtoportalError(f"{shown} has no sheet {sheet!r}; it has {', '.join(map(repr, book.sheetnames))}")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        raw: list[tuple[int, list[Any]]] = []
        try:
            for n, cells in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
                if not _cells_empty(list(cells)):
                    raw.append((n, list(cells)))
                    if len(raw) > MAX_ROWS + 1:  # the header and one row too many: _table says so
                        break
        except Exception as exc:
            raise CtoportalError(f"{shown}: cannot read sheet {ws.title!r} ({type(exc).__name__}: {exc})") from exc
        note = f"sheet {ws.title!r}" + (f" (of {len(book.sheetnames)}; --sheet to choose)" if len(book.sheetnames) > 1
                                       else "")
    finally:
        book.close()
    return _table(shown, raw, note)


def read_table(path: Path, shown: str, sheet: str | None = None) -> Table:
    if not path.is_file():
        raise CtoportalError(f"{shown}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, shown, sheet)
    if suffix in (".csv", ".tsv", ".txt"):
        if sheet is not None:
            raise CtoportalError("--sheet is for a workbook (.xlsx), not a CSV file")
        return read_csv(path, shown)
    raise CtoportalError(f"{shown}: ctoportal imports CSV (.csv) or Excel (.xlsx) files, got {suffix or 'no suffix'!r}",)


# -- converting cells ---------------------------------------------------------------------------------

class CellError(ValueError):
    """A cell that cannot be read as its field; the message says what was expected."""


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.isoformat()[:10]
    text = str(value).strip()
    if len(text) > MAX_CELL:
        raise CellError(f"is {len(text)} characters long, more than {MAX_CELL}")
    if (bad := unsafe_character(text)) is not None:  # refused in sources, so refused here: the row is left out
        raise CellError(f"holds the control character {bad!r}, which sources may not hold")
    return text


_RATING_WORDS = {
    "very low": 1, "rare": 1, "insignificant": 1, "negligible": 1,
    "low": 2, "unlikely": 2, "minor": 2,
    "medium": 3, "moderate": 3, "possible": 3, "med": 3,
    "high": 4, "likely": 4, "major": 4,
    "very high": 5, "almost certain": 5, "certain": 5, "severe": 5, "catastrophic": 5, "critical": 5,
}


def _rating(value: Any) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        number = int(value)
    else:
        text = _text(value).lower()
        if re.fullmatch(r"\d+(\.0+)?", text):
            number = int(float(text))
        elif (m := re.fullmatch(r"(\d)\s*[-:(]?\s*([a-z ]+?)\)?", text)) and _RATING_WORDS.get(m.group(2).strip()):
            number = int(m.group(1))  # "4 - High", "4 (high)"
        elif text in _RATING_WORDS:
            return _RATING_WORDS[text]
        else:
            raise CellError(f"must be 1-5 or a word such as low, medium, high, got {value!r}")
    if not 1 <= number <= 5:
        raise CellError(f"must be 1-5, got {value!r}")
    return number


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T][\d:.]+)?", text):
        try:
            return dt.date.fromisoformat(m.group(1))
        except ValueError:
            pass
    raise CellError(f"must be a date written YYYY-MM-DD (or a date cell in a workbook), got {value!r}")


def _period(value: Any) -> str | dt.date:
    if isinstance(value, (dt.date, dt.datetime)):
        return _day(value)
    text = _text(value)
    if re.fullmatch(r"\d{4}-(?:\d{2}|Q[1-4])", text.upper()):
        return text.upper()
    if m := re.fullmatch(r"Q([1-4])\s*(\d{4})", text.upper()):
        return f"{m.group(2)}-Q{m.group(1)}"
    return _day(value)


def _money(value: Any) -> float | int:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = re.sub(r"[\s$€£¥]|\b[A-Z]{3}\b", "", _text(value))
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", text):
            number = float(text.replace(",", ""))
        else:
            raise CellError(f"must be an amount such as 12000 or $12,000.00, got {value!r}")
    if number < 0:
        raise CellError(f"must not be negative, got {value!r}")
    return int(number) if number.is_integer() else number


def _count(value: Any) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() and value >= 0:
        return int(value)
    text = _text(value).replace(",", "")
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(float(text))
    raise CellError(f"must be a whole number, got {value!r}")


def _percent(value: Any) -> int:
    if isinstance(value, float) and 0 <= value <= 1 and not value.is_integer():
        return round(value * 100)  # a percentage cell in a workbook holds 0.4 for 40%
    text = _text(value).rstrip("%").strip()
    if re.fullmatch(r"\d+(\.\d+)?", text) and 0 <= float(text) <= 100:
        return round(float(text))
    raise CellError(f"must be a percentage 0-100, got {value!r}")


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in ("yes", "y", "true", "1", "x", "auto"):
        return True
    if text in ("no", "n", "false", "0", "", "manual"):
        return False
    raise CellError(f"must be yes or no, got {value!r}")


def _choice(options: dict[str, str]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        key = re.sub(r"[\s_]+", "-", _text(value).lower())
        if key in options:
            return options[key]
        choices = sorted(set(options.values()))
        raise CellError(f"must be one of {', '.join(choices)}, got {value!r}")
    return convert


def _same(*words: str) -> dict[str, str]:
    return {w: w for w in words}


RISK_CATEGORY = _choice(_same("security", "compliance", "operational", "vendor", "financial", "strategic", "people",
                              "technology") | {"cyber": "security", "cybersecurity": "security",
                                               "regulatory": "compliance", "legal": "compliance",
                                               "operations": "operational", "supplier": "vendor",
                                               "third-party": "vendor", "finance": "financial",
                                               "strategy": "strategic", "hr": "people", "it": "technology",
                                               "technical": "technology"})
RISK_STATUS = _choice(_same("open", "mitigating", "accepted", "closed", "transferred")
                      | {"new": "open", "active": "open", "in-progress": "mitigating", "mitigated": "closed",
                         "resolved": "closed", "done": "closed"})
RISK_RESPONSE = _choice(_same("avoid", "mitigate", "transfer", "accept") | {"reduce": "mitigate", "treat": "mitigate",
                                                                              "tolerate": "accept", "share": "transfer",
                                                                              "terminate": "avoid"})
VENDOR_STATUS = _choice(_same("evaluating", "active", "sunsetting", "retired")
                        | {"trial": "evaluating", "pilot": "evaluating", "in-use": "active", "current": "active",
                           "phasing-out": "sunsetting", "ending": "sunsetting", "cancelled": "retired",
                           "terminated": "retired", "inactive": "retired"})
INITIATIVE_STATUS = _choice(_same("proposed", "planned", "in-progress", "done", "paused", "cancelled")
                            | {"idea": "proposed", "not-started": "planned", "to-do": "planned", "todo": "planned",
                               "started": "in-progress", "ongoing": "in-progress", "active": "in-progress",
                               "complete": "done", "completed": "done", "finished": "done", "on-hold": "paused",
                               "blocked": "paused", "canceled": "cancelled", "dropped": "cancelled"})
LEVEL = _choice(_same("low", "medium", "high", "critical") | {"med": "medium", "1": "low", "2": "medium", "3": "high",
                                                               "4": "critical"})


def _currency(value: Any) -> str:
    return _text(value).upper()


# -- the fields of each kind ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    name: str
    """The mapping file's key."""
    target: tuple[str, ...]
    """Where the value goes in the item (``("contract", "end")``)."""
    convert: Callable[[Any], Any]
    synonyms: tuple[str, ...]
    required: bool = False


def _f(name: str, convert: Callable[[Any], Any], *synonyms: str, target: tuple[str, ...] | None = None,
       required: bool = False) -> Field:
    return Field(name, target or (name,), convert, (name.replace("_", " "), *synonyms), required)


FIELDS: dict[str, tuple[Field, ...]] = {
    "risk": (
        _f("id", _text, "risk id", "ref", "reference", "risk ref", "no", "#", "code"),
        _f("title", _text, "risk", "risk title", "name", "risk name", "summary", required=True),
        _f("description", _text, "details", "risk description", "notes", "cause", "comments"),
        _f("category", RISK_CATEGORY, "type", "risk category", "risk type", "area"),
        _f("owner", _text, "risk owner", "responsible", "accountable", "assigned to"),
        _f("likelihood", _rating, "probability", "prob", "likelihood (1-5)", "probability (1-5)", "l", "p",
           required=True),
        _f("impact", _rating, "severity", "consequence", "impact (1-5)", "i", "s", required=True),
        _f("status", RISK_STATUS, "risk status", "state"),
        _f("response", RISK_RESPONSE, "treatment", "strategy", "risk response", "approach"),
        _f("identified", _day, "date identified", "identified on", "raised", "date raised", "date added", "logged"),
        _f("review", _day, "review date", "next review", "next review date", "review by"),
    ),
    "vendor": (
        _f("id", _text, "vendor id", "ref", "code"),
        _f("name", _text, "vendor", "supplier", "vendor name", "supplier name", "provider", "product", "tool",
           "service", required=True),
        _f("category", _text, "type", "vendor category", "function", "area"),
        _f("owner", _text, "vendor owner", "business owner", "responsible", "contact"),
        _f("status", VENDOR_STATUS, "vendor status", "state"),
        _f("criticality", LEVEL, "critical", "tier", "importance", "priority"),
        _f("annual_cost", _money, "annual cost", "cost per year", "yearly cost", "annual spend", "cost", "spend",
           "annual fee", "price", target=("cost", "amount")),
        _f("monthly_cost", _money, "monthly cost", "cost per month", "monthly spend", "monthly fee",
           target=("cost", "amount")),
        _f("currency", _currency, "ccy", target=("cost", "currency")),
        _f("seats", _count, "licenses", "licences", "users", "number of seats", "seat count"),
        _f("contract_start", _day, "contract start", "start date", "start", "signed", target=("contract", "start")),
        _f("renewal_date", _day, "renewal date", "renewal", "contract end", "end date", "expiry", "expiry date",
           "expires", "term end", target=("contract", "end")),
        _f("notice_days", _count, "notice days", "notice period", "notice (days)", "notice",
           target=("contract", "notice_days")),
        _f("auto_renew", _yes_no, "auto renew", "auto-renew", "auto renewal", "auto-renewal", "renews automatically",
           target=("contract", "auto_renew")),
    ),
    "initiative": (
        _f("id", _text, "initiative id", "ref", "code", "project id"),
        _f("title", _text, "initiative", "project", "name", "project name", "initiative name", required=True),
        _f("summary", _text, "description", "details", "notes", "scope"),
        _f("status", INITIATIVE_STATUS, "project status", "state"),
        _f("start", _period, "start date", "begins", "from"),
        _f("end", _period, "end date", "due", "due date", "target date", "finish", "deadline", "to"),
        _f("owner", _text, "lead", "project owner", "responsible", "assigned to", "sponsor"),
        _f("priority", LEVEL, "prio"),
        _f("progress", _percent, "% complete", "percent complete", "complete", "progress (%)", "done %"),
    ),
}
KIND_NAMES = tuple(FIELDS)

# What the model needs but a table may not say: the same placeholders as ``ctoportal new``.
PLACEHOLDERS: dict[str, dict[str, Any]] = {
    "risk": {"category": "operational", "owner": "TBD"},
    "vendor": {"category": "TBD"},
    "initiative": {},
}


def _normal(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header.strip().lower())


def guess_mapping(kind: str, headers: list[str]) -> dict[str, int]:
    """Field name -> column index, by header synonyms; each column used once, the first match wins."""
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    by_header = {}
    for index, header in enumerate(headers):
        by_header.setdefault(_normal(header), index)
    for fld in FIELDS[kind]:
        for synonym in fld.synonyms:
            index = by_header.get(synonym)
            if index is not None and index not in taken:
                mapping[fld.name] = index
                taken.add(index)
                break
    if "annual_cost" in mapping and "monthly_cost" in mapping:
        del mapping["monthly_cost"]  # one amount per vendor: the annual one
    return mapping


def read_mapping(path: Path, kind: str, headers: list[str]) -> dict[str, int]:
    """A mapping file: ``field: column header`` per line (a header may also be a 1-based column number)."""
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise CtoportalError(f"cannot read the mapping file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise CtoportalError(f"{path}: a mapping file holds `field: column header` lines, got {type(data).__name__}")
    names = {f.name for f in FIELDS[kind]}
    normal = [_normal(h) for h in headers]
    mapping: dict[str, int] = {}
    for name, column in data.items():
        if name not in names:
            raise CtoportalError(f"{path}: {name!r} is not a field of a {kind}; the fields are {', '.join(sorted(names))}")
        if column is None:
            continue
        if isinstance(column, int) and not isinstance(column, bool) and 1 <= column <= len(headers):
            mapping[name] = column - 1
        elif isinstance(column, str) and _normal(column) in normal:
            mapping[name] = normal.index(_normal(column))
        else:
            raise CtoportalError(f"{path}: {name}: no column {column!r}; the columns are "
                                 f"{', '.join(repr(h) for h in headers)}")
    return mapping


def mapping_text(kind: str, headers: list[str], mapping: dict[str, int]) -> list[str]:
    """The mapping as a mapping file, one line a field, with the columns left out as comments."""
    lines = [f"{name}: {_yaml_scalar(headers[index])}" for name, index in mapping.items()]
    unused = [h for i, h in enumerate(headers) if i not in mapping.values() and h]
    if unused:
        lines.append("# not imported: " + ", ".join(_yaml_scalar(h) for h in unused))
    missing = [f.name for f in FIELDS[kind] if f.name not in mapping and f.required]
    if missing:
        lines.append("# no column for: " + ", ".join(missing))
    return lines


def _yaml_scalar(text: str) -> str:
    """A header as YAML on one line: plain or quoted as YAML needs, JSON-quoted (also YAML) if it spans lines."""
    out = io.StringIO()
    yaml = YAML(typ="safe")
    yaml.width = 4096
    yaml.dump(text, out)
    dumped = out.getvalue().removesuffix("\n...\n").strip()
    return dumped if "\n" not in dumped and dumped.isprintable() else json.dumps(text)


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
    lines += [f"{table}:{number}: skipped: {result.kind} {item_id} is already in {where}: never overwritten"
              for number, item_id, where in result.skipped]
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
            lines.append("they are `visibility: internal`: out of client builds, though readable by whoever can read "
                         "the repository; review each, then remove that line to show it to the client (or import "
                         "with --client-visible)")
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


def _row_item(kind: str, table: Table, cells: list[Any], mapping: dict[str, int], number: int,
              problems: Problems) -> dict[str, Any] | None:
    item: dict[str, Any] = {}
    ok = True
    for fld in FIELDS[kind]:
        if fld.name not in mapping:
            continue
        index = mapping[fld.name]
        value = cells[index] if index < len(cells) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if fld.required:
                problems.error(table.path, Position(number, index + 1), f"row {number}: {fld.name} is empty "
                               f"(column {table.headers[index]!r})", "fill it in, or leave the row out")
                ok = False
            continue
        try:
            _set(item, fld.target, fld.convert(value))
        except CellError as exc:
            problems.error(table.path, Position(number, index + 1),
                           f"row {number}: {fld.name} (column {table.headers[index]!r}) {exc}",
                           "correct the cell, or map another column with --mapping")
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
    keys = sorted(item, key=lambda k: (k in last, k not in first, first.index(k) if k in first else
                                       model_order.index(k) if k in model_order else 99))
    return {k: item[k] for k in keys}


def import_table(root: Path, kind_name: str, table: Table, mapping: dict[str, int], file: str | None = None,
                 client_visible: bool = False, dry_run: bool = False,
                 validate: Callable[[], Problems] | None = None) -> ImportResult:
    kind = _kind(kind_name)
    missing = [f.name for f in FIELDS[kind_name] if f.required and f.name not in mapping]
    if missing:
        raise CtoportalError(f"{table.path}: no column for {', '.join(missing)} among "
                             f"{', '.join(repr(h) for h in table.headers)}; name it with --mapping FILE "
                             f"(a line `{missing[0]}: Column header`)")
    result = ImportResult(kind_name, None, mapping_text(kind_name, table.headers, mapping), dry_run=dry_run,
                          client_visible=client_visible)
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
                result.notes.append(f"row {number}: {given!r} is not an id ctoportal accepts "
                                    f"(a slug or a code such as R-001): given the next free one")
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
            result.problems.error(table.path, Position(number, 1), f"row {number}: " + "; ".join(errors),
                                  "correct the row, or map other columns with --mapping")
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


def _append(root: Path, kind: Kind, file: str | None, numbered: list[tuple[int, dict[str, Any]]],
            validate: Callable[[], Problems] | None, result: ImportResult, table_path: str) -> str:
    items = [item for _, item in numbered]
    relpath = file or DEFAULT_FILES[kind.name]
    candidates = source_files(root, kind)
    if file is None and relpath not in candidates and candidates:
        relpath = candidates[0]
    if Path(relpath).is_absolute() or ".." in Path(relpath).parts or not relpath.startswith(kind.folder + "/") \
            or Path(relpath).suffix not in (".yaml", ".yml"):
        raise CtoportalError(f"{kind.name}s live in YAML files under {kind.folder}/, got {relpath!r}")
    path = root / relpath
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text:
        located = load_text(text, relpath, Problems())
        if located is None or not (located.node is None or isinstance(plain(located.node), list)):
            raise CtoportalError(f"{relpath} does not hold a list of {kind.name}s; pass --file with a list file "
                                 f"(or fix its errors first: ctoportal validate)")
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
    ids = [e.get("id") for e in plain(loaded.node)] if loaded is not None and isinstance(plain(loaded.node), list) else []
    if check.errors or ids[-len(items):] != [i["id"] for i in items]:
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
                return f"{table_path}:{numbered[index][0]}: error: row {numbered[index][0]} " \
                       f"(as {items[index]['id']}): {problem.message}" + (f"\n  hint: {problem.hint}" if problem.hint else "")
            raise CtoportalError(f"the imported {kind.name}s do not validate, so nothing was imported ({relpath} is "
                                 f"as it was):\n" + "\n".join(row(p) for p in ours))
    return relpath
