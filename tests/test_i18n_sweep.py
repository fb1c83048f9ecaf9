"""A sweep of the whole translated demo for English left behind: every page and every download (CSV headers,
workbook sheets and headers, calendar texts, download titles) of the French and German renders. The list of
English words to look for is the catalogue itself, so a message added tomorrow is swept the day it is written;
what stays English is the client's own text (the demo's sources) and what the catalogue keeps as it is."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
from functools import cache

import openpyxl
import pytest
from babel.messages.pofile import read_po

from conftest import MINIMAL_MKDOCS, REPO_ROOT, run_mkdocs, write_repo
from generator.checks.validate import validate_repository
from generator.facts.risks import board_summary
from generator.model import i18n
from generator.render.site import generate

LOCALES = REPO_ROOT / "generator" / "model" / "locales"
SOURCES = ("strategy", "roadmap", "risks", "vendors", "decisions", "actions", "controls", "ai", "frameworks")
"""The demo's sources: strategy, roadmap, risks, vendors, decisions, actions and the compliance texts."""
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\*\*|<[^>]+>|[\[\]\n]")


@cache
def _demo(language: str | None):
    portal = validate_repository(REPO_ROOT / "mkdocs.yml").portal
    portal = dataclasses.replace(portal, settings=portal.settings.model_copy(update={"language": language}))
    return generate(portal)


@cache
def _source_text() -> str:
    text = " ".join(
        p.read_text(encoding="utf-8")
        for folder in SOURCES
        for p in sorted((REPO_ROOT / folder).rglob("*"))
        if p.is_file() and p.suffix in (".md", ".yaml", ".yml")
    )
    return re.sub(r"\s+", " ", text).lower()


def _plain(text: str) -> str:
    """Text as a reader sees it: entities and Markdown escapes undone, spaces of any kind as one."""
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>&~])", r"\1", html.unescape(text))
    return re.sub(r"\s+", " ", text)


def _calendar_text(content: bytes) -> str:
    text = content.decode("utf-8").replace("\r\n ", "")  # unfold lines (RFC 5545)
    lines = [
        line.split(":", 1)[1]
        for line in text.split("\r\n")
        if line.startswith(("SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "X-WR-CALDESC"))
    ]
    return "\n".join(lines).replace("\\,", ",").replace("\\;", ";").replace("\\n", " ")


def _workbook(content: bytes) -> list[tuple[str, list[str]]]:
    """Each sheet's name and first row (the About sheet's first column: what each sheet holds)."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    found = []
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        cells = [str(v) for v in rows[0] if v is not None] if rows else []
        if sheet is book.worksheets[0]:
            cells = [str(v) for row in rows for v in row if isinstance(v, str)]
        found.append((sheet.title, cells))
    return found


def _texts(language: str | None) -> dict[str, str]:
    """Every generated text of the render a reader can see, by where it is."""
    site = _demo(language)
    texts = {path: _plain(page) for path, page in site.pages.items()}
    for download in site.downloads:
        texts[f"{download.path} (listing)"] = _plain(f"{download.title} | {download.kind} | {download.description}")
        if download.path.endswith(".csv"):
            texts[download.path] = " | ".join(next(csv.reader(io.StringIO(download.content.decode("utf-8-sig")))))
        elif download.path.endswith(".ics"):
            texts[download.path] = _plain(_calendar_text(download.content))
        elif download.path.endswith(".xlsx"):
            texts[download.path] = " | ".join(
                f"{name} | {' | '.join(cells)}" for name, cells in _workbook(download.content)
            )
    return texts


def _english_fragments(language: str) -> list[str]:
    """The catalogue's English sentences (≥ 10 characters with a space, placeholders taken out) whose translation
    differs and whose words are not the client's own."""
    with (LOCALES / "ctoportal.pot").open("rb") as file:
        template = read_po(file)
    with (LOCALES / language / "LC_MESSAGES" / "ctoportal.po").open("rb") as file:
        catalogue = read_po(file, locale=language)
    found = set()
    for message in template:
        if not message.id:
            continue
        translated = catalogue.get(message.id, message.context)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = translated.string if translated else ()
        strings = strings if isinstance(strings, tuple) else (strings,)
        if strings and strings[0] == ids[0]:  # the same in both languages (a name, a symbol)
            continue
        for text in ids:
            for fragment in PLACEHOLDER.split(text):
                fragment = fragment.strip(" .,:;()·—–-")
                if len(fragment) >= 10 and " " in fragment and fragment.lower() not in _source_text():
                    found.add(fragment)
    return sorted(found)


@pytest.mark.parametrize("language", ["fr", "de"])
def test_no_message_of_the_catalogue_is_left_in_english_on_any_page_or_download(language):
    texts = _texts(language)
    assert any(p.endswith(".csv") for p in texts) and any(p.endswith(".ics") for p in texts)
    fragments = _english_fragments(language)
    assert len(fragments) > 300, len(fragments)
    left = {}
    everything = "\n".join(texts.values())
    for fragment in fragments:
        if fragment not in everything:  # most are nowhere: a plain search first, the pattern only where found
            continue
        pattern = re.compile(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])")
        where = [path for path, text in texts.items() if pattern.search(text)]
        if where:
            left[fragment] = where[:5]
    assert not left, f"English left in the {language} portal: {left}"


@pytest.mark.parametrize("language", ["fr", "de"])
def test_every_download_header_and_sheet_is_the_catalogues_translation(language):
    """A header with no catalogue entry would stay English whatever its length: each CSV header, sheet name and
    workbook header is the translation of the English one, and the English one is in the catalogue."""
    with (LOCALES / "ctoportal.pot").open("rb") as file:
        msgids = {m.id for m in read_po(file) if m.id}
    english = {d.path: d for d in _demo(None).downloads}
    translated = {d.path: d for d in _demo(language).downloads}
    checked = 0
    with i18n.using(i18n.language(language)):
        for path, download in english.items():
            if path.endswith(".csv"):
                pairs = list(
                    zip(
                        *(
                            next(csv.reader(io.StringIO(d.content.decode("utf-8-sig"))))
                            for d in (download, translated[path])
                        )
                    )
                )
            elif path.endswith(".xlsx"):
                pairs = []
                for (en_name, en_cells), (tr_name, tr_cells) in zip(
                    _workbook(download.content), _workbook(translated[path].content)
                ):
                    pairs.append((en_name, tr_name))
                    if en_name != "About":  # About lists the tables' titles and descriptions, swept above
                        pairs += zip(en_cells, tr_cells)
            else:
                continue
            for en, tr in pairs:
                # a header naming a setting (the appetite, the currency) is a message with a placeholder
                if re.search(r"\(\d+\)|\b[A-Z]{3}\b", en) and en not in msgids:
                    continue
                assert en in msgids, f"{path}: header {en!r} is not in the catalogue"
                assert tr in (i18n.gettext(en), i18n.gettext(en)[:31]), (path, en, tr)  # a sheet's name: 31 at most
                checked += 1
    assert checked > 150, checked


def test_the_french_kpi_download_says_how_each_kpi_was_judged_in_french():
    kpis = next(d for d in _demo("fr").downloads if d.path.endswith("kpis.csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(kpis)))
    judged = [row[-1] for row in rows[1:]]
    assert rows[0][-2:] == ["Statut", "Méthode d’appréciation"]
    assert any("du chemin parcouru" in j for j in judged) and not any("of the way" in j for j in judged), judged
    assert not {row[-2] for row in rows[1:]} & {"on track", "met", "needs attention", "overdue", "not measured"}


def test_a_held_up_mitigation_is_said_in_the_portals_language_not_by_the_facts():
    """The facts give why a mitigation holds a risk up as a value (late, paused, cancelled); the board summary
    says it in French: no English sentence made in the facts reaches the page."""
    portal = validate_repository(REPO_ROOT / "mkdocs.yml").portal
    lines = [line for line in board_summary(portal) if line.held_up]
    assert lines and all(not hasattr(line, "problems") for line in lines)
    page = _demo("fr").pages["risks/board-summary.md"]
    for line in lines:
        for initiative, why in line.held_up:
            assert f" is {why}" not in page
    assert "annulée" in page or "en retard" in page or "en pause" in page


@pytest.mark.slow
def test_the_theme_speaks_the_plugins_language_unless_the_user_set_its_own(tmp_path):
    """Material's own words (Search, Table of contents, the page's lang, the palette toggle) follow the
    plugin's ``language:`` when theme.language is not written; one written by the user is kept."""
    plugin_only = "language: fr\n      today: 2026-11-20"
    for name, mkdocs_yml, expected in (
        ("plugin", MINIMAL_MKDOCS.replace("today: 2026-11-20", plugin_only), ("fr", "Rechercher", "Passer au thème")),
        (
            "theme",
            MINIMAL_MKDOCS.replace("today: 2026-11-20", plugin_only).replace(
                "name: material", "name: material\n  language: de"
            ),
            ("de", "Suche", "Passer au thème"),
        ),
    ):
        root = write_repo(tmp_path / name, {"strategy/index.md": "# Strategy\n\nOur plan.\n"}, mkdocs_yml)
        result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
        assert result.returncode == 0, result.stderr[-2000:]
        index = (root / "site" / "index.html").read_text(encoding="utf-8")
        lang, search, toggle = expected
        assert f'<html lang="{lang}"' in index, name
        assert search in index and toggle in index, name
        assert "Switch to dark mode" not in index
