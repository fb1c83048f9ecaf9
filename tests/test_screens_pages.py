"""Read at a glance (fast, in memory): register tables laid out for any screen, the Overview's first
screen (verdict, the board pack's summary, tiles with their change, decisions), the verdict's rules."""

from __future__ import annotations

import dataclasses
import re

import pytest
from bs4 import BeautifulSoup

from conftest import REPO_ROOT, run_ctoportal
from generator.checks.validate import validate_repository
from generator.facts.figures import headline
from generator.render.pages import HeadlineChange, overview_page, render_pages
from markupsafe import Markup

REGISTERS = [
    "roadmap/index.md",
    "risks/index.md",
    "vendors/index.md",
    "strategy/goals.md",
    "index.md",
    "risks/board-summary.md",
]


@pytest.fixture(scope="module")
def demo():
    validation = validate_repository(REPO_ROOT / "mkdocs.yml")
    assert validation.ok
    return validation.portal.for_audience("client")


@pytest.fixture(scope="module")
def demo_pages(demo):
    return render_pages(demo)


def _tables(page: str) -> list:
    return BeautifulSoup(page, "html.parser").select(".ctp-register table")


def _front_matter(page: str) -> str:
    return page.split("\n---\n", 1)[0]


@pytest.mark.parametrize("path", REGISTERS)
def test_each_register_cell_carries_its_column_header_for_the_phone_card(demo_pages, path):
    tables = _tables(demo_pages[path])
    assert tables, path
    for table in tables:
        headers = [th.get_text(strip=True) for th in table.select("thead th")]
        roles = [th.get("class", []) for th in table.select("thead th")]
        assert sum("ctp-col-title" in r for r in roles) == 1, (path, headers)  # one column takes the space
        if path != "roadmap/index.md" or "ctp-col-key" in sum(roles, []):
            assert sum("ctp-col-key" in r for r in roles) == 1, (path, headers)  # one figure beside the name
        for row in table.select("tbody tr"):
            cells = row.select("td")
            assert [td["data-label"] for td in cells] == headers
            assert [td.get("class", []) for td in cells] == roles


def test_register_pages_have_no_empty_table_of_contents(demo_pages):
    for path in ("roadmap/index.md", "risks/index.md", "vendors/index.md"):
        assert "hide:\n  - toc" in _front_matter(demo_pages[path]), path


def test_figures_and_dates_in_registers_are_marked_not_to_wrap(demo_pages):
    risks = _tables(demo_pages["risks/index.md"])[0]
    numeric = {th.get_text(strip=True) for th in risks.select("thead th") if "ctp-col-num" in th.get("class", [])}
    assert {"Score", "Residual", "Next review"} <= numeric
    vendors = _tables(demo_pages["vendors/index.md"])[0]
    key = [th.get_text(strip=True) for th in vendors.select("thead th") if "ctp-col-key" in th.get("class", [])]
    assert key == ["Annual cost"]


def test_overview_starts_with_the_verdict_summary_tiles_and_decisions(demo, demo_pages):
    page = demo_pages["index.md"]
    verdict = next(p for p in demo.pages if p.slug == "index").meta.verdict
    order = [
        page.index('class="ctp-verdict"'),
        page.index('class="ctp-glance"'),
        page.index('class="ctp-tiles"'),
        page.index("## Decisions for the board"),
        page.index("## Goals and KPIs"),
    ]
    assert order == sorted(order)
    assert verdict.split(",")[0] in page


def test_overview_and_board_pack_share_one_summary_and_one_decision_list(demo_pages):
    def block(page: str, start: str, end: str) -> str:
        return page[page.index(start) : page.index(end, page.index(start))]

    overview, pack = demo_pages["index.md"], demo_pages["board-pack.md"]
    glance = '<div class="ctp-glance" markdown>'
    assert block(overview, glance, "</div>") == block(pack, glance, "</div>")
    decisions = "## Decisions for the board { #decisions }"
    # The demo keeps a decision log: both list the board's open decisions from it (facts.governance), in one table.
    ours = block(overview, decisions, "\n## ").split("contract decisions](#")[0].split("\nThe [board pack]")[0]
    theirs = block(pack, decisions, "\n## ").split("contract decisions](#")[0].split("\n### The plan")[0]
    assert ours.strip() == theirs.strip() and "[D\\-004 Renew Keystone Managed IT" in ours


def test_tiles_show_no_change_without_a_previous_version(demo_pages):
    assert "ctp-tile-delta" not in demo_pages["index.md"]
    assert "Changes since" not in demo_pages["index.md"]


def test_tiles_show_their_change_computed_by_the_headline_figures(demo):
    now = headline(demo)
    fewer = dict(demo.risks)
    above = [r for r in demo.risks.values() if not r.is_closed and r.score > demo.settings.risk_appetite]
    for risk in above[:2]:
        del fewer[risk.id]
    before = headline(dataclasses.replace(demo, risks=fewer))
    page = overview_page(demo, HeadlineChange(Markup("version Board, September 2026"), now, before))
    tiles = {
        BeautifulSoup(t, "html.parser").select_one(".ctp-tile-label").get_text(): t
        for t in re.findall(r'<div class="ctp-tile.*?</div>', page, re.S)
    }
    assert re.search(r'<span class="ctp-tile-delta">\\?\+2</span>', tiles["risks above appetite (12)"])
    assert '<span class="ctp-tile-delta">no change</span>' in tiles["annual vendor spend"]
    assert "Changes since version Board, September 2026" in page


def test_a_verdict_is_escaped(make_repo):
    root = make_repo(
        {
            "strategy/index.md": """\
        ---
        verdict: "<script>alert(1)</script> [click](javascript:alert(2)) *fine*"
        ---
        # Strategy
        """
        }
    )
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok, [p.format() for p in validation.problems.errors]
    page = render_pages(validation.portal)["index.md"]
    verdict = page[page.index('class="ctp-verdict"') :].split("</p>")[0]
    assert "<script>" not in verdict and "&lt;script&gt;" in verdict
    assert "](javascript" not in verdict and r"\[click\]" in verdict


def test_the_verdict_of_an_internal_strategy_page_stays_out_of_a_client_build(make_repo):
    root = make_repo(
        {
            "strategy/index.md": """\
        ---
        visibility: internal
        verdict: The board should know we are about to lose the CFO.
        ---
        # Strategy
        """
        }
    )
    portal = validate_repository(root / "mkdocs.yml").portal
    assert "lose the CFO" not in render_pages(portal.for_audience("client"))["index.md"]
    internal = render_pages(portal.for_audience("internal"))["index.md"]
    assert "lose the CFO" in internal and "ctp-internal" in internal


@pytest.mark.parametrize(
    "front, message",
    [
        ("verdict: ''", "verdict"),
        ("verdict: |\n  Two lines\n  of verdict", "verdict"),
        (f"verdict: {'x' * 201}", "at most 200 characters"),
    ],
)
def test_a_verdict_is_one_short_line(make_repo, front, message):
    root = make_repo({"strategy/index.md": f"---\n{front}\n---\n# Strategy\n"})
    result = run_ctoportal("validate", cwd=root)
    assert result.returncode == 1 and "strategy/index.md:2:" in result.stdout and message in result.stdout, (
        result.stdout
    )


def test_a_verdict_anywhere_but_the_strategy_index_is_an_error(make_repo):
    root = make_repo(
        {"strategy/index.md": "# Strategy\n", "strategy/plan.md": "---\nverdict: All good.\n---\n# Plan\n"}
    )
    result = run_ctoportal("validate", cwd=root)
    assert result.returncode == 1
    assert "strategy/plan.md:2:10: error: verdict is read only from strategy/index.md" in result.stdout, result.stdout
    assert "hint: move the verdict into the front matter of strategy/index.md" in result.stdout
