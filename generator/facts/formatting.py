"""Dates, money and text made readable for people, and escaping for every place text lands."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

import markdown as markdown_lib
import nh3
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, get_group_symbol, is_currency
from markupsafe import Markup

from generator.model import i18n
from generator.model.i18n import gettext as _, ngettext, pgettext, pN_

LOCALE = i18n.DEFAULT_LOCALE
"""The locale of an English portal; a portal's ``locale`` (or language) setting decides its own."""
# Python-Markdown's own backslash escapes; a pipe becomes an entity so it splits no table cell.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


def md_escape(value: object) -> Markup:
    """Text safe in Markdown and HTML alike: HTML-escaped, Markdown syntax backslash-escaped."""
    if isinstance(value, Markup):
        return value
    text = html.escape(str(value), quote=True)
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", text).replace("|", "&#124;").replace("\n", " "))


def _locale():
    return i18n.current().locale


def _unbroken(text: str) -> str:
    """A number never breaks across lines: any plain space Babel's pattern left becomes a no-break space."""
    return text.replace(" ", "\u00a0")


def _grouped(text: str, locale) -> str:
    """Babel (2.19) drops a group separator written as an apostrophe (de_CH, fr_CH: 1'234'567) when there
    are two of them, taking them for quotes: such numbers are formatted ungrouped and grouped here."""
    symbol = get_group_symbol(locale)
    if "'" not in symbol:
        return text
    return re.sub(r"\d{4,}", lambda m: _group_digits(m.group(0), symbol), text, count=1)


def _group_digits(digits: str, symbol: str) -> str:
    head = digits
    groups: list[str] = []
    while len(head) > 3:
        head, groups = head[:-3], [head[-3:], *groups]
    return symbol.join([head, *groups])


def money(amount: float | None, currency: str) -> str:
    if amount is None:
        return "—"
    locale = _locale()
    apostrophe = "'" in get_group_symbol(locale)
    if abs(amount) >= 1000 or float(amount).is_integer():
        # The locale's own pattern (where the symbol goes, its spacing), whole units only.
        pattern = re.sub(r"\.0+", "", locale.currency_formats["standard"].pattern)
        text = format_currency(
            round(amount),
            currency,
            locale=locale,
            format=pattern,
            currency_digits=False,
            group_separator=not apostrophe,
        )
    else:
        text = format_currency(amount, currency, locale=locale, group_separator=not apostrophe)
    return _unbroken(_grouped(text, locale) if apostrophe else text)


def day(value: dt.date | None) -> str:
    return format_date(value, "medium", locale=_locale()) if value else "—"


def relative(value: dt.date | None, today: dt.date) -> str:
    if value is None:
        return ""
    days = (value - today).days
    if days == 0:
        return _("today")
    if abs(days) < 60:
        if days > 0:
            return ngettext("in %(num)d day", "in %(num)d days", days) % {"num": days}
        return ngettext("%(num)d day ago", "%(num)d days ago", -days) % {"num": -days}
    months = round(abs(days) / 30.4)
    if days > 0:
        return ngettext("in %(num)d month", "in %(num)d months", months) % {"num": months}
    return ngettext("%(num)d month ago", "%(num)d months ago", months) % {"num": months}


def slug(text: str, default: str = "client") -> str:
    """Lowercase letters, digits and single hyphens only: safe in a file name, a URL or a calendar UID."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or default


def file_size(size: int) -> str:
    if size < 1024:
        return ngettext("%(num)s byte", "%(num)s bytes", size) % {"num": number(size)}
    if size < 1024 * 1024:
        return _("%(num)s KB") % {"num": number(round(size / 1024))}
    return _("%(num)s MB") % {"num": _unbroken(format_decimal(round(size / (1024 * 1024), 1), "0.0", locale=_locale()))}


def number(value: float | None) -> str:
    if value is None:
        return "—"
    locale = _locale()
    if locale == i18n.ENGLISH_LANGUAGE.locale:  # the English portal as it always was
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    apostrophe = "'" in get_group_symbol(locale)
    text = format_decimal(round(value, 2), "#,##0.##", locale=locale, group_separator=not apostrophe)
    return _unbroken(_grouped(text, locale) if apostrophe else text)


UNITLESS = frozenset({"count", "number", "items", "#", "no.", "n"})
"""Units that say only "this is a number of things": the number is shown alone (23, not 23 count)."""
PERCENT = frozenset({"%", "percent", "pct"})
UNIT_FORMS = {
    "hour": "hour",
    "hours": "hour",
    "h": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "minute": "minute",
    "minutes": "minute",
    "min": "minute",
    "mins": "minute",
}
"""Units with a form for one and for many (1 hour, 9 hours), in the portal's language; any other unit is
shown as written (a name from the sources)."""


def _unit(unit: str, value: float, text: str) -> str:
    # Each unit written out for gettext, so that extraction finds it and translators see whole phrases.
    count = int(value) if float(value).is_integer() else 2  # 4.6 hours: a fraction takes the plural
    forms = {
        "hour": lambda: ngettext("%(num)s hour", "%(num)s hours", count),
        "day": lambda: ngettext("%(num)s day", "%(num)s days", count),
        "week": lambda: ngettext("%(num)s week", "%(num)s weeks", count),
        "month": lambda: ngettext("%(num)s month", "%(num)s months", count),
        "minute": lambda: ngettext("%(num)s minute", "%(num)s minutes", count),
    }
    return forms[unit]() % {"num": text}


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
        return text + _percent_sign()
    if key.lower() in UNIT_FORMS:
        return _unit(UNIT_FORMS[key.lower()], value, text)
    return f"{text} {key}"


def _percent_sign() -> str:
    """The percent sign as the locale writes it after a number: 71% in English, 71 % in French and German
    (a no-break space: never broken across lines)."""
    pattern = _locale().percent_formats[None].pattern
    return "\u00a0%" if re.search(r"[\s\u00a0\u202f]%", pattern) else "%"


def status_word(value: object, vocabulary: str = "status") -> str:
    """A status or other closed-vocabulary value as words, in the portal's language: ``in-progress`` ->
    ``in progress``. ``vocabulary`` (the enum's) tells apart words that differ by what they describe."""
    words = str(value).replace("-", " ")
    context = VOCABULARY.get((vocabulary, str(value)))
    return pgettext(context[0], context[1]) if context else words


_WORDS = [
    pN_("initiative status", "proposed"),
    pN_("initiative status", "planned"),
    pN_("initiative status", "in progress"),
    pN_("initiative status", "done"),
    pN_("initiative status", "paused"),
    pN_("initiative status", "cancelled"),
    pN_("horizon", "now"),
    pN_("horizon", "next"),
    pN_("horizon", "later"),
    pN_("risk status", "open"),
    pN_("risk status", "mitigating"),
    pN_("risk status", "accepted"),
    pN_("risk status", "closed"),
    pN_("risk status", "transferred"),
    pN_("risk category", "security"),
    pN_("risk category", "compliance"),
    pN_("risk category", "operational"),
    pN_("risk category", "vendor"),
    pN_("risk category", "financial"),
    pN_("risk category", "strategic"),
    pN_("risk category", "people"),
    pN_("risk category", "technology"),
    pN_("risk response", "avoid"),
    pN_("risk response", "mitigate"),
    pN_("risk response", "transfer"),
    pN_("risk response", "accept"),
    pN_("vendor status", "evaluating"),
    pN_("vendor status", "active"),
    pN_("vendor status", "sunsetting"),
    pN_("vendor status", "retired"),
    pN_("level", "low"),
    pN_("level", "medium"),
    pN_("level", "high"),
    pN_("level", "critical"),
    pN_("page status", "draft"),
    pN_("page status", "approved"),
    pN_("period", "month"),
    pN_("period", "year"),
]
VOCABULARY_OF_ENUM = {
    "InitiativeStatus": "initiative status",
    "Horizon": "horizon",
    "RiskStatus": "risk status",
    "RiskCategory": "risk category",
    "Response": "risk response",
    "VendorStatus": "vendor status",
    "Level": "level",
    "PageStatus": "page status",
    "Per": "period",
}
"""The closed vocabularies a reader sees, by enum, each word with its context (French: a risk is
"ouvert", an initiative "terminée")."""
VOCABULARY = {
    (context, word.replace(" ", "-") if context == "initiative status" else word): (context, word)
    for context, word in _WORDS
}
VOCABULARY.update({("status", key[1]): value for key, value in list(VOCABULARY.items()) if key[0].endswith("status")})


_ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
    "sup",
    "sub",
}


def render_markdown(text: str, link: Callable[[str], str | None] | None = None) -> Markup:
    """Source Markdown as sanitised HTML: no raw HTML survives, links keep to http(s), mailto and relative.

    ``link`` gives each link's href as it must stand in the site (None: the link becomes its text)."""
    if not text or not text.strip():
        return Markup("")
    escaped = text.replace("<", "&lt;")  # raw HTML in sources is shown as text, never interpreted
    rendered = markdown_lib.markdown(escaped, extensions=["tables", "sane_lists"], output_format="html")
    rendered = re.sub(r"<h[12]>", "<h3>", re.sub(r"</h[12]>", "</h3>", rendered))
    clean = nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    if link is not None:
        clean = _HREF.sub(lambda m: _href(m, link), clean)
    return Markup(clean)


_HREF = re.compile(r'<a (?P<before>[^>]*?)href="(?P<href>[^"]*)"')


def _href(match: re.Match, link: Callable[[str], str | None]) -> str:
    href = link(html.unescape(match.group("href")))
    if href is None:
        return f"<a {match.group('before')}".rstrip()
    return f'<a {match.group("before")}href="{html.escape(href, quote=True)}"'


def plain_text(text: str, limit: int = 200) -> str:
    """The first sentence or so of Markdown, as plain text for tables and cards."""
    stripped = re.sub(r"[*_`#>\[\]]", "", re.sub(r"\]\([^)]*\)", "]", text or "")).strip()
    first = stripped.split("\n\n")[0].replace("\n", " ")
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def neutralise_html(text: str) -> Markup:
    """Markdown left for the site generator to render, with any raw HTML shown as text."""
    return Markup((text or "").replace("<", "&lt;"))
