"""One number per fact: each headline figure is defined once (generator/facts/figures.py) and is the same on
every page, download and diff; savings point at the tool being replaced; money is counted once; a KPI's
status compares its progress with the time gone."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_MKDOCS, REPO_ROOT, run_ctoportal, run_mkdocs, write_repo
from gitrepos import configure, edit, git
from generator.model.kinds import SOURCE_FOLDERS

pytestmark = pytest.mark.slow  # builds sites, drives git or takes seconds: outside the fast tier (README)


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def _text(site: Path, page: str) -> str:
    return " ".join(_soup(site, page).get_text(" ").split())


def _tiles(site: Path) -> dict[str, str]:
    tiles = {}
    for tile in _soup(site, "index.html").select(".ctp-tile"):
        label = " ".join(tile.select_one(".ctp-tile-label").get_text(" ").split())
        tiles[label] = " ".join(tile.select_one(".ctp-tile-figure").get_text(" ").split())
    return tiles


def _row(site: Path, page: str, first_cell: str) -> list[str]:
    for tr in _soup(site, page).select("tr"):
        cells = [" ".join(td.get_text(" ").split()) for td in tr.find_all(["td", "th"])]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r} on {page}")


# -- the demo: every headline figure, everywhere ----------------------------------------------------------


@pytest.fixture(scope="module")
def demo_in_git(tmp_path_factory) -> tuple[Path, str]:
    """The demo in a git repository: a previous revision (Keystone at a lower price), then the demo as it
    is, built with ``since`` the previous revision so the site has a "What changed" page."""
    root = tmp_path_factory.mktemp("figures") / "client"
    root.mkdir()
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in SOURCE_FOLDERS:
        shutil.copytree(REPO_ROOT / folder, root / folder)
    git(root, "init", "--quiet", "--initial-branch=main")
    configure(root)
    edit(root, "vendors/keystone-it.yaml", "amount: 6900", "amount: 6500")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "Keystone before the price rise")
    previous = git(root, "rev-parse", "HEAD").strip()
    edit(root, "vendors/keystone-it.yaml", "amount: 6500", "amount: 6900")
    git(root, "commit", "--quiet", "-am", "Keystone price rise")
    edit(root, "mkdocs.yml", "      today: 2026-11-20\n", f"      today: 2026-11-20\n      since: {previous}\n")
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root, previous


def test_every_headline_figure_is_the_same_wherever_it_appears(demo_in_git):
    root, previous = demo_in_git
    site = root / "site"
    data = json.loads((site / "downloads" / "data.json").read_text(encoding="utf-8"))
    figures = data["figures"]

    # The rule, pinned on the demo: active and sunsetting vendors; the three evaluating ones
    # (Overjet, T-Mobile failover, Summit MSP: 94,440 a year) and retired ones are left out.
    assert figures["annual_vendor_spend"] == 299319
    spend = "$299,319"
    tiles = _tiles(site)
    assert tiles["annual vendor spend"] == spend
    assert _row(site, "index.html", "Vendors in use (run rate)")[1] == spend
    board = _text(site, "board-pack/index.html")
    assert f"Money: {spend} a year on vendors" in board
    assert f"Vendors in use: {spend} a year" in board
    assert _row(site, "budget/index.html", "Vendors in use (run rate)")[1] == spend
    assert _row(site, "budget/index.html", "Total")[2] == spend
    assert f"{spend} a year across" in _text(site, "vendors/spend/index.html")
    assert f"{spend} a year" in _text(site, "vendors/index.html")
    # Downloads: the vendors sheet adds up to the same figure under the same rule.
    rows = list(csv.DictReader(io.StringIO((site / "downloads" / "vendors.csv").read_text(encoding="utf-8-sig"))))
    assert (
        sum(
            float(r["Cost per year"] or 0)
            for r in rows
            if r["Status"] in ("active", "sunsetting") and r["Currency"] == "USD"
        )
        == 299319
    )
    # ctoportal diff against the previous revision, and the What changed page.
    out = run_ctoportal("diff", previous, "HEAD", "--format", "json", cwd=root)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["spend"]["after"] == 299319
    assert f"Annual vendor spend $294,519 → {spend}" in _text(site, "changes/index.html")

    # Initiatives in progress: status in-progress (7); the paused one is named beside, not counted.
    assert figures["initiatives_in_progress"] == 7
    assert tiles["initiatives in progress"] == "7"
    assert "Roadmap: 7 initiatives in progress and 1 paused or due to have started" in board

    # Risks above appetite, KPIs on track, contract decisions.
    assert tiles["risks above appetite (12)"] == str(figures["risks_above_appetite"])
    assert f"Risks: {figures['risks_above_appetite']} of" in board
    assert tiles["KPIs on track or met"] == f"{figures['kpis_on_track']} of {figures['kpis']}"
    statuses = [
        r["Status"]
        for r in csv.DictReader(io.StringIO((site / "downloads" / "kpis.csv").read_text(encoding="utf-8-sig")))
    ]
    assert sum(s in ("on track", "met") for s in statuses) == figures["kpis_on_track"]
    kpi_table = _soup(site, "board-pack/index.html").find(id="strategy").find_next("table")
    on_board = [b.get_text() for b in kpi_table.select(".ctp-badge")]
    assert len(on_board) == figures["kpis"]
    assert sum(s in ("on track", "met") for s in on_board) == figures["kpis_on_track"]
    assert tiles["contract decisions in the next 90 days"] == str(figures["contract_decisions"])
    # The board pack lists the board's own open decisions (decisions/), contract renewals among them: the
    # contract count is the Overview tile's, and the pack links each decision instead of counting contracts.

    # Added running cost: Datto, Fortinet and the renewed Keystone contract are already in the vendor
    # run rate, so only new money is added (Overview, and the budget's quarters).
    assert figures["planned_running_cost"] == 33700
    assert _row(site, "index.html", "Planned initiatives: added running cost (opex)")[1] == "$33,700"


def test_the_board_pack_says_which_jobs_are_paid_for_twice_and_drops_the_tool_being_replaced(demo_in_git):
    site = demo_in_git[0] / "site"
    board = _text(site, "board-pack/index.html")
    data = json.loads((site / "downloads" / "data.json").read_text(encoding="utf-8"))
    jobs = data["figures"]["jobs_paid_twice"]
    assert jobs == 9
    # The words come from the same facts as the numbers: no "no two vendors" beside a list of overlaps.
    assert "No two vendors in use do the same job" not in board
    assert f"{jobs} jobs are paid for twice" in board
    assert _row(site, "board-pack/index.html", "file-sharing")[3] == "$3,960 by dropping Dropbox Business"
    assert "Microsoft 365" not in _row(site, "board-pack/index.html", "file-sharing")[3]


# -- a client repository made for it ---------------------------------------------------------------------

CLIENT = {
    "strategy/index.md": "# Strategy\n\nOne tool per job.\n",
    "strategy/goals.yaml": """\
        - id: service
          title: Better service
          kpis:
            - name: Halfway with a week left
              unit: "%"
              baseline: 0
              target: 100
              current: 50
              baseline_date: 2025-11-27
              due: 2026-11-27
            - name: A third of the way with a year left
              unit: "%"
              baseline: 0
              target: 100
              current: 33
              baseline_date: 2026-09-01
              due: 2027-11-20
            - name: Ticket backlog (lower is better)
              unit: count
              baseline: 200
              target: 100
              current: 180
              baseline_date: 2026-05-20
              due: 2027-05-20
            - name: No baseline date
              unit: "%"
              baseline: 0
              target: 100
              current: 90
              due: 2027-06-30
        """,
    "vendors/vendors.yaml": """\
        - id: crm-new
          name: NewCRM
          category: CRM
          capabilities: [crm]
          cost: {amount: 6000, per: year}
        - id: crm-old
          name: OldCRM
          category: CRM
          capabilities: [crm]
          cost: {amount: 20000, per: year}
          replaced_by: crm-new
        - id: chat-a
          name: ChatA
          category: Chat
          capabilities: [chat]
          cost: {amount: 3000, per: year}
        - id: chat-b
          name: ChatB
          category: Chat
          capabilities: [chat]
          cost: {amount: 5000, per: year}
        - id: wiki-a
          name: WikiA
          category: Docs
          capabilities: [wiki]
          cost: {amount: 1000, per: year}
        - id: wiki-b
          name: WikiB
          category: Docs
          capabilities: [wiki]
          cost: {amount: 4000, per: year}
        - id: msp
          name: Managed IT
          category: IT services
          cost: {amount: 1000, per: month}
        - id: phones
          name: CloudPhones
          category: Telephony
          cost: {per_seat: 5.60, seats: 120, per: month}
        - id: secret-tool
          name: Secret tool
          category: IT services
          visibility: internal
          cost: {amount: 500, per: year}
        """,
    "roadmap/initiatives.yaml": """\
        - id: docs-move
          title: Move documents to WikiA
          status: in-progress
          start: 2026-09
          end: 2027-03
          vendors: [wiki-a, wiki-b]
          cost: {capex: 2000, opex: 0, vendor: wiki-a, replaces: wiki-b}
        - id: msp-renewal
          title: Renew the managed IT contract
          status: in-progress
          start: 2026-10
          end: 2026-12
          vendors: [msp]
          cost: {capex: 0, opex: 12000, vendor: msp}
        - id: new-monitoring
          title: Monitoring
          status: planned
          start: 2027-01
          end: 2027-03
          cost: {capex: 1000, opex: 2400, vendor: secret-tool}
        """,
}


@pytest.fixture(scope="module")
def client_site(tmp_path_factory) -> Path:
    root = write_repo(tmp_path_factory.mktemp("figures-client") / "client", CLIENT)
    result = run_mkdocs("build", "-d", "site", cwd=root)  # not strict: the overlaps are warned about
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def test_the_saving_is_the_tool_being_replaced_and_no_choice_is_invented(client_site):
    page = "board-pack/index.html"
    # OldCRM is replaced by NewCRM, the cheaper one: the saving is OldCRM, not the tool everybody moves onto.
    assert _row(client_site, page, "crm")[3] == "$20,000 by dropping OldCRM"
    # An initiative's cost names the wiki it replaces.
    assert _row(client_site, page, "wiki")[3] == "$4,000 by dropping WikiB"
    # No plan says which chat tool goes: the cost of the job and a decision, never a guessed saving.
    chat = _row(client_site, page, "chat")
    assert chat[2] == "$8,000"
    assert chat[3] == "a decision is needed: no plan says which one goes"
    assert "3 jobs are paid for twice" in _text(client_site, page)
    spend_page = _text(client_site, "vendors/spend/index.html")
    assert "$20,000 by dropping OldCRM" in spend_page and "a decision is needed" in spend_page


def test_a_contract_already_in_the_run_rate_is_not_added_again_as_running_cost(client_site):
    # msp-renewal's 12,000 a year is the managed IT contract: counted once, in the vendor spend.
    # new-monitoring names an internal vendor: the client build drops the name, and the 2,400 a year
    # is new money on the client's view.
    assert _row(client_site, "index.html", "Planned initiatives: added running cost (opex)")[1] == "$2,400"
    assert _row(client_site, "index.html", "Vendors in use (run rate)")[1] == "$59,064"  # with 120 x 5.60 x 12
    data = (client_site / "downloads" / "data.json").read_text(encoding="utf-8")
    assert "secret-tool" not in data


def test_a_likely_duplicate_cost_is_warned_about_where_it_is_written(make_repo):
    files = dict(CLIENT)
    files["roadmap/initiatives.yaml"] = """\
        - id: msp-renewal
          title: Renew the managed IT contract
          status: in-progress
          start: 2026-10
          end: 2026-12
          vendors: [msp]
          cost:
            capex: 0
            opex: 11200
        - id: typo
          title: Typo
          cost:
            vendor: mps
        """
    root = make_repo(files)
    result = run_ctoportal("validate", cwd=root)
    out = result.stdout + result.stderr
    assert re.search(
        r"roadmap/initiatives\.yaml:9:\d+: warning: msp-renewal: opex 11200 a year is within 10% of "
        r"Managed IT's contract \(12000 a year\)",
        out,
    ), out
    assert "add `vendor: msp` under cost" in out
    assert re.search(r"roadmap/initiatives\.yaml:13:\d+: error: cost.vendor refers to unknown vendor 'mps'", out), out
    assert "did you mean 'msp'" in out
    assert result.returncode != 0
    # naming an internal vendor from a client-visible initiative is said, like any other reference
    files["roadmap/initiatives.yaml"] = """\
        - id: monitoring
          title: Monitoring
          cost: {opex: 500, vendor: secret-tool}
        """
    result = run_ctoportal("validate", cwd=make_repo(files))
    assert re.search(
        r"roadmap/initiatives\.yaml:3:\d+: warning: client-visible initiative 'monitoring' refers to "
        r"internal vendor 'secret-tool' in cost.vendor",
        result.stdout + result.stderr,
    ), result.stdout


def test_a_kpi_is_judged_against_the_time_gone_and_says_how(client_site):
    rows = {
        name: _row(client_site, "strategy/goals/index.html", name)
        for name in (
            "Halfway with a week left",
            "A third of the way with a year left",
            "Ticket backlog (lower is better)",
            "No baseline date",
        )
    }
    assert rows["Halfway with a week left"][-1] == "needs attention 50% of the way, 98% of the time gone"
    assert rows["A third of the way with a year left"][-1] == "on track 33% of the way, 18% of the time gone"
    # lower is better: 200 -> 180 of a path to 100 is 20% of the way, with half the time gone
    assert rows["Ticket backlog (lower is better)"][-1].startswith("needs attention 20% of the way, 50% of")
    # without a baseline date it is never called on track
    assert rows["No baseline date"][-1].startswith("not judged 90% of the way")
    assert _tiles(client_site)["KPIs on track or met"] == "1 of 4"


def test_a_per_seat_price_is_multiplied_and_a_total_too_low_per_seat_is_warned_about(client_site, make_repo):
    assert (
        _row(client_site, "vendors/phones/index.html", "Cost")[1]
        == "$5.60 per seat × 120 seats = $672 per month ($8,064 a year)"
    )
    root = make_repo(
        {
            "vendors/vendors.yaml": """\
        - id: phones
          name: CloudPhones
          category: Telephony
          seats: 120
          cost:
            amount: 5.60
            per: month
        - id: both
          name: Both
          category: Telephony
          cost: {amount: 100, per_seat: 5, seats: 20}
        """
        }
    )
    result = run_ctoportal("validate", cwd=root)
    out = result.stdout + result.stderr
    assert re.search(
        r"vendors/vendors\.yaml:6:\d+: warning: CloudPhones: 5.6 USD a month for 120 seats is 0.05 USD "
        r"per seat per month, below 1",
        out,
    ), out
    assert "write it as `per_seat:` with `seats:` under cost" in out
    assert re.search(r"vendors/vendors\.yaml:1[0-3]:\d+: error: .*give either amount \(the total\) or per_seat", out), (
        out
    )


def test_a_cost_in_another_currency_is_converted_at_the_given_rate_and_shown_in_both(make_repo):
    files = {
        "strategy/index.md": "# Strategy\n",
        "vendors/vendors.yaml": """\
                 - id: erp
                   name: Euro ERP
                   category: ERP
                   cost: {amount: 1000, per: month, currency: EUR}
                 - id: mail
                   name: Mail
                   category: Mail
                   cost: {amount: 2000, per: year}
                 """,
    }
    with_rate = MINIMAL_MKDOCS.replace(
        "      today: 2026-11-20\n", "      today: 2026-11-20\n      exchange_rates: {EUR: 1.08}\n"
    )
    root = make_repo(files, mkdocs_yml=with_rate)
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    site = root / "site"
    # 12,000 EUR at 1.08 is 12,960 USD, plus 2,000 USD: never 14,000 "as if" EUR were dollars.
    assert _tiles(site)["annual vendor spend"] == "$14,960"
    assert _row(site, "budget/index.html", "Total")[2] == "$14,960"
    assert (
        _row(site, "vendors/erp/index.html", "Cost")[1]
        == "€1,000 per month (€12,000 a year); $12,960 a year at 1.08 USD per EUR"
    )
    # No rate: an error where the currency is written, not a silent sum.
    root.joinpath("mkdocs.yml").write_text(MINIMAL_MKDOCS, encoding="utf-8")
    result = run_ctoportal("validate", cwd=root)
    out = result.stdout + result.stderr
    assert re.search(
        r"vendors/vendors\.yaml:4:\d+: error: cost is in EUR, the portal's currency is USD, and no "
        r"exchange rate for EUR is given",
        out,
    ), out
    assert "exchange_rates: {EUR:" in out and result.returncode != 0


def test_quarters_and_years_follow_the_fiscal_year(make_repo):
    files = {
        "strategy/index.md": "# Strategy\n",
        "roadmap/initiatives.yaml": """\
                 - id: backup
                   title: Tested backups
                   status: in-progress
                   start: 2026-10
                   end: 2027-02
                   mitigates: [R-001]
                   cost: {capex: 5000, opex: 0}
                 """,
        "risks/register.yaml": """\
                 - id: R-001
                   title: Backups fail
                   category: operational
                   owner: IT lead
                   likelihood: 4
                   impact: 4
                 """,
    }
    april = MINIMAL_MKDOCS.replace("      today: 2026-11-20\n", "      today: 2026-11-20\n      fiscal_year_start: 4\n")
    root = make_repo(files, mkdocs_yml=april)
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    site = root / "site"
    # November 2026 is in the third quarter of the year April 2026 - March 2027 (FY2027).
    quarters = [
        r.find_all("td")[0].get_text(" ", strip=True) for r in _soup(site, "budget/index.html").select("tbody tr")
    ]
    assert "Q3 FY2027 (now)" in quarters and "Q4 FY2027" in quarters and "Q1 FY2028" in quarters
    assert "Q4 2026" not in " ".join(quarters)
    board = _text(site, "board-pack/index.html")
    assert "$5,000 in FY2027" in board
    # When the mitigation lands is written as its end is everywhere else (a month stays a month).
    assert "Feb 2027" in _text(site, "risks/board-summary/index.html")
