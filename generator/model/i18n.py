"""The language a portal speaks: gettext catalogues shipped in the package, and the locale for formats.

Every word ctoportal generates for a reader goes through ``gettext``/``ngettext``/``pgettext`` here (and
through Jinja2's i18n extension in templates, which calls the same functions). Names and text from the
sources are never translated; messages for the consultant (validation) stay English.

Catalogues are ``locales/<language>/LC_MESSAGES/ctoportal.po``, read and compiled in memory at run
time with Babel (``read_po``, ``write_mo``): no ``.mo`` file is built, installed or committed, so what
is in git is what runs, the same on any machine, and adding a language is one file. English is the msgids themselves.

It sits in the model, the lowest layer that needs it: a quarter or a month (``Period``, ``Quarter``) is
labelled as the language says it (T4 2026, nov. 2026).

The active language is the one piece of context state in the core (a ``ContextVar``): a build sets it
for its length with ``using(...)``; outside one every word is English and formats are ``en_US``.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "ctoportal"
LOCALES = Path(__file__).parent / "locales"
ENGLISH = "en"
DEFAULT_LOCALE = "en_US"


def N_(message: str) -> str:
    """Marks a message for extraction (pybabel -k N_) where it is defined; it is translated where shown."""
    return message


def pN_(context: str, message: str) -> tuple[str, str]:
    """A message with its context (pybabel -k pN_:1c,2), translated where shown with ``pgettext``."""
    return context, message


def available() -> tuple[str, ...]:
    """The languages ctoportal speaks: English, and one per catalogue shipped in the package."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (ENGLISH, *found)


def normalise(code: str) -> str:
    """A language as Material writes it (``pt-BR``, ``zh-Hant``) as Babel does (``pt_BR``)."""
    return code.strip().replace("-", "_")


def catalogue_for(code: str | None) -> str | None:
    """The shipped language a setting asks for (``fr``, ``fr_CH`` and ``fr-CH`` all give ``fr``); None
    for a language with no catalogue (English included: it needs none)."""
    if not code:
        return None
    code = normalise(code)
    shipped = set(available()) - {ENGLISH}
    for candidate in (code, code.split("_", 1)[0].lower()):
        if candidate in shipped:
            return candidate
    return None


def speaks(code: str | None) -> bool:
    """Whether ctoportal has the words for the language a setting asks for."""
    return not code or normalise(code).split("_", 1)[0].lower() == ENGLISH or catalogue_for(code) is not None


@functools.cache
def _translations(catalogue: str) -> Translations:
    """The shipped catalogue, compiled in memory (fuzzy entries left out; an empty one stays English)."""
    path = LOCALES / catalogue / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as file:
        po = read_po(file, locale=catalogue, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, po, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@dataclass(frozen=True)
class Language:
    code: str
    """The language the words are in: ``en`` or a shipped catalogue (``fr``)."""
    locale: Locale
    """The locale dates, numbers and money are written in (``fr_CH``)."""
    translations: NullTranslations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return str(self.translations.pgettext(context, message))  # babel types it `object`; it is the text

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.translations.npgettext(context, singular, plural, n)


ENGLISH_LANGUAGE = Language(ENGLISH, Locale.parse(DEFAULT_LOCALE), NullTranslations())


def language(code: str | None, locale: str | None = None) -> Language:
    """The language a portal's settings ask for. A language without a catalogue gives English words
    (validation warns once) and, unless a locale is set, English formats: never a mix within a sentence."""
    catalogue = catalogue_for(code)
    if catalogue is None:
        words, translations = ENGLISH, NullTranslations()
        # English as asked (en_GB: its formats) or as the fallback (formats in English too).
        asked = normalise(code) if code and speaks(code) else ENGLISH
        default_locale = DEFAULT_LOCALE if asked.lower() == ENGLISH else asked
    else:
        words, translations = catalogue, _translations(catalogue)
        default_locale = normalise(code or catalogue)
    try:
        parsed = Locale.parse(normalise(locale) if locale else default_locale)
    except (ValueError, UnknownLocaleError):
        parsed = Locale.parse(words if words != ENGLISH else DEFAULT_LOCALE)
    return Language(words, parsed, translations)


def for_settings(settings: object) -> Language:
    return language(getattr(settings, "language", None), getattr(settings, "locale", None))


_active: ContextVar[Language] = ContextVar("ctoportal_language", default=ENGLISH_LANGUAGE)


def current() -> Language:
    return _active.get()


@contextlib.contextmanager
def using(lang: Language) -> Iterator[Language]:
    """Speak ``lang`` for the length of the block (a build): every word and format made inside it."""
    token = _active.set(lang)
    try:
        yield lang
    finally:
        _active.reset(token)


def gettext(message: str) -> str:
    return _active.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.get().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _active.get().pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _active.get().npgettext(context, singular, plural, n)


_ = gettext


def install(env) -> None:
    """Let an environment's templates use ``{% trans %}``, ``_()``, ``ngettext()`` and ``pgettext()`` in the
    language of the build being rendered (Jinja2's i18n extension, new style: escaped, %-formatted)."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext)
