"""How the columns of an imported register become fields of an item: each kind's fields (their cells read
by import_cells.py) with their header synonyms, and the mapping of
columns to fields, guessed from the headers or read from a small YAML file (see importer.py)."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.problems import CtoportalError

from generator.authoring.import_cells import (
    INITIATIVE_STATUS,
    LEVEL,
    RISK_CATEGORY,
    RISK_RESPONSE,
    RISK_STATUS,
    VENDOR_STATUS,
    _count,
    _currency,
    _day,
    _money,
    _percent,
    _period,
    _rating,
    _text,
    _yes_no,
)


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


def _f(
    name: str,
    convert: Callable[[Any], Any],
    *synonyms: str,
    target: tuple[str, ...] | None = None,
    required: bool = False,
) -> Field:
    return Field(name, target or (name,), convert, (name.replace("_", " "), *synonyms), required)


FIELDS: dict[str, tuple[Field, ...]] = {
    "risk": (
        _f("id", _text, "risk id", "ref", "reference", "risk ref", "no", "#", "code"),
        _f("title", _text, "risk", "risk title", "name", "risk name", "summary", required=True),
        _f("description", _text, "details", "risk description", "notes", "cause", "comments"),
        _f("category", RISK_CATEGORY, "type", "risk category", "risk type", "area"),
        _f("owner", _text, "risk owner", "responsible", "accountable", "assigned to"),
        _f(
            "likelihood",
            _rating,
            "probability",
            "prob",
            "likelihood (1-5)",
            "probability (1-5)",
            "l",
            "p",
            required=True,
        ),
        _f("impact", _rating, "severity", "consequence", "impact (1-5)", "i", "s", required=True),
        _f("status", RISK_STATUS, "risk status", "state"),
        _f("response", RISK_RESPONSE, "treatment", "strategy", "risk response", "approach"),
        _f("identified", _day, "date identified", "identified on", "raised", "date raised", "date added", "logged"),
        _f("review", _day, "review date", "next review", "next review date", "review by"),
    ),
    "vendor": (
        _f("id", _text, "vendor id", "ref", "code"),
        _f(
            "name",
            _text,
            "vendor",
            "supplier",
            "vendor name",
            "supplier name",
            "provider",
            "product",
            "tool",
            "service",
            required=True,
        ),
        _f("category", _text, "type", "vendor category", "function", "area"),
        _f("owner", _text, "vendor owner", "business owner", "responsible", "contact"),
        _f("status", VENDOR_STATUS, "vendor status", "state"),
        _f("criticality", LEVEL, "critical", "tier", "importance", "priority"),
        _f(
            "annual_cost",
            _money,
            "annual cost",
            "cost per year",
            "yearly cost",
            "annual spend",
            "cost",
            "spend",
            "annual fee",
            "price",
            target=("cost", "amount"),
        ),
        _f(
            "monthly_cost",
            _money,
            "monthly cost",
            "cost per month",
            "monthly spend",
            "monthly fee",
            target=("cost", "amount"),
        ),
        _f("currency", _currency, "ccy", target=("cost", "currency")),
        _f("seats", _count, "licenses", "licences", "users", "number of seats", "seat count"),
        _f("contract_start", _day, "contract start", "start date", "start", "signed", target=("contract", "start")),
        _f(
            "renewal_date",
            _day,
            "renewal date",
            "renewal",
            "contract end",
            "end date",
            "expiry",
            "expiry date",
            "expires",
            "term end",
            target=("contract", "end"),
        ),
        _f(
            "notice_days",
            _count,
            "notice days",
            "notice period",
            "notice (days)",
            "notice",
            target=("contract", "notice_days"),
        ),
        _f(
            "auto_renew",
            _yes_no,
            "auto renew",
            "auto-renew",
            "auto renewal",
            "auto-renewal",
            "renews automatically",
            target=("contract", "auto_renew"),
        ),
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
    by_header: dict[str, int] = {}
    for column, header in enumerate(headers):
        by_header.setdefault(_normal(header), column)
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
            raise CtoportalError(
                f"{path}: {name!r} is not a field of a {kind}; the fields are {', '.join(sorted(names))}"
            )
        if column is None:
            continue
        if isinstance(column, int) and not isinstance(column, bool) and 1 <= column <= len(headers):
            mapping[name] = column - 1
        elif isinstance(column, str) and _normal(column) in normal:
            mapping[name] = normal.index(_normal(column))
        else:
            raise CtoportalError(
                f"{path}: {name}: no column {column!r}; the columns are {', '.join(repr(h) for h in headers)}"
            )
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
