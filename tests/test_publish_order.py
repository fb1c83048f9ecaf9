"""A version never goes back to a build of an older commit: real git, a bare remote, two commits on main
(C1, then C2 on top), the ``ctoportal`` command run as CI runs it.

The "older" clone is a CI job for the merge of C1 that publishes after the job for C2: its checkout is C1,
and (full history, as ``ctoportal init``'s CI fetches it) it knows C2, so it can tell C1 is older.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gitrepos import (
    clone,
    edit,
    git,
    init_client,
    publish,
    published as versions_json,
    push_pages,
    push_while_b_pushes,
    with_remote,
)

pytestmark = pytest.mark.slow  # builds sites, drives git or takes seconds: outside the fast tier (README)

OLD_TITLE, NEW_TITLE = "Backups fail", "Backups fail silently"


def built_from(repo: Path, version: str) -> str:
    return versions_json(repo)[version]["properties"]["ctoportal"]["commit"]


def risk_page(repo: Path, version: str) -> str:
    return git(repo, "show", f"gh-pages:{version}/risks/R-001/index.html")


def pages_commit(repo: Path) -> str:
    return git(repo, "rev-parse", "gh-pages").strip()


def two_commits(root: Path) -> tuple[Path, str, str]:
    """A client repository with main at C2 (R-001 renamed) on top of C1, pushed to a bare remote."""
    repo = init_client(root)
    remote = with_remote(repo)
    c1 = git(repo, "rev-parse", "HEAD").strip()
    edit(repo, "risks/register.yaml", OLD_TITLE, NEW_TITLE)
    git(repo, "commit", "-qam", "R-001: the backups fail silently")
    git(repo, "push", "--quiet", "origin", "main")
    return remote, c1, git(repo, "rev-parse", "HEAD").strip()


def checkout(repo: Path, commit: str) -> Path:
    git(repo, "checkout", "--quiet", "--detach", commit)
    return repo


@pytest.fixture(scope="module")
def newer_published(tmp_path_factory) -> tuple[Path, str, str]:
    """The remote once C2's CI job has run: latest (the default) and the release 2026-12 (alias board), both
    built from C2. Made once for this file."""
    remote, c1, c2 = two_commits(tmp_path_factory.mktemp("order") / "newer")
    newer = remote.parent / "newer"
    publish(newer, "latest", "--overwrite", "--set-default", "--push")
    publish(newer, "2026-12", "--alias", "board", "--push")
    return remote, c1, c2


@pytest.fixture
def remote(newer_published, tmp_path) -> Path:
    return Path(shutil.copytree(newer_published[0], tmp_path / "remote.git"))


@pytest.fixture
def older(remote, newer_published, tmp_path) -> Path:
    """C1's CI job: a full clone (it knows C2), checked out at C1, with the published branch fetched."""
    repo = clone(remote, tmp_path / "older")
    git(repo, "fetch", "--quiet", "origin", "gh-pages:gh-pages")
    return checkout(repo, newer_published[1])


def test_latest_keeps_the_newer_build_and_allow_older_rolls_back(remote, older, newer_published):
    _, c1, c2 = newer_published
    before = pages_commit(remote)

    result = publish(older, "latest", "--overwrite", "--set-default", "--push")

    assert result.returncode == 0, "a newer build already published is not a failed pipeline"
    assert (
        f"latest already holds a newer build ({c2[:7]}, published 2026-11-18; HEAD {c1[:7]} is older, an "
        f"ancestor of it): nothing to do, nothing was changed\n"
        f"  to roll back on purpose: run the same command with --allow-older"
    ) in result.stdout
    assert "error" not in result.stderr and "Traceback" not in result.stderr
    assert "Building documentation" not in result.stderr, "refused before building"
    assert pages_commit(remote) == before and pages_commit(older) == before
    assert built_from(remote, "latest") == c2
    assert NEW_TITLE in risk_page(remote, "latest")

    rolled_back = publish(older, "latest", "--overwrite", "--allow-older", "--push")

    assert "published version latest: pushed to origin/gh-pages" in rolled_back.stdout
    assert built_from(remote, "latest") == c1
    assert OLD_TITLE in risk_page(remote, "latest") and NEW_TITLE not in risk_page(remote, "latest")
    assert built_from(remote, "2026-12") == c2, "the other versions are untouched"


def test_an_alias_is_not_moved_off_a_newer_build(remote, older, newer_published):
    _, c1, c2 = newer_published
    before = pages_commit(remote)

    result = publish(older, "2026-11", "--alias", "board", "--push", ok=False)

    assert result.returncode == 1, "a new version asked for is not published: that is a failure"
    assert (
        f"ctoportal: error: refusing to publish a build of HEAD {c1[:7]} over a build of a newer commit "
        f"(alias 'board' is on version '2026-12', a build of {c2[:7]}, published 2026-11-18; HEAD is an "
        f"ancestor of it): readers would see older content. Nothing was changed\n"
        f"  fix: publish from that commit or a later one, or, to roll back on purpose, run the same command "
        f"with --allow-older"
    ) in result.stderr
    assert pages_commit(remote) == before
    assert versions_json(remote)["2026-12"]["aliases"] == ["board"]


def test_a_shallow_clone_fetches_the_published_commit_to_tell(remote, newer_published, tmp_path):
    """What a shallow CI checkout of C1 sees: C2 is not in the clone, so it is fetched to compare."""
    _, c1, c2 = newer_published
    shallow = tmp_path / "shallow"
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(shallow))
    git(shallow, "remote", "add", "origin", str(remote))
    git(shallow, "fetch", "--quiet", "--depth=1", "origin", c1)
    git(shallow, "checkout", "--quiet", "--detach", c1)
    git(shallow, "fetch", "--quiet", "origin", "gh-pages:gh-pages")

    result = publish(shallow, "latest", "--overwrite", "--push")

    assert f"latest already holds a newer build ({c2[:7]}, published 2026-11-18" in result.stdout
    assert built_from(remote, "latest") == c2


def test_a_build_of_a_commit_nobody_has_cannot_be_told_apart(remote, older, newer_published, tmp_path):
    """latest published from a commit that was never pushed: neither clone nor remote can say which is newer."""
    _, c1, _ = newer_published
    elsewhere = clone(remote, tmp_path / "elsewhere")
    git(elsewhere, "fetch", "--quiet", "origin", "gh-pages:gh-pages")
    edit(elsewhere, "risks/register.yaml", NEW_TITLE, "Backups fail on a laptop nobody pushed from")
    git(elsewhere, "commit", "-qam", "never pushed")
    unpushed = git(elsewhere, "rev-parse", "HEAD").strip()
    publish(elsewhere, "latest", "--overwrite", "--push")  # gh-pages is pushed, main is not

    git(older, "fetch", "--quiet", "origin", "+gh-pages:gh-pages")
    result = publish(older, "latest", "--overwrite", "--push")

    assert (
        f"ctoportal: cannot tell whether 'latest' on 'gh-pages' (a build of {unpushed[:7]}, published "
        f"2026-11-18) is newer than HEAD {c1[:7]}: neither this clone nor 'origin' has that commit; "
        f"publishing anyway"
    ) in result.stderr
    assert built_from(remote, "latest") == c1


def test_the_older_job_that_loses_a_push_race_to_the_newer_one_leaves_its_build(tmp_path):
    """C1's job builds latest first, but C2's job pushes latest while C1's is pushing: C1's job is refused,
    takes the remote's branch and, on the retry, finds the newer build there."""
    remote, c1, c2 = two_commits(tmp_path / "newer")
    newer = remote.parent / "newer"
    older = checkout(clone(remote, tmp_path / "older"), c1)
    publish(newer, "latest", "--overwrite")  # committed; pushed by the hook at the worst moment for C1's job
    push_while_b_pushes(older, push_pages(newer))

    result = publish(older, "latest", "--overwrite", "--push")

    assert (
        "ctoportal: origin/gh-pages moved while publishing latest (someone else published latest); "
        "publishing latest again on top of it"
    ) in result.stderr
    assert (
        f"latest already holds a newer build ({c2[:7]}, published 2026-11-18; HEAD {c1[:7]} is older" in result.stdout
    )
    assert built_from(remote, "latest") == c2
    assert NEW_TITLE in risk_page(remote, "latest")
    assert pages_commit(remote) == pages_commit(newer) == pages_commit(older), "the remote's, not beside it"
