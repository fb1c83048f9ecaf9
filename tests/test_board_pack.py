"""The board pack as a board member reads it: on the built demo, printed to PDF by headless Chromium,
and on a small client whose sources hold internal items, late work and hostile text."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO_ROOT, run_ctoportal, write_repo
from generator.facts.formatting import day, money
from generator.render.pages import render_pages
from generator.checks.validate import validate_repository

SECTIONS = [
    "Decisions for the board",
    "1. Strategy: goals and KPIs",
    "2. Roadmap: under way and next",
    "3. Top risks",
    "4. Money",
    "5. Compliance and AI",
]


@pytest.fixture(scope="module")
def demo():
    return validate_repository(REPO_ROOT / "mkdocs.yml").portal.for_audience("client")


def pack(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "board-pack" / "index.html").read_text(encoding="utf-8"), "html.parser")


def table_after(article, heading_id: str):
    return article.find(id=heading_id).find_next("table")


def rows(table) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.select("td")] for tr in table.select("tbody tr")]


# -- the demo, built ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_board_pack_comes_right_after_the_overview(demo_site):
    tabs = [a.get_text(strip=True) for a in pack(demo_site).select(".md-tabs__link")]
    assert tabs[:2] == ["Overview", "Board pack"]


@pytest.mark.slow
def test_header_and_sections(demo_site):
    article = pack(demo_site).select_one("article")
    assert article.h1.get_text(strip=True) == "Board pack: Brightside Dental Partners"
    header = article.select_one(".ctp-asof").get_text(" ", strip=True)
    assert "as of Nov 20, 2026" in header and "Dana Whitfield" in header
    assert "version" not in header  # a plain build is no published version
    assert [h.get_text(strip=True) for h in article.select("h2")] == SECTIONS
    hint = article.select_one(".ctp-print-hint").get_text(" ", strip=True)
    assert "Print" in hint and "Save as PDF" in hint


@pytest.mark.slow
def test_every_goal_and_kpi_with_its_status_in_words(demo_site, demo):
    found = rows(table_after(pack(demo_site), "strategy"))
    kpis = [k.name for g in demo.goals.values() for k in g.kpis]
    assert [r[1] for r in found] == kpis
    # the status in words, then how it was judged (figures.kpi_status)
    words = ("met", "on track", "needs attention", "overdue", "not judged", "not measured")
    assert all(r[-1].startswith(words) for r in found)
    restore = next(r for r in found if r[1].startswith("Time to restore"))
    assert restore[2:4] == ["9 hours", "4 hours"] and restore[-1] == "on track 93% of the way, 39% of the time gone"


@pytest.mark.slow
def test_work_under_way_with_progress_schedule_and_next_milestone(demo_site):
    article = pack(demo_site)
    under_way = {r[0]: r for r in rows(article.find("h3", string="Under way now").find_next("table"))}
    backups = under_way["Immutable, monitored backups for every clinic"]
    assert backups[1] == "in progress 75%" and backups[2] == "on track"
    assert backups[3] == "Lancaster and Newark clinics protected, Dec 11, 2026"
    assert under_way["Online self-booking for new patients"][1:3] == ["paused 10%", "at risk"]
    coming = [r[0] for r in rows(article.find("h3", string=re.compile("^Next")).find_next("table"))]
    assert "Replace unsupported Windows 10 computers" in coming


@pytest.mark.slow
def test_decisions_for_the_board(demo_site):
    # The demo keeps a decision log: the board's agenda is exactly its open decisions, due soonest first
    # (facts.governance.board_decisions); not the deferred self-booking decision, not the CEO's own.
    decisions = [r[0] for r in rows(pack(demo_site).find(id="decisions").find_next("table"))]
    assert [d.split(" ")[0] for d in decisions] == ["D-004", "D-005", "D-007", "D-006"]
    assert not any("practice management system" in d or "self-booking" in d for d in decisions)


@pytest.mark.slow
def test_top_risk_above_appetite_comes_first_with_owner_trend_and_residual(demo_site, demo):
    above = sorted(
        (r for r in demo.risks.values() if not r.is_closed and r.score > demo.settings.risk_appetite),
        key=lambda r: (-r.score, r.id),
    )
    table = table_after(pack(demo_site), "risks")
    found = rows(table)
    assert [r[0].split(" ")[0] for r in found] == [r.id for r in above]
    top = above[0]
    risk, owner, scores, trend = found[0][:4]
    assert risk == f"{top.id} {top.title}" and owner == top.owner
    assert scores == f"{top.score} → {top.residual.score}" and trend == "↘ improving"
    assert table.select_one("tbody tr a")["href"] == f"../risks/{top.id}/"


@pytest.mark.slow
def test_contract_whose_notice_deadline_falls_in_the_next_90_days(demo_site, demo):
    dentrix = demo.vendors["dentrix"]
    deadline = demo.notice_deadline(dentrix)
    assert demo.today <= deadline <= demo.today + dt.timedelta(days=90)
    found = {r[0]: r for r in rows(table_after(pack(demo_site), "contract-decisions"))}
    assert found[dentrix.name] == [
        dentrix.name,
        money(dentrix.cost.annual, "USD"),
        f"{day(deadline)} (in 41 days)",
        day(dentrix.contract.end),
        "it renews",
    ]
    far = [
        v.name
        for v in demo.vendors.values()
        if v.contract and v.contract.end and demo.notice_deadline(v) > demo.today + dt.timedelta(days=90)
    ]
    assert far and not set(far) & set(found)


@pytest.mark.slow
def test_money_section(demo_site):
    article = pack(demo_site)
    text = article.find(id="money").find_next("ul").get_text(" ", strip=True)
    # evaluating vendors are not in the run rate; contracts already in it are not added again (figures.py)
    assert "Vendors in use: $299,319 a year" in text and "$197,058 this quarter and the next three" in text
    quarters = [r[0] for r in rows(table_after(article, "money"))]
    assert quarters == ["Q4 2026 (now)", "Q1 2027", "Q2 2027", "Q3 2027"]
    overlaps = article.find(id="overlaps").find_next("p").get_text(" ", strip=True)
    assert overlaps.startswith("9 jobs are paid for twice")  # the tools being phased out are still paid


@pytest.mark.slow
def test_every_link_resolves_and_items_link_to_their_pages(demo_site):
    article = pack(demo_site).select_one("article")
    targets = set()
    for a in article.select("a[href]"):
        href = a["href"]
        if href.startswith("#"):
            assert article.find(id=href[1:]) is not None or href == "#", href
            continue
        target = (demo_site / "board-pack" / href.split("#")[0]).resolve()
        assert target.exists(), href
        targets.add(href.split("#")[0])
    for expected in (
        "../roadmap/immutable-backups/",
        "../risks/R-001/",
        "../vendors/dentrix/",
        "../strategy/goals/",
        "../budget/",
        "../vendors/renewals/",
        "../risks/board-summary/",
    ):
        assert expected in targets


# -- a small client: internal items, work in trouble, hostile text ----------------------------------

HOSTILE = "<script>alert(1)</script> | *bold* _x_"
SMALL = {
    "strategy/goals.yaml": f"""\
        - id: uptime
          title: '{HOSTILE}'
          kpis:
            - name: 'KPI {HOSTILE}'
              unit: "%"
              baseline: 90
              target: 99
              current: 98
              due: 2027-06-30
        - id: secret-goal
          title: Zzsecret goal for the exit
          visibility: internal
        """,
    "roadmap/initiatives.yaml": f"""\
        - id: backups
          title: '{HOSTILE}'
          status: in-progress
          start: 2026-06
          end: 2026-10
          progress: 80
        - id: firewall
          title: Firewall replacement
          status: paused
          start: 2026-09
          end: 2027-02
        - id: network
          title: Network segmentation
          status: in-progress
          start: 2026-11
          end: 2027-04
          depends_on: [firewall]
          milestones:
            - title: Design signed off
              date: 2026-11-01
        - id: zzsecret-migration
          title: Zzsecret platform migration
          status: proposed
          start: 2027-01
          end: 2027-03
          cost:
            capex: 99000
          visibility: internal
        """,
    "risks/register.yaml": f"""\
        - id: R-001
          title: '{HOSTILE}'
          category: security
          owner: 'Owner | *one*'
          likelihood: 4
          impact: 5
          mitigations: [backups]
          residual:
            likelihood: 2
            impact: 3
        - id: R-003
          title: A laptop is stolen
          category: security
          owner: Office manager
          likelihood: 2
          impact: 3
        - id: R-002
          title: Zzsecret merger risk
          category: strategic
          owner: Zzsecret owner
          likelihood: 5
          impact: 5
          visibility: internal
        """,
    "vendors/vendors.yaml": f"""\
        - id: mail
          name: '{HOSTILE}'
          category: Productivity
          capabilities: [email]
          cost: {{amount: 1200, per: year}}
          contract: {{end: 2027-01-10, notice_days: 30, auto_renew: true}}
        - id: chat
          name: Chat tool
          category: Productivity
          capabilities: [email, chat]
          cost: {{amount: 600, per: year}}
        - id: phones
          name: Phone lines
          category: Network
          cost: {{amount: 100, per: month}}
          contract: {{end: 2026-12-01, notice_days: 30}}
        - id: zzsecret-vendor
          name: Zzsecret advisers
          category: Productivity
          capabilities: [email, chat]
          cost: {{amount: 50000, per: year}}
          contract: {{end: 2026-12-31, notice_days: 10}}
          visibility: internal
        """,
}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    """A small client built as a published version (the name mike and ``ctoportal publish`` pass on)."""
    root = write_repo(tmp_path_factory.mktemp("pack") / "client", SMALL)
    result = run_ctoportal("build", "-d", "site", cwd=root, env={"MIKE_DOCS_VERSION": "2026-11"})
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


@pytest.mark.slow
def test_internal_items_never_reach_the_board_pack(small_site):
    html = (small_site / "board-pack" / "index.html").read_text(encoding="utf-8")
    for secret in ("Zzsecret", "zzsecret", "R-002", "secret-goal", "99,000", "50,000"):
        assert secret not in html, secret
    article = pack(small_site).select_one("article")
    overlaps = rows(table_after(article, "overlaps"))
    assert [r[2] for r in overlaps] == ["$1,800"]  # the internal vendor is neither listed nor counted


@pytest.mark.slow
def test_published_version_is_named_in_the_header(small_site):
    assert "portal version 2026-11" in pack(small_site).select_one(".ctp-asof").get_text(" ", strip=True)


@pytest.mark.slow
def test_hostile_titles_show_as_text(small_site):
    article = pack(small_site).select_one("article")
    assert article.select("script") == []
    assert [e for e in article.select("em, strong") if "bold" in e.get_text() or e.get_text() == "x"] == []
    for heading_id in ("strategy", "risks", "contract-decisions"):
        table = table_after(article, heading_id)
        width = len(table.select("thead th"))
        assert all(len(tr.select("td")) == width for tr in table.select("tbody tr")), heading_id
    texts = [a.get_text() for a in article.select("td a")]
    assert HOSTILE in texts  # goal, initiative and vendor names, each exactly as written
    assert f"R-001 {HOSTILE}" in texts
    assert "Owner | *one*" in [c.get_text(strip=True) for c in article.select("td")]


@pytest.mark.slow
def test_risks_within_appetite_fill_the_list_and_passed_notice_dates_are_said(small_site):
    article = pack(small_site).select_one("article")
    risks = rows(table_after(article, "risks"))
    assert [(r[0].split(" ")[0], r[3]) for r in risks] == [("R-001", "⚠ at risk"), ("R-003", "within appetite")]
    contracts = {r[0]: r for r in rows(table_after(article, "contract-decisions"))}
    assert contracts["Phone lines"][2:] == ["notice date passed (Nov 1, 2026)", "Dec 1, 2026", "it ends"]


@pytest.mark.slow
def test_late_paused_and_blocked_work_reaches_the_decisions(small_site):
    article = pack(small_site).select_one("article")
    under_way = {r[0]: r for r in rows(article.find("h3", string="Under way now").find_next("table"))}
    assert under_way[HOSTILE][2] == "late"
    assert under_way["Firewall replacement"][2] == "at risk"
    assert under_way["Network segmentation"][2] == (
        "at risk waits on Firewall replacement (paused) 1 milestone overdue "
        "starts before Firewall replacement ends (Feb 2027)"
    )
    decisions = [li.get_text(" ", strip=True) for li in article.find(id="decisions").find_next("ul").select("li")]
    assert f"Agree a new date or stop {HOSTILE} : it was due to end in Oct 2026." in decisions
    assert not any("Firewall replacement" in d or "Network segmentation" in d for d in decisions)  # in the roadmap
    assert f"Accept the risk or fund a mitigation : R-001 {HOSTILE} , {HOSTILE} is late." in decisions


@pytest.mark.slow
def test_what_changed_comes_after_the_board_pack(tmp_path):
    from gitrepos import init_client

    repo = init_client(tmp_path / "client")
    result = run_ctoportal("build", "-d", "site", "--since", "HEAD", cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    tabs = [a.get_text(strip=True) for a in pack(repo / "site").select(".md-tabs__link")]
    assert tabs[:3] == ["Overview", "Board pack", "What changed"]


def test_a_new_client_with_nothing_yet(make_repo):
    portal = validate_repository(make_repo({}) / "mkdocs.yml").portal
    page = render_pages(portal.for_audience("client"))["board-pack.md"]
    for line in (
        "Nothing needs a decision from the board this time.",
        "No goals recorded yet.",
        "Nothing is under way.",
        "No open risk is recorded.",
        "No contract ends or reaches its notice deadline",
    ):
        assert line in page


# -- printed by Chromium -----------------------------------------------------------------------------


@pytest.mark.browser
def test_prints_to_a_few_clean_pages(demo_site, serve_dir, page_watch):
    from pypdf import PdfReader

    page_watch.goto(serve_dir(demo_site) + "board-pack/")
    page_watch.wait_for_load_state("networkidle")
    button = page_watch.locator(".ctp-print-button")
    assert button.is_visible()  # wired by ctoportal.js under the Content-Security-Policy
    page_watch.evaluate("window.print = () => { window.ctpPrinted = true; }")
    button.click()
    assert page_watch.evaluate("window.ctpPrinted") is True

    page_watch.emulate_media(media="print")
    for chrome in (
        ".md-header",
        ".md-tabs",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-search",
        ".md-footer",
        ".ctp-print-hint",
    ):
        assert not page_watch.locator(chrome).first.is_visible(), chrome
    assert page_watch.locator("article h2", has_text="3. Top risks").is_visible()

    pdf = PdfReader(io.BytesIO(page_watch.pdf()))
    texts = [p.extract_text() for p in pdf.pages]
    assert 3 <= len(texts) <= 8, len(texts)
    # Each page has the running head (client, as-of date, page number) above the pack itself.
    assert all(t.startswith("Brightside Dental Partners · Board pack") for t in texts)
    texts = [t.split("\n", 2)[2] for t in texts]
    assert texts[0].lstrip().startswith("Board pack: Brightside Dental Partners")
    assert "as of Nov 20, 2026" in texts[0]
    everything = "\n".join(texts)
    # every numbered section, in order; they follow each other (no page forced), so the pack stays short
    at = [everything.find(heading) for heading in SECTIONS[1:]]
    assert -1 not in at and at == sorted(at), list(zip(SECTIONS[1:], at))
    for chrome in ("technology portal", "Made with", "Search", "Print or save as PDF"):
        assert chrome not in everything, chrome
    assert "R-001 Ransomware stops one or more clinics" in everything.replace("\n", " ")
    assert page_watch.console_errors == [] and page_watch.external_requests == []


@pytest.mark.browser
def test_prints_in_light_colours_from_the_dark_scheme(demo_site, serve_dir, page_watch):
    page_watch.emulate_media(color_scheme="dark")
    page_watch.goto(serve_dir(demo_site) + "board-pack/")
    page_watch.wait_for_load_state("networkidle")
    assert page_watch.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page_watch.emulate_media(media="print", color_scheme="dark")
    badge = page_watch.locator(".ctp-health-on-track").first
    assert badge.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(230, 244, 234)"  # pale green
    assert badge.evaluate("b => getComputedStyle(b).color") == "rgb(27, 94, 32)"  # dark green, readable in grey
