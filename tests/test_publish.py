"""Publishing versions with mike for real: a client repository in a temp dir, a bare repository as the
remote, the ``ctoportal`` command run as a user would, and the gh-pages branch inspected with git."""

from __future__ import annotations

import json
import re

import pytest

from conftest import run_ctoportal
from generator.publish.names import version_name_problem
from gitrepos import clone, edit, git, init_client, publish, with_remote


def versions_json(repo, ref="gh-pages"):
    return json.loads(git(repo, "show", f"{ref}:versions.json"))


def tree(repo, ref="gh-pages", path=""):
    """Top-level entries of ``ref:path`` as {name: mode}."""
    out = git(repo, "ls-tree", ref, *([path] if path else []))
    return {line.split("\t")[1].rsplit("/", 1)[-1]: line.split()[0] for line in out.splitlines()}


@pytest.fixture
def client(tmp_path):
    repo = init_client(tmp_path / "client")
    with_remote(repo)
    return repo


@pytest.mark.slow
def test_two_publishes_then_a_third(client):
    first = git(client, "rev-parse", "HEAD").strip()
    publish(client, "2026-09", "--title", "Board, September 2026", "--push")
    publish(client, "2026-10", "--alias", "latest", "--set-default", "--push")
    edit(client, "risks/register.yaml", "likelihood: 3", "likelihood: 5")
    git(client, "commit", "-qam", "R-001 is now likely: backups failed twice")
    third = git(client, "rev-parse", "HEAD").strip()
    result = publish(client, "2026-11", "--alias", "latest", "--push")
    assert "published version 2026-11 (aliases: latest): pushed to origin/gh-pages" in result.stdout

    remote = client.parent / "remote.git"
    # The remote has exactly what the local branch has.
    assert git(remote, "rev-parse", "gh-pages") == git(client, "rev-parse", "gh-pages")
    versions = versions_json(remote)
    assert [(v["version"], v["title"], v["aliases"]) for v in versions] == [
        ("2026-11", "2026-11", ["latest"]),
        ("2026-10", "2026-10", []),  # the alias moved to the newer version
        ("2026-09", "Board, September 2026", []),
    ]
    assert [v["properties"]["ctoportal"]["commit"] for v in versions] == [third, first, first]
    assert {v["properties"]["ctoportal"]["published"] for v in versions} == {"2026-11-18T11:06:40+00:00"}

    top = tree(remote)
    assert set(top) == {".nojekyll", "versions.json", "index.html", "2026-09", "2026-10", "2026-11", "latest"}
    all_modes = {line.split()[0] for line in git(remote, "ls-tree", "-r", "gh-pages").splitlines()}
    assert "120000" not in all_modes, "no symlinks: some hosts refuse them"
    # latest is a folder of redirects to the version it points at; the root opens 2026-10 (set-default).
    latest_index = git(remote, "show", "gh-pages:latest/index.html")
    assert 'window.location.replace(\n      "../2026-11/"' in latest_index
    assert '"2026-10/"' in git(remote, "show", "gh-pages:index.html")
    assert set(tree(remote, path="2026-11/")) >= {"index.html", "risks", "roadmap", "vendors", "changes"}

    # The third version's "What changed" page compares with the release before it.
    changes = git(remote, "show", "gh-pages:2026-11/changes/index.html")
    assert "Since version 2026-10, published Nov 18, 2026" in changes
    assert "re-scored 12 → 20 (likelihood 5, impact 4): <strong>now above the risk appetite of 12</strong>" in changes
    # ...and the first version has nothing to compare with, so no such page.
    assert "changes" not in tree(remote, path="2026-09/")

    listing = run_ctoportal("versions", cwd=client)
    assert listing.returncode == 0
    assert listing.stdout.splitlines() == [
        f"2026-11 [latest] from {third[:7]}, 2026-11-18",
        f"2026-10 from {first[:7]}, 2026-11-18",
        f'2026-09 "Board, September 2026" from {first[:7]}, 2026-11-18',
    ]
    as_json = json.loads(run_ctoportal("versions", "--format", "json", cwd=client).stdout)
    assert as_json["version"] == 1 and [v["version"] for v in as_json["versions"]] == ["2026-11", "2026-10", "2026-09"]


@pytest.mark.slow
def test_published_pages_name_their_version(client):
    publish(client, "2026-09")
    page = git(client, "show", "gh-pages:2026-09/risks/R-001/index.html")
    assert (
        re.search(r'Portal version <strong data-ctoportal-version="?">?2026-09</strong>, as of Nov 20, 2026', page)
        or "Portal version <strong data-ctoportal-version>2026-09</strong>, as of Nov 20, 2026" in page
    )
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert config["version"] == {"provider": "mike", "default": "latest", "alias": True}
    # A plain build (not a published version) has no version selector to fetch a missing versions.json.
    build = run_ctoportal("build", "-d", "site", cwd=client)
    assert build.returncode == 0, build.stderr
    assert (
        '"version": null' in (client / "site/index.html").read_text()
        or '"version":null' in (client / "site/index.html").read_text()
    )


@pytest.mark.slow
def test_overwrite_is_refused_unless_asked(client):
    publish(client, "2026-09")
    before = git(client, "rev-parse", "gh-pages")
    result = publish(client, "2026-09", ok=False)
    assert result.returncode == 1
    assert "ctoportal: error: version '2026-09' is already published, published 2026-11-18 from" in result.stderr
    assert "fix: publish under a new name, or replace it with --overwrite" in result.stderr
    assert "Traceback" not in result.stderr
    assert git(client, "rev-parse", "gh-pages") == before
    same = publish(client, "2026-09", "--overwrite")  # nothing changed: nothing to commit, not an error
    assert "version 2026-09 is already published exactly so: nothing to commit" in same.stdout
    assert git(client, "rev-parse", "gh-pages") == before
    edit(client, "risks/register.yaml", "Backups fail", "Backups fail silently")
    git(client, "commit", "-qam", "Sharper title")
    publish(client, "2026-09", "--overwrite")
    assert git(client, "rev-parse", "gh-pages") != before
    assert "Backups fail silently" in git(client, "show", "gh-pages:2026-09/risks/R-001/index.html")
    assert [v["version"] for v in versions_json(client)] == ["2026-09"]


@pytest.mark.slow
def test_a_branch_behind_the_remote_is_reported_with_the_fix(client, tmp_path):
    remote = client.parent / "remote.git"
    publish(client, "2026-09", "--push")
    colleague = clone(remote, tmp_path / "colleague")
    git(colleague, "fetch", "--quiet", "origin", "gh-pages:gh-pages")
    publish(client, "2026-10", "--push")  # published elsewhere since the colleague fetched

    result = publish(colleague, "2026-11", "--push", ok=False)
    assert result.returncode == 1
    assert (
        "local 'gh-pages' is behind origin/gh-pages: someone published since you last fetched, and "
        "publishing now would lose their version\n  fix: git fetch origin gh-pages:gh-pages"
    ) in result.stderr
    git(colleague, "fetch", "--quiet", "origin", "gh-pages:gh-pages")
    publish(colleague, "2026-11", "--push")
    assert [v["version"] for v in versions_json(remote)] == ["2026-11", "2026-10", "2026-09"]


@pytest.mark.slow
def test_a_ci_clone_without_the_branch_is_told_to_fetch_it(client, tmp_path):
    remote = client.parent / "remote.git"
    publish(client, "2026-09", "--push")
    ci = tmp_path / "ci"
    # What actions/checkout does: fetch main only.
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(ci))
    git(ci, "remote", "add", "origin", str(remote))
    git(ci, "fetch", "--quiet", "--depth=1", "origin", "main")
    git(ci, "checkout", "--quiet", "-b", "main", "FETCH_HEAD")
    git(ci, "config", "user.name", "CI")
    git(ci, "config", "user.email", "ci@example.com")
    result = publish(ci, "latest", "--push", ok=False)
    assert "origin has a 'gh-pages' branch but this clone has no local 'gh-pages'" in result.stderr
    assert "fix: git fetch origin gh-pages:gh-pages" in result.stderr
    git(ci, "fetch", "--quiet", "origin", "gh-pages:gh-pages")
    publish(ci, "latest", "--push")
    assert [v["version"] for v in versions_json(remote)] == ["latest", "2026-09"]


@pytest.mark.parametrize(
    "name", ["../escape", "a/b", ".hidden", "two words", "versions.json", "index", "v1.html", "1..2", "x" * 65, "é", ""]
)
def test_unsafe_version_names_are_rejected(name):
    assert version_name_problem(name) is not None


@pytest.mark.parametrize("name", ["2026-11", "v1.2", "latest", "board_2026-Q4", "1.0+rc1"])
def test_safe_version_names_pass(name):
    assert version_name_problem(name) is None


@pytest.mark.slow
def test_unsafe_names_fail_before_anything_is_built(client):
    result = publish(client, "../up", "--alias", "a b", ok=False)
    assert result.returncode == 1
    assert "version name '../up' is not safe as a folder name" in result.stderr
    assert "alias name 'a b' is not safe" in result.stderr
    assert git(client, "branch", "--list", "gh-pages") == ""


@pytest.mark.slow
def test_unpublish_removes_the_version_but_not_its_history(client):
    publish(client, "2026-09")
    publish(client, "2026-10", "--alias", "latest")
    result = run_ctoportal("unpublish", "2026-09", cwd=client)
    assert result.returncode == 0, result.stderr
    assert "its files stay in the history of 'gh-pages'" in result.stdout
    assert [v["version"] for v in versions_json(client)] == ["2026-10"]
    assert "2026-09" not in tree(client)
    assert (
        git(client, "log", "--format=%s", "gh-pages", "--", "2026-09/index.html")
        .splitlines()[-1]
        .startswith("Publish portal version 2026-09")
    )
    missing = run_ctoportal("unpublish", "latest", cwd=client)
    assert missing.returncode == 1
    assert "'latest' is an alias of '2026-10'; unpublish '2026-10'" in missing.stderr


@pytest.mark.slow
def test_publish_builds_with_mkdocs_even_when_properdocs_is_installed(client):
    """mike would run `properdocs build` when ProperDocs is installed; ctoportal always builds the same way."""
    from importlib import metadata

    import mkdocs

    try:
        metadata.version("properdocs")
    except metadata.PackageNotFoundError:
        pytest.skip("properdocs is not installed (it is in the [test] extra)")
    from mike import mkdocs_utils

    assert mkdocs_utils._program_name == "properdocs"  # what mike itself would run
    publish(client, "2026-09")
    page = git(client, "show", "gh-pages:2026-09/index.html")
    assert f'content="mkdocs-{mkdocs.__version__}, mkdocs-material-' in page


@pytest.mark.slow
def test_the_plugin_builds_under_properdocs_too(client):
    pytest.importorskip("properdocs", reason="properdocs is not installed (it is in the [test] extra)")
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-d", "pd-site"],
        cwd=client,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    page = (client / "pd-site/risks/R-001/index.html").read_text()
    assert "Backups fail" in page and 'content="mkdocs-1.6' not in page  # built by ProperDocs' own engine
    assert "History" in page  # the plugin's git history works there too


@pytest.mark.slow
def test_uncommitted_sources_are_refused(client):
    edit(client, "risks/register.yaml", "Backups fail", "Backups fail often")
    result = publish(client, "2026-09", ok=False)
    assert result.returncode == 1
    assert "the sources have changes that are not committed (risks/register.yaml)" in result.stderr
    assert git(client, "branch", "--list", "gh-pages") == ""
