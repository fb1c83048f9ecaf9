"""Strategy pages' front matter read one way everywhere: every spelling of an internal page either is read
as internal (and nothing of it reaches a client build) or is a located error; files ctoportal would
silently ignore are named; links to what a client may not see are errors; links to items resolve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import run_ctoportal, write_repo


SECRET = "ZEBRAFISH merger talks"
INDEX = "---\ntitle: Strategy\n---\n## Where we are\n\nKeep the clinics open.\n"
BODY = f"# Engagement notes\n\n{SECRET} with the Smile Group.\n"


def _internal(fences: tuple[str, str] = ("---", "---"), newline: str = "\n", before: str = "") -> bytes:
    opening, closing = fences
    lines = [opening, "title: Engagement notes", "visibility: internal", closing, *BODY.split("\n")]
    return (before + newline.join(lines)).encode("utf-8")


# Spellings MkDocs (or a reader) takes for front matter, each with visibility internal.
READ_AS_INTERNAL = {
    "CRLF line endings": _internal(newline="\r\n"),
    "CR line endings": _internal(newline="\r"),
    "byte order mark": b"\xef\xbb\xbf" + _internal(),
    "byte order mark and CRLF": b"\xef\xbb\xbf" + _internal(newline="\r\n"),
    "... as the closing fence": _internal(("---", "...")),
    "spaces and tabs after the fences": _internal(("--- \t", "---  "), newline="\r\n"),
}
# Spellings that are not read as front matter: a located error, and the page is not built.
NOT_READ = {
    "MultiMarkdown lines": (f"Title: Engagement notes\nVisibility: internal\n\n{BODY}".encode(), "2:1"),
    "MultiMarkdown with CRLF": (f"visibility: internal\r\n\r\n{BODY}".encode(), "1:1"),
    "a blank line before ---": (_internal(before="\n"), "2:1"),
    "spaces before ---": (_internal(before="  "), "1:3"),
    "never closed": (_internal(("---", "")).replace(b"\n\n", b"\n", 1), "1:1"),
    "+++ TOML": (_internal(("+++", "+++")).replace(b": ", b" = "), "1:1"),
    "settings in an HTML comment": (f"<!--\nvisibility: internal\n-->\n{BODY}".encode(), "2:1"),
    "a YAML error inside": (_internal().replace(b"title: Engagement notes", b"title: [Engagement"), "3:"),
    "a list, not a mapping": (f"---\n- visibility: internal\n---\n{BODY}".encode(), "2:1"),
}


def client_repo(root: Path, notes: bytes) -> Path:
    write_repo(root, {"strategy/index.md": INDEX})
    (root / "strategy" / "engagement-notes.md").write_bytes(notes)
    return root


def site_text(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix not in (".woff", ".woff2", ".png", ".ico")
    }


@pytest.mark.slow
@pytest.mark.parametrize("spelling", READ_AS_INTERNAL)
def test_an_internal_page_never_reaches_a_client_build_however_its_front_matter_is_written(tmp_path, spelling):
    root = client_repo(tmp_path / "client", READ_AS_INTERNAL[spelling])
    result = run_ctoportal("build", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    files = site_text(root / "site")
    assert "search/search_index.json" in files and "strategy/index.html" in files
    for path, text in files.items():
        for word in ("ZEBRAFISH", "engagement-notes", "Engagement notes", "visibility: internal"):
            assert word not in text, f"{word!r} leaked into {path}"


@pytest.mark.slow
def test_the_same_page_is_built_in_an_internal_build(tmp_path):
    root = client_repo(tmp_path / "client", READ_AS_INTERNAL["CRLF line endings"])
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("today: 2026-11-20", "today: 2026-11-20\n      audience: internal"))
    result = run_ctoportal("build", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (root / "site" / "strategy" / "engagement-notes" / "index.html").read_text(encoding="utf-8")
    assert SECRET in page and "visibility: internal" not in page  # its front matter read, not shown as text


@pytest.mark.slow
@pytest.mark.parametrize("spelling", NOT_READ)
def test_what_looks_like_front_matter_but_is_not_read_is_a_located_error(tmp_path, spelling):
    notes, where = NOT_READ[spelling]
    root = client_repo(tmp_path / "client", notes)
    result = run_ctoportal("build", "-d", "site", cwd=root)
    assert result.returncode == 1
    assert f"strategy/engagement-notes.md:{where}" in result.stderr + result.stdout, result.stderr[-2000:]
    assert "hint:" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


@pytest.mark.parametrize("spelling", ["never closed", "a YAML error inside", "a list, not a mapping"])
def test_a_page_whose_front_matter_cannot_be_read_is_in_no_view_even_when_errors_are_ignored(tmp_path, spelling):
    from generator.model.settings import Audience
    from generator.checks.validate import validate_repository

    root = client_repo(tmp_path / "client", NOT_READ[spelling][0])
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.problems.errors and validation.portal is not None
    for audience in Audience:
        assert [p.path for p in validation.portal.for_audience(audience).pages] == ["strategy/index.md"]


CLIENT_PAGE_CRLF = INDEX.replace("\n", "\r\n").encode()


def test_every_spelling_of_an_internal_or_unreadable_page_is_internal_to_history():
    from generator.sources.front_matter import page_is_internal

    for name, data in [*READ_AS_INTERNAL.items(), *((k, v[0]) for k, v in NOT_READ.items())]:
        assert page_is_internal(data), name
    assert page_is_internal(_internal().replace(b"visibility: internal", b"visibility: Internal"))  # not valid
    assert not page_is_internal(CLIENT_PAGE_CRLF)
    assert not page_is_internal(b"# No front matter\n\nA client page.\n")


# -- files ctoportal would leave out without a word ------------------------------------------------------


@pytest.mark.slow
def test_files_ctoportal_does_not_read_are_named_with_what_to_rename_them_to(tmp_path):
    root = write_repo(
        tmp_path / "client",
        {
            "strategy/index.md": INDEX,
            "strategy/notes.markdown": BODY,
            "strategy/plan.MD": BODY,
            "strategy/sub/vision.Md": BODY,
            "strategy/Goals.YAML": "[]\n",
            "strategy/logo.png": "png",
            "risks/more.YAML": "[]\n",
            "roadmap/q1.Yml": "[]\n",
            "vendors/list.txt": "Datto\n",
            "strategy/.gitkeep": "",
            "risks/.DS_Store": "x",
            "risks/register.yaml~": "[]\n",
        },
    )
    result = run_ctoportal("validate", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    expected = [
        ("strategy/notes.markdown", "pages are read from .md files only", "rename it to strategy/notes.md"),
        ("strategy/plan.MD", "pages are read from .md files only", "rename it to strategy/plan.md"),
        ("strategy/sub/vision.Md", "pages are read from .md files only", "rename it to strategy/sub/vision.md"),
        ("strategy/Goals.YAML", "goals are read from goals.yaml only", "rename it to strategy/goals.yaml"),
        ("strategy/logo.png", "other files are not published", "move it out of strategy/"),
        ("risks/more.YAML", "read from .yaml and .yml files only", "rename it to risks/more.yaml"),
        ("roadmap/q1.Yml", "read from .yaml and .yml files only", "rename it to roadmap/q1.yaml"),
        ("vendors/list.txt", "read from .yaml and .yml files only", "rename it to vendors/list.yaml"),
    ]
    for path, message, hint in expected:
        name = path.rsplit("/", 1)[1]
        assert f"{path}:1:1: warning: ctoportal does not read {name}: " in out, out
        line = out[out.index(f"{path}:1:1:") :].split("\n")
        assert message in line[0] and hint in line[1], line[:2]
    for quiet in (".gitkeep", ".DS_Store", "register.yaml~", "index.md"):
        assert f"{quiet}:1:1" not in out
    assert f"0 error(s), {len(expected)} warning(s)" in out
    assert run_ctoportal("validate", "--strict", cwd=root).returncode == 1


@pytest.mark.slow
def test_a_page_named_like_a_generated_page_is_an_error_not_replaced(tmp_path):
    root = write_repo(
        tmp_path / "client",
        {
            "strategy/index.md": INDEX,
            "strategy/goals.md": f"# Our goals\n\n{SECRET}\n",
            "strategy/notes.md": "# Notes\n",
            "strategy/notes/index.md": "# More notes\n",
            "strategy/README.md": "# Read me\n",
        },
    )
    result = run_ctoportal("build", "-d", "site", cwd=root)
    assert result.returncode == 1
    out = result.stderr
    assert (
        "strategy/goals.md:1:1: error: strategy/goals.md would be published at strategy/goals/, in place of "
        "the page the portal generates there, Goals and KPIs (strategy/goals.md)"
    ) in out, out
    assert "hint: rename it, e.g. to strategy/goals-notes.md" in out
    assert (
        "strategy/notes.md:1:1: error: strategy/notes.md would be published at strategy/notes/, "
        "in place of strategy/notes/index.md"
    ) in out
    assert (
        "strategy/index.md:1:1: error: strategy/index.md would be published at strategy/, in place of "
        "strategy/README.md" in out
    )
    assert not (root / "site").exists()


# -- links written in source Markdown ----------------------------------------------------------------------

LINKED = {
    "risks/register.yaml": """\
        - id: R-001
          title: Backups fail
          category: security
          owner: IT lead
          likelihood: 2
          impact: 4
          description: |
            Mitigated by [tested backups](INI-003.md), see also [the other risk](../risks/R-002.md).
        - id: R-002
          title: Smile Group acquisition
          category: strategic
          owner: CEO
          likelihood: 2
          impact: 5
          visibility: internal
        """,
    "roadmap/initiatives.yaml": """\
        - id: INI-003
          title: Tested backups
          status: planned
          start: 2026-10
          end: 2026-12
          summary: "Answers [the backup risk](R-001.md#top) and [a typo](R-404.md)."
        """,
    "strategy/index.md": "# Strategy\n\nSee [the backup risk](R-001.md), [the notes](notes.md) and [more](../risks/R-001.md).\n",
    "strategy/notes.md": f"---\nvisibility: internal\n---\n# Notes\n\n{SECRET}\n",
}


@pytest.mark.slow
def test_a_client_text_linking_to_something_internal_is_an_error_in_a_client_build(tmp_path):
    root = write_repo(tmp_path / "client", LINKED)
    result = run_ctoportal("build", "-d", "site", cwd=root)
    assert result.returncode == 1
    out = result.stderr
    assert (
        "risks/register.yaml:8:74: error: client-visible risk 'R-001' links to internal risk 'R-002' "
        "('../risks/R-002.md') in its description"
    ) in out, out
    assert (
        "strategy/index.md:3:46: error: client-visible page strategy/index.md links to internal page "
        "strategy/notes.md ('notes.md')"
    ) in out, out
    assert "hint: remove the link, or make risk 'R-002' client-visible" in out
    assert "roadmap/initiatives.yaml:6:12: warning: initiative 'INI-003' links to 'R-404.md', which is no page" in out
    assert not (root / "site").exists()
    assert run_ctoportal("export", "-o", "exports", cwd=root).returncode == 1
    assert not (root / "exports").exists()


@pytest.mark.slow
def test_an_internal_build_keeps_links_to_internal_pages(tmp_path):
    root = write_repo(tmp_path / "client", LINKED)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("today: 2026-11-20", "today: 2026-11-20\n      audience: internal"))
    result = run_ctoportal("build", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    risk = BeautifulSoup((root / "site/risks/R-001/index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a.get_text(): a.get("href") for a in risk.select("article a")}
    assert hrefs["the other risk"] == "../R-002/"
    data = [p for p in (root / "site").rglob("*.json") if "search" not in p.parts]
    assert data and "../risks/R-002.md" in "".join(p.read_text(encoding="utf-8") for p in data)


@pytest.mark.slow
def test_links_to_items_written_as_files_reach_the_item_pages(tmp_path):
    files = {**LINKED, "strategy/index.md": LINKED["strategy/index.md"].replace("[the notes](notes.md)", "notes")}
    files["risks/register.yaml"] = files["risks/register.yaml"].replace(
        ", see also [the other risk](../risks/R-002.md)", ""
    )
    root = write_repo(tmp_path / "client", files)
    result = run_ctoportal("build", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "R-404.md" in result.stderr  # the one link to no page: a warning
    site = root / "site"

    def hrefs(page: str) -> dict[str, str | None]:
        document = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        return {a.get_text(): a.get("href") for a in document.select("article a") if not a.get("class")}

    def reaches(page: str, href: str) -> Path:
        target = (site / page / href.split("#")[0]).resolve()
        return target / "index.html" if target.is_dir() else target

    assert hrefs("risks/R-001")["tested backups"] == "../../roadmap/INI-003/"
    assert hrefs("strategy")["the backup risk"] == hrefs("strategy")["more"] == "../risks/R-001/"
    for page, text in (("risks/R-001", "tested backups"), ("strategy", "the backup risk"), ("strategy", "more")):
        href = hrefs(page)[text]
        assert reaches(page, href).is_file(), (page, href)
    assert hrefs("roadmap/INI-003")["the backup risk"] == "../../risks/R-001/#top"
    assert hrefs("roadmap/INI-003")["a typo"] is None  # to no page: its text kept, no link to a 404
    data = [p for p in site.rglob("*.json") if "search" not in p.parts]
    assert data and json.loads(data[0].read_text(encoding="utf-8"))["risks"]
    for path in site.rglob("*.json"):
        assert "R-002" not in path.read_text(encoding="utf-8") and "notes.md" not in path.read_text(encoding="utf-8")


@pytest.mark.slow
def test_links_to_items_reach_their_pages_without_directory_urls(tmp_path):
    files = {**LINKED, "strategy/index.md": "# Strategy\n\nSee [the backup risk](R-001.md).\n"}
    files["risks/register.yaml"] = files["risks/register.yaml"].replace(
        ", see also [the other risk](../risks/R-002.md)", ""
    )
    root = write_repo(tmp_path / "client", files)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text("use_directory_urls: false\n" + config)
    result = run_ctoportal("build", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    for page, text in (
        ("risks/R-001.html", "tested backups"),
        ("roadmap/INI-003.html", "the backup risk"),
        ("strategy/index.html", "the backup risk"),
    ):
        document = BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")
        href = next(a.get("href") for a in document.select("article a") if a.get_text() == text)
        assert (root / "site" / page).parent.joinpath(href.split("#")[0]).resolve().is_file(), (page, href)
