"""``ctoportal serve`` after a save does only what the save changed: no Chromium is started (a diagram
whose text changed is drawn by the reader's browser), no commit is read again while none changed, and
only the pages written are hardened again. None of it may show a stale or internal thing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.checks.validate import validate_repository
from generator.model.settings import Audience
from generator.output.diagram_delivery import DiagramDelivery
from generator.output.diagram_svg import _cache_file, take_diagrams
from generator.output.serve_pages import search_entries
from generator.output.site_policy import harden_site
from generator.vcs import item_history
from gitrepos import commit, edit, init_client

PAGE = '<h2>Plan</h2><pre class="mermaid"><code>flowchart LR\n  n0["Tested backups"]\n</code></pre>'
BUILT = "<body><main><article>x</article></main></body>"
NO_BROWSER = Path("/nonexistent/chromium")
"""Were a rebuild to start a browser to draw, it would fail: the tests see any attempt."""


def _cached(root: Path, page: str) -> None:
    found: dict[str, str] = {}
    take_diagrams(page, found)
    for key in found:
        path = _cache_file(root / ".cache" / "ctoportal" / "diagrams", key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('{"svgs": {"default": "<svg></svg>", "slate": "<svg></svg>"}}')


def test_a_serve_rebuild_draws_a_changed_diagram_in_the_browser_and_starts_no_chromium(tmp_path):
    _cached(tmp_path, PAGE)
    edited = PAGE.replace("Tested backups", "Tested backups, twice a year")
    delivery = DiagramDelivery(tmp_path, NO_BROWSER, only_cached=True)
    unchanged = delivery.page(PAGE, "roadmap/plan.md", "roadmap/plan/index.html")
    assert "ctp-svg-slot" in unchanged and "mermaid" not in unchanged  # the drawing in the cache: SVG
    assert delivery.page(edited, "roadmap/timeline.md", "roadmap/timeline/index.html") == edited
    assert "mermaid.min.js" in delivery.page_done(BUILT, "roadmap/timeline/index.html")
    assert "mermaid.min.js" not in delivery.page_done(BUILT, "roadmap/plan/index.html")
    site = tmp_path / "site"
    (site / "roadmap" / "plan").mkdir(parents=True)
    (site / "roadmap" / "plan" / "index.html").write_text(unchanged)
    delivery.finish(site)  # from the cache alone: NO_BROWSER is never started
    assert "<svg" in (site / "roadmap" / "plan" / "index.html").read_text()
    assert delivery.drawn_now == 0

    # A build (or serve's first) draws what the cache lacks at build time: it would start the browser.
    build = DiagramDelivery(tmp_path, NO_BROWSER)
    assert "ctp-svg-slot" in build.page(edited, "roadmap/timeline.md", "roadmap/timeline/index.html")


def test_serve_hardens_the_pages_it_wrote_and_a_build_every_page(tmp_path):
    old, new = tmp_path / "old" / "index.html", tmp_path / "index.html"
    old.parent.mkdir()
    for page in (old, new):
        page.write_text("<html><head><title>t</title></head><body></body></html>")
    os.utime(old, ns=(1, 1))  # written by an earlier build (and hardened by it)
    harden_site(tmp_path, content_security_policy=False, written_since=1_000)
    assert "noindex" in new.read_text() and "noindex" not in old.read_text()
    harden_site(tmp_path, content_security_policy=True, written_since=1_000)  # a policy needs every page
    assert "Content-Security-Policy" in old.read_text() and "Content-Security-Policy" in new.read_text()


@pytest.fixture
def remembered(monkeypatch):
    monkeypatch.setattr(item_history, "_remembered", None)
    item_history.remember_histories()


def _client_portal(root: Path):
    portal = validate_repository(root / "mkdocs.yml").portal
    assert portal is not None
    return portal


def _mentions(histories, needle: str) -> bool:
    return needle in repr(histories)


@pytest.mark.slow
def test_remembered_histories_follow_what_the_client_sees(tmp_path, remembered):
    root = init_client(tmp_path / "client")
    edit(root, "risks/register.yaml", "mitigations: [backup]", "mitigations: [backup, ehr]")
    commit(root, "EHR migration mitigates R-001 too", {})
    first = item_history.item_histories(root, _client_portal(root), Audience.CLIENT)
    assert _mentions(first[("risk", "R-001")], "ehr")
    again = item_history.item_histories(root, _client_portal(root), Audience.CLIENT)
    assert again == first  # nothing committed, nothing shown changed: remembered

    # Made internal by a save (not committed): no history names it, remembered or not.
    edit(
        root, "roadmap/initiatives.yaml", "  depends_on: [backup]\n", "  depends_on: [backup]\n  visibility: internal\n"
    )
    hidden = item_history.item_histories(root, _client_portal(root), Audience.CLIENT)
    assert ("initiative", "ehr") not in hidden and not _mentions(hidden[("risk", "R-001")], "ehr")

    # A new commit is read.
    edit(root, "risks/register.yaml", "owner: IT lead", "owner: Jordan")
    commit(root, "Jordan owns R-001", {})
    assert _mentions(
        item_history.item_histories(root, _client_portal(root), Audience.CLIENT)[("risk", "R-001")], "Jordan"
    )


def _search_pages(index: str) -> set[str]:
    return {entry["location"].split("#")[0] for entry in json.loads(index)["docs"]}


def test_a_dirty_rebuild_s_search_index_keeps_every_page_and_renews_the_rebuilt_ones():
    previous = [
        {"location": "", "title": "Overview"},
        {"location": "roadmap/", "title": "Roadmap"},
        {"location": "roadmap/a/", "title": "Old A"},
        {"location": "roadmap/a/#history", "title": "History"},
        {"location": "roadmap/b/", "title": "B"},
    ]
    current = [{"location": "roadmap/a/", "title": "New A"}]
    assert search_entries(previous, current, {"roadmap/a/"}) == [*previous[:2], previous[4], *current]


@pytest.mark.slow
def test_a_title_edit_shows_at_once_in_served_diagrams_and_on_every_page_naming_it(make_repo):
    from test_serve import _fetch, _serving, _wait_for

    from generator.output.headless_chromium import chromium_or_none

    if chromium_or_none() is None:
        pytest.skip("no Chromium: every diagram is drawn in the browser anyway")
    root = make_repo(
        {
            "roadmap/initiatives.yaml": """\
        - id: backup
          title: Tested backups
          status: planned
          start: 2026-10
          end: 2026-12
          owner: Jordan
        - id: ehr
          title: EHR migration
          status: planned
          start: 2027-02
          end: 2027-06
          depends_on: [backup]
        """
        }
    )
    with _serving(root) as base:
        timeline, register, item = base + "roadmap/timeline/", base + "roadmap/", base + "roadmap/ehr/"
        assert _wait_for(lambda: "Tested backups" in _fetch(timeline), 180), "serve did not come up"
        assert "<svg" in _fetch(timeline) and "mermaid.min.js" not in _fetch(timeline)  # drawn at build time
        indexed = _search_pages(_fetch(base + "search/search_index.json"))
        source = root / "roadmap" / "initiatives.yaml"
        source.write_text(source.read_text().replace("Tested backups", "Restore drills"))
        assert _wait_for(lambda: "Restore drills" in _fetch(timeline)), "the diagram page was not rebuilt"
        for page in (timeline, register, item):  # the dependency names it too: no stale page
            assert _wait_for(lambda: "Restore drills" in _fetch(page), 10), page
            assert "Tested backups" not in _fetch(page), page
        assert "mermaid.min.js" in _fetch(timeline)  # drawn by the browser, no Chromium started
        search = _fetch(base + "search/search_index.json")  # every page still found, none as it was
        assert _search_pages(search) == indexed and "Restore drills" in search and "Tested backups" not in search
