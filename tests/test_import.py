"""`ctoportal import`: an existing register as CSV or XLSX into source files that validate."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from ruamel.yaml import YAML

from conftest import run_ctoportal

pytestmark = pytest.mark.slow  # builds sites, drives git or takes seconds: outside the fast tier (README)

REGISTER = {
    "strategy/index.md": "# Strategy\n",
    "risks/register.yaml": """\
        # The register, as the consultant keeps it.
        - id: R-001
          title: Backups fail
          category: operational
          owner: IT lead
          likelihood: 2
          impact: 2
        """,
    "vendors/vendors.yaml": """\
        - id: zoom
          name: Zoom
          category: Video
        """,
}

RISKS_CSV = """\
Risk ID,Risk,Probability,Impact,Owner,Review date,Notes
R-001,Someone else's R-001,5,5,Ana,2027-01-01,must not replace ours
,Laptop theft at a clinic,Likely,Moderate,Office manager,2027-02-01,Unencrypted disks
,Phone system outage,2,4,IT lead,,
,No idea how likely,maybe\x1b[2J,3,IT lead,,
,A date written the US way,2,2,IT lead,02/01/2027,
,no,1,1,IT lead,,a title YAML would read as false
,!!python/object:os.system,1,1,IT lead,,
,"Screen wiped \x1b[2J by a title",1,1,IT lead,,"two
lines"
,Row numbers count records,7,1,IT lead,,
"""


def _load(path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_csv_risk_register_is_imported_with_the_next_ids(make_repo, tmp_path):
    root = make_repo(REGISTER)
    before = (root / "risks/register.yaml").read_text(encoding="utf-8")
    (tmp_path / "risks.csv").write_text(RISKS_CSV, encoding="utf-8")
    result = run_ctoportal("import", "risk", str(tmp_path / "risks.csv"), cwd=root)
    out = result.stdout
    assert result.returncode == 1, result.stderr  # three rows could not be read
    assert "Traceback" not in result.stderr
    # The mapping it guessed, shown as a mapping file
    for line in (
        "  id: Risk ID",
        "  title: Risk",
        "  likelihood: Probability",
        "  impact: Impact",
        "  owner: Owner",
        "  review: Review date",
        "  description: Notes",
    ):
        assert line in out.splitlines(), out
    # Every row it could not read, by row number, and the id it would not overwrite
    assert f"{tmp_path / 'risks.csv'}:2: skipped: risk R-001 is already in risks/register.yaml" in out
    assert (
        f"{tmp_path / 'risks.csv'}:5:3: error: row 5: likelihood (column 'Probability') holds the control "
        f"character '\\x1b'" in out
    )
    assert (
        f"{tmp_path / 'risks.csv'}:6:6: error: row 6: review (column 'Review date') must be a date written "
        f"YYYY-MM-DD" in out
    )
    assert (
        f"{tmp_path / 'risks.csv'}:10:3: error: row 10: likelihood (column 'Probability') must be 1-5, got '7'" in out
    )
    # A control character (here an escape sequence that would wipe a terminal) is refused as in any source.
    assert (
        f"{tmp_path / 'risks.csv'}:9:2: error: row 9: title (column 'Risk') holds the control character '\\x1b'" in out
    )
    assert "4 row(s) could not be read and were left out" in out
    assert "imported 4 risks into risks/register.yaml: R-002, R-003, R-004, R-005" in out
    assert "\x1b" not in out + result.stderr  # a cell never reaches the terminal raw
    # Appended: the consultant's file is untouched above the new items
    after = (root / "risks/register.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)
    risks = {r["id"]: r for r in _load(root / "risks/register.yaml")}
    assert risks["R-001"]["title"] == "Backups fail"
    assert risks["R-002"] == {
        "id": "R-002",
        "title": "Laptop theft at a clinic",
        "description": "Unencrypted disks",
        "category": "operational",
        "owner": "Office manager",
        "likelihood": 4,
        "impact": 3,
        "review": dt.date(2027, 2, 1),
        "visibility": "internal",
    }
    assert risks["R-004"]["title"] == "no" and risks["R-005"]["title"] == "!!python/object:os.system"
    assert "R-006" not in risks
    assert "note: no column for category (every item gets 'operational')" in out
    # What was written validates
    assert "validation of the repository, imported items included:\nno problems found" in out
    assert run_ctoportal("validate", "--strict", cwd=root).returncode == 0


def test_imported_items_stay_out_of_a_client_build_until_reviewed(make_repo, tmp_path):
    root = make_repo(REGISTER)
    (tmp_path / "risks.csv").write_text("Risk,Likelihood,Impact\nBoard member's divorce leaks,2,5\n", encoding="utf-8")
    result = run_ctoportal("import", "risk", str(tmp_path / "risks.csv"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "they are `visibility: internal`: out of client builds" in result.stdout
    assert run_ctoportal("export", "-o", str(tmp_path / "out"), cwd=root).returncode == 0
    data = next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8")
    assert "Backups fail" in data and "divorce" not in data
    # ...and in with --client-visible, when the consultant says so
    (tmp_path / "more.csv").write_text("Risk,Likelihood,Impact\nPrinter fleet ageing,2,2\n", encoding="utf-8")
    assert run_ctoportal("import", "risk", str(tmp_path / "more.csv"), "--client-visible", cwd=root).returncode == 0
    assert run_ctoportal("export", "-o", str(tmp_path / "out2"), cwd=root).returncode == 0
    data = json.loads(next((tmp_path / "out2").glob("*.json")).read_text(encoding="utf-8"))
    assert "Printer fleet ageing" in json.dumps(data) and "divorce" not in json.dumps(data)


def _vendor_workbook(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contracts"
    sheet.append(["Supplier", "Category", "Owner", "Annual cost", "Renewal date", "Auto-renew", "Licences"])
    sheet.append(["Zoom", "Video", "Office manager", 4800, dt.datetime(2027, 3, 31), "yes", 40])
    sheet.append(["RingCentral", "Phones", "IT lead", "$12,400.00", dt.datetime(2027, 6, 30), "no", 60])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["Slack", "Chat", "IT lead", "lots", None, None, None])
    sheet.append(["Dentrix", "Practice management", "COO", 18000.5, "2027-09-30", None, None])
    book.create_sheet("Notes").append(["Vendor", "Category"])
    book.save(path)


def test_xlsx_vendor_list_with_dates_money_and_a_known_vendor(make_repo, tmp_path):
    root = make_repo(REGISTER)
    _vendor_workbook(tmp_path / "vendors.xlsx")
    result = run_ctoportal("import", "vendor", str(tmp_path / "vendors.xlsx"), cwd=root)
    out = result.stdout
    assert result.returncode == 1, result.stderr
    for line in (
        "  name: Supplier",
        "  annual_cost: Annual cost",
        "  renewal_date: Renewal date",
        "  auto_renew: Auto-renew",
        "  seats: Licences",
    ):
        assert line in out.splitlines(), out
    assert "note: sheet 'Contracts' (of 2; --sheet to choose)" in out
    assert f"{tmp_path / 'vendors.xlsx'}:2: skipped: vendor zoom is already in vendors/vendors.yaml (by its name" in out
    assert f"{tmp_path / 'vendors.xlsx'}:5:4: error: row 5: annual_cost (column 'Annual cost') must be an amount" in out
    assert "imported 2 vendors into vendors/vendors.yaml: ringcentral, dentrix" in out
    vendors = {v["id"]: v for v in _load(root / "vendors/vendors.yaml")}
    assert vendors["ringcentral"]["cost"] == {"amount": 12400}
    assert vendors["ringcentral"]["contract"] == {"end": dt.date(2027, 6, 30), "auto_renew": False}
    assert vendors["ringcentral"]["seats"] == 60
    assert vendors["dentrix"]["cost"] == {"amount": 18000.5}
    assert vendors["zoom"] == {"id": "zoom", "name": "Zoom", "category": "Video"}
    assert run_ctoportal("validate", "--strict", cwd=root).returncode == 0


def test_a_mapping_file_names_columns_the_guess_misses(make_repo, tmp_path):
    root = make_repo(REGISTER)
    (tmp_path / "odd.csv").write_text(
        "Ref;Hazard;P (1-5);Sev. (1-5);Who\n;Flooded server room;2;5;Facilities\n", encoding="utf-8"
    )
    guessed = run_ctoportal("import", "risk", str(tmp_path / "odd.csv"), cwd=root)
    assert guessed.returncode == 1
    assert "no column for title, likelihood, impact" in guessed.stderr and "--mapping FILE" in guessed.stderr
    assert "Traceback" not in guessed.stderr
    (tmp_path / "map.yaml").write_text(
        "title: Hazard\nlikelihood: P (1-5)\nimpact: Sev. (1-5)\nowner: Who\n", encoding="utf-8"
    )
    result = run_ctoportal(
        "import", "risk", str(tmp_path / "odd.csv"), "--mapping", str(tmp_path / "map.yaml"), cwd=root
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "imported 1 risk into risks/register.yaml: R-002" in result.stdout
    risk = _load(root / "risks/register.yaml")[-1]
    assert (risk["title"], risk["likelihood"], risk["impact"], risk["owner"]) == (
        "Flooded server room",
        2,
        5,
        "Facilities",
    )
    outside = run_ctoportal(
        "import",
        "risk",
        str(tmp_path / "odd.csv"),
        "--mapping",
        str(tmp_path / "map.yaml"),
        "--file",
        "risks/../../elsewhere.yaml",
        cwd=root,
    )
    assert outside.returncode == 1 and "risks live in YAML files under risks/" in outside.stderr
    assert not (root.parent / "elsewhere.yaml").exists()
    (tmp_path / "damaged.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    damaged = run_ctoportal("import", "risk", str(tmp_path / "damaged.xlsx"), cwd=root)
    assert damaged.returncode == 1 and "is not a workbook ctoportal can read" in damaged.stderr
    assert "Traceback" not in damaged.stderr
    (tmp_path / "bad.yaml").write_text("headline: Hazard\n", encoding="utf-8")
    bad = run_ctoportal("import", "risk", str(tmp_path / "odd.csv"), "--mapping", str(tmp_path / "bad.yaml"), cwd=root)
    assert bad.returncode == 1 and "'headline' is not a field of a risk" in bad.stderr


def test_rows_that_would_not_validate_write_nothing_and_name_their_row(make_repo, tmp_path):
    root = make_repo({**REGISTER, "roadmap/initiatives.yaml": "- id: backup\n  title: Tested backups\n"})
    before = (root / "roadmap/initiatives.yaml").read_bytes()
    (tmp_path / "roadmap.csv").write_text(
        "Project,Status,Start date,Due date,Lead,% complete\n"
        "Phone system replacement,In progress,2026-09,2026-12,IT lead,40%\n"
        "Backwards project,Planned,2027-03,2027-01,IT lead,\n",
        encoding="utf-8",
    )
    result = run_ctoportal("import", "initiative", str(tmp_path / "roadmap.csv"), cwd=root)
    assert result.returncode == 1
    assert (
        f"{tmp_path / 'roadmap.csv'}:3: error: row 3 (as backwards-project): end 2027-01 is before start "
        f"2027-03" in result.stderr
    )
    assert (root / "roadmap/initiatives.yaml").read_bytes() == before
    # --dry-run shows what would happen and writes nothing
    dry = run_ctoportal("import", "initiative", str(tmp_path / "roadmap.csv"), "--dry-run", cwd=root)
    assert "would import 2 initiatives (phone-system-replacement, backwards-project); nothing written" in dry.stdout
    assert (root / "roadmap/initiatives.yaml").read_bytes() == before
