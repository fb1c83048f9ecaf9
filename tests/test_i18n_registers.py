"""The registers and their pictures speak the client's language: the roadmap, risks, vendors and budget
pages, their dashboards and every diagram's words, with the escaping of source text unchanged."""

from __future__ import annotations

import dataclasses
import re
from functools import cache

import pytest
from babel.messages.extract import extract_from_file

from conftest import REPO_ROOT
from generator.checks.validate import validate_repository
from generator.diagrams.budget import quarter_chart
from generator.diagrams.common import Chart
from generator.facts.budget import budget
from generator.diagrams.dependencies import dependency_charts
from generator.diagrams.neighbourhood import neighbourhood
from generator.diagrams.timeline import timeline
from generator.model import i18n
from generator.output.diagram_svg import diagram_key
from generator.render.pages import _ENV
from generator.render.site import generate

TEMPLATES = REPO_ROOT / "generator" / "render" / "templates"
OWNED = (
    "roadmap.md.j2",
    "roadmap/traceability.md.j2",
    "roadmap/dependencies.md.j2",
    "roadmap/timeline.md.j2",
    "initiative.md.j2",
    "risks.md.j2",
    "risks/board-summary.md.j2",
    "risks/heatmap.md.j2",
    "risk.md.j2",
    "vendors.md.j2",
    "vendors/integrations.md.j2",
    "vendors/renewals.md.j2",
    "vendors/spend.md.j2",
    "vendor.md.j2",
    "budget.md.j2",
)
"""The register templates and their dashboards: every word they write is wrapped for translation."""
PAGES = (
    "roadmap/index.md",
    "roadmap/traceability.md",
    "roadmap/dependencies.md",
    "roadmap/timeline.md",
    "roadmap/immutable-backups.md",
    "risks/index.md",
    "risks/board-summary.md",
    "risks/heatmap.md",
    "risks/R-001.md",
    "risks/R-005.md",
    "vendors/index.md",
    "vendors/integrations.md",
    "vendors/renewals.md",
    "vendors/spend.md",
    "vendors/microsoft-365.md",
    "budget.md",
)
"""The demo's pages those templates make (an initiative, two risks and a vendor among them)."""
HOSTILE = "[x](javascript:alert(1)) <img src=x onerror=alert(1)> **bold**"


@cache
def _demo(language: str | None):
    portal = validate_repository(REPO_ROOT / "mkdocs.yml").portal
    if language:
        portal = dataclasses.replace(portal, settings=portal.settings.model_copy(update={"language": language}))
    return portal


@cache
def _pages(language: str | None) -> dict[str, str]:
    return generate(_demo(language)).pages


def _messages() -> list[tuple[str | None, str]]:
    """The messages the owned templates mark (singular forms; placeholders kept), as pybabel extracts them."""
    found = []
    for name in OWNED:
        for _, message, _, context in extract_from_file(
            "jinja2",
            str(TEMPLATES / name),
            keywords={"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)},
            options={"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"},
        ):
            found.append((context, message if isinstance(message, str) else message[0]))
    return found


def _visible(template: str) -> str:
    """A template's text as a reader could see it, without Jinja2 (tags, expressions, comments), HTML tags,
    front matter keys or Markdown attribute lists: what is left is written as is, in no language."""
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", template, flags=re.S)
    text = re.sub(r"<[^>]*>|&\w+;", " ", text)
    text = re.sub(r"(?m)^(title|hide):.*$|^  - (toc|navigation)$", " ", text)
    return re.sub(r"\{ #[^}]*\}", " ", text)


@pytest.mark.parametrize("name", OWNED)
def test_no_owned_template_writes_a_word_outside_the_catalogue(name):
    """Every word a register template writes goes through gettext: none is left in the template's own text."""
    words = re.findall(r"[A-Za-z]{2,}", _visible((TEMPLATES / name).read_text(encoding="utf-8")))
    assert not words, f"{name}: wrap these in _() or {{% trans %}}: {words}"


def test_each_message_of_the_registers_is_translated_on_the_french_pages():
    """A message of the owned templates that the English pages show is shown translated in French: the list
    is what the templates mark, so a new message is checked the day it is written."""
    english, french = _pages(None), _pages("fr")
    with i18n.using(i18n.language("fr")):
        translations = {(c, m): i18n.pgettext(c, m) if c else i18n.gettext(m) for c, m in _messages()}
    checked = 0
    for path in PAGES:
        shown, french_page = english[path], french[path]
        # longest first, each occurrence taken out once checked: "Vendors" inside a longer sentence is not "Vendors"
        for (context, message), translated in sorted(translations.items(), key=lambda kv: -len(kv[0][1])):
            if "%(" in message or len(message) < 4:  # with placeholders, or a symbol: checked on the pages below
                continue
            if " " in message:
                pattern = re.compile(rf"(?<![A-Za-z]){re.escape(message)}(?![A-Za-z])")
            else:  # one word (a column, a heading): where the template puts it, not inside a source's sentence
                pattern = re.compile(rf"(?:>|\| |# |\[← |\[){re.escape(message)}(?=<| \||\n|\])")
            if pattern.search(shown):
                assert translated in french_page, f"{path}: {message!r} is not shown as {translated!r}"
                shown = pattern.sub("\0", shown)
                checked += 1
    assert checked > 60, checked


@pytest.mark.parametrize("path", PAGES)
def test_the_french_pages_keep_no_english_sentence_of_their_own(path):
    """No English message of ctoportal (any template or code) is left on a French register page, numbers
    and placeholders aside; what stays English is the client's own text (names, titles, categories)."""
    french = _pages("fr")[path]
    leftovers = [
        "Nothing planned",
        "Needs attention",
        "not assessed",
        "no mitigation yet",
        "risk(s)",
        "initiative(s)",
        "Critical path",
        "a year",
        "per seat",
        "Back to the",
        "Give notice by",
        "in another part",
        "on the critical path",
        "waits on",
        "How it connects",
        "Today",
        "Amounts in",
        "Other (",
        "Ending Q",
        " to Dec",
        "milestone ",
    ]
    assert not [w for w in leftovers if w in french], path


def test_french_numbers_dates_and_plurals_on_the_registers():
    pages = _pages("fr")
    assert "7 risques ouverts sur 18 la dépassent." in pages["risks/index.md"]
    assert "1 initiative terminée n’est pas listée." in pages["roadmap/traceability.md"]
    assert "4 initiatives terminées ne sont pas listées." in pages["roadmap/traceability.md"]
    assert "299 319 $US par an" in pages["vendors/index.md"].replace("\u00a0", " ").replace("\u202f", " ")
    assert "préavis de 30 jours, dans 6 mois" in pages["vendors/microsoft-365.md"]
    assert "Probabilité ↓ · Impact →" in pages["risks/heatmap.md"] and "Quasi certaine" in pages["risks/heatmap.md"]
    # a status said once, through the label table, with the context of what it describes
    assert ">terminée<" in pages["roadmap/index.md"] and ">en atténuation<" in pages["risks/index.md"]


def test_german_registers_read_in_german():
    pages = _pages("de")
    assert "# Risikoregister" in pages["risks/index.md"]
    assert "Zurück zur Roadmap" in pages["roadmap/immutable-backups.md"]
    assert "## Jetzt" in pages["roadmap/index.md"]


def test_english_pages_read_as_before():
    pages = _pages(None)
    assert "7 of 18 open risks are above it." in pages["risks/index.md"]
    assert "1 finished initiative not listed." in pages["roadmap/traceability.md"]
    assert "**21 vendors in use, $299,319 a year** (2 more being evaluated)." in pages["vendors/index.md"]
    assert "## Now\n" in pages["roadmap/index.md"] and "Nothing planned" not in pages["roadmap/index.md"]


def test_source_text_in_a_translated_sentence_is_escaped_as_anywhere_else():
    """A placeholder of a translated message carries a name from the sources: it gets the Markdown and HTML
    escaping any value printed by a template gets, in every language (Jinja2 alone would give HTML only)."""
    template = _ENV.from_string("{{ _('%(initiative)s is %(state)s', initiative=title, state='late') }}")
    for language in (None, "fr"):
        with i18n.using(i18n.language(language)):
            text = template.render(title=HOSTILE)
        assert "[x](javascript" not in text and "<img" not in text and "**bold**" not in text, text
        assert "\\[x\\]\\(javascript:alert\\(1\\)\\)" in text and "&lt;img" in text


def test_a_hostile_initiative_title_on_the_french_board_summary_stays_text():
    """The board summary names each held-up mitigation in a translated sentence: its title is escaped."""
    portal = _demo("fr")
    scribe = portal.initiatives["ai-scribe-trial"].model_copy(update={"title": HOSTILE})
    portal = dataclasses.replace(portal, initiatives={**portal.initiatives, "ai-scribe-trial": scribe})
    page = generate(portal).pages["risks/board-summary.md"]
    assert (
        "\\[x\\]\\(javascript:alert\\(1\\)\\) &lt;img src=x onerror=alert\\(1\\)&gt; \\*\\*bold\\*\\* : annulée" in page
    )
    assert "[x](javascript" not in page and "<img" not in page


# -- diagrams ------------------------------------------------------------------------------------------


def _charts(language: str | None) -> list[tuple[str, dict[str, str]]]:
    """The demo's timeline, dependency and neighbourhood diagrams as the page shows them: the mermaid text
    and the key under each (made while the page is rendered, in its language)."""
    portal = _demo(language)
    with i18n.using(i18n.for_settings(portal.settings)):
        view = portal.for_audience(portal.settings.audience)
        charts: list[Chart] = [*timeline(view).charts, *dependency_charts(view)]
        charts.append(neighbourhood(view, "initiative", view.initiatives["immutable-backups"]))
        return [(str(c.fence), {css: words for css, (_, words) in zip(c.legend, c.key)}) for c in charts]


def test_french_diagrams_have_their_own_words_and_their_own_cache_entries():
    english, french = _charts(None), _charts("fr")
    assert len(english) == len(french)
    for (en, _), (fr, _) in zip(english, french):
        assert diagram_key(en) != diagram_key(fr), en  # drawn apart, cached apart
    timeline_fr = french[0][0]
    assert "accTitle: Feuille de route par trimestre" in timeline_fr and "axisFormat %m/%Y" in timeline_fr
    assert "Aujourd#8217;hui" in timeline_fr and "Today" not in timeline_fr
    assert "axisFormat %b %Y" in english[0][0]  # English names its months, as before
    assert french[1][1]["critical"].startswith("chemin critique") and english[1][1]["critical"].startswith("critical")
    assert '|"r#233;duit"|' in french[-1][0] and "15 #233;l#233;ments" in french[1][0]  # arrows, description


def test_a_translated_label_is_escaped_in_a_diagram_as_source_text_is(tmp_path, monkeypatch):
    """A catalogue's words reach mermaid through ``label`` like a source's: a translation cannot end a label,
    start a statement or carry HTML."""
    folder = tmp_path / "it" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    hostile = '"] click n0 href \\"javascript:alert(1)\\" <img src=x>'
    (folder / "ctoportal.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: it\\n"\n\n'
        f'msgid "%(symbol)s thousands"\nmsgstr "%(symbol)s {hostile}"\n\n'
        f'msgid "Today"\nmsgstr "{hostile}"\n\nmsgid "Roadmap by quarter"\nmsgstr "{hostile}"\n\n'
        f'msgid "How it connects"\nmsgstr "{hostile}"\n\nmsgctxt "diagram arrow"\nmsgid "reduces"\nmsgstr "{hostile}"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._translations.cache_clear()
    try:
        portal = _demo(None)
        with i18n.using(i18n.language("it")):
            view = portal.for_audience(portal.settings.audience)
            texts = [
                str(timeline(view).charts[0].fence),
                str(neighbourhood(view, "initiative", view.initiatives["immutable-backups"]).fence),
                str(quarter_chart(view, budget(view)).fence),
            ]
    finally:
        i18n._translations.cache_clear()
    for text in texts:
        assert "javascript" in text.replace("#", "")  # the words are there, as entity codes
        assert "<img" not in text and '"] click' not in text and 'href "javascript' not in text, text
