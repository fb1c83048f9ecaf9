"""The governance and compliance pages speak the client's language (issue 17): the decisions register and each
decision, the 90-day plan, due soon, what we stopped, value delivered, compliance coverage and each framework,
readiness, the control register and each control, the AI register and each use, a vendor's contract decision
and the board pack's compliance section. The demo is rendered in memory, in French and German.

Which words count as ours is read from the templates and modules themselves (Babel's extraction), so the
checks follow the messages as they change: none may be left in English, and no English may be written in a
template outside a message."""

from __future__ import annotations

import html
import re
import shutil

import pytest
from babel.messages.extract import extract_from_file

from conftest import MINIMAL_MKDOCS, REPO_ROOT, write_repo
from generator.checks.validate import validate_repository
from generator.facts.formatting import md_escape
from generator.model import i18n
from generator.model.kinds import SOURCE_FOLDERS
from generator.render.site import generate

TEMPLATES = REPO_ROOT / "generator" / "render" / "templates"
OURS = (
    "decisions.md.j2",
    "decisions/due-soon.md.j2",
    "decisions/plan.md.j2",
    "decisions/stopped.md.j2",
    "decisions/value.md.j2",
    "decision.md.j2",
    "_decision_macros.j2",
    "_vendor_decision.j2",
    "compliance.md.j2",
    "compliance/_coverage.j2",
    "compliance/framework.md.j2",
    "compliance/readiness.md.j2",
    "control.md.j2",
    "controls.md.j2",
    "ai.md.j2",
    "ai-use.md.j2",
    "_compliance_pack.j2",
)
PYTHON = ("generator/render/compliance.py", "generator/render/governance.py", "generator/render/governance_labels.py")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None, "pN_": ((1, "c"), 2)}
JINJA = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
PAGES = (
    "decisions/index.md",
    "decisions/D-004.md",
    "decisions/D-012.md",
    "decisions/D-013.md",
    "decisions/plan.md",
    "decisions/due-soon.md",
    "decisions/stopped.md",
    "decisions/value.md",
    "compliance/index.md",
    "compliance/hipaa-security.md",
    "compliance/insurer-renewal.md",
    "compliance/readiness.md",
    "controls/index.md",
    "controls/mfa-remote-admin.md",
    "ai/index.md",
    "ai/radiograph-reader-pilot.md",
    "ai/chatgpt-drafting.md",
)
"""Every kind of page this part writes, with the demo items that show each branch (superseded, stops, pilots)."""
NAMES = {"SOC", "ISO", "BAA", "DPA", "PHI", "HITRUST", "NIST", "RMF", "KPI", "EU", "CEO"}
"""Framework, report and agreement names: written as they are in every language."""


def _messages() -> list[tuple[str | None, tuple[str, ...]]]:
    """(context, (singular[, plural])) of every message our templates and modules mark."""
    found = []
    for name in OURS:
        for _, message, _, context in extract_from_file("jinja2", str(TEMPLATES / name), KEYWORDS, options=JINJA):
            found.append((context, message if isinstance(message, tuple) else (message,)))
    for path in PYTHON:
        for _, message, _, context in extract_from_file("python", str(REPO_ROOT / path), KEYWORDS):
            found.append((context, message if isinstance(message, tuple) else (message,)))
    return found


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{3,}", re.sub(r"%\(\w+\)[sd]", " ", text)))


def _translated(language: i18n.Language, context: str | None, message: tuple[str, ...]) -> str:
    if len(message) > 1:
        return language.ngettext(message[0], message[1], 5) + " " + language.ngettext(message[0], message[1], 1)
    return language.pgettext(context, message[0]) if context else language.gettext(message[0])


def _english_words(code: str) -> set[str]:
    """Words of our English messages that the language's translations never use: any left on a page is ours,
    untranslated."""
    language = i18n.language(code)
    english, translated = set(), set()
    for context, message in _messages():
        for text in message:
            english |= _words(text)
        translated |= _words(_translated(language, context, message))
    return english - translated - NAMES


def _portal(tmp_path_factory, code: str):
    root = tmp_path_factory.mktemp(f"demo-{code}") / "client"
    root.mkdir()
    for folder in SOURCE_FOLDERS:
        shutil.copytree(REPO_ROOT / folder, root / folder)
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("      currency: USD\n", f"      currency: USD\n      language: {code}\n"), encoding="utf-8"
    )
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok, [p.format() for p in validation.problems.errors]
    return validation.portal


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    portal = _portal(tmp_path_factory, "fr")
    return portal, generate(portal).pages


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    portal = _portal(tmp_path_factory, "de")
    return portal, generate(portal).pages


def _source_strings(portal) -> list[str]:
    """Every string the sources hold (names, titles, outcomes...), longest first: never translated."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list | tuple | set):
            for item in value:
                walk(item)
        elif hasattr(value, "model_dump"):
            walk(value.model_dump(mode="json"))

    for kind in ("goals", "initiatives", "risks", "vendors", "decisions", "actions", "controls", "ai_uses"):
        walk(list(getattr(portal, kind).values()))
    walk(portal.settings)
    walk(list(portal.frameworks_in_scope()))
    return sorted((s for s in found if len(s) > 1), key=len, reverse=True)


def _generated_text(page: str, portal) -> str:
    """The page without what the sources wrote, nor what other parts' pieces write (KPI status and reason)."""
    text = re.sub(r"<p>.*?</p>|<(ul|ol|blockquote|pre|table|h\d)>.*?</\1>", " ", page, flags=re.S)  # source Markdown
    text = re.sub(
        r'<span class="ctp-badge ctp-kpi-[^"]*">.*?</span>|<small class="ctp-kpi-reason">.*?</small>'
        r'|<p class="ctp-asof".*?</p>',
        " ",
        text,
        flags=re.S,
    )
    for source in _source_strings(portal):
        for form in {source, str(md_escape(source)), html.escape(source, quote=True)}:
            text = text.replace(form, " ")
    return re.sub(r"\]\([^)]*\)|<[^>]+>|\{ #[^}]*\}|https?://\S+|^title: .*$", " ", text, flags=re.M)


@pytest.mark.parametrize("path", PAGES)
def test_no_english_word_of_ours_is_left_on_a_french_page(french, path):
    portal, pages = french
    left = _english_words("fr") & _words(_generated_text(pages[path], portal))
    assert not left, f"{path}: English left in French: {sorted(left)}"


@pytest.mark.parametrize(
    "path",
    (
        "decisions/index.md",
        "decisions/plan.md",
        "compliance/index.md",
        "compliance/readiness.md",
        "ai/index.md",
        "controls/index.md",
    ),
)
def test_no_english_word_of_ours_is_left_on_a_german_page(german, path):
    portal, pages = german
    left = _english_words("de") & _words(_generated_text(pages[path], portal))
    assert not left, f"{path}: English left in German: {sorted(left)}"


def test_the_board_pack_compliance_section_and_a_vendors_contract_decision_are_french(french):
    portal, pages = french
    section = pages["board-pack.md"].split("## 5. Conformité et IA", 1)[1].split("\n## ", 1)[0]
    assert not _english_words("fr") & _words(_generated_text(section, portal)), section
    assert "exigences sur 46 satisfaites" in section and "1 pilote, 1 proposé, 3 refusés" in section
    vendor = pages["vendors/keystone-it.md"]
    row = next(line for line in vendor.splitlines() if line.startswith("| Décision contractuelle |"))
    assert "ouverte" in row and "échéance le 17 déc" in row, row


def test_no_english_is_written_in_our_templates_outside_a_message():
    """What a template writes itself (headings, sentences, table headers) is a message; only Markdown and HTML
    syntax, anchors and class names are left once messages, expressions and tags are taken out."""
    for name in OURS:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        text = re.sub(r"{% trans.*?{% endtrans %}", " ", text, flags=re.S)
        text = re.sub(r"{{.*?}}|{%.*?%}|{#.*?#}", " ", text, flags=re.S)
        text = re.sub(r"<[^>]+>|\{ #[^}]*\}|^(title|hide):.*$|^  - navigation$|^---$", " ", text, flags=re.M)
        assert not re.findall(r"[A-Za-z]{2,}", text), f"{name}: {re.findall(r'[A-Za-z]{2,}', text)}"


def test_no_english_word_is_a_string_in_our_template_expressions():
    """A phrase inside an expression ('row is' if ... else 'rows are') is written through a message too. (A single
    lowercase word reads as an identifier: a kind, a field, a status compared; the pages' check above sees those.)"""
    allowed = re.compile(r"^[a-z0-9_./#-]+$")  # kinds, fields, statuses, vocabularies, template and page paths
    for name in OURS:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        text = re.sub(r"{% trans.*?%}", " ", text)  # its variables are expressions checked below
        for expression in re.findall(r"{{(.*?)}}|{%(.*?)%}", text, flags=re.S):
            code = "".join(expression)
            code = re.sub(r"\b(_|gettext|pgettext|ngettext|label)\((['\"]).*?\2(\s*,\s*(['\"]).*?\4)*", " ", code)
            for literal in re.findall(r"'([^']*)'|\"([^\"]*)\"", code):
                value = "".join(literal)
                assert not re.search(r"[A-Za-z]", value) or allowed.match(value), f"{name}: {value!r} in {code!r}"


def test_statuses_take_the_words_of_what_they_describe(french):
    _, pages = french
    assert 'ctp-decision-open">ouverte</span>' in pages["decisions/D-004.md"]  # a decision: feminine
    assert 'ctp-coverage-met">satisfaite</span>' in pages["compliance/hipaa-security.md"]
    assert 'ctp-evidence-due-soon">à renouveler bientôt</span>' in pages["controls/index.md"]
    assert 'ctp-tier-high">élevé</span>' in pages["ai/radiograph-reader-pilot.md"]
    plan = pages["decisions/plan.md"]
    assert "**novembre 2026**" in plan and "terminée avec 3 jours de retard" in plan


def test_counts_are_plural_as_the_language_says_them(french, german):
    assert "- **1 risque** ramené" in french[1]["decisions/value.md"]
    assert "- **8 décisions** prises." in french[1]["decisions/value.md"]
    assert "- **8 Entscheidungen** getroffen." in german[1]["decisions/value.md"]
    readiness = french[1]["compliance/readiness.md"]
    assert "7 usages de l’IA au registre" in readiness and "6 sur 8 prêts." in readiness


def test_source_text_in_a_translated_sentence_is_escaped_as_anywhere(tmp_path):
    """A {% trans %} placeholder carrying source text is escaped for Markdown and HTML, as every value is."""
    config = MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  language: fr\n")
    root = write_repo(
        tmp_path / "client",
        {
            "decisions/register.yaml": """\
        - id: D-001
          question: Stop the old tool?
          decided_by: board
          owner: <img src=x onerror=alert(1)> *Ops*
          status: decided
          decided: 2026-11-02
          outcome: Stop it
          stops:
            - what: "[Weekly](javascript:alert(1)) call"
              saves: 1200
              time_freed: <b>2 hours</b>
        """
        },
        config,
    )
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok, [p.format() for p in validation.problems.errors]
    page = generate(validation.portal).pages["decisions/D-001.md"]
    assert "présentée par &lt;img src=x onerror=alert\\(1\\)&gt; \\*Ops\\*" in page
    assert "\\[Weekly\\]\\(javascript:alert\\(1\\)\\) call" in page and "&lt;b&gt;2 hours&lt;/b&gt;" in page
    assert "<img" not in page and "<b>" not in page and "](javascript" not in page


def test_english_pages_keep_their_words():
    """English is the messages themselves: the same sentences the pages always had."""
    portal = validate_repository(REPO_ROOT / "mkdocs.yml").portal
    pages = generate(portal).pages
    assert "decided by the board · brought by Linda Osei \\(CFO\\)" in pages["decisions/D-004.md"]
    assert "**AI:** 2 uses approved and in use, 1 pilot, 1 proposed, 3 refused" in pages["board-pack.md"]
    assert (
        "| ✓ ready | Evidence is current for every control | all evidence current | — |"
        in pages["compliance/readiness.md"]
    )


def test_a_translated_coverage_rule_is_text_never_markup(tmp_path, monkeypatch):
    """The coverage rule is our Markdown (its bold words) passed as Markup: a catalogue's words in it are escaped."""
    from generator.facts.compliance import COVERAGE_RULE

    folder = tmp_path / "locales" / "it" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    rule = COVERAGE_RULE.replace('"', '\\"')
    (folder / "ctoportal.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: it\\n"\n\n'
        f'msgid "{rule}"\nmsgstr "Un requisito è **soddisfatto** <script>alert(1)</script>"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES", tmp_path / "locales")
    i18n._translations.cache_clear()
    try:
        config = MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  language: it\n").replace(
            "      today:", "      frameworks: [hipaa-security]\n      today:"
        )
        root = write_repo(tmp_path / "client", {}, config)
        validation = validate_repository(root / "mkdocs.yml")
        assert validation.ok, [p.format() for p in validation.problems.errors]
        pages = generate(validation.portal).pages
    finally:
        i18n._translations.cache_clear()
    page = pages["compliance/hipaa-security.md"]
    assert "**soddisfatto** &lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
