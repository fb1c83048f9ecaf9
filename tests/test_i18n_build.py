"""Issue 17, done when: the demo builds in French and in German, and every generated message on the
Overview, the board pack, the risk register, a vendor page and Downloads appears as its translation.

The messages are not listed here, so the test cannot go stale: they are the ones the renderer itself asks
the catalogue for while it makes each of those pages (every ``gettext``/``ngettext``/``pgettext`` call, from
a template's ``{% trans %}`` or from Python, recorded by page), as many as are wrapped today and more as
more are. Each must be in the shipped catalogue with a translation, that translation is what the page was
given, and the page of a real ``mkdocs build --strict`` must show it. Downloads are checked in the files
themselves (CSV, workbook, calendar), and the navigation's titles on the Overview.
"""

from __future__ import annotations

import html
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import REPO_ROOT, run_mkdocs
from generator.checks.validate import validate_repository
from generator.model import i18n
from generator.model.kinds import SOURCE_FOLDERS
from generator.model.site_map import DOWNLOADS_PAGE, item_path
from generator.render import pages as pages_module
from generator.render import site as site_module
from generator.render.site import generate

LANGUAGES = {"fr": "fr_CH", "de": "de_DE"}
NAV, FILES = "<navigation>", "<downloads>"
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|\[|\]\(|\)")
"""Where a translation is cut into the words a page must show: placeholders, and a Markdown link's brackets."""
_MARKUP = re.compile(r"<[^>]*>|\*\*|[*_`\\]")
_SPACE = re.compile(r"[\s\u00a0\u202f\u2009]+")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u2019", "'")).strip()


def fragments(translation: str) -> list[str]:
    """The words of a translation a page must show, placeholders and Markdown/HTML markup left out."""
    parts = (_normal(_MARKUP.sub(" ", part)).strip(" .,;:()·—-") for part in _PLACEHOLDER.split(translation))
    return [part for part in parts if len(part) >= 2]


def shows(text: str, translation: str) -> bool:
    return all(f in text for f in fragments(translation))


Lookup = tuple[str | None, str, str | None, int | None]
"""(context, msgid, plural msgid, n) as the code asked the catalogue."""


class Recorder:
    """Every message asked of the active language, with what it gave, by the page being rendered. What is asked
    between two pages (the arguments of the next ``render_page`` call, the Downloads page's groups) belongs
    to the next page."""

    def __init__(self, messages: set[tuple[str | None, str]]) -> None:
        self.messages = messages
        self.bucket: str | None = None
        self.pending: dict[Lookup, str] = {}
        self.asked: dict[str, dict[Lookup, str]] = {}

    def record(self, key: Lookup, given: str) -> str:
        if key[:2] in self.messages:
            (self.asked.setdefault(self.bucket, {}) if self.bucket is not None else self.pending)[key] = given
        return given

    def into(self, bucket, function):
        def wrapper(*args, **kwargs):
            outer, self.bucket = self.bucket, bucket(*args, **kwargs) if callable(bucket) else bucket
            self.asked.setdefault(self.bucket, {}).update(self.pending if callable(bucket) else {})
            self.pending = {}
            try:
                return function(*args, **kwargs)
            finally:
                self.bucket = outer

        return wrapper


def _copy_demo(root: Path, code: str) -> Path:
    root.mkdir()
    for folder in SOURCE_FOLDERS:
        shutil.copytree(REPO_ROOT / folder, root / folder)
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "      currency: USD\n", f"      currency: USD\n      language: {code}\n      locale: {LANGUAGES[code]}\n"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def _path_of(*args, **kwargs) -> str:
    return kwargs["path"] if "path" in kwargs else args[2]  # render_page(template, portal, path, ...)


def _record(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Recorder, object, object]:
    """The demo generated in memory, every catalogue lookup recorded by page (and navigation, downloads).
    Only messages of the catalogue's template count: text the code passes to gettext without marking it
    (so never extracted) is not a message yet; tests/test_i18n.py checks that marked ones are extracted."""
    recorder = Recorder(_template())
    language = i18n.Language
    originals = {name: getattr(language, name) for name in ("gettext", "ngettext", "pgettext", "npgettext")}
    monkeypatch.setattr(
        language, "gettext", lambda self, m: recorder.record((None, m, None, None), originals["gettext"](self, m))
    )
    monkeypatch.setattr(
        language,
        "ngettext",
        lambda self, s, p, n: recorder.record((None, s, p, n), originals["ngettext"](self, s, p, n)),
    )
    monkeypatch.setattr(
        language, "pgettext", lambda self, c, m: recorder.record((c, m, None, None), originals["pgettext"](self, c, m))
    )
    monkeypatch.setattr(
        language,
        "npgettext",
        lambda self, c, s, p, n: recorder.record((c, s, p, n), originals["npgettext"](self, c, s, p, n)),
    )
    monkeypatch.setattr(pages_module, "render_page", recorder.into(_path_of, pages_module.render_page))
    monkeypatch.setattr(site_module, "downloads", recorder.into(FILES, site_module.downloads))
    monkeypatch.setattr(site_module, "navigation", recorder.into(NAV, site_module.navigation))
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok, [p.format() for p in validation.problems.errors]
    sources = generate(validation.portal)
    return recorder, validation.portal, sources


def _html_path(page: str) -> str:
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")] + "index.html"
    return stem + "/index.html"


def _page_text(site: Path, page: str) -> str:
    raw = (site / _html_path(page)).read_text(encoding="utf-8")
    soup = BeautifulSoup(raw, "html.parser")
    svgs = [(site / _html_path(page)).parent.joinpath(img["src"]).resolve() for img in soup.select("img[src$='.svg']")]
    extra = " ".join(p.read_text(encoding="utf-8") for p in svgs if p.is_file() and site.resolve() in p.parents)
    return _normal(soup.get_text(" ") + " " + html.unescape(raw) + " " + html.unescape(extra))


def _files_text(site: Path, downloads) -> str:
    """The downloads as a reader gets them: the Downloads page (titles, descriptions) and each file."""
    from openpyxl import load_workbook

    texts = [_page_text(site, DOWNLOADS_PAGE)]
    for download in downloads:
        data = (site / download.path).read_bytes()
        texts.append(download.title)
        if download.path.endswith(".xlsx"):
            workbook = load_workbook(io.BytesIO(data))
            texts += [
                workbook.properties.title or "",
                workbook.properties.subject or "",
                workbook.properties.description or "",
            ]
            for sheet in workbook.worksheets:
                texts.append(sheet.title)
                texts += [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
        elif download.path.endswith((".csv", ".ics", ".json", ".md", ".txt")):
            texts.append(data.decode("utf-8-sig").replace("\\,", ",").replace("\r\n ", ""))
    return _normal("\n".join(texts))


def _catalogue(code: str):
    with (i18n.LOCALES / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").open("rb") as file:
        return read_po(file, locale=code)


def _template() -> set[tuple[str | None, str]]:
    with (i18n.LOCALES / f"{i18n.DOMAIN}.pot").open("rb") as file:
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(file) if m.id}


def _translation_problems(code: str, asked: dict[Lookup, str]) -> Iterator[str]:
    """Each lookup must find its message in the shipped catalogue, translated, and give that translation."""
    catalogue = _catalogue(code)
    for (context, msgid, plural, n), given in asked.items():
        message = catalogue.get(msgid, context=context)
        if message is None or message.fuzzy or not all(message.string if plural else [message.string]):
            yield f"{code}: no translation of {msgid!r} (context {context!r}) in the catalogue"
        elif given not in (message.string if plural else (message.string,)):
            yield f"{code}: {msgid!r} was shown as {given!r}, not as the catalogue's translation"


@pytest.fixture(scope="module", params=sorted(LANGUAGES))
def built(request, tmp_path_factory):
    """The demo in one language: what the renderer asked the catalogue for (in memory), and the real build."""
    code = request.param
    root = _copy_demo(tmp_path_factory.mktemp(f"demo-{code}") / "client", code)
    with pytest.MonkeyPatch.context() as monkeypatch:
        recorder, portal, sources = _record(root, monkeypatch)
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return code, recorder, portal, sources, root / "site"


def _pages(portal) -> dict[str, str]:
    """The pages issue 17 names, by their path in the sources."""
    vendor = next(iter(portal.for_audience(portal.settings.audience).vendors))
    return {
        "Overview": "index.md",
        "board pack": "board-pack.md",
        "risk register": "risks/index.md",
        "vendor page": item_path("vendor", vendor),
        "Downloads": DOWNLOADS_PAGE,
    }


@pytest.mark.slow
def test_every_message_on_the_board_pages_appears_as_its_translation(built):
    code, recorder, portal, sources, site = built
    problems: list[str] = []
    checked = {}
    for name, page in _pages(portal).items():
        asked = recorder.asked.get(page, {})
        problems += _translation_problems(code, asked)
        in_markdown = _normal(sources.pages[page].replace("\\", ""))
        # A message asked for and not shown (a label computed for another use) is not the page's.
        on_page = {key: given for key, given in asked.items() if shows(in_markdown, given)}
        text = _page_text(site, page)
        problems += [
            f"{code}: {name} ({page}) built without {given!r} ({key[1]!r})"
            for key, given in on_page.items()
            if not shows(text, given)
        ]
        checked[name] = len(on_page)
    assert not problems, "\n".join(problems)
    # Never vacuous: each page has words of ours (statuses, units, headings) to check, more as more are wrapped.
    assert all(checked.values()), checked


@pytest.mark.slow
def test_downloads_and_navigation_appear_as_their_translation(built):
    code, recorder, portal, sources, site = built
    files, nav = recorder.asked.get(FILES, {}), recorder.asked.get(NAV, {})
    assert files and nav, "downloads and navigation translate their words"
    problems = list(_translation_problems(code, files)) + list(_translation_problems(code, nav))
    text = _files_text(site, sources.downloads)
    problems += [
        f"{code}: the downloads lack {given!r} ({key[1]!r})" for key, given in files.items() if not shows(text, given)
    ]
    overview = _page_text(site, "index.md")
    problems += [
        f"{code}: the navigation lacks {given!r} ({key[1]!r})"
        for key, given in nav.items()
        if not shows(overview, given)
    ]
    assert not problems, "\n".join(problems)


def test_fragments_are_the_words_a_page_shows():
    assert fragments("%(num)s heures") == ["heures"]
    assert fragments("**%(count)s** risques au-dessus de l’appétit") == ["risques au-dessus de l'appétit"]
    assert shows("Risque R-1 fermé", "Risque {item} {new}") and not shows("Risk R-1 closed", "Risque {item} {new}")
