"""One entry point (vcs/build.build_site): every page rendered once with everything it shows (the Overview's
change, an item's history, the What changed page) and a navigation built whole as a typed value, which
is exactly what MkDocs is given. Nothing is patched after rendering."""

from __future__ import annotations

import collections
import datetime as dt

import pytest
from markupsafe import Markup
from mkdocs.config import load_config

from conftest import REPO_ROOT, write_repo
from generator.checks.validate import validate_repository
from generator.facts.figures import headline
from generator.model import kinds as registry
from generator.model.portal import Portal
from generator.model.settings import PortalSettings
from generator.model.site_map import CHANGES_PAGE, PAGED_KINDS, item_path
from generator.render import pages as pages_module
from generator.sources import located_yaml
from generator.vcs import item_history
from generator.render.dashboards import nav_entries
from generator.render.navigation import Link, Navigation, Section
from generator.render.pages import GitFacts, HeadlineChange, WhatChanged
from generator.render.site import generate
from generator.sources.git import Commit
from generator.vcs.build import build_site
from generator.vcs.history_entries import FieldChange, HistoryEntry
from gitrepos import CLIENT_FILES, edit, git, init_client


@pytest.fixture
def renders(monkeypatch):
    """Every page rendered, by path, with what the renderer returned for it."""
    rendered: dict[str, list[str]] = collections.defaultdict(list)
    real = pages_module.render_page

    def counted(template, portal, path, *args, **kwargs):
        text = real(template, portal, path, *args, **kwargs)
        rendered[path].append(text)
        return text

    monkeypatch.setattr(pages_module, "render_page", counted)
    return rendered


def _assert_rendered_once_and_kept(sources, rendered):
    twice = {path: len(texts) for path, texts in rendered.items() if len(texts) != 1}
    assert not twice, f"pages rendered more than once: {twice}"
    assert set(sources.pages) == set(rendered)
    for path, text in sources.pages.items():
        assert text == rendered[path][0], f"{path} was changed after it was rendered"


def _entry(subject: str) -> HistoryEntry:
    commit = Commit("0123456789abcdef", "Dana Whitfield", "2026-11-02T10:00:00+00:00", subject)
    return HistoryEntry(commit, "changed", (FieldChange("status", "proposed", "active"),), subject, "Dana Whitfield")


@pytest.fixture(scope="module")
def demo():
    validation = validate_repository(REPO_ROOT / "mkdocs.yml")
    assert validation.ok
    return validation.portal


def test_every_page_is_rendered_once_with_what_git_adds(demo, renders):
    view = demo.for_audience(demo.settings.audience)
    items = {kind.name: next(iter(view.of_kind(kind.name))) for kind in PAGED_KINDS if view.of_kind(kind.name)}
    assert {"initiative", "risk", "vendor"} <= set(items)
    histories = {item_path(kind, item_id): (_entry(f"Re-planned <b>{kind}</b>"),) for kind, item_id in items.items()}
    now = headline(view)
    git = GitFacts(
        WhatChanged(Markup("version Board"), (Markup("Risk R\\-001 re\\-scored"),)),
        HeadlineChange(Markup("version Board"), now, now),
        histories,
    )
    sources = generate(demo, git)
    _assert_rendered_once_and_kept(sources, renders)
    for path in histories:  # each item page shows its history, last, from its own template
        page = sources.pages[path]
        assert page.count("## History { #history }") == 1, path
        history = page.split("## History { #history }")[1]
        assert history.rstrip().endswith("- status: proposed → active"), path
        assert "Re\\-planned &lt;b&gt;" in history and "<b>" not in history, path  # escaped in the one environment
    assert "Risk R\\-001 re\\-scored" in sources.pages[CHANGES_PAGE]
    assert "version Board" in sources.pages["index.md"]
    paths = sources.nav.paths()
    overview = [link.path for link in nav_entries("overview")]
    assert paths[: len(overview) + 2] == ["index.md", *overview, CHANGES_PAGE]  # right after the Overview's own


def test_the_page_of_every_kind_shows_its_history():
    """An item's history is part of its page's template: a kind whose template leaves it out fails here."""
    today = dt.date(2026, 11, 20)
    portal = Portal(settings=PortalSettings(client="C", today=today), today=today)
    for kind in registry.KINDS:
        data = {"id": "x1", kind.new.title_field: f"{kind.name} x1", **kind.new.fields, "visibility": "client"}
        if kind.new.dated_field:
            data[kind.new.dated_field] = today.isoformat()
        portal.of_kind(kind.name)["x1"] = kind.model.model_validate(data)
    histories = {item_path(kind.name, "x1"): (_entry("Re-planned"),) for kind in PAGED_KINDS}
    sources = generate(portal, GitFacts(histories=histories))
    for path in histories:
        assert "## History { #history }" in sources.pages[path], f"{path} does not show its history"


def test_without_git_there_is_no_history_and_no_what_changed(demo, renders):
    sources = generate(demo)
    _assert_rendered_once_and_kept(sources, renders)
    assert CHANGES_PAGE not in sources.pages and CHANGES_PAGE not in sources.nav.paths()
    assert not any("## History" in page for page in sources.pages.values())


def test_the_navigation_is_a_typed_value_and_mkdocs_gets_its_to_mkdocs(tmp_path, monkeypatch):
    monkeypatch.setenv("CTOPORTAL_DIAGRAMS", "browser")  # no Chromium needed to configure
    # A serve plugin turns on the process's parse cache and history memo: put them back for later tests.
    monkeypatch.setattr(located_yaml, "_parse_cache", None)
    monkeypatch.setattr(item_history, "_remembered", None)
    root = write_repo(tmp_path / "client", CLIENT_FILES)
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    sources = config.plugins["ctoportal"].sources
    nav = sources.nav
    assert isinstance(nav, Navigation) and all(isinstance(e, (Link, Section)) for e in nav.entries)
    assert config.nav == nav.to_mkdocs()
    assert set(nav.paths()) <= set(sources.pages)  # every listed page exists
    registers = [e for e in nav.entries if isinstance(e, Section) and e.page is not None]
    assert [e.page for e in registers] == [f"{kind.section}/index.md" for kind in PAGED_KINDS]
    assert nav.entries[0] == Link("Overview", "index.md")
    assert {"Overview": "index.md"} == config.nav[0]


@pytest.mark.slow  # drives git
def test_build_site_with_history_renders_each_page_once(tmp_path, renders):
    repo = init_client(tmp_path / "client")
    edit(repo, "roadmap/initiatives.yaml", "end: 2026-12", "end: 2027-03")
    git(repo, "commit", "-qam", "Backups slip a quarter")
    edit(repo, "risks/register.yaml", "likelihood: 3", "likelihood: 4")
    git(repo, "commit", "-qam", "Re-score")
    portal = validate_repository(repo / "mkdocs.yml").portal
    sources = build_site(portal, repo, repo / "mkdocs.yml", since="HEAD~2", version=None, history=True)
    _assert_rendered_once_and_kept(sources, renders)
    assert "end: 2026\\-12 → 2027\\-03" in sources.pages[item_path("initiative", "backup")]
    assert "likelihood: 3 → 4" in sources.pages[item_path("risk", "R-001")]
    assert CHANGES_PAGE in sources.pages and {"What changed": CHANGES_PAGE} in sources.nav.to_mkdocs()
    assert "re-scored 12 → 16" in sources.pages[CHANGES_PAGE].replace("\\-", "-")
