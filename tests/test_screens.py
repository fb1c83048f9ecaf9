"""Read at a glance on any screen, in headless Chromium: a laptop (1440x900) and a phone (390x844), light
and dark, on the demo and on a large generated portal. The page body never scrolls sideways, register
tables fit their column on a laptop, a tile's figure stays on one line; and the Overview's tiles show
their change since a baseline, counted on what the reader may see."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import run_ctoportal, run_mkdocs
from gitrepos import CLIENT_FILES, commit, init_client
from large_portal import write_large_repo

SCREENS = {"laptop": (1440, 900), "phone": (390, 844)}
PAGES = [
    "",
    "roadmap/",
    "risks/",
    "vendors/",
    "strategy/goals/",
    "board-pack/",
    "budget/",
    "compliance/",
    "vendors/spend/",
    "vendors/renewals/",
    "risks/board-summary/",
    "risks/heatmap/",
]
REGISTERS = ["roadmap/", "risks/", "vendors/", "strategy/goals/", "risks/board-summary/"]

MEASURE = """() => {
  const body = document.scrollingElement;
  const tables = [...document.querySelectorAll('article .ctp-register table')].map(t => {
    const column = t.closest('.ctp-register');
    return {width: t.getBoundingClientRect().width, scroll: t.scrollWidth, client: t.clientWidth,
            column: column.getBoundingClientRect().width};
  });
  const tiles = [...document.querySelectorAll('.ctp-tile-figure')].map(e => ({
    text: e.innerText, height: e.getBoundingClientRect().height, line: parseFloat(getComputedStyle(e).lineHeight),
    overflows: e.scrollWidth > e.closest('.ctp-tile').clientWidth}));
  return {scrollWidth: body.scrollWidth, innerWidth: window.innerWidth, tables, tiles,
          scheme: document.body.getAttribute('data-md-color-scheme')};
}"""


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    """A large client (150 initiatives, 200 vendors, 60 risks) built for real."""
    root = write_large_repo(tmp_path_factory.mktemp("large") / "client")
    result = run_mkdocs("build", "-q", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def _check_pages(browser, base: str, pages: list[str]) -> list[str]:
    problems = []
    for scheme in ("light", "dark"):
        for screen, (width, height) in SCREENS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            page = context.new_page()
            for path in pages:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                m = page.evaluate(MEASURE)
                where = f"{path or 'overview'} at {screen} ({scheme})"
                assert m["scheme"] == ("slate" if scheme == "dark" else "default"), where
                if m["scrollWidth"] > m["innerWidth"]:
                    problems.append(f"{where}: the page scrolls sideways ({m['scrollWidth']} > {m['innerWidth']})")
                for tile in m["tiles"]:
                    if tile["height"] > tile["line"] * 1.5 or tile["overflows"]:
                        problems.append(f"{where}: tile figure {tile['text']!r} does not fit on one line ({tile})")
                if screen == "laptop" and path in REGISTERS:
                    for table in m["tables"]:
                        if table["width"] > table["column"] + 1 or table["scroll"] > table["client"] + 1:
                            problems.append(f"{where}: a table is wider than its column ({table})")
            context.close()
    return problems


@pytest.mark.browser
@pytest.mark.slow
def test_demo_fits_every_screen(demo_site, serve_dir, browser):
    assert _check_pages(browser, serve_dir(demo_site), PAGES) == []


@pytest.mark.browser
@pytest.mark.slow
def test_large_portal_fits_every_screen(large_site, serve_dir, browser):
    assert _check_pages(browser, serve_dir(large_site), ["", *REGISTERS]) == []


@pytest.mark.browser
@pytest.mark.slow
def test_risk_register_shows_residual_status_and_review_on_a_laptop_and_cards_on_a_phone(demo_site, serve_dir, browser):
    base = serve_dir(demo_site)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(base + "risks/")
    column = page.locator("article .ctp-register").bounding_box()
    for header in ("Residual", "Status", "Next review"):
        box = page.locator("article .ctp-register th", has_text=header).bounding_box()
        assert box["width"] > 0 and box["x"] + box["width"] <= column["x"] + column["width"] + 1, header
    assert (
        page.locator(".md-sidebar--secondary").evaluate("e => getComputedStyle(e).visibility") == "hidden"
        or not page.locator(".md-sidebar--secondary .md-nav__link").count()
    )
    context.close()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + "risks/")
    first = page.locator("article .ctp-register tbody tr").first
    name = first.locator("td.ctp-col-title").bounding_box()
    score = first.locator("td.ctp-col-key").bounding_box()
    assert abs(name["y"] - score["y"]) < 12 and score["x"] > name["x"]  # the score sits beside the name
    assert page.locator("article .ctp-register thead").is_hidden()
    label = first.locator("td").last.evaluate("e => getComputedStyle(e, '::before').content")
    assert "Next review" in label  # each field keeps its label on the card
    context.close()


@pytest.mark.slow
def test_overview_tiles_show_their_change_since_the_baseline_counting_only_what_the_client_sees(tmp_path):
    repo = init_client(
        tmp_path / "client",
        {
            **CLIENT_FILES,
            "strategy/index.md": (
                "---\nverdict: Backups are the one thing to watch.\n---\n# Strategy\n\nKeep the clinics open.\n"
            ),
        },
    )
    commit(
        repo,
        "Two risks above appetite, one internal",
        {
            "risks/more.yaml": """\
        - id: R-002
          title: Flood in the server room
          category: operational
          owner: COO
          likelihood: 4
          impact: 5
        - id: R-003
          title: Quiet acquisition talks leak
          category: strategic
          owner: CEO
          likelihood: 5
          impact: 5
          visibility: internal
        """
        },
    )
    result = run_ctoportal("build", "--since", "HEAD~1", cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (repo / "site" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    tiles = {t.select_one(".ctp-tile-label").get_text(): t for t in soup.select(".ctp-tile")}
    risks = tiles["risk above appetite (12)"]  # the label takes the figure's plural: 1 risk
    assert risks.select_one(".ctp-tile-figure").get_text() == "1"
    assert risks.select_one(".ctp-tile-delta").get_text() == "+1"  # R-003 is internal: not counted
    assert tiles["annual vendor spend"].select_one(".ctp-tile-delta").get_text() == "no change"
    assert "Changes since" in soup.select_one(".ctp-tiles-since").get_text()
    assert "Backups are the one thing to watch." in soup.select_one(".ctp-verdict").get_text()
    assert "Quiet acquisition" not in html and "R-003" not in html

    result = run_ctoportal("build", cwd=repo)  # no published version to compare with: no change shown at all
    assert result.returncode == 0, result.stderr[-3000:]
    html = (repo / "site" / "index.html").read_text(encoding="utf-8")
    assert "ctp-tile-delta" not in html and "Changes since" not in html
