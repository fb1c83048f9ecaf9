"""Portal settings, given under the ``ctoportal`` plugin in ``mkdocs.yml``."""

from __future__ import annotations

import enum

from pydantic import Field, PlainValidator, Strict, WithJsonSchema
from typing import Annotated, Any

from babel import Locale, UnknownLocaleError

from generator.model.common import Currency, Day, Id, Model, Text
from generator.model.decisions import DecidedBy


class Audience(enum.StrEnum):
    CLIENT = "client"
    INTERNAL = "internal"


class RoadmapSections(enum.StrEnum):
    GOAL = "goal"
    STATUS = "status"


def _check_locale(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        try:
            Locale.parse(value.strip().replace("-", "_"))
            return value.strip()
        except (ValueError, UnknownLocaleError):
            pass
    raise ValueError(f"must be a locale such as fr_CH, de_AT or en_GB, got {value!r}")


LocaleCode = Annotated[
    str,
    PlainValidator(_check_locale),
    WithJsonSchema({"type": "string", "description": "a locale such as fr_CH, de_AT, en_GB"}),
]


class PortalSettings(Model):
    client: Text
    """The client's name, shown on every page."""
    consultant: str | None = None
    """Who keeps this portal (the fractional CTO)."""
    currency: Currency = "USD"
    risk_appetite: Annotated[int, Strict(), Field(ge=1, le=25)] = 12
    """Risk score (likelihood x impact, 1-25) above which a risk is flagged."""
    today: Day | None = None
    """Fixed date for reproducible builds; otherwise SOURCE_DATE_EPOCH or the build date."""
    env_allowlist: list[str] = []
    """Environment variables that mkdocs.yml may read with !ENV (their values are published)."""
    audience: Audience = Audience.CLIENT
    """`client` leaves out everything marked internal; `internal` shows it all."""
    roadmap_sections: RoadmapSections = RoadmapSections.GOAL
    """How the roadmap timeline is divided: one section per `goal` or per `status`."""
    since: Annotated[str, Strict(), Field(min_length=1, pattern=r"^[^-\s][^\s]*$")] | None = None
    """Git revision the "What changed" page compares with; default: the previous published version."""
    history: bool = True
    """Show each item's change history from git on its page."""
    board_pack_pdf: bool = False
    """Print the board pack to PDF with headless Chromium and offer it on the Downloads page (client
    builds only: the PDF never carries internal material)."""
    internal_overlay: Annotated[str, Strict(), Field(min_length=1)] | None = None
    """Folder outside the client repository (relative to mkdocs.yml) holding internal items and pages in the
    same layout; read when present (CTOPORTAL_INTERNAL_OVERLAY overrides it), and everything in it is internal."""
    fiscal_year_start: Annotated[int, Strict(), Field(ge=1, le=12)] = 1
    """Month (1-12) the client's year starts in; quarters and years on every page follow it (default 1, January)."""
    exchange_rates: dict[Currency, Annotated[float, Strict(), Field(gt=0, allow_inf_nan=False)]] = {}
    """Portal-currency value of one unit of another currency (`EUR: 1.08`: 1 EUR = 1.08 of `currency`).
    A cost in a currency with no rate here is an error: it is never added up as if it were the portal's."""
    language: (
        Annotated[str, Strict(), Field(min_length=1, pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")] | None
    ) = None
    """The language of every word ctoportal writes for the reader (fr, de, es, nl; default: the theme's
    `theme.language`, else English). A language ctoportal has no catalogue for is English, with a warning."""
    locale: LocaleCode | None = None
    """How dates, numbers and money are written (fr_CH: 20 nov. 2026, 21'714 CHF); default: the language's."""
    engagement_start: Day | None = None
    """The day the engagement began: what the value page counts from, and the first 90-day plan's start."""
    plan_start: Day | None = None
    """The day the current 90-day plan began (its page shows the 90 days from it); default: `engagement_start`,
    else the earliest action's due date."""
    decision_rights: dict[Annotated[str, Strict(), Field(min_length=1)], DecidedBy] = {}
    """Who decides what, by a decision's `area`: `{contract: ceo, budget: board, security: leadership}`. A decision
    that names `decided_by` keeps it; one with neither goes to the board."""
    frameworks: list[Id] = []
    """Compliance frameworks in scope, by id: catalogue ones (hipaa-security, soc2, gdpr, cmmc-l1, cmmc-l2,
    iso27001, finra-cyber, cyber-essentials) or the repository's own (frameworks/*.yaml)."""
