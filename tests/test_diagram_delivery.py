"""How diagrams reach the reader (docs/diagrams.md): drawn as SVG at build time by the system Chromium,
except on item pages (and in builds without Chromium), which load mermaid themselves; no page without a
diagram loads diagram code. Labels stay text, both colour schemes are readable, phones get a view of
every diagram, and pages stay light."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, run_mkdocs
from generator.diagrams.mermaid_builders import CLASS_DEFS
from generator.output import diagram_svg
from generator.output.diagram_colours import contrast, dark_class_style, for_scheme
from generator.output.diagram_delivery import DiagramDelivery
from generator.output.diagram_svg import take_diagrams
from generator.output.svg_publish import publishable

SLATE_BACKGROUND = "#1e2129"
"""mkdocs-material's slate page background (hsl(232, 15%, 14%))."""


def _style(style: str) -> dict[str, str]:
    return dict(p.split(":", 1) for p in style.split(",") if ":" in p)


# -- fast: colours, placeholders, sanitising --------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CLASS_DEFS))
def test_every_diagram_class_is_readable_in_both_schemes(name):
    light = _style(CLASS_DEFS[name])
    dark = _style(dark_class_style(CLASS_DEFS[name]))
    if "color" in light:
        assert contrast(light["color"], light["fill"]) >= 4.5
        assert contrast(dark["color"], dark["fill"]) >= 4.5, dark
    # The shape stands out from the dark page by its outline (at least 3:1), and its fill is dark. A class
    # that only draws an outline (``critical``) takes its fill from the state class it is combined with.
    assert contrast(dark["stroke"], SLATE_BACKGROUND) >= 3, dark
    if "fill" in light:
        assert contrast(dark["fill"], "#ffffff") > 10, dark


def test_the_dark_drawing_adapts_class_and_line_colours_only():
    text = (
        'flowchart LR\n  n0["a"]\n  classDef late fill:#fdecea,stroke:#c62828,color:#5f1212\n'
        "  class n0 late\n  linkStyle 0 stroke:#c62828,stroke-width:3px\n"
    )
    assert for_scheme(text, "default") == text
    dark = for_scheme(text, "slate")
    assert "fill:#fdecea" not in dark and "stroke:#c62828" not in dark
    assert "stroke-width:3px" in dark and 'n0["a"]' in dark and "class n0 late" in dark


PAGE = '<h2>Dependencies</h2><pre class="mermaid"><code>flowchart LR\n  n0["a #60;b#62;"]\n</code></pre><p>after</p>'


def test_a_page_s_diagrams_become_placeholders_without_the_word_mermaid():
    found: dict[str, str] = {}
    page = take_diagrams(PAGE, found)
    assert "mermaid" not in page  # mermaid2's per-page pass skips the page
    assert list(found.values()) == ['flowchart LR\n  n0["a #60;b#62;"]\n']
    assert page.startswith('<h2>Dependencies</h2><div class="ctp-svg-slot"') and page.endswith("<p>after</p>")


def test_item_pages_and_builds_without_chromium_draw_in_the_browser(tmp_path):
    delivery = DiagramDelivery(tmp_path, Path("/usr/bin/chromium"), ["risks/R-001.md"])
    assert "ctp-svg-slot" in delivery.page(PAGE, "roadmap/dependencies.md", "roadmap/dependencies/index.html")
    assert delivery.page(PAGE, "risks/R-001.md", "risks/R-001/index.html") == PAGE
    assert delivery.page("<p>no diagram</p>", "index.md", "index.html") == "<p>no diagram</p>"
    built = "<body><main><article>x</article></main><footer></footer></body>"
    assert delivery.page_done(built, "risks/R-001/index.html") == (
        '<body><main><article>x</article><script src="../../assets/ctoportal/mermaid.min.js"></script></main>'
        "<footer></footer></body>"
    )
    assert delivery.page_done(built, "index.html") == built
    without = DiagramDelivery(tmp_path, None, [])
    assert without.page(PAGE, "roadmap/dependencies.md", "roadmap/dependencies/index.html") == PAGE
    assert "mermaid.min.js" in without.page_done(built, "roadmap/dependencies/index.html")


HOSTILE_SVG = (
    '<svg id="d" width="100%" viewBox="0 0 200 100" style="max-width: 200px;" xmlns="http://www.w3.org/2000/svg">'
    "<style>#d .x{fill:#fff}</style><style>@import url(https://evil.example/x.css); #d{}</style>"
    '<style>@import "https://evil.example/y.css";</style>'
    '<script>alert(1)</script><a href="javascript:alert(1)"><rect onclick="alert(1)" width="5" height="5"/></a>'
    '<image href="https://evil.example/p.png"/><rect style="fill:url(https://evil.example/t)" width="1"/>'
    '<foreignObject><div><img src=x onerror="alert(1)"><span>&amp;#60;script&amp;#62;</span></div></foreignObject>'
    "<text>&amp;#60;img src=x onerror=alert(1)&amp;#62;</text></svg>"
)


def test_a_published_svg_can_only_draw():
    svg = publishable(HOSTILE_SVG)
    for gone in (
        "<script",
        "alert(1)</",
        "onclick",
        'onerror="',
        "javascript:",
        "evil.example",
        "<img",
        "<image",
        "<a ",
    ):
        assert gone not in svg, gone
    assert "#d .x{fill:#fff}" in svg
    # Labels come back as character references: text that shows as written, never markup.
    assert "<span>&#60;script&#62;</span>" in svg and "<text>&#60;img src=x onerror=alert(1)&#62;</text>" in svg
    # Sized from the viewBox: fits its column, never shrunk so far that 14 px labels fall under 11 px.
    assert re.search(r'style="max-width:200px;min-width:160px"', svg)
    assert 'width="100%"' not in svg


def test_a_damaged_cache_entry_is_drawn_again_and_an_edited_one_is_sanitised(tmp_path, monkeypatch):
    texts = {"a" * 64: "flowchart LR\n  n0\n", "b" * 64: "flowchart LR\n  n1\n"}
    cache = tmp_path / "cache"
    for key, body in (
        ("a" * 64, "not json"),
        ("b" * 64, json.dumps({"svgs": {s: HOSTILE_SVG for s in diagram_svg.SCHEMES}})),
    ):
        path = diagram_svg._cache_file(cache, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    asked = []

    def fake_draw(missing, browser):
        asked.append(sorted(missing))
        return {
            key: diagram_svg.Drawn({s: '<svg viewBox="0 0 10 10"></svg>' for s in diagram_svg.SCHEMES})
            for key in missing
        }

    monkeypatch.setattr(diagram_svg, "draw", fake_draw)
    drawn, count = diagram_svg.drawn_diagrams(texts, cache, Path("/usr/bin/chromium"))
    assert asked == [["a" * 64]] and count == 1
    assert "<script" not in drawn["b" * 64].svgs["default"]
    assert json.loads(diagram_svg._cache_file(cache, "a" * 64).read_text())["svgs"]["default"].startswith("<svg")


# -- slow: real builds ------------------------------------------------------------------------------

HOSTILE_TITLE = '<img src=x onerror=alert(1)> "]; click A call alert(1)'


def hostile_client(make_repo):
    q = json.dumps
    return make_repo(
        {
            "strategy/goals.yaml": "- id: g1\n  title: Keep every clinic open\n",
            "roadmap/initiatives.yaml": (
                f"- id: a\n  title: {q(HOSTILE_TITLE)}\n  status: in-progress\n  start: 2026-Q3\n  end: 2027-Q1\n"
                "  goals: [g1]\n"
                "- id: b\n  title: Second step\n  status: planned\n  depends_on: [a]\n  end: 2027-Q3\n  goals: [g1]\n"
            ),
            "strategy/index.md": '# Strategy\n\n```mermaid\nflowchart LR\n  x["hand written"] --> y\n```\n',
        }
    )


@pytest.mark.slow
def test_diagrams_are_svg_in_the_page_and_labels_stay_text(make_repo):
    root = hostile_client(make_repo)
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    site = root / "site"
    page = (site / "roadmap" / "dependencies" / "index.html").read_text(encoding="utf-8")
    # Drawings, put in after mermaid2's per-page pass saw a page without the word "mermaid".
    assert page.count('<div class="ctp-svg ctp-svg-default"><svg') >= 1 and '<pre class="mermaid"' not in page
    assert "mermaidConfig" not in page
    svgs = "".join(re.findall(r"<svg.*?</svg>", page, re.S))
    assert "<img" not in svgs and "onerror=" not in svgs.replace("onerror=alert", "") and "<script" not in svgs
    assert '&lt;img src=x onerror=alert(1)&gt; "]; click' in svgs  # the label, as text
    # The hand-written diagram of a strategy page is drawn too; nothing links the mermaid script.
    assert "hand written" in (site / "strategy" / "index.html").read_text(encoding="utf-8")
    for path in ("index.html", "board-pack/index.html", "roadmap/dependencies/index.html", "strategy/index.html"):
        assert "mermaid.min.js" not in (site / path).read_text(encoding="utf-8"), path
    # Item pages draw their small diagram themselves: mermaid on that page only.
    item = (site / "roadmap" / "a" / "index.html").read_text(encoding="utf-8")
    assert item.count("assets/ctoportal/mermaid.min.js") == 1 and "unpkg" not in item and "import mermaid" not in item
    # The full-screen view of each drawing is a file of the site.
    links = re.findall(r'href="((?:\.\./)*assets/ctoportal/diagrams/[0-9a-f]{64}\.svg)"', page)
    assert links and all((site / "roadmap" / "dependencies" / link).resolve().is_file() for link in links)
    # Drawn once: the second build takes every drawing from the cache.
    cached = sorted((root / ".cache" / "ctoportal" / "diagrams").rglob("*.json"))
    assert cached
    stamps = [p.stat().st_mtime_ns for p in cached]
    assert run_mkdocs("build", "--strict", "-d", "site", cwd=root).returncode == 0
    assert [p.stat().st_mtime_ns for p in cached] == stamps


@pytest.mark.slow
def test_without_chromium_the_build_works_and_says_so_once(make_repo, monkeypatch, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import generator.output.diagram_delivery as delivery

    monkeypatch.setattr(delivery, "chromium_or_none", lambda: None)
    root = hostile_client(make_repo)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    caplog.set_level("WARNING")
    build(config)
    warnings = [r.getMessage() for r in caplog.records if "Chromium" in r.getMessage()]
    assert len(warnings) == 1 and "diagrams" in warnings[0]
    site = root / "site"
    assert "mermaid.min.js" not in (site / "index.html").read_text(encoding="utf-8")
    page = (site / "roadmap" / "dependencies" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid">' in page and page.count("assets/ctoportal/mermaid.min.js") == 1
    assert "unpkg" not in page


# -- browser: what the reader gets ------------------------------------------------------------------

# Pages drawn at build time (traceability is a table per goal: no diagram to measure).
DIAGRAM_PAGES = ["roadmap/timeline/", "roadmap/dependencies/", "vendors/integrations/", "budget/", "board-pack/"]

# For each label of the visible drawings: its size on screen and its contrast with what it sits on
# (the shape under its centre, else the page). Colours are read as the browser computed them.
_MEASURE = r"""(schemeClass) => {
  function rgb(value) {
    const m = /rgba?\(([^)]+)\)/.exec(value || "");
    if (!m) return null;
    const p = m[1].split(",").map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function lum(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function ratio(a, b) { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  function over(top, under) {
    const a = top.a;
    return {r: top.r * a + under.r * (1 - a), g: top.g * a + under.g * (1 - a), b: top.b * a + under.b * (1 - a), a: 1};
  }
  function pageBackground(el) {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  }
  const shapes = "rect,path,polygon,circle,ellipse";
  const out = [];
  for (const box of document.querySelectorAll("." + schemeClass + " > svg")) {
    const page = pageBackground(box.parentElement);
    const svgBg = rgb(getComputedStyle(box).backgroundColor);
    const ground = svgBg && svgBg.a > 0 ? over(svgBg, page) : page;
    const scale = box.getBoundingClientRect().width / box.viewBox.baseVal.width;
    const leaves = Array.from(box.querySelectorAll("text, tspan, span, p, div"))
      .filter(e => !e.querySelector("tspan, span, p, div") && e.textContent.trim());
    for (const el of leaves) {
      el.scrollIntoView({block: "center", inline: "center"});
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const style = getComputedStyle(el);
      const html = el.closest("foreignObject") !== null;
      const fg = rgb(html ? style.color : style.fill);
      if (!fg) continue;
      let under = ground;
      const x = rect.left + rect.width / 2, y = rect.top + rect.height / 2;
      for (const hit of document.elementsFromPoint(x, y)) {
        if (!box.contains(hit) || !hit.matches(shapes)) continue;
        const fill = rgb(getComputedStyle(hit).fill);
        const opacity = Number(getComputedStyle(hit).fillOpacity) * Number(getComputedStyle(hit).opacity);
        if (fill && fill.a > 0 && opacity > 0) { fill.a *= opacity; under = over(fill, ground); break; }
      }
      const sizePx = parseFloat(style.fontSize) * (html ? scale : scale);
      out.push({text: el.textContent.trim().slice(0, 40), size: sizePx, contrast: ratio(over(fg, under), under)});
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def demo_svg_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("delivery") / "client"
    root.mkdir()
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    from generator.model.kinds import SOURCE_FOLDERS  # every folder the demo's sources are in

    for folder in SOURCE_FOLDERS:
        shutil.copytree(REPO_ROOT / folder, root / folder)
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_labels_are_readable_in_both_schemes(demo_svg_site, serve_dir, browser, scheme):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    base = serve_dir(demo_svg_site)
    failures = []
    measured = 0
    try:
        for url in DIAGRAM_PAGES:
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            visible = "ctp-svg-slate" if scheme == "dark" else "ctp-svg-default"
            assert page.locator(f".{visible} > svg").count() > 0, url
            for label in page.evaluate(_MEASURE, visible):
                measured += 1
                if label["size"] < 11 or label["contrast"] < 4.5:
                    failures.append((url, label["text"], round(label["size"], 1), round(label["contrast"], 2)))
    finally:
        context.close()
    assert measured > 100
    assert failures == [], failures[:20]


# Lines and shapes that carry meaning (not grid lines or row bands): against the page, at least 3:1.
_MARKS = r"""(schemeClass) => {
  function rgb(value) {
    const m = /rgba?\(([^)]+)\)/.exec(value || "");
    if (!m) return null;
    const p = m[1].split(",").map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function lum(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function ratio(a, b) { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  const out = [];
  for (const box of document.querySelectorAll("." + schemeClass + " > svg")) {
    let page = null;
    for (let e = box; e && !page; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) page = c;
    }
    page = page || {r: 255, g: 255, b: 255};
    const marks = box.querySelectorAll(
      ".flowchart-link, .node > rect, .node > path, .node > polygon, rect.task, .milestone, " +
      "[class*=bar-plot] rect, [class*=line-plot] path, .pieCircle");
    for (const el of marks) {
      const style = getComputedStyle(el);
      const best = Math.max(...[style.fill, style.stroke].map(rgb).filter(c => c && c.a > 0).map(c => ratio(c, page)), 0);
      out.push({cls: el.getAttribute("class"), contrast: best});
    }
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_shapes_and_lines_stand_out_in_both_schemes(demo_svg_site, serve_dir, browser, scheme):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    failures, measured = [], 0
    try:
        for url in DIAGRAM_PAGES:
            page.goto(serve_dir(demo_svg_site) + url)
            page.wait_for_load_state("networkidle")
            for mark in page.evaluate(_MARKS, "ctp-svg-slate" if scheme == "dark" else "ctp-svg-default"):
                measured += 1
                if mark["contrast"] < 3:
                    failures.append((url, mark["cls"], round(mark["contrast"], 2)))
    finally:
        context.close()
    assert measured > 50
    assert failures == [], failures[:20]


def _requests(page, url: str) -> list[dict]:
    seen: list[dict] = []

    def on_response(response):
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        seen.append({"url": response.url, "bytes": len(body), "gzip": len(gzip.compress(body, 6))})

    page.on("response", on_response)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", on_response)
    return seen


@pytest.mark.browser
def test_pages_without_diagrams_load_no_diagram_code_and_pages_stay_light(demo_svg_site, serve_dir, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    base = serve_dir(demo_svg_site)
    weights = {}
    try:
        for url in ["", "board-pack/", *DIAGRAM_PAGES, "risks/R-001/"]:
            seen = _requests(page, base + url)
            weights[url] = seen
            page.context.clear_cookies()
        for url in ["", "board-pack/", *DIAGRAM_PAGES]:
            assert not [r for r in weights[url] if "mermaid" in r["url"].rsplit("/", 1)[-1]], url
            assert page.context.pages[0] is page
        # An item page draws its small diagram itself, so it loads mermaid.
        assert any("mermaid" in r["url"] for r in weights["risks/R-001/"])
    finally:
        context.close()
    overview = sum(r["bytes"] for r in weights[""] if "search_index" not in r["url"])
    assert overview <= 600_000, overview
    heaviest = max(sum(r["gzip"] for r in seen) for seen in weights.values())
    assert heaviest <= 2_000_000, heaviest


@pytest.mark.browser
def test_on_a_phone_diagrams_keep_readable_labels_and_open_full_screen(demo_svg_site, serve_dir, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    base = serve_dir(demo_svg_site)
    try:
        for url in DIAGRAM_PAGES:
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            # The page itself never scrolls sideways; a wide diagram scrolls inside its own box.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
            small = [label for label in page.evaluate(_MEASURE, "ctp-svg-default") if label["size"] < 11]
            assert small == [], (url, small[:5])
            links = page.locator(".ctp-svg-full a")
            assert links.count() == page.locator(".ctp-svg-default > svg").count() > 0, url
            response = page.request.get(links.first.evaluate("a => a.href"))
            assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
            assert b"<script" not in response.body() and response.body().lstrip().startswith(b"<?xml")
    finally:
        context.close()


@pytest.mark.browser
def test_an_item_page_reached_by_instant_navigation_draws_its_diagram(
    demo_svg_site, serve_dir, page_watch, tmp_path_factory
):
    """The Overview loads no mermaid; an item page reached from it without a page load (mkdocs-material's
    instant navigation, on when site_url is set) still gets mermaid and draws its diagram."""
    root = tmp_path_factory.mktemp("instant-delivery") / "client"
    shutil.copytree(demo_svg_site.parent, root, ignore=shutil.ignore_patterns("site"))
    site = root / "site"
    site.mkdir()
    base = serve_dir(site)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"site_url: {base}\n", encoding="utf-8")
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    page_watch.goto(base)
    page_watch.wait_for_load_state("networkidle")
    assert page_watch.evaluate("typeof mermaid") == "undefined"
    page_watch.evaluate("window.ctpSamePage = true")
    page_watch.locator(".md-tabs a", has_text="Risks").click()
    page_watch.wait_for_url("**/risks/")
    page_watch.locator("article a[href*='R-001']").first.click()
    page_watch.wait_for_url("**/risks/R-001/")
    page_watch.wait_for_function(
        "() => Array.from(document.querySelectorAll('article div.mermaid'))"
        ".some(d => d.shadowRoot && d.shadowRoot.querySelector('svg'))",
        timeout=30_000,
    )
    assert page_watch.evaluate("window.ctpSamePage") is True
    assert page_watch.console_errors == [] and page_watch.external_requests == []


@pytest.mark.slow
def test_a_hand_written_clickable_diagram_drawn_at_build_time_links_nowhere(make_repo):
    from test_protections_extra import CLICKABLE_DIAGRAM

    root = make_repo({"strategy/index.md": CLICKABLE_DIAGRAM})
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    page = (root / "site" / "strategy" / "index.html").read_text(encoding="utf-8")
    svgs = "".join(
        re.findall(r'<div class="ctp-svg ctp-svg-(?:default|slate)">(.*?)</div><(?:div|p) class="ctp-svg', page, re.S)
    )
    assert "Call" in svgs and "Link" in svgs
    assert "<a " not in svgs and "javascript:" not in svgs and "alert" not in svgs and "onclick" not in svgs
