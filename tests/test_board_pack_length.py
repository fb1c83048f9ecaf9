"""The printed board pack stays about six pages: a board member reads it in ten minutes. The demo is built
for real, in English and in French (longer words, Swiss formats), as a month's pack is: in git, compared with
the month before (so "what moved" is printed too), with the PDF the build makes (``board_pack_pdf``), printed
by the system's Chromium and read back with pypdf. Every section a board needs is still in it, and no text
is under 10 pt (the running head and the budget chart aside: its axis labels are at least 8.5 pt)."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CHROMIUM, REPO_ROOT, run_ctoportal
from generator.model import i18n
from generator.model.kinds import SOURCE_FOLDERS
from gitrepos import configure, git

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")

MAX_PAGES = 6
LANGUAGES = {"en": None, "fr": "fr_CH"}
SECTIONS = [
    "Decisions for the board",
    "1. Strategy: goals and KPIs",
    "2. Roadmap: under way and next",
    "3. Top risks",
    "4. Money",
    "Contract decisions in the next 90 days",
    "5. Compliance and AI",
]
"""The headings a board looks for, in English; each is looked for in the language of the build."""
VERDICT = "Safer than in May and on plan, but ten contract decisions are due by February"
ITEMS = [
    "D-004",
    "R-001",
    "Keystone Managed IT",
    "Immutable, monitored backups for every clinic",
    "HIPAA Security Rule",
]
"""The first decision owed, the worst risk, the biggest renewal, work under way, a framework: the client's words."""
HEAD_MM, FOOT_MM = 12, 11
"""The running head and the page numbers sit in these margins (board_pack_pdf.running_head_css)."""


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


@pytest.fixture(scope="module", params=list(LANGUAGES))
def printed(request, tmp_path_factory):
    """The demo in git, a month of KPI measurements after its baseline, built with ``--since`` and the PDF."""
    language = request.param
    repo = tmp_path_factory.mktemp(f"pack-{language}") / "client"
    repo.mkdir()
    settings = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    settings = settings.replace("      today: 2026-11-20\n", "      today: 2026-11-20\n      board_pack_pdf: true\n")
    if LANGUAGES[language]:
        settings = settings.replace("  name: material\n", f"  name: material\n  language: {language}\n")
        settings = settings.replace(
            "      currency: USD\n", f"      currency: USD\n      locale: {LANGUAGES[language]}\n"
        )
    (repo / "mkdocs.yml").write_text(settings, encoding="utf-8")
    for folder in SOURCE_FOLDERS:
        shutil.copytree(REPO_ROOT / folder, repo / folder)
    goals = repo / "strategy" / "goals.yaml"
    now = goals.read_text(encoding="utf-8")
    goals.write_text(
        "".join(line for line in now.splitlines(keepends=True) if "{date: 2026-11" not in line), encoding="utf-8"
    )
    git(repo, "init", "--quiet", "--initial-branch=main")
    configure(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "October pack")
    goals.write_text(now, encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "November measurements")
    result = run_ctoportal("build", "--since", "HEAD~1", "-d", "site", cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    [pdf] = (repo / "site" / "downloads").glob("*-board-pack-*.pdf")
    page = BeautifulSoup((repo / "site" / "board-pack" / "index.html").read_text(encoding="utf-8"), "html.parser")
    chart = {t.get_text(strip=True) for t in page.select(".ctp-diagram svg text")}
    labels = {t.get_text(strip=True) for t in page.select(".ctp-diagram svg .label text")}
    return language, pdf, chart, labels


def _runs(pdf: Path) -> list[tuple[int, str, float, float, float]]:
    """Every run of text: page, text, its size in points as printed, its height on the page, the page's height."""
    from pypdf import PdfReader

    runs = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, number=number, height=height):
            if not text.strip():
                return
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((number, text.strip(), size * math.sqrt(abs(a * d - b * c)), y, height))

        page.extract_text(visitor_text=visit)
    return runs


def _text(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [_flat(page.extract_text()) for page in PdfReader(pdf).pages]


@pytest.mark.slow
def test_the_printed_pack_is_at_most_six_pages_and_holds_what_a_board_needs(printed):
    language, pdf, _, _ = printed
    pages = _text(pdf)
    assert len(pages) <= MAX_PAGES, f"{language}: {len(pages)} pages"
    everything = " ".join(pages)
    speak = i18n.language(language, LANGUAGES[language])
    for heading in SECTIONS:
        assert _flat(speak.gettext(heading)) in everything, (language, heading)
    since = _flat(speak.gettext("Since %(since)s").split("%(since)s")[0])
    assert since and re.search(re.escape(since) + r"\S", everything), (language, "what moved")
    assert VERDICT in everything, language
    for item in ITEMS:
        assert item in everything, (language, item)
    assert "Print or save as PDF" not in everything and speak.gettext("Print or save as PDF") not in everything


@pytest.mark.slow
def test_no_text_in_the_pack_is_under_ten_points(printed):
    language, pdf, chart, labels = printed
    runs = _runs(pdf)
    assert runs
    body = [(n, t, s) for n, t, s, y, h in runs if FOOT_MM * 72 / 25.4 < y < h - HEAD_MM * 72 / 25.4 and t not in chart]
    small = [(n, t, round(s, 2)) for n, t, s in body if s < 9.95]
    assert not small, f"{language}: text under 10 pt: {small[:8]}"
    # The budget chart's axis labels (quarters, amounts) were drawn for a screen: on paper at least 8.5 pt.
    axis = [(n, t, round(s, 2)) for n, t, s, _, _ in runs if t in labels]
    assert axis and all(s >= 8.5 for _, _, s in axis), f"{language}: chart labels {axis[:8]}"
