"""The first pages a board member opens (Overview, board pack, goals, strategy pages, Downloads) and the
printed pack's running head speak the portal's language: every message their templates mark appears
translated, none is left in English, plurals follow the count, and a source's words are escaped inside a
translated sentence as they are anywhere else."""

from __future__ import annotations

import dataclasses
import re
from functools import cache

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from conftest import MINIMAL_MKDOCS, REPO_ROOT, write_repo
from generator.checks.validate import validate_repository
from generator.facts import formatting
from generator.facts.figures import KpiState, KpiStatus
from generator.model import i18n
from generator.output.board_pack_pdf import running_head_css
from generator.render import labels
from generator.render.site import generate

TEMPLATES = REPO_ROOT / "generator" / "render" / "templates"
OWNED = (
    "overview.md.j2",
    "board-pack.md.j2",
    "_glance.j2",
    "_deltas.md.j2",
    "_governance_summary.j2",
    "_charts.j2",
    "_kpi_trends.j2",
    "_macros.j2",
    "_header.j2",
    "goals.md.j2",
    "strategy_page.md.j2",
    "downloads.md.j2",
)
"""The templates of these pages; their messages are read from the files, so the list of words cannot go stale."""
PAGES = ("index.md", "board-pack.md", "strategy/goals.md", "strategy/current-state.md", "downloads.md")
OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def _settings(portal, **changes):
    settings = portal.settings
    settings = (
        settings.model_copy(update=changes)
        if hasattr(settings, "model_copy")
        else dataclasses.replace(settings, **changes)
    )
    return (
        portal.model_copy(update={"settings": settings})
        if hasattr(portal, "model_copy")
        else dataclasses.replace(portal, settings=settings)
    )


@cache
def _demo():
    return validate_repository(REPO_ROOT / "mkdocs.yml").portal


@cache
def _pages(language: str) -> dict[str, str]:
    portal = _settings(_demo(), language=language, board_pack_pdf=True)
    return dict(generate(portal).pages)


_SOURCE_TEXT = "\n".join(
    path.read_text(encoding="utf-8")
    for folder in ("strategy", "roadmap", "risks", "vendors", "decisions", "actions", "compliance")
    for path in sorted((REPO_ROOT / folder).rglob("*"))
    if path.suffix in (".md", ".yaml")
)
"""The demo's sources: a message whose English words are also the client's is not looked for."""


def _messages() -> list[tuple[str | None, tuple[str, ...]]]:
    """Every message of the catalogue: a word a template once wrapped and no longer does is still here (until
    the template is refreshed, when test_i18n fails), so an English word left on these pages is caught."""
    with (i18n.LOCALES / f"{i18n.DOMAIN}.pot").open("rb") as file:
        return [(m.context, (m.id,) if isinstance(m.id, str) else tuple(m.id)) for m in read_po(file) if m.id]


def _template_messages() -> list[str]:
    return [
        message
        for name in OWNED
        for _, message, _, _ in extract_from_file("jinja2", TEMPLATES / name, KEYWORDS, options=OPTIONS)
    ]


def _own_part(page: str) -> str:
    """The page as these templates write it: the board pack's compliance section, and the rows of Downloads
    (each file's title and description, made with the file in render/exports), are other parts' words."""
    page = page.split("{ #compliance }", 1)[0]
    return "\n".join(line for line in page.splitlines() if not (line.startswith("| [") and "{ download=" in line))


def _pattern(text: str) -> re.Pattern[str] | None:
    """A message as it reads on a page, each placeholder any text on the line; None for a message too short
    to be told apart from other words (KPI, Now)."""
    literal = re.split(r"%\(\w+\)s", text)
    words = "".join(literal).strip()
    if len(words) < 10 or " " not in words:
        return None
    return re.compile(r"(?<!\w)" + r"[^\n]*?".join(re.escape(part) for part in literal) + r"(?!\w)")


def _translations(language: str, context: str | None, forms: tuple[str, ...]) -> list[str]:
    lang = i18n.language(language)
    if len(forms) == 1:
        return [lang.pgettext(context, forms[0]) if context else lang.gettext(forms[0])]
    return [lang.ngettext(forms[0], forms[1], n) for n in (1, 2, 5)]


def test_the_templates_of_these_pages_mark_their_words():
    assert len(_template_messages()) > 150


@pytest.mark.parametrize("language", ["fr", "de"])
@pytest.mark.parametrize("page", PAGES)
def test_no_english_message_is_left_on_the_page(language, page):
    """Every message of these templates that the English page shows is shown translated: its English words
    are gone (unless the translation keeps them) and the translation's words are there."""
    english, translated = (_own_part(_pages(code)[page]) for code in ("en", language))
    own = {m if isinstance(m, str) else m[0] for m in _template_messages()}
    checked = 0
    for context, forms in _messages():
        if not any(all(part in english for part in re.split(r"%\(\w+\)s", form)) for form in forms):
            continue  # a plain search first: most messages are not on this page (the pattern needs every part)
        patterns = [p for p in map(_pattern, forms) if p is not None]
        if not any(p.search(english) for p in patterns):
            continue  # not on this page (another branch of the template, or another page)
        if any(p.search(_SOURCE_TEXT) for p in patterns):
            continue  # the client's own words (strategy/current-state.md says "the leadership team"): never translated
        words = _translations(language, context, forms)
        for form, pattern in zip(forms, patterns):
            if form not in words:
                assert not pattern.search(translated), f"{page} ({language}) shows {form!r} in English"
        if forms[0] in own:  # a message of these templates (another's may be part of a longer sentence)
            assert any(
                re.compile(r"[^\n]*?".join(map(re.escape, re.split(r"%\(\w+\)s", w)))).search(translated) for w in words
            ), f"{page} ({language}): no translation of {forms[0]!r}"
        checked += 1
    assert checked >= (1 if page.startswith("strategy/current") else 5), (page, checked)


def test_the_overview_speaks_french_with_plurals_dates_and_money_of_the_locale():
    page = _pages("fr")["index.md"]
    assert "# Brightside Dental Partners\u00a0: la technologie en un coup d’œil" in page
    assert "situation au 20 nov\\. 2026" in page  # the date as French writes it (escaped like any text)
    assert '<span class="ctp-tile-label">indicateurs en bonne voie ou atteints</span>' in page
    assert '<span class="ctp-tile-figure">299\u202f319\u00a0$US</span>' in page
    assert "## Décisions du conseil { #decisions }" in page and "## Dépenses" in page
    assert "- **Maintenant** (8)\u00a0:" in page  # a model value through its one label, French punctuation


def test_the_board_pack_speaks_german_with_its_statuses_and_trends():
    page = _pages("de")["board-pack.md"]
    assert "# Vorstandsunterlagen: Brightside Dental Partners" in page
    assert 'ctp-health-on-track">im Plan</span>' in page and 'ctp-trend-improving">↘ verbessernd</span>' in page
    assert 'ctp-kpi-on\\-track">auf Kurs</span>' in page
    assert "## 4. Finanzen { #money }" in page
    # Each count in a sentence of counts takes its own plural: "0 Kündigungsfristen, 2 Entscheidungen".
    assert re.search(
        r"\*\*\[Fällig in den nächsten 30 Tagen\]\([^)]*\):\*\* \d+ Termine: 0 Kündigungsfristen, "
        r"2 Entscheidungen, 7 Maßnahmen\.",
        page,
    ), page[page.index("### Der Plan") :][:800]


def test_french_says_zero_in_the_singular():
    page = _pages("fr")["board-pack.md"]
    assert "0 date limite de résiliation, 2 décisions" in page


def test_a_kpi_status_and_how_it_was_judged_are_one_label_each():
    status = KpiStatus(KpiState.BEHIND, "10% of the way, 24% of the time gone", 0.1, 0.24)
    assert (labels.label("kpi status", status.state.value), labels.kpi_reason(status)) == (
        "needs attention",
        "10% of the way, 24% of the time gone",
    )  # English as before
    with i18n.using(i18n.language("fr")):
        assert labels.label("kpi status", status.state.value) == "à surveiller"
        assert labels.kpi_reason(status) == "10\u00a0% du chemin parcouru, 24\u00a0% du temps écoulé"
    with i18n.using(i18n.language("de")):
        assert labels.label("schedule", "late") == "verspätet" and labels.label("hold-up", "paused") == "pausiert"
    assert labels.label("risk trend", "something new") == "something new"  # a value without a label: as it is


def test_percentages_as_the_locale_writes_them_never_broken():
    assert formatting.quantity(71, "%") == "71%"
    with i18n.using(i18n.language("fr")):
        assert formatting.quantity(9.4, "%") == "9,4\u00a0%"


def _css_text(string: str) -> str:
    """A CSS string as the browser reads it: a hexadecimal escape ends at six digits or one space, eaten."""
    return re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), string[1:-1])


def test_the_printed_packs_running_head_and_page_numbers_are_in_the_language():
    portal = _demo()
    assert 'content: "Page " counter(page) " of " counter(pages);' in running_head_css(portal)
    with i18n.using(i18n.language("fr")):
        css = running_head_css(portal)
    assert 'content: "Page " counter(page) " sur " counter(pages);' in css
    left, right = (re.search(rf"@{box} {{ content: (\"[^\"]*\");", css).group(1) for box in ("top-left", "top-right"))
    assert (_css_text(left), _css_text(right)) == (
        "Brightside Dental Partners · Dossier du conseil",
        "situation au 20 nov. 2026",
    )  # the space after "nov." kept
    with i18n.using(i18n.language("de")):
        assert '"Seite " counter(page) " von " counter(pages)' in running_head_css(portal)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_sources_words_in_a_translated_sentence_are_escaped_as_anywhere(tmp_path, language):
    """Jinja2 escapes a placeholder's HTML; the Markdown a name could carry is escaped too, as in any text."""
    config = MINIMAL_MKDOCS.replace("client: Test Client", "client: '<b>Acme</b> *bold* [x](https://evil.example)'")
    if language != "en":
        config = config.replace("  name: material\n", f"  name: material\n  language: {language}\n")
    root = write_repo(tmp_path / "client", {}, config)
    pages = generate(validate_repository(root / "mkdocs.yml").portal).pages
    heading = pages["index.md"].splitlines()[6]
    assert heading.startswith("# &lt;b&gt;Acme&lt;/b&gt; \\*bold\\* \\[x\\]\\(https://evil\\.example\\)"), heading
    for page in ("index.md", "board-pack.md", "downloads.md"):
        assert "<b>Acme" not in pages[page] and "[x](https" not in pages[page], page
