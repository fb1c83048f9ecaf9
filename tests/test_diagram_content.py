"""What the diagrams say, read as text (issue 13, "Diagrams"): labels wrap instead of being cut, nodes link
to their items, each colour has one meaning with a key, amounts read like the tables, no chart of one
or two numbers, and every diagram has a text equivalent. Fast: mermaid text and single pages, no build."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.diagrams import budget as budget_chart
from generator.diagrams import dependencies, neighbourhood, timeline, vendors
from generator.diagrams.common import Chart, Item
from generator.diagrams.mermaid_builders import CLASS_DEFS, LEGEND, Flowchart
from generator.facts import budget, traceability
from generator.model import Goal, Initiative, PortalSettings, Risk, Vendor
from generator.model.portal import Portal
from generator.render.dashboards import DASHBOARDS
from generator.facts.formatting import md_escape
from generator.render.pages import PageContext, render_page

TODAY = dt.date(2026, 11, 20)
LONG = "Keep every clinic open through a two-day outage of the main data centre, without paper records"


def portal(initiatives=(), risks_=(), vendors_=(), goals=(), **settings) -> Portal:
    return Portal(
        settings=PortalSettings(client="Client", today=TODAY, **settings),
        today=TODAY,
        initiatives={i["id"]: Initiative.model_validate(i) for i in initiatives},
        risks={r["id"]: Risk.model_validate(r) for r in risks_},
        vendors={v["id"]: Vendor.model_validate(v) for v in vendors_},
        goals={g["id"]: Goal.model_validate(g) for g in goals},
    )


CHAIN = [
    {"id": "a", "title": "A", "status": "done", "start": "2026-Q1", "end": "2026-Q2"},
    {"id": "b", "title": "B", "status": "in-progress", "start": "2026-Q3", "end": "2026-Q3", "depends_on": ["a"]},
    {"id": "c", "title": LONG, "status": "planned", "depends_on": ["b"], "end": "2027-Q2"},
    {"id": "d", "title": "D", "status": "paused", "start": "2026-Q4", "end": "2027-Q1"},
    {"id": "e", "title": "E", "status": "planned", "start": "2027-Q2", "end": "2027-Q3", "depends_on": ["d"]},
    {"id": "f", "title": "F", "status": "proposed", "depends_on": ["e"]},
]


def vendor(vid, category="Tools", annual=1200, **extra):
    return {
        "id": vid,
        "name": f"Vendor {vid}",
        "category": category,
        "owner": "CFO",
        "status": "active",
        "cost": {"amount": annual, "per": "year"},
        **extra,
    }


def _nodes(text: str) -> dict[str, str]:
    """Node id -> label as drawn (markdown strings)."""
    return dict(re.findall(r'^  (n\d+)\S*?"`(.*?)`"', text, re.M))


def _classes(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for members, css in re.findall(r"^  class ([\w,]+) (\w+)$", text, re.M):
        for node in members.split(","):
            found.setdefault(node, set()).add(css)
    return found


# -- labels wrap -------------------------------------------------------------------------------------


def test_a_long_title_wraps_in_full_instead_of_being_cut():
    (chart,) = dependencies.dependency_charts(portal(CHAIN))
    labels = _nodes(chart.text)
    assert any(
        label.startswith("Keep every clinic open through a two#45;day outage") and "paper records" in label
        for label in labels.values()
    )
    assert "#8230;" not in chart.text  # no ellipsis anywhere: mermaid wraps a markdown string at the node width


def test_a_gantt_group_name_cut_to_fit_its_margin_is_given_in_full_beside_the_chart():
    goals = [{"id": "g1", "title": LONG}, {"id": "g2", "title": "Short"}]
    p = portal([dict(CHAIN[1], goals=["g1"]), dict(CHAIN[3], goals=["g2"])], goals=goals)
    (chart,) = timeline.timeline(p).charts
    assert "section Keep every clinic open th#8230;" in chart.text  # a gantt label cannot wrap
    assert chart.note == f"Groups in full, top to bottom: {LONG}; Short."
    assert "#8230;" not in "".join(line for line in chart.text.splitlines() if not line.startswith("  section"))


def test_a_label_cannot_end_its_markdown_string_or_turn_bold():
    chart = Flowchart()
    chart.node("x", 'tick` "] **bold** `x')
    (line,) = [line for line in chart.text().splitlines() if line.startswith("  n0")]
    assert line == '  n0["`tick#96; #34;#93; #42;#42;bold#42;#42; #96;x`"]'


# -- nodes link to their items ------------------------------------------------------------------------


def test_each_node_links_to_its_items_page_from_the_page_it_is_on():
    p = portal(CHAIN)
    (chart,) = dependencies.dependency_charts(p)
    ctx = PageContext(p, "roadmap/dependencies.md")
    text = str(chart.fence_for(ctx.item_href))
    clicks = dict(re.findall(r'^  click (n\d+) href "([^"]*)"$', text, re.M))
    labels = _nodes(text)
    assert {labels[node].split(" #183;")[0] for node in clicks} >= {"A", "B", "D", "E", "F"}
    node_a = next(node for node, label in labels.items() if label.startswith("A "))
    assert clicks[node_a] == "../a/"
    # The same item from an item page one folder over, and without directory URLs
    assert PageContext(p, "risks/R-001.md").item_href("initiative", "a") == "../../roadmap/a/"


def test_no_node_links_to_an_item_the_readers_portal_does_not_have():
    # Fail closed: an item missing from the reader's portal (an internal one in a client build) gets no link.
    p = portal(CHAIN)
    ctx = PageContext(p, "roadmap/dependencies.md")
    assert ctx.item_href("initiative", "secret-project") is None
    chart = Chart(
        "T",
        'flowchart LR\n  n0["`x`"]\n  n1["`y`"]\n',
        items=(Item("initiative", "secret-project", "", "n0"), Item("initiative", "a", "", "n1")),
    )
    text = str(chart.fence_for(ctx.item_href))
    assert 'click n1 href "../a/"' in text and "click n0" not in text


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        '../a/" \n  click n1 call alert(1)',
        "http://evil.test/x",
        "../a b/",
        '../a/"',
        "data:text/html,x",
        "../a/%0a",
    ],
)
def test_a_node_link_carries_only_a_plain_relative_path(href):
    chart = Chart("T", 'flowchart LR\n  n0["`x`"]\n', items=(Item("initiative", "a", "", "n0"),))
    text = str(chart.fence_for(lambda kind, item_id: href))
    assert "click" not in text


@pytest.mark.parametrize("node", ['n0 href "x"\n  click n0', "a", "n0;", ""])
def test_a_node_link_names_only_a_node_id_we_made(node):
    chart = Chart("T", 'flowchart LR\n  n0["`x`"]\n', items=(Item("initiative", "a", "", node),))
    assert "click" not in str(chart.fence_for(lambda kind, item_id: "../a/"))


# -- one meaning per colour, with a key ----------------------------------------------------------------


def test_late_blocked_paused_and_the_critical_path_each_have_their_own_class():
    (chart,) = dependencies.dependency_charts(portal(CHAIN))
    labels, classes = _nodes(chart.text), _classes(chart.text)
    by_title = {labels[n].split(" #183;")[0][:4]: classes.get(n, set()) for n in labels}
    assert by_title["B"] == {"late"}
    assert by_title["D"] == {"paused", "critical"}
    assert by_title["E"] == {"blocked", "critical"} and by_title["F"] == {"blocked", "critical"}
    assert by_title["Keep"] == {"blocked"}
    assert by_title["A"] == {"done"}
    fills = {"late", "paused", "blocked", "done", "initiative", "cancelled"}
    assert all(len(found & fills) == 1 for found in classes.values())  # never two fills on one node
    # The key lists exactly the classes drawn, each with its meaning
    assert set(chart.legend) == set().union(*classes.values())
    assert [meaning for _, meaning in chart.key] == [LEGEND[css] for css in chart.legend]
    assert set(LEGEND) == set(CLASS_DEFS)


def test_on_the_timeline_red_means_late_and_nothing_else():
    (chart,) = timeline.timeline(portal(CHAIN)).charts
    crit = [line for line in chart.text.splitlines() if re.search(r":(\w+, )*crit,", line)]
    assert len(crit) == 1 and crit[0].startswith("  B #40;late#41;")


def test_vendor_criticality_is_not_the_critical_paths_colour():
    p = portal(vendors_=[vendor("a", criticality="critical", integrations=["b"]), vendor("b", criticality="high")])
    (chart,) = vendors.integration_charts(p)
    assert set(chart.legend) == {"vendorcritical", "vendorhigh"}
    assert "critical" not in chart.legend


# -- amounts and categories ---------------------------------------------------------------------------


def test_no_pie_with_fewer_than_three_categories():
    two = portal(vendors_=[vendor("a", "Tools", 99000), vendor("b", "Cloud", 1000)])
    assert vendors.spend_pie(two) is None
    three = portal(vendors_=[vendor("a", "Tools", 99000), vendor("b", "Cloud", 1000), vendor("c", "Phones", 500)])
    pie = vendors.spend_pie(three)
    assert pie is not None and '"Tools #183; #36;99#44;000" : 99000.00' in pie.text


def _spending(quarters: list[str], capex: float) -> Portal:
    return portal(
        [
            {"id": f"i{n}", "title": f"I{n}", "status": "planned", "start": q, "end": q, "cost": {"capex": capex}}
            for n, q in enumerate(quarters)
        ]
    )


def test_no_budget_chart_with_fewer_than_three_quarters_of_spend():
    p = _spending(["2027-Q1", "2027-Q2"], 50000)
    assert budget_chart.quarter_chart(p, budget.budget(p)) is None
    p = _spending(["2027-Q1", "2027-Q2", "2027-Q3"], 50000)
    assert budget_chart.quarter_chart(p, budget.budget(p)) is not None


def test_budget_amounts_carry_the_currency_and_no_spurious_precision():
    p = _spending(["2026-Q4", "2027-Q1", "2027-Q2"], 123456.78)
    chart = budget_chart.quarter_chart(p, budget.budget(p))
    assert 'y-axis "$ thousands"' in chart.text
    assert "bar [0, 0, 0, 0, 123, 123, 123, 0, 0]" in chart.text  # whole thousands once bars pass 100 of them
    small = _spending(["2026-Q4", "2027-Q1", "2027-Q2"], 12345)
    assert "bar [0, 0, 0, 0, 12.3, 12.3, 12.3, 0, 0]" in budget_chart.quarter_chart(small, budget.budget(small)).text


# -- text equivalents ---------------------------------------------------------------------------------


def _every_chart(p: Portal) -> list[Chart]:
    charts = [
        *timeline.timeline(p).charts,
        *dependencies.dependency_charts(p),
        *vendors.renewal_charts(p),
        *vendors.integration_charts(p),
    ]
    charts += [c for c in (vendors.spend_pie(p), budget_chart.quarter_chart(p, budget.budget(p))) if c]
    charts += [c for i in p.initiatives.values() if (c := neighbourhood.neighbourhood(p, "initiative", i))]
    return charts


def test_every_diagram_has_a_title_and_description_for_screen_readers_and_its_items_in_words():
    soon = {"contract": {"start": "2025-01-01", "end": "2027-02-01", "notice_days": 30}}
    p = portal(
        CHAIN,
        vendors_=[vendor("x", "Tools", 90000, integrations=["y"], **soon), vendor("y", "Cloud"), vendor("z", "Phones")],
    )
    charts = _every_chart(p)
    assert len(charts) >= 6
    for chart in charts:
        text = str(chart.fence_for(lambda kind, item_id: f"../{item_id}/"))
        assert re.search(r"^  accTitle: \S", text, re.M) and re.search(r"^  accDescr: \S", text, re.M), chart.title
        assert chart.items or chart.equivalent, chart.title
        assert all(item.words for item in chart.items), chart.title


def test_a_title_from_the_sources_cannot_break_out_of_acctitle():
    hostile = "Goal\n  click n0 call alert(1)\n  accDescr: x"
    chart = Chart(hostile, 'flowchart LR\n  n0["`x`"]\n', items=(Item("initiative", "a", "", "n0"),))
    lines = str(chart.fence).splitlines()
    assert lines[2].startswith("  accTitle: Goal ") and "\n" not in lines[2]
    assert not [line for line in lines if line.lstrip().startswith(("click", "call"))]
    assert sum(line.lstrip().startswith("accDescr") for line in lines) == 1


def test_the_page_lists_each_item_drawn_with_a_link_and_its_state_in_words():
    p = portal(CHAIN)
    dashboard = next(d for d in DASHBOARDS if d.path == "roadmap/dependencies.md")
    page = render_page(dashboard.template, p, dashboard.path, alerts={}, **dashboard.context(p))
    listed = page[page.index("<summary>In words:") :]
    assert "- [B](b.md): late, ends Q3 2026" in listed
    assert "waits on D \\(paused\\)" in listed and "on the critical path" in listed  # Markdown-escaped words
    assert f"[{md_escape(LONG)}](c.md)" in listed  # the full title, never cut
    assert '<p class="ctp-legend"' in page and "late: still open after its end date" in page


# -- traceability is a table ---------------------------------------------------------------------------


def test_traceability_is_a_table_per_goal_not_a_tall_graph():
    goals = [{"id": "g1", "title": "Stay open"}]
    p = portal(
        [dict(CHAIN[0], goals=["g1"]), dict(CHAIN[1], goals=["g1"], vendors=["v"]), dict(CHAIN[3])],
        risks_=[
            {
                "id": "R-001",
                "title": "Outage",
                "category": "operational",
                "owner": "COO",
                "likelihood": 5,
                "impact": 5,
                "mitigations": ["b"],
            }
        ],
        vendors_=[vendor("v")],
        goals=goals,
    )
    (served, orphans) = traceability.traceability(p)
    assert served.goal.id == "g1" and served.finished == 1
    (row,) = served.rows
    assert row.initiative.id == "b" and [r.id for r in row.risks] == ["R-001"] and [v.id for v in row.vendors] == ["v"]
    assert orphans.goal is None and [t.initiative.id for t in orphans.rows] == ["d"]
    dashboard = next(d for d in DASHBOARDS if d.path == "roadmap/traceability.md")
    page = render_page(dashboard.template, p, dashboard.path, alerts={}, **dashboard.context(p))
    assert "```mermaid" not in page
    assert "| [B](b.md) |" in page and "[R\\-001 Outage](../risks/R-001.md)" in page
    assert "1 finished initiative not listed" in page


# -- in the browser ------------------------------------------------------------------------------------

_NODE_FACTS = """() => Array.from(document.querySelectorAll('article div.mermaid')).flatMap(d => {
    const svg = d.shadowRoot && d.shadowRoot.querySelector('svg');
    if (!svg) return [];
    return Array.from(svg.querySelectorAll('g.node')).map(n => ({
        text: n.textContent.trim(), height: n.getBoundingClientRect().height, width: n.getBoundingClientRect().width,
        href: (n.closest('a') || {getAttribute: () => null}).getAttribute('href') ||
              (n.closest('a') || {getAttribute: () => null}).getAttribute('xlink:href'),
        title: svg.querySelector('title') && svg.querySelector('title').textContent}));
})"""


@pytest.fixture(scope="module")
def browser_drawn_demo(demo_copy, tmp_path_factory):
    """The demo with every diagram drawn by mermaid in the browser, the route item pages take (and every
    page without Chromium at build time: docs/diagrams.md)."""
    import os
    import subprocess
    import sys

    site = tmp_path_factory.mktemp("browser-drawn") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=demo_copy,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "CTOPORTAL_DIAGRAMS": "browser"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.mark.slow
@pytest.mark.browser
def test_in_the_browser_long_labels_wrap_in_full_and_each_node_opens_its_item(
    browser_drawn_demo, serve_dir, page_watch
):
    base = serve_dir(browser_drawn_demo)
    page_watch.goto(base + "roadmap/dependencies/")
    page_watch.wait_for_function(
        "() => document.querySelectorAll('article pre.mermaid').length === 0 && "
        "document.querySelector('article div.mermaid') !== null",
        timeout=30_000,
    )
    page_watch.wait_for_function(f"() => ({_NODE_FACTS})().length > 0", timeout=30_000)
    nodes = page_watch.evaluate(_NODE_FACTS)
    assert nodes and all(n["title"] for n in nodes)  # the SVG carries its accTitle
    assert not [n["text"] for n in nodes if "…" in n["text"]]
    longest = max(nodes, key=lambda n: len(n["text"]))
    # Wrapped, not drawn on one long line: ~90 characters at 16 px would be over 600 px wide.
    assert len(longest["text"]) > 60 and longest["width"] < 400 and longest["height"] > 70, longest
    assert all(n["href"] and n["href"].startswith("../") for n in nodes)
    page_watch.goto(base + "roadmap/dependencies/" + longest["href"])
    assert longest["text"].split(" · ")[0] in page_watch.locator("h1").inner_text()
    assert page_watch.console_errors == [] and page_watch.external_requests == []
