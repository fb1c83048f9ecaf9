"""The demo's governance record in the built site: the decision pages, the board's agenda in the pack,
the plan, the downloads, nothing internal; and in a browser, each KPI's trend drawn against its path."""

from __future__ import annotations

import re

import pytest


def _html(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_demo_publishes_its_governance_record_and_nothing_internal(demo_site):
    register = _html(demo_site, "decisions")
    for page in ("D-004", "plan", "due-soon", "stopped", "value"):
        assert (demo_site / "decisions" / page / "index.html").is_file(), page
    # The pack's agenda: the board's open decisions, due soonest first, each linking to its page.
    pack = _html(demo_site, "board-pack")
    agenda = pack[pack.index('id="decisions"') : pack.index('id="strategy"')]
    assert re.findall(r">D-0(\d\d) ", agenda) == ["04", "05", "07", "06"]
    assert 'href="../decisions/D-004/"' in agenda
    assert "Renew for one year only" in _html(demo_site, "vendors/dentrix")
    plan = _html(demo_site, "decisions/plan")
    assert plan.count('id="action-a-') == 20 and "done 3 days late" in plan
    # The internal decision (D-016) and the internal action are nowhere in the client build.
    assert not (demo_site / "decisions" / "D-016").exists()
    for path in demo_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".csv", ".json", ".ics", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "D-016" not in text and "administrator access removed" not in text, path
    assert "D-004" in register and (demo_site / "downloads" / "decisions.csv").is_file()


@pytest.mark.browser
def test_each_kpi_trend_is_drawn_against_its_straight_line_path(demo_site, serve_dir, page_watch):
    html = _html(demo_site, "strategy/goals")
    # Drawn at build time (docs/diagrams.md), for each colour scheme: one trend a KPI, all twelve measured.
    assert html.count('<div class="ctp-svg ctp-svg-default"><svg') == 12 and '<pre class="mermaid"' not in html
    page_watch.goto(serve_dir(demo_site) + "strategy/goals/")
    page_watch.wait_for_load_state("networkidle")
    lines = page_watch.evaluate("""() => Array.from(document.querySelectorAll('article .ctp-svg-default > svg'))
        .map(svg => [svg.querySelectorAll('[class*="line-plot"] path, path[class*="line-plot"]').length,
                     svg.getBoundingClientRect().width > 200])""")
    assert lines == [[2, True]] * 12, lines  # the values measured and the straight-line path, on every chart
    text = page_watch.evaluate("() => document.body.innerText")
    assert "baseline Jun 15, 2026: 72 hours · Aug 20, 2026: 48 hours" in text  # the chart's words for a reader
    assert page_watch.console_errors == [] and page_watch.external_requests == []
