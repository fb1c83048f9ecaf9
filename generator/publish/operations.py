"""``ctoportal publish`` and ``unpublish``: the guards, then mike, then the push, in that order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.sources.loader import source_date_epoch
from generator.publish.errors import Notify, PublishError, quiet
from generator.publish.guards import (
    check_against_published,
    check_branch,
    check_committed,
    check_not_older,
    check_publishable,
)
from generator.publish.guards import NothingToDo
from generator.publish.mike_glue import BuildInto, delete_version, deploy
from generator.publish.push import commit_and_push
from generator.publish.request import Done, PublishOutcome, PublishRequest
from generator.sources import git as gitrepo
from generator.vcs.published_versions import DEFAULT_BRANCH, DEFAULT_REMOTE, PublishedVersion, read_versions


def _now() -> str:
    when = source_date_epoch() or dt.datetime.now(tz=dt.timezone.utc)
    return when.replace(microsecond=0).isoformat()


def publish(
    config_path: Path, request: PublishRequest, build_into: BuildInto, notify: Notify = quiet
) -> PublishOutcome:
    """Build the portal and commit it to the branch as ``request.version``; push if asked, publishing again
    on top of the remote's branch if someone else pushed to it meanwhile (``notify`` is told).

    Before each attempt (so also after losing a push race, when the winner may be a newer build of the
    same version), nothing is built if the version or an alias would go back to a build of an older
    commit: that is the outcome ``NEWER_BUILD_THERE`` when the branch already holds everything asked
    for, and a ``NewerBuildPublished`` error otherwise (see ``guards.check_not_older``)."""
    repo = gitrepo.require_work_tree(config_path.parent)
    published = _now()

    def commit(again: bool) -> bool:
        if again:  # the local branch has just been brought up to the remote's: check what it holds now
            versions = check_against_published(repo, request)
        else:
            versions = check_publishable(repo, request)
            check_committed(config_path)
        check_not_older(repo, request, versions, notify)
        return deploy(repo, request, build_into, published)

    try:
        changed = commit_and_push(
            repo, request.remote, request.branch, request.push, f"publishing {request.version}", commit, notify
        )
    except NothingToDo as already:
        return PublishOutcome(_published(repo, request), Done.NEWER_BUILD_THERE, str(already))
    return PublishOutcome(_published(repo, request), Done.PUBLISHED if changed else Done.UNCHANGED)


def _published(repo: Path, request: PublishRequest) -> PublishedVersion:
    return next(v for v in read_versions(repo, request.branch, request.remote) if v.version == request.version)


def unpublish(
    config_path: Path,
    version: str,
    *,
    branch: str = DEFAULT_BRANCH,
    remote: str = DEFAULT_REMOTE,
    push_after: bool = False,
    notify: Notify = quiet,
) -> PublishedVersion:
    """Remove a version (and its aliases) from the branch. It stays in the branch's history.
    Pushes like ``publish``: again on top of the remote's branch if someone else pushed meanwhile."""
    repo = gitrepo.require_work_tree(config_path.parent)

    def remove(again: bool) -> PublishedVersion:
        if not again:
            check_branch(repo, remote, branch, required=push_after)
        versions = read_versions(repo, branch, remote)
        found = next((v for v in versions if v.version == version), None)
        if found is None:
            alias_of = next((v for v in versions if version in v.aliases), None)
            hint = (
                f"{version!r} is an alias of {alias_of.version!r}; unpublish {alias_of.version!r}"
                if alias_of
                else f"published versions: {', '.join(v.version for v in versions) or 'none'}"
            )
            raise PublishError(f"version {version!r} is not published on {branch!r}\n  hint: {hint}")
        delete_version(repo, version, branch)
        return found

    return commit_and_push(repo, remote, branch, push_after, f"unpublishing {version}", remove, notify)
