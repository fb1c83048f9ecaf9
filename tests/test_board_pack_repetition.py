"""The board pack says each thing once (fast, in memory): the consultant's verdict opens it, escaped, and never
from an internal page in a client build; overlapping tools that do several jobs take one row; the vendors being
phased out are a count and a link, since each is already in a table of the pack or on the vendors page."""

from __future__ import annotations

import re

import pytest

from conftest import REPO_ROOT
from generator.checks.validate import validate_repository
from generator.render.pages import render_pages

PACK = "board-pack.md"


@pytest.fixture(scope="module")
def demo():
    validation = validate_repository(REPO_ROOT / "mkdocs.yml")
    assert validation.ok
    return validation.portal.for_audience("client")


@pytest.fixture(scope="module")
def demo_pages(demo):
    return render_pages(demo)


def _table_after(page: str, anchor: str) -> list[list[str]]:
    """The rows of the first Markdown table after a heading's anchor, cells as written."""
    lines = page.split(anchor, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    table = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        table.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return table


def test_the_pack_opens_with_the_verdict(demo_pages):
    pack = demo_pages[PACK]
    verdict = pack[pack.index('class="ctp-verdict"') :].split("</p>")[0]
    assert "Safer than in May and on plan" in verdict
    assert pack.index('class="ctp-verdict"') < pack.index('class="ctp-glance"')


def test_the_verdict_in_the_pack_is_escaped(make_repo):
    root = make_repo(
        {
            "strategy/index.md": """\
        ---
        verdict: "<script>alert(1)</script> [click](javascript:alert(2)) *fine*"
        ---
        # Strategy
        """
        }
    )
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok, [p.format() for p in validation.problems.errors]
    pack = render_pages(validation.portal.for_audience("client"))[PACK]
    verdict = pack[pack.index('class="ctp-verdict"') :].split("</p>")[0]
    assert "<script>" not in verdict and "&lt;script&gt;" in verdict
    assert "](javascript" not in verdict and r"\[click\]" in verdict


def test_an_internal_verdict_stays_out_of_the_client_pack(make_repo):
    root = make_repo(
        {
            "strategy/index.md": """\
        ---
        visibility: internal
        verdict: The board should know we are about to lose the CFO.
        ---
        # Strategy
        """
        }
    )
    portal = validate_repository(root / "mkdocs.yml").portal
    assert "lose the CFO" not in render_pages(portal.for_audience("client"))[PACK]
    internal = render_pages(portal.for_audience("internal"))[PACK]
    assert "lose the CFO" in internal and "ctp-internal" in internal.split('class="ctp-verdict"', 1)[1].split("</p>")[0]


def test_tools_that_overlap_on_several_jobs_take_one_row(demo_pages):
    pack = demo_pages[PACK]
    assert re.search(r"\n9 jobs are paid for twice", pack)  # the count stays one per job
    rows = _table_after(pack, "{ #overlaps }")
    jobs = [row[0].replace("\\", "") for row in rows]  # as the page reads them (Markdown escapes aside)
    assert "appointment-reminders, patient-messaging" in jobs and "image-management, radiograph-capture" in jobs
    assert len(rows) == 7 and sum(len(j.split(", ")) for j in jobs) == 9
    vendors = [row[1] for row in rows]
    assert len(set(vendors)) == len(vendors), "a pair of tools is printed once"


def test_the_vendors_being_phased_out_are_a_count_and_a_link(demo, demo_pages):
    pack, register = demo_pages[PACK], demo_pages["vendors/index.md"]
    line = next(line for line in pack.splitlines() if line.startswith("**Being phased out:**"))
    assert line.startswith(
        "**Being phased out:** 8 vendors, $25,667 a year once they are gone (named on the [vendors]("
    )
    leaving = [v for v in demo.vendors.values() if v.status == "sunsetting"]
    assert len(leaving) == 8
    for vendor in leaving:  # not listed again in the pack, and still named where the link leads
        assert vendor.id not in line and f"]({vendor.id}.md)" in register, vendor.id
