"""What a board member reads: the decisions the board pack asks for and the rule that picks them, the
warnings validate gives shown on the pages they are about (never naming an internal item in a client
build), one way to write each kind of date, statuses and units in words, the budget axis in money, and
no Markdown showing as text. On the built demo and on a small client made for it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import run_ctoportal, write_repo
from generator.facts.formatting import quantity
from generator.render.pages import render_pages
from generator.checks.validate import validate_repository

SETTINGS = """\
site_name: Board reader
theme:
  name: material
plugins:
  - search
  - ctoportal:
      client: Harbour Freight GmbH
      currency: EUR
      today: 2026-11-20
  - mermaid2
"""

FILES = {
    "strategy/index.md": """\
        # Technology strategy for Harbour

        Where we are.
        """,
    "strategy/plan.md": """\
        ---
        title: The 2027 plan
        ---

        # Plan for 2027

        Text.
        """,
    "strategy/goals.yaml": """\
        - id: ops
          title: Run the yards without outages
          kpis:
            - {name: Outages a quarter, unit: count, baseline: 30, current: 23, target: 10, due: 2027-06-30}
            - {name: Restore time, unit: hours, baseline: 12, current: 1, target: 1, due: 2027-06-30}
            - {name: Sites on the new network, unit: "%", baseline: 0, current: 40, target: 100, due: 2027-06-30}
        """,
    "roadmap/initiatives.yaml": """\
        - id: network
          title: New yard network
          status: in-progress
          start: 2026-09
          end: 2027-Q1
          goals: [ops]
          mitigates: [R-001]
        - id: scanners
          title: Handheld scanners
          status: planned
          start: 2027-02
          end: 2027-06
          depends_on: [network]
        - id: secret-prep
          title: Quiet merger preparation
          visibility: internal
          status: planned
          start: 2026-12
          end: 2027-05
        - id: tracking
          title: Live parcel tracking
          status: planned
          start: 2027-01
          end: 2027-04
          depends_on: [secret-prep]
        - id: telematics
          title: Truck telematics proposal
          status: proposed
          start: 2027-01
          end: 2027-03
          cost: {capex: 20000}
        - id: erp
          title: Replace the ERP
          status: proposed
          start: 2027-Q4
          end: 2028-Q2
          cost: {capex: 400000}
        - id: kiosk
          title: Driver check-in kiosks
          status: paused
          start: 2026-10
          end: 2027-02
        - id: old-firewall
          title: Old firewall project
          status: cancelled
          start: 2026-06
          end: 2026-08
          mitigates: [R-001]
        """,
    "risks/register.yaml": """\
        - id: R-001
          title: Ransomware stops the yards
          category: security
          owner: COO
          likelihood: 4
          impact: 5
          review: 2027-03-01
        - id: R-002
          title: Customs system outage
          category: operational
          owner: CFO
          likelihood: 4
          impact: 4
          review: 2026-10-01
        - id: R-003
          title: Hidden merger risk
          category: strategic
          owner: CEO
          likelihood: 5
          impact: 5
          visibility: internal
        """,
    "vendors/vendors.yaml": """\
        - id: fleetco
          name: FleetCo Telematics
          category: Fleet
          cost: {amount: 1000, per: month}
          contract:
            start: 2026-01-01
            end: 2027-01-10
            notice_days: 30
            auto_renew: true
        - id: printco
          name: PrintCo
          category: Office
          cost: {amount: 1200, per: year}
          contract:
            start: 2026-01-01
            end: 2027-02-28
            notice_days: 120
            auto_renew: true
        """,
}

CONFLICT = "Handheld scanners starts Feb 2027, before New yard network ends (Q1 2027)"


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> Path:
    return write_repo(tmp_path_factory.mktemp("reader") / "client", FILES, SETTINGS)


@pytest.fixture(scope="module")
def site(client) -> Path:
    result = run_ctoportal("build", "-d", "site", cwd=client)
    assert result.returncode == 0, result.stderr[-3000:]
    return client / "site"


def article(site: Path, page: str) -> BeautifulSoup:
    path = site / page / "index.html" if page else site / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")


def text(site: Path, page: str) -> str:
    return re.sub(r"\s+", " ", article(site, page).get_text(" ", strip=True)).replace(" ,", ",").replace(" .", ".")


# -- decisions for the board -----------------------------------------------------------------------------


@pytest.mark.slow
def test_decisions_follow_the_rule_printed_above_them(site):
    pack = article(site, "board-pack")
    rule = pack.find(id="decisions").find_next("p").get_text(" ", strip=True)
    assert rule.startswith("Listed here is only what needs the board before the next pack")
    decisions = [
        re.sub(r"\s+([,.:)])", r"\1", li.get_text(" ", strip=True))
        for li in pack.find(id="decisions").find_next("ul").select("li")
    ]
    assert any(d.startswith("Approve or decline Truck telematics proposal: proposed") for d in decisions)
    assert not any("Replace the ERP" in d for d in decisions)  # starts in Q4 2027: not this meeting's
    assert not any("Driver check-in kiosks" in d for d in decisions)  # paused: shown under the roadmap
    assert any(d.startswith("Accept the risk or fund a mitigation: R-002 Customs system outage") for d in decisions)
    assert any(d.startswith("Renew, renegotiate or leave 1 contract, the first by Dec 11, 2026") for d in decisions)


@pytest.mark.slow
def test_demo_decisions_leave_out_the_far_proposal_and_the_paused_work(demo_site):
    pack = article(demo_site, "board-pack")
    # The demo keeps a decision log: the pack's decisions are the board's open ones (decisions/).
    decisions = pack.find(id="decisions").find_next("table").get_text(" ", strip=True)
    assert "practice management system" not in decisions and "self-booking" not in decisions
    assert "Keystone Managed IT" in decisions  # the managed IT decision the strategy page asks for


# -- the warnings validate gives, on the pages they are about ------------------------------------------


@pytest.mark.slow
def test_validate_warns_of_the_schedule_conflicts(client):
    result = run_ctoportal("validate", cwd=client)
    assert "scanners starts 2027-02, before network, which it depends on, ends (2027-Q1)" in result.stdout
    assert "tracking starts 2027-01, before secret-prep" in result.stdout


@pytest.mark.slow
def test_schedule_conflict_on_the_initiative_page_and_the_dependencies_page(site):
    assert CONFLICT in text(site, "roadmap/scanners")
    dependencies = text(site, "roadmap/dependencies")
    assert CONFLICT in dependencies and "Nothing is blocked" not in dependencies
    pack = text(site, "board-pack")
    assert "Feb 2027 – Jun 2027 starts before New yard network ends (Q1 2027)" in pack


@pytest.mark.slow
def test_no_alert_names_an_internal_item_in_a_client_build(site):
    for page in ("roadmap/tracking", "roadmap/dependencies", "risks", "board-pack", ""):
        assert "Quiet merger" not in text(site, page), page
        assert "Hidden merger" not in text(site, page), page
    assert "Needs attention" not in text(site, "roadmap/tracking")


@pytest.mark.slow
def test_overdue_review_and_notice_deadlines_on_their_pages(site):
    risk = text(site, "risks/R-002")
    assert "Review overdue: R-002 Customs system outage was due for review on Oct 1, 2026" in risk
    assert "Review overdue: R-002" in text(site, "risks")
    fleet = text(site, "vendors/fleetco")
    assert "Notice deadline Dec 11, 2026 (in 21 days)" in fleet and "renews automatically on Jan 10, 2027" in fleet
    assert "Notice deadline passed on Oct 31, 2026" not in fleet
    assert (
        "Notice deadline passed on Oct 31, 2026: the contract with PrintCo renews automatically on Feb 28, 2027"
        in text(site, "vendors/printco")
    )
    vendors = text(site, "vendors")  # the vendor list gathers them
    assert "Notice deadline Dec 11, 2026" in vendors and "Notice deadline passed on Oct 31, 2026" in vendors


def test_unmitigated_risk_above_appetite_on_its_page(make_repo):
    repo = make_repo(
        {
            "risks/register.yaml": """\
        - {id: R-001, title: Flood, category: operational, owner: COO, likelihood: 5, impact: 4}
        """
        }
    )
    pages = render_pages(validate_repository(repo / "mkdocs.yml").portal.for_audience("client"))
    assert "**Above the appetite of 12 with no mitigation:** nothing on this roadmap reduces" in pages["risks/R-001.md"]


# -- words -----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_cancelled_mitigation_makes_the_trend_at_risk_as_the_legend_says(site):
    pack = article(site, "board-pack")
    row = next(tr for tr in pack.find(id="risks").find_next("table").select("tbody tr") if "R-001" in tr.get_text())
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    assert cells[3] == "⚠ at risk" and "Old firewall project is cancelled" in cells[4]
    assert "at risk when one is paused, cancelled or late" in text(site, "board-pack")
    # ... and it still has a mitigation on schedule, so the board is not asked to fund one
    decisions = pack.find(id="decisions").find_next("ul").get_text(" ", strip=True)
    assert "R-001" not in decisions


@pytest.mark.slow
def test_when_a_risk_lands_is_written_as_its_initiative_ends(site):
    row = next(
        tr
        for tr in article(site, "board-pack").find(id="risks").find_next("table").select("tbody tr")
        if "R-001" in tr.get_text()
    )
    assert row.select("td")[-1].get_text(strip=True) == "Q1 2027"  # the network ends 2027-Q1


@pytest.mark.slow
def test_demo_lands_like_the_roadmap_ends(demo_site):
    rows = article(demo_site, "board-pack").find(id="risks").find_next("table").select("tbody tr")
    lands = {
        tr.select("td")[0].get_text(" ", strip=True).split(" ")[0]: tr.select("td")[-1].get_text(strip=True)
        for tr in rows
    }
    assert lands["R-003"] == "Mar 2027"  # network segmentation ends 2027-03, as the roadmap table says


@pytest.mark.slow
def test_statuses_read_as_words_everywhere(site, demo_site):
    for root in (site, demo_site):
        for page in root.rglob("index.html"):
            body = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
            if body is not None:
                assert "in-progress" not in body.get_text(" "), page


@pytest.mark.slow
def test_units_have_display_forms(site):
    row = {
        r[1]: r
        for r in (
            [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in article(site, "board-pack").find(id="strategy").find_next("table").select("tbody tr")
        )
    }
    assert row["Outages a quarter"][2:4] == ["23", "10"]
    assert row["Restore time"][2:4] == ["1 hour", "1 hour"]
    assert row["Sites on the new network"][2:4] == ["40%", "100%"]
    assert quantity(4.6, "hours") == "4.6 hours" and quantity(25700, "USD") == "$25,700"
    assert quantity(3, "trucks") == "3 trucks" and quantity(None, "count") == "—"


def test_budget_axis_is_money_in_thousands():
    # The chart as written for mermaid (the built page holds it drawn as SVG: docs/diagrams.md).
    demo = validate_repository(Path(__file__).resolve().parent.parent / "mkdocs.yml").portal
    page = render_pages(demo.for_audience("client"))["budget.md"]
    source = re.search(r"```mermaid\n(.*?)```", page, re.S).group(1)
    assert 'y-axis "$ thousands"' in source
    bars = re.search(r"bar \[([^\]]*)\]", source).group(1)
    assert all(float(v) < 1000 for v in bars.split(","))


# -- markup never shows as text --------------------------------------------------------------------------


@pytest.mark.slow
def test_no_markdown_heading_shows_as_text_on_any_page(demo_site, site):
    for root in (demo_site, site):
        for page in root.rglob("index.html"):
            body = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
            if body is None:
                continue
            for cell in body.select("td, p, li"):
                assert not cell.get_text().lstrip().startswith("#"), (page, cell.get_text()[:80])


@pytest.mark.slow
def test_a_leading_heading_becomes_the_title_once(site):
    page = article(site, "strategy")
    assert [h.get_text(strip=True) for h in page.select("h1")] == ["Technology strategy for Harbour"]
    head = BeautifulSoup((site / "strategy" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert head.title.get_text().startswith("Technology strategy for Harbour")


@pytest.mark.slow
def test_a_heading_other_than_the_title_is_reported(client):
    result = run_ctoportal("validate", cwd=client)
    assert re.search(
        r"strategy/plan\.md:5:1: warning: the page starts with the heading 'Plan for 2027' but "
        r"its front matter title is 'The 2027 plan'",
        result.stdout,
    ), result.stdout
