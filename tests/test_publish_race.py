"""Two publishes racing on one remote, with real git: a bare repository as the remote, clones A and B,
the ``ctoportal`` command run as a user would.

The race is made deterministic with git hooks in clone B that push someone else's work to the remote
at the worst moment, once: a ``reference-transaction`` hook right after B commits its version (so git
itself refuses B's push: "[rejected] (fetch first)"), or a ``pre-push`` hook after git has looked at
the remote (so the remote refuses B's ref update: "[remote rejected] (failed to update ref)").
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import run_ctoportal
from gitrepos import (
    clone,
    edit,
    git,
    init_client,
    install_hook,
    publish,
    published as versions_json,
    push_pages,
    push_while_b_pushes,
    with_remote,
)

pytestmark = pytest.mark.slow  # builds sites, drives git or takes seconds: outside the fast tier (README)


def top_folders(repo: Path) -> set[str]:
    return {line.split("\t")[1] for line in git(repo, "ls-tree", "gh-pages").splitlines() if " tree " in line}


def head(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "rev-parse", rev).strip()


def is_ancestor(repo: Path, ancestor: str, descendant: str) -> bool:
    return not git(repo, "rev-list", "--max-count=1", ancestor, f"^{descendant}").strip()


def push_before_b_pushes(b: Path, other_push: str) -> Path:
    """Run ``other_push`` once, right after B commits to its gh-pages: git then refuses B's push itself."""
    return install_hook(
        b,
        "reference-transaction",
        f"{other_push} >&2",
        once=True,
        when='[ "$1" = committed ] || exit 0\ngrep -q " refs/heads/gh-pages$" || exit 0',
    )


def someone_elses_push(other: Path) -> str:
    """A commit on the other clone's gh-pages (the same files), pushed."""
    q = shlex.quote(str(other))
    return (
        f"git -C {q} update-ref refs/heads/gh-pages $(git -C {q} commit-tree -p gh-pages "
        f"-m \"Someone else's publish\" 'gh-pages^{{tree}}') && {push_pages(other)}"
    )


def clone_with_pages(remote: Path, target: Path) -> Path:
    repo = clone(remote, target)
    git(repo, "fetch", "--quiet", "origin", "gh-pages:gh-pages")
    return repo


@pytest.fixture(scope="module")
def published_remote(tmp_path_factory) -> Path:
    """A bare remote with main and one version, 2026-09, published for real (once for this file)."""
    first = init_client(tmp_path_factory.mktemp("race") / "first")
    remote = with_remote(first)
    publish(first, "2026-09", "--push")
    return remote


@pytest.fixture
def remote(published_remote, tmp_path) -> Path:
    return Path(shutil.copytree(published_remote, tmp_path / "remote.git"))


@pytest.fixture
def a(remote, tmp_path) -> Path:
    return clone_with_pages(remote, tmp_path / "a")


@pytest.fixture
def b(remote, tmp_path) -> Path:
    """B's clone, with a source change of its own (R-001 re-scored) that A does not have."""
    repo = clone_with_pages(remote, tmp_path / "b")
    edit(repo, "risks/register.yaml", "likelihood: 3", "likelihood: 5")
    git(repo, "commit", "-qam", "R-001 is now likely")
    return repo


@pytest.mark.parametrize("race", [push_before_b_pushes, push_while_b_pushes], ids=["git-refuses", "remote-refuses"])
def test_both_versions_are_published_when_the_other_push_lands_first(remote, a, b, race):
    publish(a, "2026-10")  # committed locally; the hook pushes it at the worst moment for B
    race(b, push_pages(a))

    result = publish(b, "2026-11", "--push")

    assert (
        "ctoportal: origin/gh-pages moved while publishing 2026-11 (someone else published 2026-10); "
        "publishing 2026-11 again on top of it"
    ) in result.stderr
    assert "published version 2026-11: pushed to origin/gh-pages" in result.stdout
    versions = versions_json(remote)
    assert set(versions) == {"2026-09", "2026-10", "2026-11"}
    assert versions["2026-10"]["properties"]["ctoportal"]["commit"] == head(a)
    assert versions["2026-11"]["properties"]["ctoportal"]["commit"] == head(b)
    assert {"2026-09", "2026-10", "2026-11"} <= top_folders(remote)
    assert is_ancestor(remote, head(a, "gh-pages"), "gh-pages"), "A's publish is in the remote's history"
    assert head(b, "gh-pages") == head(remote, "gh-pages")
    # Built again on top of A's publish: B's "What changed" compares with A's version, not with 2026-09.
    changes = git(remote, "show", "gh-pages:2026-11/changes/index.html")
    assert "Since version 2026-10, published Nov 18, 2026" in changes
    assert "re-scored 12 → 20" in changes


def test_the_same_version_name_published_meanwhile_is_one_clear_failure(remote, a, b):
    publish(a, "2026-11")
    push_while_b_pushes(b, push_pages(a))

    result = publish(b, "2026-11", "--push", ok=False)

    assert result.returncode == 1
    assert (
        "ctoportal: origin/gh-pages moved while publishing 2026-11 (someone else published 2026-11); "
        "publishing 2026-11 again on top of it"
    ) in result.stderr
    assert (
        f"ctoportal: error: version '2026-11' is already published, published 2026-11-18 from {head(a)[:7]}"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert head(b, "gh-pages") == head(remote, "gh-pages"), "B's branch is the remote's, not beside it"
    assert versions_json(remote)["2026-11"]["properties"]["ctoportal"]["commit"] == head(a), "A's version kept"

    again = publish(b, "2026-11", "--push", ok=False)
    assert "error: version '2026-11' is already published" in again.stderr
    assert "diverged" not in again.stderr and "moved" not in again.stderr
    publish(b, "2026-11-b", "--push")
    versions = versions_json(remote)
    assert set(versions) == {"2026-09", "2026-11", "2026-11-b"}
    assert versions["2026-11-b"]["properties"]["ctoportal"]["commit"] == head(b)


def test_a_remote_that_keeps_moving_is_a_clear_failure_that_the_same_command_then_fixes(remote, b, tmp_path):
    other = clone_with_pages(remote, tmp_path / "other")
    hook = push_while_b_pushes(b, someone_elses_push(other), once=False)

    result = publish(b, "2026-11", "--push", ok=False)

    assert result.returncode == 1
    retried = (
        "ctoportal: origin/gh-pages moved while publishing 2026-11 (someone else pushed to it); "
        "publishing 2026-11 again on top of it"
    )
    assert result.stderr.count(retried) == 2
    assert (
        "ctoportal: error: origin/gh-pages moved during each of 3 attempts at publishing 2026-11 (last time "
        "someone else pushed to it): someone else keeps publishing. Nothing was lost, and local 'gh-pages' now "
        "matches origin/gh-pages\n  fix: run the same command again to publish on top of it"
    ) in result.stderr
    assert head(b, "gh-pages") == head(remote, "gh-pages")

    hook.unlink()
    again = publish(b, "2026-11", "--push")
    assert "moved" not in again.stderr
    assert set(versions_json(remote)) == {"2026-09", "2026-11"}
    others = git(remote, "log", "--format=%s", "gh-pages").splitlines().count("Someone else's publish")
    assert others == 3, "every push from the other clone is still in the remote's history"


def test_two_publishes_started_at_once_both_end_up_published(tmp_path):
    """A genuine race, no hooks: both check the remote (it has no gh-pages yet), build, then push."""
    a = init_client(tmp_path / "a")
    remote = with_remote(a)
    b = clone(remote, tmp_path / "b")
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda job: publish(*job, ok=False), [(a, "2026-10", "--push"), (b, "2026-11", "--push")]))

    for repo, version, run in [(a, "2026-10", runs[0]), (b, "2026-11", runs[1])]:
        if run.returncode != 0:  # allowed: one clear failure that running the same command again fixes
            assert "ctoportal: error:" in run.stderr and "Traceback" not in run.stderr, run.stderr
            publish(repo, version, "--push")
    assert set(versions_json(remote)) == {"2026-10", "2026-11"}
    assert {"2026-10", "2026-11"} <= top_folders(remote)


def refuse_in_remote(remote: Path, b: Path) -> tuple[str, Callable[[], object]]:
    hooks = remote / "hooks"
    git(remote, "config", "core.hooksPath", str(hooks))
    hook = hooks / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'publishing is frozen until the audit is over' >&2\nexit 1\n")
    hook.chmod(0o755)
    return "remote: publishing is frozen until the audit is over", hook.unlink


def unreachable_push_url(remote: Path, b: Path) -> tuple[str, Callable[[], object]]:
    gone = remote.parent / "gone.git"
    git(b, "config", "remote.origin.pushurl", str(gone))
    return f"'{gone}' does not appear to be a git repository", lambda: git(
        b, "config", "--unset", "remote.origin.pushurl"
    )


@pytest.mark.parametrize("refusal", [refuse_in_remote, unreachable_push_url], ids=["remote-hook", "unreachable"])
def test_a_push_refused_for_another_reason_keeps_its_message_and_the_branch(remote, b, refusal):
    expected, undo = refusal(remote, b)
    before = head(b, "gh-pages")

    result = publish(b, "2026-11", "--push", ok=False)

    assert result.returncode == 1
    assert "ctoportal: error: pushing 'gh-pages' to 'origin' failed: " in result.stderr
    assert expected in result.stderr
    assert "moved" not in result.stderr, "not mistaken for someone else's publish"
    assert (
        "fix: once that is fixed, run the same command again (local 'gh-pages' was left as it was before)"
        in result.stderr
    )
    assert head(b, "gh-pages") == before

    undo()
    publish(b, "2026-11", "--push")
    assert set(versions_json(remote)) == {"2026-09", "2026-11"}


def test_unpublish_is_made_again_on_top_of_a_remote_that_moved(remote, b, tmp_path):
    other = clone_with_pages(remote, tmp_path / "other")
    push_while_b_pushes(b, someone_elses_push(other))

    result = run_ctoportal("unpublish", "2026-09", "--push", cwd=b)

    assert result.returncode == 0, result.stderr
    assert (
        "ctoportal: origin/gh-pages moved while unpublishing 2026-09 (someone else pushed to it); "
        "unpublishing 2026-09 again on top of it"
    ) in result.stderr
    assert versions_json(remote) == {}
    assert is_ancestor(remote, head(other, "gh-pages"), "gh-pages")


def test_unpushed_publishes_are_never_thrown_away_to_retry(remote, a, b):
    publish(a, "2026-12")
    publish(b, "2026-10")  # committed to B's gh-pages, never pushed
    before = head(b, "gh-pages")
    push_while_b_pushes(b, push_pages(a))

    result = publish(b, "2026-11", "--push", ok=False)

    assert result.returncode == 1
    assert (
        "ctoportal: error: origin/gh-pages moved while publishing 2026-11 (someone else published 2026-12), and "
        "local 'gh-pages' has 1 commit(s) that were never pushed (published 2026-10): the two cannot be combined "
        "automatically, so nothing was changed\n  fix: keep the remote's with `git fetch origin` and "
        "`git branch -f gh-pages origin/gh-pages`, then publish your versions again"
    ) in result.stderr
    assert head(b, "gh-pages") == before
    assert set(versions_json(remote)) == {"2026-09", "2026-12"}
    git(b, "fetch", "--quiet", "origin")
    git(b, "branch", "-f", "gh-pages", "origin/gh-pages")
    publish(b, "2026-11", "--push")
    assert set(versions_json(remote)) == {"2026-09", "2026-11", "2026-12"}
