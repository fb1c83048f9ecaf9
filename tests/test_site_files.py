"""ctoportal is the only source of the files MkDocs publishes: nothing in the repository reaches the
site unless ctoportal read, vetted and generated it; a configuration that would publish raw sources
(no plugin, a custom_dir over the sources, settings inherited from another file) is refused."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL_MKDOCS, run_ctoportal, run_mkdocs, write_repo
from gitrepos import git, init_client, with_remote

pytestmark = pytest.mark.slow

SECRET = "Zanzibar-private-7731"
CLIENT_RISK = """\
    - id: R-001
      title: Backups untested
      likelihood: 3
      impact: 4
      owner: IT lead
      category: operational
"""


def _site_text(site: Path) -> str:
    """Everything a reader of the site could fetch, as one text."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file())


def _repo(tmp_path: Path, mkdocs_yml: str = MINIMAL_MKDOCS) -> Path:
    return write_repo(
        tmp_path / "client",
        {"risks/register.yaml": CLIENT_RISK, "strategy/index.md": "# Strategy\n\nKeep the clinics open.\n"},
        mkdocs_yml,
    )


def test_files_in_the_source_folders_that_ctoportal_does_not_read_are_never_published(tmp_path):
    root = _repo(tmp_path)
    (root / "strategy" / "raw-notes.txt").write_text(f"call notes: {SECRET}\n", encoding="utf-8")
    (root / "strategy" / "drafts").mkdir()
    (root / "strategy" / "drafts" / "board.html").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    (root / "private").mkdir()
    (root / "private" / "notes.txt").write_text(SECRET, encoding="utf-8")
    os.symlink("../private", root / "strategy" / "linked")  # a linked folder inside the repository

    result = run_mkdocs("build", "-d", "site", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    site = root / "site"
    assert (site / "risks" / "R-001" / "index.html").is_file()
    assert SECRET not in _site_text(site)
    assert [p.name for p in site.rglob("*.txt")] == ["robots.txt"] and not (site / "strategy" / "drafts").exists()
    validate = run_ctoportal("validate", cwd=root)
    assert "strategy/linked:1:1: warning: strategy/linked is a linked folder: its files are not read" in validate.stdout


@pytest.mark.parametrize("target", ["outside", "git-config", "absolute"])
def test_a_source_linked_out_of_the_repository_or_into_git_is_refused(tmp_path, target):
    root = _repo(tmp_path)
    git(root, "init", "-q")
    git(root, "config", "remote.origin.url", f"https://x-access-token:{SECRET}@example.com/client.git")
    outside = tmp_path / "private.md"
    outside.write_text(f"# Private\n\n{SECRET}\n", encoding="utf-8")
    link = {"outside": "../../private.md", "git-config": "../.git/config", "absolute": str(outside)}[target]
    os.symlink(link, root / "strategy" / "notes.md")

    result = run_ctoportal("build", cwd=root)
    assert result.returncode == 1
    assert "strategy/notes.md:1:1: error: strategy/notes.md is a link" in result.stderr
    assert "hint: sources must be files of the repository itself" in result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stderr + result.stdout
    assert not (root / "site").exists()


def test_a_mkdocs_yml_without_docs_dir_builds_with_ctoportal(tmp_path):
    """The docs describe mkdocs.yml without docs_dir: ctoportal build must work on it."""
    root = _repo(tmp_path, MINIMAL_MKDOCS.replace("docs_dir: strategy\n", ""))
    assert not (root / "docs").exists()
    result = run_ctoportal("build", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (root / "site" / "risks" / "R-001" / "index.html").is_file()
    assert not (root / "docs").exists()


@pytest.mark.parametrize("custom_dir", [".", "strategy", "..", "strategy/theme"])
def test_a_custom_dir_holding_the_sources_is_refused(tmp_path, custom_dir):
    root = _repo(
        tmp_path, MINIMAL_MKDOCS.replace("  name: material\n", f"  name: material\n  custom_dir: {custom_dir}\n")
    )
    (root / "strategy" / "theme").mkdir()
    (root / "risks" / "internal.yaml").write_text(
        f"- id: R-900\n  title: {SECRET}\n  likelihood: 1\n  impact: 1\n"
        f"  owner: CTO\n  category: security\n  visibility: internal\n",
        encoding="utf-8",
    )
    for command in (("validate",), ("build",)):
        result = run_ctoportal(*command, cwd=root)
        assert result.returncode == 1, command
        assert f"mkdocs.yml:5:15: error: theme.custom_dir '{custom_dir}' would copy" in result.stdout + result.stderr
    assert not (root / "site").exists()


def test_a_link_in_custom_dir_leading_out_of_it_is_refused(tmp_path):
    root = _repo(tmp_path, MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    (root / "overrides").mkdir()
    os.symlink("../risks/register.yaml", root / "overrides" / "register.yaml")
    result = run_ctoportal("validate", cwd=root)
    assert result.returncode == 1
    assert "theme.custom_dir 'overrides' holds a link that leads out of it: register.yaml" in result.stdout


def test_without_its_plugin_ctoportal_neither_builds_nor_publishes(tmp_path):
    root = init_client(tmp_path / "client", {"risks/register.yaml": CLIENT_RISK})
    (root / "mkdocs.yml").write_text(
        MINIMAL_MKDOCS.replace("  - ctoportal:\n      client: Test Client\n      today: 2026-11-20\n", ""),
        encoding="utf-8",
    )
    git(root, "commit", "-qam", "Drop the plugin")
    with_remote(root)

    build = run_ctoportal("build", cwd=root)
    assert build.returncode == 1
    assert (
        "not building: the configuration is not valid" in build.stderr
        and "does not list the ctoportal plugin" in build.stderr
    )
    assert not (root / "site").exists()
    publish = run_ctoportal("publish", "2026-11", cwd=root)
    assert publish.returncode == 1
    assert "does not list the ctoportal plugin" in publish.stderr
    assert subprocess.run(["git", "rev-parse", "--verify", "-q", "gh-pages"], cwd=root).returncode != 0
    validate = run_ctoportal("validate", cwd=root)
    assert validate.returncode == 1 and "does not list the ctoportal plugin" in validate.stdout


def test_the_plugin_listed_twice_is_one_located_error(tmp_path):
    root = _repo(tmp_path, MINIMAL_MKDOCS + "  - ctoportal:\n      client: Other\n")
    for command in ("validate", "build"):
        result = run_ctoportal(command, cwd=root)
        assert result.returncode == 1
        assert "mkdocs.yml:11:5: error: the ctoportal plugin is listed more than once" in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def test_inherited_settings_cannot_publish_an_environment_variable(tmp_path):
    root = _repo(tmp_path, "INHERIT: base.yml\n" + MINIMAL_MKDOCS)
    (root / "base.yml").write_text("site_description: !ENV [CTOPORTAL_TEST_SECRET, none]\n", encoding="utf-8")
    env = {"CTOPORTAL_TEST_SECRET": SECRET}
    validate = run_ctoportal("validate", cwd=root, env=env)
    assert validate.returncode == 1
    assert "base.yml:1:19: error: !ENV CTOPORTAL_TEST_SECRET would publish the value" in validate.stdout
    build = run_ctoportal("build", cwd=root, env=env)
    assert build.returncode == 1 and not (root / "site").exists()


@pytest.mark.parametrize(
    "parent, message",
    [
        ("- just\n- a list\n", "base.yml:1:1: error: base.yml must be a mapping of settings, got list"),
        ("INHERIT: mkdocs.yml\n", "base.yml:1:10: error: INHERIT: 'mkdocs.yml' leads back to a file already read"),
    ],
)
def test_an_unusable_inherited_file_is_a_located_error(tmp_path, parent, message):
    root = _repo(tmp_path, "INHERIT: base.yml\n" + MINIMAL_MKDOCS)
    (root / "base.yml").write_text(parent, encoding="utf-8")
    for command in ("validate", "build"):
        result = run_ctoportal(command, cwd=root)
        assert result.returncode == 1
        assert message in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("setting", ["site_name", "site_description", "site_author"])
def test_markup_in_texts_the_theme_writes_unescaped_is_refused(tmp_path, setting):
    from generator.checks.validate import validate_repository

    hostile = '"Portal</title><meta http-equiv=refresh content=0;url=https://example.com>"'
    config = (
        MINIMAL_MKDOCS.replace("site_name: Test portal\n", "site_name: Test portal\n" if setting != "site_name" else "")
        + f"{setting}: {hostile}\n"
    )
    root = _repo(tmp_path, config)
    messages = [p.format() for p in validate_repository(root / "mkdocs.yml").problems.errors]
    assert any(f"error: {setting} holds '<': the theme writes it into every page as HTML" in m for m in messages), (
        messages
    )
