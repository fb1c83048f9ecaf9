"""The demo portal built for real: the facts a reader looks for, links both ways, nothing internal."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO_ROOT, run_ctoportal, run_mkdocs
from generator.facts.formatting import money
from generator.model import VendorStatus
from generator.checks.validate import validate_repository


@pytest.fixture(scope="session")
def demo_portal():
    validation = validate_repository(REPO_ROOT / "mkdocs.yml")
    assert validation.ok and not validation.problems.warnings, [p.format() for p in validation.problems.sorted()]
    return validation.portal


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / page / "index.html" if not page.endswith(".html") else site / page).read_text(encoding="utf-8"),
        "html.parser",
    )


def article(site: Path, page: str) -> BeautifulSoup:
    return soup(site, page).select_one("article")


def resolve(site: Path, page: str, href: str) -> Path:
    target = (site / page / href).resolve()
    return target / "index.html" if target.is_dir() or not target.suffix else target


def test_demo_is_valid_with_no_warnings(demo_portal):
    assert len(demo_portal.initiatives) >= 15 and len(demo_portal.risks) >= 20 and len(demo_portal.vendors) >= 25
    assert len(demo_portal.goals) == 4


@pytest.mark.slow
def test_every_page_exists(demo_site, demo_portal):
    for page in ["", "strategy", "strategy/goals", "strategy/90-day-plan", "roadmap", "risks", "vendors"]:
        assert (demo_site / page / "index.html").is_file(), page
    view = demo_portal.for_audience("client")
    for folder, kind in (("roadmap", "initiative"), ("risks", "risk"), ("vendors", "vendor")):
        for item_id in view.of_kind(kind):
            assert (demo_site / folder / item_id / "index.html").is_file(), (folder, item_id)


@pytest.mark.slow
def test_risk_page_shows_score_and_links_to_its_mitigations_and_back(demo_site, demo_portal):
    risk = demo_portal.risks["R-001"]
    page = article(demo_site, "risks/R-001")
    assert page.h1.get_text(strip=True) == f"R-001: {risk.title}"
    facts = page.get_text(" ", strip=True)
    assert f"{risk.likelihood} × {risk.impact} = {risk.score}" in facts
    mitigation_links = {a["href"] for a in page.select("h2#what-we-are-doing-about-it ~ table a")}
    expected = {f"../../roadmap/{i.id}/" for i in demo_portal.mitigations_of(risk)}
    assert mitigation_links == expected
    for href in mitigation_links:  # ... and every initiative links back to the risk
        target = resolve(demo_site, "risks/R-001", href)
        back = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").select("article a")
        assert any(a.get("href") == "../../risks/R-001/" for a in back), target


@pytest.mark.slow
def test_vendor_page_lists_risks_and_initiatives_naming_it(demo_site, demo_portal):
    vendor = next(
        v
        for v in demo_portal.vendors.values()
        if demo_portal.risks_naming(v) and demo_portal.initiatives_using(v) and not v.internal
    )
    page = article(demo_site, f"vendors/{vendor.id}")
    hrefs = {a["href"] for a in page.select("a")}
    for risk in demo_portal.risks_naming(vendor):
        if not risk.internal:
            assert f"../../risks/{risk.id}/" in hrefs
    for initiative in demo_portal.initiatives_using(vendor):
        assert f"../../roadmap/{initiative.id}/" in hrefs


@pytest.mark.slow
def test_every_internal_link_resolves(demo_site):
    for html in demo_site.rglob("*.html"):
        for a in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select("article a[href]"):
            href = a["href"]
            if href.startswith(("http:", "https:", "mailto:", "#")):
                continue
            target = (html.parent / href.split("#")[0]).resolve()
            assert target.exists(), f"{html.relative_to(demo_site)} -> {href}"


@pytest.mark.slow
def test_overview_shows_spend_renewals_and_risks_above_appetite(demo_site, demo_portal):
    view = demo_portal.for_audience("client")
    page = article(demo_site, "")
    text = page.get_text(" ", strip=True)
    # the vendors paid today (figures.annual_vendor_spend): not retired, not still being evaluated
    spend = sum(
        view.annual_cost(v) for v in view.vendors.values() if v.status in (VendorStatus.ACTIVE, VendorStatus.SUNSETTING)
    )
    assert f"{money(spend, 'USD')} annual vendor spend" in text
    above = [r for r in view.risks.values() if not r.is_closed and r.score > 12]
    assert f"{len(above)} risks above appetite (12)" in text
    top = page.select_one("h2#top-risks-above-appetite ~ div table")
    assert {a.get_text(strip=True).split(" ")[0] for a in top.select("tbody tr td:first-child a")} == {
        r.id for r in above
    }
    decisions = page.select_one("h2#contract-decisions-in-the-next-90-days ~ details table")
    names = [a.get_text(strip=True) for a in decisions.select("tbody td:first-child a")]
    assert "Dentrix G7 (Henry Schein One)" in names  # notice by Dec 31, though the contract ends in February
    assert f"{len(names)} contract decisions in the next 90 days" in text
    # The board pack counts the same contracts: a board member never sees two numbers for one fact.
    pack = article(demo_site, "board-pack").select_one("h3#contract-decisions ~ table")
    assert len(pack.select("tbody tr")) == len(names)


@pytest.mark.slow
def test_vendor_table_has_annual_cost_and_notice_deadline(demo_site, demo_portal):
    vendor = demo_portal.vendors["dentrix"]
    rows = article(demo_site, "vendors").select("table tbody tr")
    row = next(r for r in rows if r.select_one("a") and r.select_one("a")["href"] == "dentrix/")
    cells = [c.get_text(" ", strip=True) for c in row.select("td")]
    assert money(vendor.cost.annual, "USD") in cells
    deadline = demo_portal.notice_deadline(vendor)
    assert f"{deadline:%b} {deadline.day}, {deadline.year}" in cells


@pytest.mark.slow
def test_internal_items_never_reach_a_client_build(demo_site, demo_portal):
    secrets = [
        demo_portal.risks["R-020"].title,
        demo_portal.vendors["summit-msp"].name,
        "engagement-notes",
        "summit-msp",
        "R-020",
    ]
    for path in demo_site.rglob("*"):
        if (
            path.is_file()
            and path.suffix in (".html", ".json", ".xml", ".js", ".csv", ".ics", ".xlsx")
            and "assets" not in path.parts
        ):
            if path.suffix == ".xlsx":  # a zip of XML parts
                with zipfile.ZipFile(path) as archive:
                    text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
            else:
                text = path.read_text(encoding="utf-8", errors="replace")
            for secret in secrets:
                assert secret not in text, f"{secret!r} leaked into {path.relative_to(demo_site)}"
    assert not (demo_site / "strategy" / "engagement-notes").exists()


@pytest.mark.slow
def test_internal_audience_shows_everything(demo_copy, tmp_path):
    root = tmp_path / "internal"
    shutil.copytree(demo_copy, root, ignore=shutil.ignore_patterns("site"))
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("      today: 2026-11-20", "      today: 2026-11-20\n      audience: internal")
    )
    result = run_ctoportal("build", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (root / "site" / "risks" / "R-020" / "index.html").is_file()
    assert (root / "site" / "strategy" / "engagement-notes" / "index.html").is_file()


@pytest.mark.slow
def test_source_text_is_escaped_in_pages(make_repo, tmp_path):
    root = make_repo(
        {
            "risks/register.yaml": """\
        - id: R-001
          title: "<script>alert(1)</script> [click](javascript:alert(2)) *bold* | pipe"
          category: security
          owner: "<img src=x onerror=alert(3)> AT&amp;T | Ops\\nteam"
          likelihood: 2
          impact: 2
          description: |
            Hello <iframe src="https://evil.example"></iframe> [x](JaVaScRiPt:alert(4))
            [y](&#106;avascript:alert(5)) [z](data:text/html;base64,PHNjcmlwdD4=) [w](vbscript:msgbox(6))
        """
        }
    )
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    html = (root / "site" / "risks" / "R-001" / "index.html").read_text(encoding="utf-8")
    document = BeautifulSoup(html, "html.parser")
    page = document.select_one("article")
    assert page.select("script") == [] and page.select("img") == [] and page.select("iframe") == []
    assert not any(a.get("href", "").lower().startswith("javascript") for a in page.select("a"))
    assert "<script>alert(1)</script> [click](javascript:alert(2)) *bold* | pipe" in page.h1.get_text()
    # The theme writes titles into <title>, the header and the navigation as HTML: the whole page is checked.
    assert not [s for s in document.select("script") if "alert" in s.get_text()]
    assert document.select("[onerror], iframe") == []
    # Shown exactly as written: entities stay text, a pipe splits no cell, a newline breaks no table.
    owner = next(row.select("td")[1] for row in page.select("tr") if row.td and row.td.get_text() == "Owner")
    assert owner.get_text() == "<img src=x onerror=alert(3)> AT&amp;T | Ops team"
    assert 'Hello <iframe src="https://evil.example"></iframe>' in page.get_text()
    links = {a.get_text(): a.get("href") for a in page.select("a") if a.get_text() in ("x", "y", "z", "w")}
    assert links == {"x": None, "y": None, "z": None, "w": None}


def _valid_repo(make_repo) -> Path:
    return make_repo(
        {
            "risks/register.yaml": """\
        - id: R-001
          title: Ransomware
          category: security
          owner: COO
          likelihood: 2
          impact: 2
        """
        }
    )


@pytest.mark.slow
@pytest.mark.parametrize("builder", ["ctoportal", "mkdocs"])
def test_failed_build_leaves_the_previous_site(make_repo, builder):
    root = _valid_repo(make_repo)
    build = (
        (lambda: run_ctoportal("build", "-d", "site", cwd=root))
        if builder == "ctoportal"
        else (lambda: run_mkdocs("build", "-d", "site", cwd=root))
    )
    assert build().returncode == 0
    before = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "risks" / "register.yaml").write_text("- id: R-001\n  title: Ransomware\n  likelihood: 9\n")
    result = build()
    assert result.returncode != 0
    assert "risks/register.yaml:3:15: error: likelihood must be 1-5, got 9" in result.stderr
    assert "Traceback" not in result.stderr
    after = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


@pytest.mark.slow
def test_strict_build_fails_on_warnings(make_repo):
    root = make_repo(
        {
            "risks/register.yaml": """\
        - id: R-001
          title: Ransomware
          category: security
          owner: COO
          likelihood: 5
          impact: 5
        """
        }
    )
    assert run_ctoportal("build", "-d", "site", cwd=root).returncode == 0
    result = run_ctoportal("build", "--strict", "-d", "site2", cwd=root)
    assert result.returncode == 1
    assert "warning: risk R-001 scores 25, above the appetite of 12" in result.stderr
    assert not (root / "site2").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []  # nor its staging folder


@pytest.mark.slow
def test_schema_accepts_the_demo_sources(tmp_path):
    import jsonschema
    from ruamel.yaml import YAML

    run_ctoportal("schema", "-o", str(tmp_path), cwd=REPO_ROOT)
    yaml = YAML(typ="safe")
    for schema_name, pattern in (
        ("initiative", "roadmap/*.yaml"),
        ("risk", "risks/*.yaml"),
        ("vendor", "vendors/*.yaml"),
        ("goals", "strategy/goals.yaml"),
    ):
        schema = json.loads((tmp_path / f"{schema_name}.schema.json").read_text())
        for path in REPO_ROOT.glob(pattern):
            data = json.loads(json.dumps(yaml.load(path), default=str))
            jsonschema.validate(data, schema)
    bad = {"id": "R-1", "title": "x", "category": "secrity", "owner": "o", "likelihood": 9, "impact": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json.loads((tmp_path / "risk.schema.json").read_text()))


@pytest.mark.slow
def test_no_escape_backslashes_show_on_any_page(demo_site):
    import re

    for html in demo_site.rglob("*.html"):
        doc = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        text = " ".join(el.get_text(" ") for el in doc.select("article, nav, header"))
        stray = re.findall(r"\\[-.()\[\]*_#+!|~{}]", text)
        assert stray == [], f"{html.relative_to(demo_site)}: {stray[:5]}"
    assert "ctp-tile-alert" in (demo_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_status_class_on_a_page_has_a_colour(demo_site):
    """A badge whose class the stylesheet does not define shows no colour (it happened to "at risk")."""
    import re

    css = (REPO_ROOT / "generator" / "output" / "assets" / "ctoportal.css").read_text(encoding="utf-8")
    defined = set(re.findall(r"\.(ctp-(?:trend|level|status)-[a-z0-9-]+)", css))
    from generator.render.environment import _css_token

    for trend in ("improving", "at risk", "no plan", "done"):
        assert f"ctp-trend-{_css_token(trend)}" in defined, trend
    used = {
        c
        for path in demo_site.rglob("*.html")
        for c in re.findall(r'class="[^"]*?\b(ctp-trend-[a-z0-9-]+)', path.read_text(encoding="utf-8"))
    }
    assert used and used <= defined
