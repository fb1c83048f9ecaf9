"""The internal overlay: internal items and pages kept in a folder beside the client repository (never in
its git), merged at build time when present. Built for real, from real git repositories."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_MKDOCS, run_ctoportal
from gitrepos import CLIENT_FILES, commit, edit, git, init_client

pytestmark = pytest.mark.slow  # builds sites, drives git or takes seconds: outside the fast tier (README)

SETTING = "      today: 2026-11-20\n      internal_overlay: ../client-internal\n"
CLIENT_MKDOCS = MINIMAL_MKDOCS.replace("      today: 2026-11-20\n", SETTING)
INTERNAL_MKDOCS = CLIENT_MKDOCS.replace(SETTING, SETTING + "      audience: internal\n")
EPOCH = {"SOURCE_DATE_EPOCH": "1790000000", "CTOPORTAL_INTERNAL_OVERLAY": ""}

OVERLAY_FILES = {
    "risks/secret.yaml": """\
        - id: R-050
          title: Acquisition talks with Smile Group
          category: strategic
          owner: CEO
          likelihood: 2
          impact: 5
          mitigations: [backup]
        """,
    "roadmap/quiet.yaml": """\
        - id: smile-due-diligence
          title: Due diligence for Smile Group
          status: planned
          start: 2027-01
          end: 2027-03
          depends_on: [backup]
        """,
    "strategy/exit.md": """\
        ---
        title: Exit options
        ---
        # Exit options

        Smile Group offered 4x revenue.
        """,
}


def write_overlay(folder: Path, files: dict[str, str] = OVERLAY_FILES) -> Path:
    for relpath, text in files.items():
        path = folder / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def client(tmp_path):
    """A client repository whose history once held R-050 as a client item, moved to the overlay since
    (in the same commit as a client change), and whose EHR initiative mitigates the overlay's R-050."""
    files = dict(CLIENT_FILES)
    files["risks/acquisition.yaml"] = OVERLAY_FILES["risks/secret.yaml"].replace("Smile Group", "a buyer")
    repo = init_client(tmp_path / "client", files)
    (repo / "mkdocs.yml").write_text(CLIENT_MKDOCS, encoding="utf-8")
    git(repo, "commit", "-qam", "Use the internal overlay")
    edit(repo, "risks/register.yaml", "likelihood: 3", "likelihood: 4")
    git(repo, "rm", "-q", "risks/acquisition.yaml")
    git(repo, "commit", "-qam", "Re-score backups; the acquisition risk goes to the overlay")
    commit(
        repo,
        "EHR also reduces the acquisition risk",
        {
            "roadmap/initiatives.yaml": textwrap.dedent(CLIENT_FILES["roadmap/initiatives.yaml"]).replace(
                "depends_on: [backup]\n", "depends_on: [backup]\n  mitigates: [R-050]\n"
            )
        },
    )
    write_overlay(tmp_path / "client-internal")
    return repo


def build(repo: Path, *args: str, env: dict[str, str] | None = None) -> Path:
    result = run_ctoportal("build", "-d", "site", *args, cwd=repo, env={**EPOCH, **(env or {})})
    assert result.returncode == 0, result.stderr[-3000:]
    return repo / "site"


def digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def site_text(site: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(site.rglob("*")) if p.is_file())


def test_client_build_is_byte_identical_with_or_without_the_overlay(client):
    with_overlay = digest(build(client, "--since", "HEAD~3"))
    assert "Smile Group" not in site_text(client / "site")
    shutil.move(client.parent / "client-internal", client.parent / "elsewhere")
    result = run_ctoportal("build", "-d", "site", "--since", "HEAD~3", cwd=client, env=EPOCH)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "internal overlay ../client-internal not found: building without it" in result.stderr
    assert digest(client / "site") == with_overlay


def test_internal_build_includes_the_overlay(client):
    (client / "mkdocs.yml").write_text(INTERNAL_MKDOCS, encoding="utf-8")
    site = build(client)
    risk = (site / "risks" / "R-050" / "index.html").read_text(encoding="utf-8")
    assert "Acquisition talks with Smile Group" in risk
    assert "Smile Group offered 4x revenue." in (site / "strategy" / "exit" / "index.html").read_text(encoding="utf-8")
    assert "Due diligence for Smile Group" in (site / "roadmap" / "smile-due-diligence" / "index.html").read_text()
    # The client item's reference to the overlay item is kept for the internal audience.
    assert "R-050" in (site / "roadmap" / "ehr" / "index.html").read_text(encoding="utf-8")


def test_internal_what_changed_compares_the_repository_only(client):
    (client / "mkdocs.yml").write_text(INTERNAL_MKDOCS, encoding="utf-8")
    html = (build(client, "--since", "HEAD~2") / "changes" / "index.html").read_text(encoding="utf-8")
    changes = BeautifulSoup(html, "html.parser").select_one("article").get_text(" ", strip=True)
    assert "Backups fail" in changes  # re-scored in the repository since HEAD~2
    assert "Due diligence for Smile Group" not in changes  # the overlay is not in git: nothing was "added"
    assert "smile-due-diligence" not in changes


def test_internal_build_without_the_overlay_fails(client):
    (client / "mkdocs.yml").write_text(INTERNAL_MKDOCS, encoding="utf-8")
    shutil.rmtree(client.parent / "client-internal")
    result = run_ctoportal("validate", cwd=client, env=EPOCH)
    assert result.returncode == 1
    assert "../client-internal:1:1: error: the internal overlay folder" in result.stdout
    assert "an internal build without it would leave out the internal material" in result.stdout
    assert run_ctoportal("build", "-d", "site", cwd=client, env=EPOCH).returncode == 1
    assert not (client / "site").exists()


def test_client_references_to_the_absent_overlay_are_dropped_not_errors(client):
    shutil.rmtree(client.parent / "client-internal")
    result = run_ctoportal("validate", "--strict", cwd=client, env=EPOCH)
    assert result.returncode == 0, result.stdout
    assert (
        "1 reference(s) to ids not in this repository dropped, taken to be in the internal overlay: risk R-050"
        in result.stderr
    )
    # Without an overlay configured, the same reference is the usual error.
    (client / "mkdocs.yml").write_text(MINIMAL_MKDOCS, encoding="utf-8")
    result = run_ctoportal("validate", cwd=client, env=EPOCH)
    assert "error: mitigates refers to unknown risk 'R-050'" in result.stdout


def test_overlay_problems_name_the_overlay_file(client):
    write_overlay(
        client.parent / "client-internal",
        {
            "risks/bad.yaml": """\
            - id: R-051
              title: Board member conflict
              category: strategic
              owner: CEO
              likelihood: 9
              impact: 2
            - id: R-001
              title: Same id as a client risk
              category: operational
              owner: CEO
              likelihood: 1
              impact: 1
            - id: R-052
              title: Says it is for the client
              category: operational
              owner: CEO
              likelihood: 1
              impact: 1
              visibility: client
            """,
            "strategy/index.md": "# Another strategy\n",
        },
    )
    result = run_ctoportal("validate", cwd=client, env=EPOCH)
    assert result.returncode == 1
    out = result.stdout
    assert "../client-internal/risks/bad.yaml:5:15: error: likelihood must be 1-5, got 9" in out
    assert (
        "../client-internal/risks/bad.yaml:7:7: error: duplicate risk id 'R-001', first defined at "
        "risks/register.yaml:2:7" in out
    )
    assert (
        "../client-internal/risks/bad.yaml:19:15: error: risk 'R-052' is in the internal overlay but says "
        "visibility: client" in out
    )
    assert (
        "../client-internal/strategy/index.md:1:1: error: page ../client-internal/strategy/index.md in the "
        "internal overlay has the same name as strategy/index.md" in out
    )


def test_overlay_page_saying_client_is_an_error(client):
    write_overlay(
        client.parent / "client-internal", {"strategy/exit.md": "---\ntitle: Exit\nvisibility: client\n---\n# Exit\n"}
    )
    result = run_ctoportal("validate", cwd=client, env=EPOCH)
    assert (
        "../client-internal/strategy/exit.md:3:1: error: page ../client-internal/strategy/exit.md is in the "
        "internal overlay but says visibility: client" in result.stdout
    )


def test_environment_variable_overrides_the_setting(client, tmp_path):
    (client / "mkdocs.yml").write_text(INTERNAL_MKDOCS, encoding="utf-8")
    moved = tmp_path / "consultant" / "brightside"
    shutil.move(client.parent / "client-internal", moved)
    site = build(client, env={"CTOPORTAL_INTERNAL_OVERLAY": str(moved)})
    assert "Smile Group" in (site / "risks" / "R-050" / "index.html").read_text(encoding="utf-8")


def test_overlay_inside_the_client_repository_is_refused(client):
    shutil.move(client.parent / "client-internal", client / "internal")
    result = run_ctoportal("validate", cwd=client, env={**EPOCH, "CTOPORTAL_INTERNAL_OVERLAY": "internal"})
    assert result.returncode == 1
    assert "internal:1:1: error: the internal overlay" in result.stdout
    assert "is inside the client repository" in result.stdout


def test_diff_reads_the_repository_alone(client):
    env = {**EPOCH, "CTOPORTAL_INTERNAL_OVERLAY": str(client.parent / "client-internal")}
    # HEAD~3 still held R-050 in the repository: read with the overlay, it would be a duplicate id.
    result = run_ctoportal("diff", "HEAD~3", "--audience", "internal", cwd=client, env=env)
    assert result.returncode == 0, result.stderr
    assert "smile-due-diligence" not in result.stdout and "Smile Group" not in result.stdout
    assert "R-050" in result.stdout  # moved out of the repository: removed, as git sees it


def test_new_overlay_adds_an_internal_item_with_an_id_neither_side_uses(client):
    result = run_ctoportal("new", "risk", "--overlay", "--title", "Key person leaves", cwd=client, env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "added risk R-051 to ../client-internal/risks/secret.yaml (internal overlay)"
    assert "Key person leaves" in (client.parent / "client-internal" / "risks" / "secret.yaml").read_text()
    assert (
        "Key person leaves"
        not in git(client, "status", "--porcelain", "--untracked-files=all")
        + (client / "risks" / "register.yaml").read_text()
    )
    result = run_ctoportal("new", "vendor", "--overlay", "--title", "Datto", cwd=client, env=EPOCH)
    assert result.stdout.strip() == "added vendor datto-2 to ../client-internal/vendors/vendors.yaml (internal overlay)"
    result = run_ctoportal("validate", cwd=client, env=EPOCH)
    assert result.returncode == 0, result.stdout
    # Added to the client repository, the next id ignores the overlay: its numbering would tell the
    # client how many items it does not see.
    result = run_ctoportal("new", "risk", "--title", "Phishing", cwd=client, env=EPOCH)
    assert result.stdout.strip() == "added risk R-002 to risks/register.yaml"
    shutil.rmtree(client.parent / "client-internal")
    result = run_ctoportal("new", "risk", "--overlay", cwd=client, env=EPOCH)
    assert result.returncode == 1
    assert "the internal overlay folder" in result.stderr and "does not exist" in result.stderr
