"""What changed, an item's history and the pull-request comment speak the portal's language: whole
sentences with their plural forms, statuses through their one label, source text escaped inside a
translated sentence, and the English as it was."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from types import SimpleNamespace

import pytest
from babel.messages.extract import extract_from_file
from markupsafe import Markup

from conftest import MINIMAL_MKDOCS, REPO_ROOT, run_ctoportal, write_repo
from gitrepos import CLIENT_FILES, edit, git, init_client
from generator.checks.validate import validate_repository
from generator.model import i18n
from generator.render.pages import _ENV
from generator.vcs import what_changed
from generator.vcs.diff_report import as_markdown, as_text, change_markdown
from generator.vcs.history_entries import FieldChange
from generator.vcs.portal_diff import diff_portals

TEMPLATES = REPO_ROOT / "generator" / "render" / "templates"
HOSTILE = "<img src=x onerror=alert(1)> **Tested** backups"


def _portal(tmp_path, name, files):
    root = write_repo(
        tmp_path / name, files, MINIMAL_MKDOCS.replace("      today:", "      currency: EUR\n      today:")
    )
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok, [p.format() for p in validation.problems.errors]
    return validation.portal.for_audience(validation.portal.settings.audience)


def _replan(tmp_path):
    """A replan: an initiative (its title hostile) slips and changes status, a risk is rescored and closed."""
    before = {
        **CLIENT_FILES,
        "roadmap/initiatives.yaml": CLIENT_FILES["roadmap/initiatives.yaml"].replace(
            "title: Tested backups", f"title: {HOSTILE!r}".replace("'", '"')
        ),
    }
    after = {
        **before,
        "roadmap/initiatives.yaml": before["roadmap/initiatives.yaml"]
        .replace("end: 2026-12", "end: 2027-03")
        .replace("status: planned\n          start: 2026-10", "status: in-progress\n          start: 2026-10"),
        "risks/register.yaml": before["risks/register.yaml"].replace(
            "likelihood: 3", "likelihood: 4\n          status: closed"
        ),
    }
    return diff_portals(_portal(tmp_path, "before", before), _portal(tmp_path, "after", after))


def test_the_what_changed_sentences_are_french_and_escape_the_sources(tmp_path):
    with i18n.using(i18n.language("fr")):  # as a build computes it: periods and money in the language too
        diff = _replan(tmp_path)
        lines = [change_markdown(c) for c in diff.ordered()]
    text = "\n".join(lines)
    assert "retardée de 90 jours (oct\\. 2026 à déc\\. 2026 → oct\\. 2026 à mars 2027)" in text, text
    assert "statut planifiée → en cours" in text, text
    assert "Risque **R\\-001 Backups fail** clos" in text, text
    assert "réévalué 12 → 16 (probabilité 4, impact 4)" in text, text
    # Source text inside a translated sentence is escaped as it is in English: no tag, no Markdown.
    assert "<img" not in text and "&lt;img src=x onerror=alert\\(1\\)&gt; \\*\\*Tested\\*\\* backups" in text
    for english in ("slips by", "status", "re-scored", "likelihood", "planned", "in progress", "Oct", "Dec"):
        assert english not in text, (english, text)


def test_english_reads_as_before_and_one_day_is_singular(tmp_path):
    diff = _replan(tmp_path)
    text = "\n".join(change_markdown(c) for c in diff.ordered())
    assert "slips by 90 days (Oct 2026 to Dec 2026 → Oct 2026 to Mar 2027)" in text
    assert "Risk **R\\-001 Backups fail** closed" in text
    short = [c for c in diff.ordered() if c.plural][0]
    one = type(short)(**{**short.__dict__, "values": {**short.values, "days": 1}})
    assert "slips by 1 day (" in change_markdown(one)
    with i18n.using(i18n.language("de")):
        assert "verschiebt sich um 1 Tag (" in change_markdown(one)
        assert "verschiebt sich um 90 Tage (" in change_markdown(short)


def test_the_pull_request_comment_is_in_the_language_and_the_text_report_english(tmp_path):
    with i18n.using(i18n.language("de")):
        comment = as_markdown(_replan(tmp_path), "main", "head")
    diff = _replan(tmp_path / "en")
    assert comment.startswith("### Änderungen am Portal: `main` → `head`\n\n4 Änderungen: Risiken 2, Roadmap 2.\n"), (
        comment
    )
    assert (
        "Status geplant → in Arbeit" in comment and "verschiebt sich um 90 Tage (Okt\\. 2026 bis Dez\\. 2026" in comment
    )
    assert as_markdown(diff.__class__((), 0, 0, "EUR", 12), "a", "b").endswith("No changes to the portal's content.\n")
    assert as_text(diff, "main", "head").startswith("portal changes: main -> head\n")


def _sentences(template: str) -> list[str]:
    """The messages a template of ours marks (as pybabel extracts them)."""
    with (TEMPLATES / template).open("rb") as file:
        found = extract_from_file(
            "jinja2",
            file.name,
            keywords={"_": None, "gettext": None, "pgettext": ((1, "c"), 2)},
            options={"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"},
        )
    return [message for _, message, _, _ in found]


def _words(message: str) -> list[str]:
    return [w for w in re.split(r"%\(\w+\)s|\{\w+\}", message) if len(w.strip(" .:·→")) > 2]


HISTORY = [
    SimpleNamespace(day=dt.date(2026, 11, 2), author="Sam", message=None, commit=None, change="added", fields=()),
    SimpleNamespace(day=dt.date(2026, 11, 3), author=None, message=None, commit=None, change="removed", fields=()),
    SimpleNamespace(day=dt.date(2026, 11, 4), author="Sam", message=None, commit=None, change="shown", fields=()),
    SimpleNamespace(
        day=dt.date(2026, 11, 5),
        author="Sam <b>",
        message=None,
        commit=None,
        change="changed",
        fields=(
            FieldChange("risk_tier", "low", "high"),
            FieldChange("description", None, None, "reworded"),
            FieldChange("notes", None, None, "added"),
            FieldChange("tags", None, None, "removed"),
            FieldChange("cost", None, None, "changed"),
            FieldChange("depends_on", ["a_b"], None),
        ),
    ),
]

ENGLISH_HISTORY = """
## History { #history }

- **Nov 2, 2026** · Sam
    - added to the portal
- **Nov 3, 2026**
    - removed
- **Nov 4, 2026** · Sam
    - now shown in the portal
- **Nov 5, 2026** · Sam &lt;b&gt;
    - risk tier: low → high
    - description reworded
    - notes added
    - tags removed
    - cost changed
    - depends on: a\\_b → —
"""


def test_an_items_history_in_english_as_it_was():
    assert _ENV.get_template("history.md.j2").render(history=HISTORY) == ENGLISH_HISTORY


@pytest.mark.parametrize("code", ["fr", "de", "es", "nl"])
def test_an_items_history_has_no_english_word_of_ours_left(code):
    with i18n.using(i18n.language(code)):
        text = _ENV.get_template("history.md.j2").render(history=HISTORY)
    for message in _sentences("history.md.j2"):
        for word in _words(message if isinstance(message, str) else message[-1]):
            assert word.strip() not in text.replace(" #history", ""), (code, word, text)
    assert {
        "fr": "niveau de risque\u00a0: low → high",
        "de": "Risikostufe: low → high",
        "es": "descripción: se ha reformulado",
        "nl": "Geschiedenis",
    }[code] in text, text
    assert "Sam &lt;b&gt;" in text and "a\\_b" in text  # names and values escaped as in English


@pytest.mark.parametrize("state", ["unavailable", "nothing", "changes"])
def test_the_what_changed_page_in_french(state):
    label = what_changed._sentence(
        ("baseline", "version {title}, published {day}"), title="Board *Sept*", day="Sep 14, 2026"
    )
    context = {
        "p": SimpleNamespace(settings=SimpleNamespace(client="Cabinet <Dupont>"), today=dt.date(2026, 11, 20)),
        "baseline": SimpleNamespace(label=label),
        "unavailable": "x" if state == "unavailable" else None,
        "changes": (Markup("Risque **R\\-1** clos"),) if state == "changes" else (),
    }
    english = _ENV.get_template("changes.md.j2").render(**context)
    with i18n.using(i18n.language("fr", "fr_CH")):
        label = what_changed._sentence(
            ("baseline", "version {title}, published {day}"), title="Board *Sept*", day="14 sept. 2026"
        )
        text = _ENV.get_template("changes.md.j2").render(**{**context, "baseline": SimpleNamespace(label=label)})
    assert 'title: "Ce qui a chang\\u00e9"' in text and "# Ce qui a changé" in text
    assert "Cabinet &lt;Dupont&gt; · situation au 20 nov\\. 2026" in text, text
    assert "la version Board \\*Sept\\*, publiée le 14 sept\\. 2026" in text, text
    for message in _sentences("changes.md.j2"):
        for word in _words(message):
            assert word.strip() not in text, (word, text)
    assert english.count("\n") == text.count("\n")  # the same Markdown blocks, whatever the language


def test_a_translation_in_the_baseline_label_is_text_never_markup(tmp_path, monkeypatch):
    """The label is put into pages as safe Markdown: a catalogue's words are escaped like a source's."""
    folder = tmp_path / "it" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "ctoportal.po").write_text(
        textwrap.dedent("""\
        msgid ""
        msgstr ""
        "Language: it\\n"

        msgctxt "baseline"
        msgid "version {title}"
        msgstr "<img src=x onerror=alert(1)> [versione](javascript:x) {title}"
        """),
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._translations.cache_clear()
    try:
        with i18n.using(i18n.language("it")):
            label = what_changed._sentence(("baseline", "version {title}"), title="<b>Board</b>")
    finally:
        i18n._translations.cache_clear()
    assert "<img" not in label and "<b>" not in label and "](javascript" not in label, label
    assert label.startswith("&lt;img src=x onerror=alert\\(1\\)&gt; \\[versione\\]"), label


@pytest.mark.slow
def test_ctoportal_diff_writes_the_comment_in_the_portals_language(tmp_path):
    client = init_client(tmp_path / "client")
    edit(client, "mkdocs.yml", "  name: material\n", "  name: material\n  language: fr\n")
    git(client, "commit", "-qam", "Le portail parle français")
    edit(client, "roadmap/initiatives.yaml", "end: 2026-12", "end: 2027-03")
    git(client, "commit", "-qam", "Replan")
    markdown = run_ctoportal("diff", "HEAD~1", "HEAD", "--format", "markdown", cwd=client)
    assert markdown.returncode == 0, markdown.stderr
    assert (
        "Modifications du portail\u00a0:" in markdown.stdout
        and "1 modification\u00a0: Feuille de route 1." in markdown.stdout
        and "retardée de 90 jours" in markdown.stdout
    )
    assert "(oct\\. 2026 à déc\\. 2026 → oct\\. 2026 à mars 2027)" in markdown.stdout, markdown.stdout
    text = run_ctoportal("diff", "HEAD~1", "HEAD", cwd=client)
    assert "slips by 90 days (Oct 2026 to Dec 2026 → Oct 2026 to Mar 2027)" in text.stdout, text.stdout


def test_what_the_reviewer_sees_first_is_in_the_language_with_proper_plurals(tmp_path):
    """Visibility flips counted kind by kind (plural forms, the language's own list), the audience by its label."""
    from generator.vcs.diff_review import settings_changes, visibility_changes

    hidden = {
        **CLIENT_FILES,
        "risks/register.yaml": CLIENT_FILES["risks/register.yaml"].rstrip(" ") + "          visibility: internal\n",
        "vendors/vendors.yaml": CLIENT_FILES["vendors/vendors.yaml"].rstrip(" ") + "          visibility: internal\n",
        "roadmap/initiatives.yaml": CLIENT_FILES["roadmap/initiatives.yaml"]
        .replace("          owner: Jordan\n", "          owner: Jordan\n          visibility: internal\n")
        .replace(
            "          depends_on: [backup]\n", "          depends_on: [backup]\n          visibility: internal\n"
        ),
    }
    internal = MINIMAL_MKDOCS.replace("      today:", "      audience: internal\n      today:")

    def read(name, files, config=MINIMAL_MKDOCS):
        root = write_repo(tmp_path / name, files, config)
        validation = validate_repository(root / "mkdocs.yml")
        assert validation.ok, [p.format() for p in validation.problems.errors]
        return validation.portal

    before, after = read("before", hidden), read("after", CLIENT_FILES, internal)
    english = [c for c in visibility_changes(before, after) + settings_changes(before, after)]
    assert as_text(diff_portals(before, before).__class__(tuple(english), 0, 0, "USD", 12), "a", "b").splitlines()[
        1:3
    ] == [
        "  settings ⚠ The portal's audience changes from client to internal: every internal item and page will "
        "be published",
        "  settings ⚠ This change makes 2 internal initiatives, 1 internal risk and 1 internal vendor visible to "
        "the client: backup Tested backups, ehr EHR migration, R-001 Backups fail, datto Datto",
    ]
    with i18n.using(i18n.language("fr")):
        lines = [change_markdown(c) for c in english]
    assert lines[0].startswith(
        "⚠ Avec cette modification, le client voit 2 initiatives internes, 1 risque interne "
        "et 1 fournisseur interne\u00a0: backup Tested backups"
    ), lines
    assert lines[1] == (
        "⚠ Le public du portail passe de client à interne\u00a0: tous les éléments et toutes les pages "
        "internes seront publiés"
    ), lines
    with i18n.using(i18n.language("de")):
        back = [change_markdown(c) for c in visibility_changes(after, before)]
    assert back[0].startswith(
        "Durch diese Änderung sieht der Kunde 2 Initiativen, 1 Risiko und 1 Anbieter nicht mehr: "
    )


def test_a_status_in_an_items_history_reads_as_its_label():
    from generator.model import Initiative

    item = Initiative(id="backup", title="Tested backups", status="in-progress")
    entry = SimpleNamespace(
        day=dt.date(2026, 11, 5),
        author=None,
        message=None,
        commit=None,
        change="changed",
        fields=(FieldChange("status", "planned", "in-progress"), FieldChange("end", "2026-12", "2027-03")),
    )
    template = _ENV.get_template("history.md.j2")
    assert "    - status: planned → in progress\n    - end: 2026\\-12 → 2027\\-03\n" in template.render(
        history=[entry], item=item
    )
    with i18n.using(i18n.language("fr")):
        assert "    - statut\u00a0: planifiée → en cours\n" in template.render(history=[entry], item=item)
