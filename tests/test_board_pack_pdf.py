"""The board pack as a PDF file, read back with pypdf as a board member would read it: about six pages,
the client, the as-of date and a page number on each, every section, the chart drawn, and nothing
internal, even when mkdocs.yml asks for an internal build. Printed by the system's Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CHROMIUM, run_ctoportal, write_repo
from generator.output import headless_chromium
from generator.output.board_pack_pdf import running_head_css
from generator.output.headless_chromium import find_chromium
from generator.cli import main
from generator.problems import CtoportalError

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")

SECTIONS = [
    "Decisions for the board",
    "1. Strategy: goals and KPIs",
    "2. Roadmap: under way and next",
    "3. Top risks",
    "4. Money",
    "Contract decisions in the next 90 days",
]
INTERNAL = ["Summit Technology Partners", "Newark office manager retains administrator access"]


def read_pdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory, demo_copy) -> list[str]:
    out = tmp_path_factory.mktemp("pdf")
    result = run_ctoportal("export", "--pdf", "-o", str(out), cwd=demo_copy)
    assert result.returncode == 0, result.stderr[-3000:]
    pdf = out / "brightside-dental-partners-board-pack-2026-11-20.pdf"
    assert str(pdf) in result.stdout.splitlines()
    return read_pdf(pdf)


@pytest.mark.slow
def test_about_six_pages_each_with_client_date_and_page_number(demo_pdf):
    assert 4 <= len(demo_pdf) <= 8, len(demo_pdf)
    for number, text in enumerate(demo_pdf, start=1):
        assert "Brightside Dental Partners" in text and "Board pack" in text, number
        assert re.search(r"as of Nov 20, ?2026", text), number
        assert f"Page {number} of {len(demo_pdf)}" in text, number


@pytest.mark.slow
def test_every_section_and_the_chart_are_printed(demo_pdf):
    everything = " ".join(demo_pdf)
    for heading in SECTIONS:
        assert heading in everything, heading
    assert "R-001 Ransomware stops one or more clinics" in everything
    assert "Keystone Managed IT" in everything
    # The budget chart is drawn (its axis in words), not left as its source text.
    assert "$ thousands" in everything and "xychart" not in everything and "y-axis" not in everything
    for chrome in ("Print or save as PDF", "Made with", "Search"):
        assert chrome not in everything, chrome


@pytest.mark.slow
def test_nothing_internal_in_the_pdf(demo_pdf):
    everything = " ".join(demo_pdf)
    for title in INTERNAL:
        assert title not in everything, title


def _nordwind(tmp_path, setting: str):
    """A small client with one internal initiative, and one more plugin setting."""
    return write_repo(
        tmp_path / "client",
        {
            "roadmap/initiatives.yaml": """\
            - {id: audit, title: Security audit, status: in-progress, start: 2026-10, end: 2027-01}
            - {id: secret, title: Confidential buyout preparation, status: in-progress, start: 2026-10,
               end: 2027-01, visibility: internal}
            """,
        },
        mkdocs_yml=f"""\
site_name: Test portal
theme:
  name: material
plugins:
  - search
  - ctoportal:
      client: Nordwind Logistik
      today: 2026-11-20
      {setting}
  - mermaid2
""",
    )


@pytest.mark.slow
def test_an_internal_build_setting_still_prints_the_client_pack(tmp_path):
    repo = _nordwind(tmp_path, "audience: internal")
    result = run_ctoportal("export", "--pdf", "-o", "out", cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    texts = read_pdf(repo / "out" / "nordwind-logistik-board-pack-2026-11-20.pdf")
    everything = " ".join(texts)
    assert "Security audit" in everything and "Confidential buyout" not in everything


@pytest.mark.slow
def test_the_setting_adds_the_pdf_to_the_downloads_page(tmp_path):
    repo = _nordwind(tmp_path, "board_pack_pdf: true")
    result = run_ctoportal("build", "--strict", "-d", "site", cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    page = BeautifulSoup((repo / "site" / "downloads" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one('article a[href$=".pdf"]')
    assert link is not None and link.get_text(strip=True) == "Board pack (PDF)"
    assert link["download"] == "nordwind-logistik-board-pack-2026-11-20.pdf"
    pdf = (repo / "site" / "downloads" / "index.html").parent / link["href"]
    texts = read_pdf(pdf.resolve())
    assert all("Nordwind Logistik" in t for t in texts)
    assert "Security audit" in " ".join(texts) and "Confidential buyout" not in " ".join(texts)


@pytest.mark.slow
def test_no_pdf_in_an_internal_build(make_repo):
    repo = make_repo(
        {},
        mkdocs_yml="""\
site_name: Test portal
theme:
  name: material
plugins:
  - search
  - ctoportal:
      client: Nordwind Logistik
      today: 2026-11-20
      audience: internal
      board_pack_pdf: true
  - mermaid2
""",
    )
    result = run_ctoportal("build", "-d", "site", cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "board_pack_pdf: no PDF in an internal build" in result.stderr
    assert not list((repo / "site").rglob("*.pdf"))
    assert ".pdf" not in (repo / "site" / "downloads" / "index.html").read_text(encoding="utf-8")


# -- no browser, and text that could break out of the stylesheet --------------------------------------


def test_without_a_browser_one_line_says_what_to_install(make_repo, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(headless_chromium, "FALLBACK", tmp_path / "no-chromium")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CtoportalError, match=r"no Chromium or Chrome found .*install Chromium"):
        find_chromium()
    repo = make_repo({})
    monkeypatch.chdir(repo)
    assert main(["export", "--pdf", "-o", "out"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("ctoportal: error: cannot print the board pack: no Chromium or Chrome found")
    assert "apt-get install chromium" in error and "\n" not in error and "Traceback" not in error


def test_the_running_head_escapes_every_character(make_repo):
    from generator.checks.validate import validate_repository

    hostile = 'Evil" } @page { x: "y'
    repo = make_repo({})
    portal = validate_repository(repo / "mkdocs.yml").portal
    portal.settings = portal.settings.model_copy(update={"client": hostile})
    css = running_head_css(portal)
    assert '"' not in css.split("@top-left", 1)[1].split("content: ", 1)[1].split(";", 1)[0][1:-1]
    assert css.count("{") == css.count("}") == 4
