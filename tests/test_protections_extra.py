"""Protections that no other test would miss if they were removed (found by scripts/check_protections.py):
hostile Markdown in strategy pages, references to internal items, history in git, an inline script
nobody wrote, a build that fails halfway, the date of a build without a fixed today, mermaid written by hand."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_MKDOCS, run_mkdocs
from gitrepos import commit, edit, git, init_client


def whole_page(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


# -- Markdown written in a strategy page ------------------------------------------------------------

HOSTILE_PAGE = """\
    ---
    title: Plan
    ---
    # Plan

    Raw <b>bold</b> and <script>alert(1)</script> and <img src=x onerror=alert(2)> stay text.

    [js](javascript:alert(3)) [mixed](JaVaScRiPt:alert(4)) [entity](&#106;avascript:alert(5))
    [tab](java&#x09;script:alert(6)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)
    [vb](vbscript:msgbox(8)) [web](https://example.com/) [mail](mailto:dana@example.com)

    ![remote](https://evil.example/pixel.png) ![scheme-relative](//evil.example/pixel.png)

    Click me
    {: onclick="alert(9)" onmouseover="alert(10)" style="background:url(https://evil.example/x.png)" }
    """


@pytest.mark.slow
def test_strategy_page_markdown_cannot_carry_script(make_repo):
    root = make_repo({"strategy/index.md": HOSTILE_PAGE})
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    article = whole_page(root / "site", "strategy").select_one("article")
    text = article.get_text(" ")
    assert "Raw <b>bold</b> and <script>alert(1)</script> and <img src=x onerror=alert(2)> stay text." in text
    assert article.select("script, b, iframe") == []
    hrefs = {a.get_text(): a.get("href") for a in article.select("a") if a.get_text() not in ("", "¶")}
    assert hrefs == {
        "js": None,
        "mixed": None,
        "entity": None,
        "tab": None,
        "data": None,
        "vb": None,
        "web": "https://example.com/",
        "mail": "mailto:dana@example.com",
    }
    assert [img.get("src") for img in article.select("img")] == [None, None]  # shown without a source
    attributes = {name for tag in article.find_all(True) for name in tag.attrs}
    assert not [a for a in attributes if a.startswith("on") or a == "style"], attributes


# -- references to internal items ------------------------------------------------------------------

REFERENCES = {
    "strategy/goals.yaml": """\
        - id: uptime
          title: Stay open
        - id: hushgoal
          title: Hush goal
          visibility: internal
        """,
    "roadmap/initiatives.yaml": """\
        - id: backup
          title: Tested backups
          status: planned
          start: 2026-10
          end: 2026-12
          goals: [uptime, hushgoal]
          depends_on: [hushplan]
          mitigates: [R-001, R-099]
          vendors: [datto, hushvendor]
        - id: hushplan
          title: Hush plan
          status: planned
          start: 2026-10
          end: 2026-11
          visibility: internal
        """,
    "risks/register.yaml": """\
        - id: R-001
          title: Backups fail
          category: operational
          owner: IT lead
          likelihood: 3
          impact: 4
          mitigations: [backup, hushplan]
          vendors: [datto, hushvendor]
        - id: R-099
          title: Hush risk
          category: operational
          owner: IT lead
          likelihood: 2
          impact: 2
          visibility: internal
        """,
    "vendors/vendors.yaml": """\
        - id: datto
          name: Datto
          category: Backup
          status: sunsetting
          integrations: [hushvendor]
          risks: [R-099]
          replaced_by: hushvendor
        - id: hushvendor
          name: Hush vendor
          category: Backup
          visibility: internal
        """,
}


def _texts(download) -> list[str]:
    """A downloadable file's text; a workbook's (a zip of XML files) member by member."""
    if download.content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
            return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return [download.content.decode("utf-8", "replace")]


def test_no_reference_to_an_internal_item_reaches_a_client_page(make_repo):
    """Every file of a client build: pages, navigation and downloads (data.json lists each item's references)."""
    from generator.render.site import generate
    from generator.checks.validate import validate_repository

    validation = validate_repository(make_repo(REFERENCES) / "mkdocs.yml")
    assert validation.ok, [p.format() for p in validation.problems.errors]
    site = generate(validation.portal)
    outputs = [(path, text.replace("\\", "")) for path, text in site.pages.items()]
    outputs += [(d.path, text) for d in site.downloads for text in _texts(d)]
    outputs.append(("navigation", repr(site.nav)))
    for path, text in outputs:
        assert "hush" not in text.lower() and "R-099" not in text, f"an internal item is named in {path}"


# -- history from git -------------------------------------------------------------------------------

HOSTILE_MESSAGE = "EHR *later*: <b>vendor</b> [delay](javascript:alert(1)) | 2 # x"


@pytest.fixture(scope="module")
def history_site(tmp_path_factory) -> Path:
    repo = init_client(tmp_path_factory.mktemp("history") / "client")
    # A risk internal from the start, re-titled while internal, then shown under a new title.
    commit(
        repo,
        "Add a risk",
        {
            "risks/later.yaml": """\
        - id: R-060
          title: Acquisition by Smile Group
          category: strategic
          owner: CEO
          likelihood: 2
          impact: 5
          visibility: internal
        """
        },
    )
    edit(repo, "risks/later.yaml", "Smile Group", "Smile Group, talks advanced")
    git(repo, "commit", "-qam", "Update a risk")
    edit(repo, "risks/later.yaml", "Acquisition by Smile Group, talks advanced", "Ownership change")
    edit(repo, "risks/later.yaml", "visibility: internal", "visibility: client")
    git(repo, "commit", "-qam", "Show a risk")
    # One commit changing an internal strategy page and a client risk: its message is about the page.
    edit(repo, "risks/register.yaml", "title: Backups fail", "title: Backups fail often")
    commit(
        repo,
        "Smile Group due diligence notes",
        {
            "strategy/notes.md": """\
        ---
        visibility: internal
        ---
        # Notes
        """
        },
    )
    # One commit changing a vendor that is internal now (it was not then) and a client initiative.
    edit(repo, "vendors/vendors.yaml", "amount: 1000", "amount: 900")
    edit(repo, "roadmap/initiatives.yaml", "owner: Jordan", "owner: Sam")
    git(repo, "commit", "-qam", "Datto discount from the Smile Group deal")
    edit(repo, "vendors/vendors.yaml", "  category: Backup\n", "  category: Backup\n  visibility: internal\n")
    git(repo, "commit", "-qam", "Hide Datto")
    # A message full of Markdown and HTML, on a commit changing only a client item.
    edit(repo, "roadmap/initiatives.yaml", "end: 2027-06", "end: 2027-09")
    git(repo, "commit", "-qam", HOSTILE_MESSAGE)
    result = run_mkdocs("build", "-d", "site", cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    return repo / "site"


def history(site: Path, page: str) -> list[tuple[str | None, list[str]]]:
    """(message or None when withheld, details) of each history entry, newest first."""
    heading = whole_page(site, page).select_one("article").find(id="history")
    assert heading is not None, f"no history on {page}"
    entries = []
    for li in heading.find_next_sibling("ul").find_all("li", recursive=False):
        em = li.find("em", recursive=False)
        entries.append((em.get_text() if em else None, [d.get_text(" ", strip=True) for d in li.select("ul > li")]))
    return entries


@pytest.mark.slow
def test_history_keeps_internal_material_out(history_site):
    # Datto is internal now, so every commit that changed it withholds its message: the first one too.
    assert history(history_site, "risks/R-060") == [(None, ["now shown in the portal"])]
    assert history(history_site, "risks/R-001") == [(None, ["title reworded"]), (None, ["added to the portal"])]
    assert history(history_site, "roadmap/backup") == [(None, ["owner: Jordan → Sam"]), (None, ["added to the portal"])]
    whole_site = " ".join(p.read_text(encoding="utf-8") for p in history_site.rglob("*.html"))
    assert "Smile" not in whole_site and "Acquisition" not in whole_site


@pytest.mark.slow
def test_commit_messages_show_as_written(history_site):
    # A client build shows no commit message (tests/test_history_privacy.py: an internal build does).
    assert history(history_site, "roadmap/ehr")[0] == (None, ["end: 2027-06 → 2027-09"])
    article = whole_page(history_site, "roadmap/ehr").select_one("article")
    assert not [a for a in article.select("a[href]") if "javascript" in a["href"].lower()]


# -- an inline script that neither the theme nor mermaid2 wrote -----------------------------------------

OFFSITE = "https://evil.example"
INJECTING_THEME = f"""{{% extends "base.html" %}}
{{% block extrahead %}}<script>window.ctpInjected = true</script><base href="{OFFSITE}/">
<link rel="stylesheet" href="{OFFSITE}/x.css"><script src="{OFFSITE}/x.js"></script>
<style>@font-face {{ font-family: ctp-x; src: url({OFFSITE}/x.woff2) }} h1 {{ font-family: ctp-x }}</style>{{% endblock %}}
{{% block content %}}{{{{ super() }}}}<img src="{OFFSITE}/x.png"><iframe src="{OFFSITE}/"></iframe>
<object data="{OFFSITE}/y.png" type="image/png"></object><embed src="{OFFSITE}/z.png" type="image/png">{{% endblock %}}
"""


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory) -> tuple[Path, str]:
    """A portal whose theme override (a file outside ctoportal's sources) adds an inline script."""
    from conftest import write_repo

    config = MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    root = write_repo(
        tmp_path_factory.mktemp("inject") / "client", {"overrides/main.html": INJECTING_THEME}, mkdocs_yml=config
    )
    result = run_mkdocs("build", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    return root, result.stderr


@pytest.mark.slow
def test_an_unknown_inline_script_is_reported_and_fails_a_strict_build(injected_site):
    root, log = injected_site
    assert (
        "WARNING -  an inline script that neither the theme nor mermaid2 wrote, blocked by the "
        "Content-Security-Policy: index.html: 'window.ctpInjected = true'"
    ) in log
    policy = whole_page(root / "site", "").select_one('meta[http-equiv="Content-Security-Policy"]')
    assert policy is not None and "script-src 'self' 'sha256-" in policy["content"]
    strict = run_mkdocs("build", "--strict", "-d", "strict-site", cwd=root)
    assert strict.returncode == 1 and not (root / "strict-site").exists()


@pytest.mark.browser
def test_injected_script_and_offsite_resources_are_blocked_by_the_policy(injected_site, serve_dir, page_watch):
    """What slipped into a page through the theme still cannot run a script or make the browser ask
    another host for anything (page_watch records any request that leaves loopback)."""
    root, _ = injected_site
    base = serve_dir(root / "site")
    page_watch.goto(base)
    page_watch.wait_for_load_state("networkidle")
    assert page_watch.evaluate("window.ctpInjected") is None
    assert page_watch.locator("article h1").inner_text() != ""
    assert page_watch.external_requests == []
    assert page_watch.evaluate("document.baseURI") == base  # so the site's own links still lead into the site
    assert page_watch.console_errors and all("Content Security Policy" in e for e in page_watch.console_errors)


# -- a build that fails halfway ----------------------------------------------------------------------


@pytest.mark.slow
def test_a_build_error_keeps_the_previous_site_and_leaves_no_folder_behind(make_repo):
    config = MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    root = make_repo({"overrides/main.html": '{% extends "base.html" %}\n'}, mkdocs_yml=config)
    for _ in range(2):  # the second build replaces the first
        assert run_mkdocs("build", "-d", "site", cwd=root).returncode == 0
        # Right after it, not only at the next build (which clears what a dead build left): no copy of
        # the replaced site stays beside it.
        assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == []
    before = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    # A theme template that fails while the pages are written: after the plugin staged the build.
    (root / "overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{{ no_such_thing.attribute }}{% endblock %}\n'
    )
    result = run_mkdocs("build", "-d", "site", cwd=root)
    assert result.returncode != 0 and "no_such_thing" in result.stderr
    after = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == []


# -- the build's date -------------------------------------------------------------------------------


def test_without_a_fixed_today_the_portal_is_as_of_source_date_epoch(make_repo, monkeypatch):
    from generator.render.pages import render_pages
    from generator.checks.validate import validate_repository

    root = make_repo({}, mkdocs_yml=MINIMAL_MKDOCS.replace("      today: 2026-11-20\n", ""))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21 UTC
    pages = render_pages(validate_repository(root / "mkdocs.yml").portal)
    assert "as of Sep 21, 2026" in pages["index.md"]


# -- mermaid written by hand in a strategy page ----------------------------------------------------

CLICKABLE_DIAGRAM = """\
    # Plan

    ```mermaid
    %%{init: {"securityLevel": "loose"}}%%
    flowchart LR
      a[Call] --> b[Link]
      click a call alert("call")
      click b href "javascript:alert('href')"
    ```
    """


@pytest.mark.browser
def test_hand_written_mermaid_cannot_run_script(make_repo, serve_dir, page_watch, monkeypatch):
    """mermaid's strict security level (the default, which mkdocs-material's own initialisation keeps and no
    diagram directive can change) ignores click callbacks and script links."""
    monkeypatch.setenv("CTOPORTAL_DIAGRAMS", "browser")  # drawn in the browser (docs/diagrams.md)
    root = make_repo({"strategy/index.md": CLICKABLE_DIAGRAM})
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    dialogs = []
    page_watch.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page_watch.goto(serve_dir(root / "site") + "strategy/")
    page_watch.wait_for_selector("div.mermaid svg", timeout=15_000)
    for name in ("Call", "Link"):
        page_watch.locator("div.mermaid .node", has_text=name).click()
    page_watch.wait_for_load_state("networkidle")
    assert dialogs == [] and page_watch.url.endswith("/strategy/")
    assert page_watch.console_errors == []
