"""Dates, money and text made readable for people, and escaping for every place text lands."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

import markdown as markdown_lib
import nh3
from babel.dates import format_date
from babel.numbers import format_currency, is_currency
from markupsafe import Markup

LOCALE = "en_US"
# Python-Markdown's own backslash escapes; a pipe becomes an entity so it splits no table cell.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


def md_escape(value: object) -> Markup:
    """Text safe in Markdown and HTML alike: HTML-escaped, Markdown syntax backslash-escaped."""
    if isinstance(value, Markup):
        return value
    text = html.escape(str(value), quote=True)
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", text).replace("|", "&#124;").replace("\n", " "))


def money(amount: float | None, currency: str) -> str:
    if amount is None:
        return "—"
    if abs(amount) >= 1000 or float(amount).is_integer():
        return format_currency(round(amount), currency, locale=LOCALE, format="¤#,##0", currency_digits=False)
    return format_currency(amount, currency, locale=LOCALE)


def day(value: dt.date | None) -> str:
    return format_date(value, "medium", locale=LOCALE) if value else "—"


def relative(value: dt.date | None, today: dt.date) -> str:
    if value is None:
        return ""
    days = (value - today).days
    if days == 0:
        return "today"
    if abs(days) < 60:
        unit = "day" if abs(days) == 1 else "days"
        return f"in {days} {unit}" if days > 0 else f"{-days} {unit} ago"
    months = round(abs(days) / 30.4)
    return f"in {months} months" if days > 0 else f"{months} months ago"


def slug(text: str, default: str = "client") -> str:
    """Lowercase letters, digits and single hyphens only: safe in a file name, a URL or a calendar UID."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or default


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


UNITLESS = frozenset({"count", "number", "items", "#", "no.", "n"})
"""Units that say only "this is a number of things": the number is shown alone (23, not 23 count)."""
PERCENT = frozenset({"%", "percent", "pct"})
UNIT_FORMS = {"hour": ("hour", "hours"), "hours": ("hour", "hours"), "h": ("hour", "hours"),
              "day": ("day", "days"), "days": ("day", "days"), "week": ("week", "weeks"),
              "weeks": ("week", "weeks"), "month": ("month", "months"), "months": ("month", "months"),
              "minute": ("minute", "minutes"), "minutes": ("minute", "minutes"), "min": ("minute", "minutes"),
              "mins": ("minute", "minutes")}
"""Units with a display form for one and for many (1 hour, 9 hours); any other unit is shown as written."""


def quantity(value: float | None, unit: str | None) -> str:
    """A measurement with its unit as a reader writes it: 71%, 9 hours, 1 day, 23, $25,700, 4.6 hours."""
    if value is None:
        return "—"
    key = (unit or "").strip()
    if key and len(key) == 3 and key.isupper() and is_currency(key):
        return money(value, key)
    text = number(value)
    if not key or key.lower() in UNITLESS:
        return text
    if key.lower() in PERCENT:
        return f"{text}%"
    if key.lower() in UNIT_FORMS:
        one, many = UNIT_FORMS[key.lower()]
        return f"{text} {one if value == 1 else many}"
    return f"{text} {key}"


def status_word(value: object) -> str:
    """A status or other closed-vocabulary value as words: ``in-progress`` -> ``in progress``."""
    return str(value).replace("-", " ")


_ALLOWED_TAGS = {"p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
                 "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub"}


def render_markdown(text: str, link: Callable[[str], str | None] | None = None) -> Markup:
    """Source Markdown as sanitised HTML: no raw HTML survives, links keep to http(s), mailto and relative.

    ``link`` gives each link's href as it must stand in the site (None: the link becomes its text)."""
    if not text or not text.strip():
        return Markup("")
    escaped = text.replace("<", "&lt;")  # raw HTML in sources is shown as text, never interpreted
    rendered = markdown_lib.markdown(escaped, extensions=["tables", "sane_lists"], output_format="html")
    rendered = re.sub(r"<h[12]>", "<h3>", re.sub(r"</h[12]>", "</h3>", rendered))
    clean = nh3.clean(rendered, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    if link is not None:
        clean = _HREF.sub(lambda m: _href(m, link), clean)
    return Markup(clean)


_HREF = re.compile(r'<a (?P<before>[^>]*?)href="(?P<href>[^"]*)"')


def _href(match: re.Match, link: Callable[[str], str | None]) -> str:
    href = link(html.unescape(match.group("href")))
    if href is None:
        return f'<a {match.group("before")}'.rstrip()
    return f'<a {match.group("before")}href="{html.escape(href, quote=True)}"'


def plain_text(text: str, limit: int = 200) -> str:
    """The first sentence or so of Markdown, as plain text for tables and cards."""
    stripped = re.sub(r"[*_`#>\[\]]", "", re.sub(r"\]\([^)]*\)", "]", text or "")).strip()
    first = stripped.split("\n\n")[0].replace("\n", " ")
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def neutralise_html(text: str) -> Markup:
    """Markdown left for the site generator to render, with any raw HTML shown as text."""
    return Markup((text or "").replace("<", "&lt;"))
