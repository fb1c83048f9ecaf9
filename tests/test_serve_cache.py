"""``ctoportal serve`` after a save: unchanged files are not parsed again, unchanged pages are not
written again (MkDocs' dirty reload skips them), and anything every page shows changing rebuilds all
of it, so that an item made internal is gone with every link to it."""

from __future__ import annotations

import os
import textwrap

import pytest

from generator.checks.validate import validate_repository
from generator.output.serve_pages import ServePages
from generator.sources import located_yaml

RISKS = """\
    - id: R-001
      title: Ransomware at a clinic
      category: security
      owner: COO
      likelihood: 2
      impact: 2
    """
VENDORS = """\
    - id: zoom
      name: Zoom
      category: Phones
    """


@pytest.fixture
def parse_cache(monkeypatch):
    cache = located_yaml.ParseCache()
    monkeypatch.setattr(located_yaml, "_parse_cache", cache)
    return cache


def test_a_second_validation_parses_only_the_file_that_changed(make_repo, parse_cache):
    root = make_repo(
        {
            "risks/register.yaml": RISKS,
            "vendors/vendors.yaml": VENDORS,
            "roadmap/initiatives.yaml": "- id: a\n  title: A\n",
        }
    )
    first = validate_repository(root / "mkdocs.yml")
    parsed_once = parse_cache.parses
    assert parsed_once >= 3 and not first.problems.errors

    again = validate_repository(root / "mkdocs.yml")
    assert parse_cache.parses == parsed_once  # nothing changed: nothing parsed
    assert again.portal.risks["R-001"].title == "Ransomware at a clinic"

    register = root / "risks" / "register.yaml"
    register.write_text(register.read_text().replace("Ransomware at a clinic", "Ransomware at two clinics"))
    changed = validate_repository(root / "mkdocs.yml")
    assert parse_cache.parses == parsed_once + 1
    assert changed.portal.risks["R-001"].title == "Ransomware at two clinics"


def test_problems_of_an_unchanged_file_are_reported_on_every_validation(make_repo, parse_cache):
    root = make_repo(
        {
            "risks/register.yaml": RISKS.replace("likelihood: 2", "likelihood: 9"),
            "vendors/vendors.yaml": VENDORS.replace("category: Phones", "category: Phones\n      name: twice"),
        }
    )
    messages = []
    for _ in range(2):
        problems = validate_repository(root / "mkdocs.yml").problems
        messages.append(sorted(p.format() for p in problems.errors))
    assert messages[0] == messages[1]
    assert any("likelihood must be 1-5, got 9" in m for m in messages[1])
    assert any("duplicate key 'name'" in m for m in messages[1])


def _stamp(path):
    return os.stat(path).st_mtime_ns


def test_serve_pages_rewrites_only_changed_pages_and_empties_the_site_when_the_layout_changes(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    site.mkdir()
    pages = {"index.md": "# Overview\n", "risks/R-001.md": "# R-001 Ransomware\nbody\n", "risks/index.md": "# Risks\n"}
    nav = [{"Overview": "index.md"}, {"Risks": ["risks/index.md", {"R-001 Ransomware": "risks/R-001.md"}]}]
    serve = ServePages(docs)
    assert serve.update(pages, nav, site)  # the first build is a full one
    (site / "risks" / "R-001").mkdir(parents=True)
    (site / "risks" / "R-001" / "index.html").write_text("built")
    before = {path: _stamp(docs / path) for path in pages}
    os.utime(docs / "index.md", ns=(1, 1))  # old: a rewrite would show

    body_edit = {**pages, "risks/R-001.md": "# R-001 Ransomware\nnew body\n"}
    assert not serve.update(body_edit, nav, site)
    assert serve.written == ["risks/R-001.md"]
    assert _stamp(docs / "index.md") == 1 and _stamp(docs / "risks/index.md") == before["risks/index.md"]
    assert (site / "risks" / "R-001" / "index.html").exists()  # dirty: the site stays

    internal = {"index.md": "# Overview\n", "risks/index.md": "# Risks\n"}  # R-001 made internal
    assert serve.update(internal, [{"Overview": "index.md"}, {"Risks": ["risks/index.md"]}], site)
    assert not (docs / "risks" / "R-001.md").exists()
    assert not any(site.iterdir())  # its built page is served no more
    assert sorted(serve.written) == ["index.md", "risks/index.md"]


def test_a_new_title_of_a_page_in_the_navigation_rebuilds_everything(tmp_path):
    serve = ServePages(tmp_path / "docs")
    nav = ["strategy/plan.md", "index.md"]
    serve.update({"strategy/plan.md": "---\ntitle: Plan\n---\nx\n", "index.md": "# Home\n"}, nav, tmp_path / "site")
    assert not serve.update(
        {"strategy/plan.md": "---\ntitle: Plan\n---\ny\n", "index.md": "# Home\n"}, nav, tmp_path / "site"
    )
    assert serve.update(
        {"strategy/plan.md": "---\ntitle: The plan\n---\ny\n", "index.md": "# Home\n"}, nav, tmp_path / "site"
    )
    assert serve.update(
        {"strategy/plan.md": "---\ntitle: The plan\n---\ny\n", "index.md": "# Start\n"}, nav, tmp_path / "site"
    )


@pytest.mark.slow
def test_serve_removes_an_item_made_internal_and_every_link_to_it(make_repo):
    from test_serve import _fetch, _serving, _wait_for

    root = make_repo(
        {
            "risks/register.yaml": RISKS
            + textwrap.indent(
                textwrap.dedent("""\
        - id: R-002
          title: Zzsecret merger risk
          category: strategic
          owner: CEO
          likelihood: 2
          impact: 3
        """),
                "    ",
            ).lstrip(" ")
        }
    )
    with _serving(root) as base:
        item, register = base + "risks/R-002/", base + "risks/"
        assert _wait_for(lambda: "Zzsecret merger risk" in _fetch(item)), "serve did not come up"
        assert "risks/R-002/" in _fetch(register) or "R-002/" in _fetch(register)
        # A body edit first (a dirty rebuild), then the flip to internal.
        source = root / "risks" / "register.yaml"
        source.write_text(source.read_text().replace("owner: COO", "owner: COO and IT"))
        assert _wait_for(lambda: "COO and IT" in _fetch(base + "risks/R-001/")), "serve did not rebuild"
        source.write_text(source.read_text() + "  visibility: internal\n")
        assert _wait_for(lambda: "Zzsecret" not in _fetch(register)), "the register still lists the internal item"
        for page in (item, register, base, base + "risks/R-001/"):
            text = _fetch(page)
            assert "Zzsecret" not in text and "R-002/" not in text, page
        search = _fetch(base + "search/search_index.json")
        assert "R-001" in search and "Zzsecret" not in search
        # An invalid save: every address shows the problems, none the last good pages.
        source.write_text(source.read_text().replace("likelihood: 2", "likelihood: 9", 1))
        assert _wait_for(lambda: "likelihood must be 1-5, got 9" in _fetch(base + "risks/R-001/")), "no problems page"
        assert "Ransomware" not in _fetch(base + "risks/R-001/")
