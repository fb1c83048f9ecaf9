"""The portal in headless Chromium: no console error, no request off the local origin, the
Content-Security-Policy satisfied by the site itself, sortable tables and instant navigation working."""

from __future__ import annotations

import pytest

from conftest import run_mkdocs

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "strategy/",
    "strategy/goals/",
    "roadmap/",
    "risks/",
    "risks/R-001/",
    "vendors/",
    "vendors/dentrix/",
    "roadmap/immutable-backups/",
    "404.html",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_clean(demo_site, serve_dir, page_watch, path):
    base = serve_dir(demo_site)
    page_watch.goto(base + path)
    page_watch.wait_for_load_state("networkidle")
    assert page_watch.console_errors == []
    assert page_watch.external_requests == []
    assert page_watch.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"


def test_risk_table_sorts_by_score(demo_site, serve_dir, page_watch):
    page_watch.goto(serve_dir(demo_site) + "risks/")
    table = page_watch.locator(".ctp-table-sortable table")
    header = table.locator("th", has_text="Score")
    header.click()
    header.click()
    page_watch.wait_for_timeout(200)
    scores = [int(s) for s in table.locator("tbody tr td:nth-child(7)").all_inner_texts()]
    assert scores == sorted(scores) or scores == sorted(scores, reverse=True)
    assert len(set(scores)) > 1
    assert page_watch.console_errors == []


def test_instant_navigation_between_sections(demo_site, serve_dir, page_watch):
    page_watch.goto(serve_dir(demo_site))
    page_watch.locator(".md-tabs a", has_text="Risks").click()
    page_watch.wait_for_url("**/risks/")
    page_watch.wait_for_load_state("networkidle")
    assert page_watch.locator("article h1").inner_text() == "Risk register"
    assert page_watch.console_errors == []


def test_mermaid_renders_under_the_content_security_policy(make_repo, serve_dir, page_watch, monkeypatch):
    monkeypatch.setenv("CTOPORTAL_DIAGRAMS", "browser")  # the route item pages take (docs/diagrams.md)
    root = make_repo(
        {
            "strategy/index.md": """\
        ---
        title: Strategy
        ---
        ## Plan

        ```mermaid
        flowchart LR
          a[Now] --> b[Next] --> c[Later]
        ```
        """
        }
    )
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    page_watch.goto(serve_dir(root / "site") + "strategy/")
    page_watch.wait_for_selector(".mermaid svg", timeout=15000)
    assert "Syntax error" not in page_watch.locator("article").inner_text()
    assert page_watch.console_errors == []
    assert page_watch.external_requests == []


def test_following_a_link_off_the_site_does_not_say_which_page_it_came_from(demo_site, serve_dir, browser):
    """Page addresses name risks and vendors (risks/R-001/): another site must not learn them."""
    context = browser.new_context()
    sent: list[dict[str, str]] = []

    def offsite(route):
        sent.append(route.request.headers)
        route.fulfill(status=204)

    context.route(lambda url: not url.startswith("http://127.0.0.1"), offsite)
    page = context.new_page()
    try:
        page.goto(serve_dir(demo_site) + "risks/R-001/")
        link = page.locator('a[href^="https://"]').first
        assert link.count() == 1
        link.click()
        page.wait_for_timeout(500)
        assert sent, "the click did not leave the site"
        assert all("referer" not in {k.lower() for k in headers} for headers in sent), sent
    finally:
        context.close()
