"""Pushing the pages branch when others push to it too: a publish that loses the race is made again on
top of the remote's branch, and the local branch is never left beside the remote's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.publish.errors import Notify, PublishError
from generator.sources import git as gitrepo
from generator.vcs.published_versions import PublishedVersion, versions_at

PUSH_ATTEMPTS = 3
"""How many times a publish is made, each on top of the remote branch that moved while pushing the last."""


class RemoteMoved(PublishError):
    """Someone else pushed to the branch between our look at the remote and our push.
    Handled by the retry loop; reaches the user only as the loop's own message."""


class PushFailed(PublishError):
    """The push failed for any other reason (a hook's refusal, access, network); its message is git's."""


def push(repo: Path, remote: str, branch: str) -> None:
    """Push the local branch. Raises RemoteMoved when someone else pushed first, PushFailed otherwise."""
    ref = f"refs/heads/{branch}"
    result = gitrepo.git(repo, "push", "--porcelain", "--", remote, f"{ref}:{ref}", check=False)
    if result.returncode == 0:
        return
    refusal = _push_refusal(result.stdout.decode("utf-8", "replace"), ref)
    # git itself refuses a push that is not a fast-forward ("[rejected] (fetch first)"). When the remote moves
    # between git's look at it and the update, the remote refuses instead ("[remote rejected] (failed to update
    # ref)", worded by each host), just as it reports a hook's refusal: so ask where its branch is now.
    if refusal is not None and (
        refusal.startswith("[rejected]")
        or refusal.startswith("[remote rejected]")
        and _remote_moved(repo, remote, branch)
    ):
        raise RemoteMoved(f"{remote}/{branch} moved: {refusal}")
    stderr = result.stderr.decode("utf-8", "replace").strip()
    raise PushFailed(f"pushing {branch!r} to {remote!r} failed: {stderr or refusal}")


def _push_refusal(porcelain: str, ref: str) -> str | None:
    """Why ``git push --porcelain`` says ``ref`` was refused ("[rejected] (fetch first)"), or None: no status
    line at all means git never reached the point of updating refs (access, network, a pre-push hook)."""
    for line in porcelain.splitlines():
        fields = line.split("\t")
        if len(fields) == 3 and fields[0] == "!" and fields[1].rpartition(":")[2] == ref:
            return fields[2]
    return None


def _remote_moved(repo: Path, remote: str, branch: str) -> bool:
    """Whether the remote's branch now stands where pushing ours would not be a fast-forward."""
    try:
        theirs = gitrepo.remote_branch_commit(repo, remote, branch)
    except gitrepo.GitError:
        return False
    ours = gitrepo.branch_commit(repo, f"refs/heads/{branch}")
    if theirs is None or ours is None:
        return False
    return not (gitrepo.has_commit(repo, theirs) and gitrepo.is_ancestor(repo, theirs, ours))


def _changes(before: list[PublishedVersion], after: list[PublishedVersion]) -> str | None:
    """What changed in versions.json, as the user would say it ("published 2026-10"), or None."""
    old = {v.version: (v.commit, v.published) for v in before}
    new = {v.version: (v.commit, v.published) for v in after}
    changes = {
        "published": [n for n in new if n not in old],
        "republished": [n for n in new if n in old and new[n] != old[n]],
        "unpublished": [n for n in old if n not in new],
    }
    said = [f"{verb} {', '.join(names)}" for verb, names in changes.items() if names]
    return " and ".join(said) or None


def commit_and_push(
    repo: Path, remote: str, branch: str, push_after: bool, doing: str, commit: Callable[[bool], object], notify: Notify
):
    """Run ``commit`` (which checks, then commits to the local branch) and push the branch if asked.

    When someone else pushed first, the local branch goes back to where it was, takes the remote's
    (fast-forward), and ``commit(True)`` runs again on top of it: the rebuilt site then knows the other
    versions, and the checks see a version of the same name. Whatever fails, the local branch is left
    where it was or at the remote's, never beside it, so running the same command again works.
    """
    ref = f"refs/heads/{branch}"
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        before = gitrepo.branch_commit(repo, ref)
        try:
            result = commit(attempt > 1)
            if push_after:
                push(repo, remote, branch)
            return result
        except RemoteMoved:
            gitrepo.set_branch(repo, ref, before)
            change = _take_remote(repo, remote, branch, before, doing)
            if attempt == PUSH_ATTEMPTS:
                raise PublishError(
                    f"{remote}/{branch} moved during each of {PUSH_ATTEMPTS} attempts at {doing} (last time "
                    f"{change}): someone else keeps publishing. Nothing was lost, and local {branch!r} now "
                    f"matches {remote}/{branch}\n  fix: run the same command again to publish on top of it"
                ) from None
            notify(f"{remote}/{branch} moved while {doing} ({change}); {doing} again on top of it")
        except PushFailed as exc:
            gitrepo.set_branch(repo, ref, before)
            raise PublishError(
                f"{exc}\n  fix: once that is fixed, run the same command again (local {branch!r} "
                f"was left as it was before)"
            ) from None
        except BaseException:
            gitrepo.set_branch(repo, ref, before)  # a failed build or check, or Ctrl-C between two commits
            raise
    raise AssertionError("unreachable: the last attempt returns or raises")


def _take_remote(repo: Path, remote: str, branch: str, before: str | None, doing: str) -> str:
    """Bring the remote's branch into the local one (just put back at ``before``), fast-forward only.
    Returns what the others changed, as the user would say it."""
    try:
        theirs = gitrepo.fetch_remote_branch(repo, remote, branch)
    except gitrepo.GitError as exc:
        raise PublishError(
            f"{remote}/{branch} moved while {doing}, and fetching it failed: {exc}\n"
            f"  fix: `git fetch {remote} {branch}:{branch}`, then run the same command again "
            f"(local {branch!r} was left as it was before)"
        ) from None
    base = gitrepo.merge_base(repo, before, theirs) if before else None
    theirs_said = _changes(versions_at(repo, base, branch), versions_at(repo, theirs, branch))
    change = f"someone else {theirs_said}" if theirs_said else "someone else pushed to it"
    if before is not None and base != before:
        # Publishes committed here but never pushed: taking the remote's branch would drop them.
        ours = _changes(versions_at(repo, base, branch), versions_at(repo, before, branch))
        count = gitrepo.count_commits(repo, f"{theirs}..{before}")
        raise PublishError(
            f"{remote}/{branch} moved while {doing} ({change}), and local {branch!r} has {count} commit(s) that "
            f"were never pushed{f' ({ours})' if ours else ''}: the two cannot be combined automatically, so "
            f"nothing was changed\n  fix: keep the remote's with `git fetch {remote}` and "
            f"`git branch -f {branch} {remote}/{branch}`, then publish your versions again"
        )
    gitrepo.set_branch(repo, f"refs/heads/{branch}", theirs)
    return change
