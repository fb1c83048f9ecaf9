"""Reading a register to import (CSV or XLSX) as rows of cells, each with its row number: the first step
of ``ctoportal import`` (see importer.py)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.problems import CtoportalError

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
        note = 'not UTF-8: read as Windows-1252 (Excel\'s "CSV"); "CSV UTF-8" avoids the guess'
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
        raise CtoportalError(
            f"{shown} is not a workbook ctoportal can read ({type(exc).__name__}: {exc}); "
            f"save it again from the spreadsheet as .xlsx, or as CSV"
        ) from exc
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
        note = f"sheet {ws.title!r}" + (
            f" (of {len(book.sheetnames)}; --sheet to choose)" if len(book.sheetnames) > 1 else ""
        )
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
    raise CtoportalError(
        f"{shown}: ctoportal imports CSV (.csv) or Excel (.xlsx) files, got {suffix or 'no suffix'!r}",
    )
