"""The portal speaks the client's language: catalogues complete, formats as the locale writes them, a
language without a catalogue English with one warning, and the demo built in French."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import MINIMAL_MKDOCS, REPO_ROOT, run_mkdocs, write_repo
from generator.checks.validate import validate_repository
from generator.model.common import parse_period
from generator.model.fiscal import Quarter
from generator.facts import formatting
from generator.model import i18n
from generator.render.pages import _ENV, navigation
from generator.render.site import generate

POT = i18n.LOCALES / f"{i18n.DOMAIN}.pot"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
    "pN_": ((1, "c"), 2),
}
"""As the README's `pybabel extract -k N_ -k pN_:1c,2` reads the code (Babel's defaults plus our markers)."""
SHIPPED = tuple(code for code in i18n.available() if code != i18n.ENGLISH)
"""Taken from the catalogues in the package, so a new language is tested without touching this file."""


def _template() -> dict[tuple[str | None, str | tuple[str, ...]], object]:
    with POT.open("rb") as file:
        return {(m.context, m.id): m for m in read_po(file) if m.id}


def _catalogue(code: str):
    with (i18n.LOCALES / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").open("rb") as file:
        return read_po(file, locale=code)


def test_the_shipped_languages_are_english_french_german_spanish_and_dutch():
    assert set(i18n.available()) >= {"en", "fr", "de", "es", "nl"}


def test_the_english_template_holds_every_message_the_code_marks():
    """A message added to the code and not extracted (pybabel extract, README) would never be translated."""
    method_map = [("generator/**.py", "python"), ("generator/render/templates/**.j2", "jinja2")]
    options = {
        "generator/render/templates/**.j2": {
            "extensions": "jinja2.ext.i18n",
            "trim_blocks": "true",
            "lstrip_blocks": "true",
        }
    }
    found = {
        (context, tuple(m) if isinstance(m, tuple | list) else m)
        for _, _, m, _, context in extract_from_dir(str(REPO_ROOT), method_map, options, KEYWORDS)
    }
    found = {(c, m if isinstance(m, str) else (m if len(m) > 1 else m[0])) for c, m in found}
    assert found == set(_template()), "refresh the template: see README, Adding a language"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_message_has_a_translation_in_each_shipped_language(code):
    catalogue = _catalogue(code)
    missing = []
    for (context, msgid), _ in _template().items():
        message = catalogue.get(msgid if isinstance(msgid, str) else msgid[0], context=context)
        if message is None or message.fuzzy:
            missing.append(msgid)
        elif isinstance(msgid, tuple):
            # every plural form the language has (French: one, many, other), none left empty
            if len(message.string) != catalogue.num_plurals or not all(message.string):
                missing.append(msgid)
        elif not message.string:
            missing.append(msgid)
    assert not missing, f"{code}: no translation for {missing}"
    assert not [m.id for m, errors in catalogue.check() if errors], "placeholders must match the English"


def test_a_fuzzy_or_empty_translation_is_shown_in_english_whole(tmp_path, monkeypatch):
    """Never half a sentence: a message a translator has not finished is English."""
    folder = tmp_path / "it" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "ctoportal.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: it\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, fuzzy\nmsgid "Overview"\nmsgstr "Half done"\n\nmsgid "Strategy"\nmsgstr ""\n\n'
        'msgid "Downloads"\nmsgstr "Done well"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._translations.cache_clear()
    try:
        with i18n.using(i18n.language("it")):
            assert [i18n.gettext(w) for w in ("Overview", "Strategy", "Downloads")] == [
                "Overview",
                "Strategy",
                "Done well",
            ]
    finally:
        i18n._translations.cache_clear()


def test_a_translation_is_text_in_the_navigation_never_markup(tmp_path, monkeypatch):
    """mkdocs-material writes navigation titles as HTML: a catalogue's words are escaped like a source's."""
    folder = tmp_path / "it" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "ctoportal.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: it\\n"\n\nmsgid "Overview"\nmsgstr "<img src=x onerror=alert(1)>"\n\n'
        'msgid "Timeline"\nmsgstr "<b>Cronologia</b>"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._translations.cache_clear()
    root = write_repo(tmp_path / "client", {}, MINIMAL_MKDOCS)
    portal = validate_repository(root / "mkdocs.yml").portal
    try:
        with i18n.using(i18n.language("it")):
            titles = str(navigation(portal.for_audience("client")).to_mkdocs())
    finally:
        i18n._translations.cache_clear()
    assert "&lt;img src=x onerror=alert(1)&gt;" in titles and "&lt;b&gt;Cronologia&lt;/b&gt;" in titles
    assert "<img" not in titles and "<b>" not in titles


def test_english_formats_are_as_they_always_were():
    assert formatting.money(21714, "CHF") == "CHF21,714"
    assert formatting.money(25700, "USD") == "$25,700" and formatting.money(12.5, "USD") == "$12.50"
    assert formatting.day(dt.date(2026, 11, 20)) == "Nov 20, 2026"
    assert formatting.number(1234567.5) == "1,234,567.5" and formatting.number(4.625) == "4.62"
    assert formatting.quantity(1, "hours") == "1 hour" and formatting.quantity(4.6, "h") == "4.6 hours"
    assert formatting.relative(dt.date(2026, 1, 2), dt.date(2026, 1, 1)) == "in 1 day"
    assert formatting.file_size(2_500_000) == "2.4 MB"
    assert formatting.status_word("in-progress", "initiative status") == "in progress"


def test_french_swiss_formats_as_babel_writes_them():
    with i18n.using(i18n.language("fr", "fr_CH")):
        assert formatting.day(dt.date(2026, 11, 20)) == "20 nov. 2026"
        assert formatting.money(21714, "CHF") == "21'714\u00a0CHF"
        # Babel 2.19 drops a pair of apostrophe separators as quotes: 1'234'567, not 1234567
        assert formatting.money(1234567, "CHF") == "1'234'567\u00a0CHF"
        assert formatting.number(1234567.5) == "1'234'567,5"
        assert formatting.quantity(1, "hours") == "1 heure" and formatting.quantity(23, "hours") == "23 heures"
        assert formatting.relative(dt.date(2026, 1, 11), dt.date(2026, 1, 1)) == "dans 10 jours"
        assert formatting.status_word("in-progress", "initiative status") == "en cours"
        assert formatting.status_word("open", "risk status") == "ouvert"


def test_quarters_and_months_as_the_language_says_them():
    quarter, month, day = parse_period("2026-Q4"), parse_period("2026-11"), parse_period("2026-11-20")
    assert [quarter.label, month.label, day.label, Quarter(2026, 4).label] == [
        "Q4 2026",
        "Nov 2026",
        "Nov 20, 2026",
        "Q4 2026",
    ]
    with i18n.using(i18n.language("fr", "fr_CH")):
        assert [quarter.label, month.label, day.label, Quarter(2026, 4).label] == [
            "T4 2026",
            "nov. 2026",
            "20 nov. 2026",
            "T4 2026",
        ]
    with i18n.using(i18n.language("nl")):
        assert (quarter.label, Quarter(2027, 3, 4).label) == ("K4 2026", "K3 FY2027")


def test_other_locales_write_money_their_way():
    with i18n.using(i18n.language("de", "de_CH")):
        assert formatting.money(21714, "CHF") == "CHF\u00a021'714"
    with i18n.using(i18n.language("de", "de_AT")):
        assert formatting.money(21714, "EUR") == "€\u00a021.714"
        assert formatting.day(dt.date(2026, 11, 20)) == "20.11.2026"
    with i18n.using(i18n.language("nl")):
        assert formatting.money(21714, "EUR") == "€\u00a021.714"
        assert formatting.quantity(1, "weeks") == "1 week" and formatting.quantity(3, "weeks") == "3 weken"


@pytest.mark.parametrize(
    ("code", "locale"), [("fr", "fr_FR"), ("fr", "fr_CH"), ("de", "de_CH"), ("nl", None), ("es", None), ("en", "en_GB")]
)
def test_numbers_never_break_across_lines(code, locale):
    with i18n.using(i18n.language(code, locale)):
        for text in (
            formatting.money(1234567, "CHF"),
            formatting.money(21714, "EUR"),
            formatting.number(1234567.25),
            formatting.money(12.5, "USD"),
        ):
            assert " " not in text, f"{text!r} may break across lines"


def test_templates_can_translate_in_the_language_of_the_build():
    template = _ENV.from_string(
        "{{ _('Overview') }} | {% trans %}Downloads{% endtrans %} | {{ ngettext('%(num)s hour', '%(num)s hours', 3) }}"
    )
    assert template.render() == "Overview | Downloads | 3 hours"
    with i18n.using(i18n.language("de")):
        assert template.render() == "Überblick | Downloads | 3 Stunden"


THEME_FR = MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  language: fr\n")


def test_the_language_follows_the_theme_and_the_locale_its_setting(tmp_path):
    root = write_repo(tmp_path / "client", {}, THEME_FR.replace("      today:", "      locale: fr_CH\n      today:"))
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok and not validation.problems.warnings
    assert (validation.portal.settings.language, validation.portal.settings.locale) == ("fr", "fr_CH")
    sources = generate(validation.portal)
    titles = [next(iter(entry)) for entry in sources.nav.to_mkdocs()]
    assert titles[:3] == ["Vue d’ensemble", "Dossier du conseil", "Stratégie"]
    assert "Téléchargements" in titles


def test_the_plugin_setting_overrides_the_theme_language(tmp_path):
    root = write_repo(tmp_path / "client", {}, THEME_FR.replace("      today:", "      language: de\n      today:"))
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.portal.settings.language == "de"
    with i18n.using(i18n.for_settings(validation.portal.settings)):
        assert next(iter(navigation(validation.portal.for_audience("client")).to_mkdocs()[0])) == "Überblick"


def test_a_language_without_a_catalogue_is_english_with_one_warning(tmp_path):
    root = write_repo(tmp_path / "client", {}, THEME_FR.replace("language: fr", "language: it"))
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok
    warnings = [p.format() for p in validation.problems.warnings]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("mkdocs.yml:5:13: warning: theme.language is 'it': ctoportal has no catalogue")
    language = i18n.for_settings(validation.portal.settings)
    assert language.code == "en" and str(language.locale) == "en_US"  # words and formats alike: no mix
    sources = generate(validation.portal)
    assert next(iter(sources.nav.to_mkdocs()[0])) == "Overview" and "Nov 20, 2026" in sources.pages["index.md"]


def test_english_and_regional_variants_need_no_warning(tmp_path):
    for code in ("en", "en-GB", "fr-CH", "pt-BR" if "pt" in i18n.available() else "de-AT"):
        root = write_repo(tmp_path / code, {}, THEME_FR.replace("language: fr", f"language: {code}"))
        assert not validate_repository(root / "mkdocs.yml").problems.warnings, code


def test_a_locale_babel_does_not_know_is_an_error_where_it_is_written(tmp_path):
    root = write_repo(
        tmp_path / "client", {}, MINIMAL_MKDOCS.replace("      today:", "      locale: xx_YY\n      today:")
    )
    validation = validate_repository(root / "mkdocs.yml")
    assert not validation.ok
    assert any(
        p.format().startswith("mkdocs.yml:9:15: error: locale must be a locale such as fr_CH")
        for p in validation.problems.errors
    ), [p.format() for p in validation.problems.errors]


def test_downloads_speak_the_language_and_data_json_stays_english(tmp_path):
    root = write_repo(tmp_path / "client", {}, THEME_FR)
    sources = generate(validate_repository(root / "mkdocs.yml").portal)
    files = {d.path: d for d in sources.downloads}
    assert files["downloads/risks.csv"].content.decode("utf-8-sig").startswith("ID,Risque,Catégorie,Responsable")
    assert files["downloads/risks.csv"].title == "Registre des risques"
    assert b'"goals"' in files["downloads/data.json"].content or b'"risks"' in files["downloads/data.json"].content
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(files["downloads/portal.xlsx"].content))
    assert workbook.sheetnames[:3] == ["À propos", "Feuille de route", "Registre des risques"]


@pytest.mark.slow
def test_the_demo_builds_in_french(tmp_path):
    root = tmp_path / "client"
    root.mkdir()
    from generator.model.kinds import SOURCE_FOLDERS  # every folder the demo's sources are in

    for folder in SOURCE_FOLDERS:
        shutil.copytree(REPO_ROOT / folder, root / folder)
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "      currency: USD\n",
        "      currency: CHF\n      exchange_rates: {USD: 0.88}\n      language: fr\n      locale: fr_CH\n",
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((root / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    tabs = [a.get_text(" ", strip=True) for a in page.select(".md-tabs__link")]
    for title in (
        "Vue d’ensemble",
        "Dossier du conseil",
        "Stratégie",
        "Feuille de route",
        "Risques",
        "Fournisseurs",
        "Téléchargements",
    ):
        assert title in tabs, tabs
    register = BeautifulSoup((root / "site" / "risks" / "index.html").read_text(encoding="utf-8"), "html.parser")
    badges = {b.get_text(strip=True) for b in register.select(".ctp-badge")}
    assert "ouvert" in badges and "open" not in badges, badges
    # Money as fr_CH writes it, kept whole: no plain space a line could break at.
    figures = [s.get_text() for s in page.select(".ctp-tile-figure") if "CHF" in s.get_text()]
    assert figures and all("'" in f and f.endswith("\u00a0CHF") and " " not in f for f in figures), figures
