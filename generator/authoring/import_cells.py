"""How a cell of an imported register becomes a value: a rating word to a number, a date, an amount, a
percentage, yes/no, one of a kind's statuses; a cell that cannot be read is a ``CellError`` the importer
reports with its row and column."""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Any, Callable


from generator.authoring.import_table import MAX_CELL
from generator.model.risks import Response, RiskCategory, RiskStatus
from generator.model.roadmap import InitiativeStatus
from generator.model.vendors import Level, VendorStatus
from generator.sources.located_yaml import unsafe_character

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
    "very low": 1,
    "rare": 1,
    "insignificant": 1,
    "negligible": 1,
    "low": 2,
    "unlikely": 2,
    "minor": 2,
    "medium": 3,
    "moderate": 3,
    "possible": 3,
    "med": 3,
    "high": 4,
    "likely": 4,
    "major": 4,
    "very high": 5,
    "almost certain": 5,
    "certain": 5,
    "severe": 5,
    "catastrophic": 5,
    "critical": 5,
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


def _same(values: type[enum.Enum]) -> dict[str, str]:
    """The model's own words for a field, each taken as itself: the synonyms below are added to these."""
    return {v.value: v.value for v in values}


RISK_CATEGORY = _choice(
    _same(RiskCategory)
    | {
        "cyber": "security",
        "cybersecurity": "security",
        "regulatory": "compliance",
        "legal": "compliance",
        "operations": "operational",
        "supplier": "vendor",
        "third-party": "vendor",
        "finance": "financial",
        "strategy": "strategic",
        "hr": "people",
        "it": "technology",
        "technical": "technology",
    }
)
RISK_STATUS = _choice(
    _same(RiskStatus)
    | {
        "new": "open",
        "active": "open",
        "in-progress": "mitigating",
        "mitigated": "closed",
        "resolved": "closed",
        "done": "closed",
    }
)
RISK_RESPONSE = _choice(
    _same(Response)
    | {"reduce": "mitigate", "treat": "mitigate", "tolerate": "accept", "share": "transfer", "terminate": "avoid"}
)
VENDOR_STATUS = _choice(
    _same(VendorStatus)
    | {
        "trial": "evaluating",
        "pilot": "evaluating",
        "in-use": "active",
        "current": "active",
        "phasing-out": "sunsetting",
        "ending": "sunsetting",
        "cancelled": "retired",
        "terminated": "retired",
        "inactive": "retired",
    }
)
INITIATIVE_STATUS = _choice(
    _same(InitiativeStatus)
    | {
        "idea": "proposed",
        "not-started": "planned",
        "to-do": "planned",
        "todo": "planned",
        "started": "in-progress",
        "ongoing": "in-progress",
        "active": "in-progress",
        "complete": "done",
        "completed": "done",
        "finished": "done",
        "on-hold": "paused",
        "blocked": "paused",
        "canceled": "cancelled",
        "dropped": "cancelled",
    }
)
LEVEL = _choice(_same(Level) | {"med": "medium", "1": "low", "2": "medium", "3": "high", "4": "critical"})


def _currency(value: Any) -> str:
    return _text(value).upper()
