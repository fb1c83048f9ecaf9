"""Types shared by every source kind: ids, dates and periods, money, visibility."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Annotated, Any

from babel.dates import format_date, format_skeleton
from babel.numbers import is_currency
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, Strict, WithJsonSchema

from generator.model import i18n
from generator.model.fiscal import Quarter

ID_PATTERN = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*|[A-Z][A-Z0-9]*-[0-9]+)$"
_ID_RE = re.compile(ID_PATTERN)


def _check_id(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be text, got {value!r}")
    if not _ID_RE.fullmatch(value):
        raise ValueError(
            f"must be a lowercase slug such as 'cloud-backup' or a register code such as 'R-001', got {value!r}"
        )
    return value


Id = Annotated[
    str,
    PlainValidator(_check_id),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "a lowercase slug (cloud-backup) or a register code (R-001)",
        }
    ),
]


FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
"""Dates outside these are typing mistakes; refusing them keeps date arithmetic (notice deadlines,
reminders, horizons) far from the limits of Python's dates (year 1 and 9999)."""


def _check_day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"is not a real date: {value!r} ({exc})") from None
    raise ValueError(f"must be a date written YYYY-MM-DD, got {value!r}")


def _check_sane_day(value: Any) -> dt.date:
    day = _check_day(value)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY.year} and {LAST_DAY.year}, got {value!r}")
    return day


Day = Annotated[
    dt.date,
    PlainValidator(_check_sane_day),
    PlainSerializer(lambda d: d.isoformat()),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


@dataclass(frozen=True)
class Period:
    """A date, a month or a quarter as written in a roadmap: ``2026-10-01``, ``2026-10`` or ``2026-Q4``."""

    first: dt.date
    last: dt.date
    text: str

    @property
    def label(self) -> str:
        """As the portal's locale writes it: Q4 2026, Nov 2026, Nov 20, 2026 (fr: T4 2026, nov. 2026)."""
        locale = i18n.current().locale
        if "Q" in self.text:
            return format_skeleton("yQQQ", self.first, locale=locale)
        if len(self.text) == 7:
            return format_skeleton("yMMM", self.first, locale=locale)
        return format_date(self.first, "medium", locale=locale)


PERIOD_PATTERN = r"^\d{4}-(?:\d{2}-\d{2}|\d{2}|Q[1-4])$"


def parse_period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, dt.date):
        value = _check_sane_day(value)
        return Period(value, value, value.isoformat())
    text = value if isinstance(value, str) else None
    if text is not None:
        if (m := re.match(r"(\d{4})-", text)) and not FIRST_DAY.year <= int(m.group(1)) <= LAST_DAY.year:
            raise ValueError(f"must be between {FIRST_DAY.year} and {LAST_DAY.year}, got {value!r}")
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            quarter = Quarter(int(m.group(1)), int(m.group(2)))  # a calendar quarter: fiscal.py does the sums
            return Period(quarter.first, quarter.shifted(1).first - dt.timedelta(days=1), text)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                raise ValueError(f"has no month {month}: {text!r}")
            return Period(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = _check_day(text)
            return Period(day, day, text)
    raise ValueError(f"must be a date (2026-10-01), a month (2026-10) or a quarter (2026-Q4), got {value!r}")


PeriodField = Annotated[
    Period,
    PlainValidator(parse_period),
    PlainSerializer(lambda p: p.text),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": PERIOD_PATTERN,
            "description": "a date 2026-10-01, a month 2026-10 or a quarter 2026-Q4",
        }
    ),
]


def _check_currency(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value) or not is_currency(value):
        raise ValueError(f"must be an ISO 4217 currency code such as USD, EUR or GBP, got {value!r}")
    return value


Currency = Annotated[
    str,
    PlainValidator(_check_currency),
    WithJsonSchema({"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 currency code"}),
]


MAX_NUMBER = 10**15
"""Larger amounts and measures are typing mistakes; bounding them keeps every sum, yearly total and
chart finite (1e308 * 12 is infinity)."""
_Money = Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)]
Money = Annotated[_Money, Field(le=MAX_NUMBER)]
_Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Number = Annotated[_Number, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]
_Count = Annotated[int, Strict(), Field(ge=0)]
Count = Annotated[_Count, Field(le=MAX_NUMBER)]
Rating = Annotated[int, Strict(), Field(ge=1, le=5, description="1 (lowest) to 5 (highest)")]
Text = Annotated[str, Strict(), Field(min_length=1)]
Markdown = Annotated[str, Strict(), Field(description="Markdown text", json_schema_extra={"format": "markdown"})]


class Visibility(enum.StrEnum):
    CLIENT = "client"
    INTERNAL = "internal"


class Level(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Item(Model):
    """Something with an id that other items refer to."""

    id: Id
    """Unique among items of its kind: a lowercase slug or a register code (R-001)."""
    visibility: Visibility = Visibility.CLIENT
    """`internal` items never reach a client build."""

    @property
    def internal(self) -> bool:
        return self.visibility == Visibility.INTERNAL
