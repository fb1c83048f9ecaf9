"""What is checked before the pages branch is touched: the branch against its remote, committed sources,
names already published, and no version or alias going back to a build of an older commit."""

from __future__ import annotations

from pathlib import Path

from generator.model.kinds import SOURCE_FOLDERS
from generator.publish.errors import Notify, PublishError, quiet
from generator.publish.names import ALIAS_TYPES, check_names
from generator.publish.request import PublishRequest
from generator.sources import git as gitrepo
from generator.vcs.published_versions import PublishedVersion, read_versions


def check_branch(repo: Path, remote: str, branch: str, *, required: bool) -> None:
    """Refuse to publish on a local branch that is behind the remote, or missing while the remote has it.

    ``required``: the remote must be reachable (when pushing); otherwise an unreachable or unknown
    remote only means we cannot check, and publishing locally goes ahead.
    """
    if not gitrepo.has_remote(repo, remote):
        if required:
            raise PublishError(
                f"there is no git remote {remote!r} to push to; add one with "
                f"`git remote add {remote} URL` or name another with --remote"
            )
        return
    try:
        remote_sha = gitrepo.remote_branch_commit(repo, remote, branch)
    except gitrepo.GitError as exc:
        if required:
            raise PublishError(f"{exc}\n  hint: check your network and access to {remote!r}, then retry") from None
        return
    if remote_sha is None:
        return  # nothing published on the remote yet
    local_sha = gitrepo.branch_commit(repo, f"refs/heads/{branch}")
    fetch = f"git fetch {remote} {branch}:{branch}"
    if local_sha is None:
        raise PublishError(
            f"{remote} has a {branch!r} branch but this clone has no local {branch!r} (a CI checkout fetches one "
            f"branch only); publishing now would start a new branch and drop every version already published\n"
            f"  fix: {fetch}"
        )
    if local_sha == remote_sha:
        return
    if not gitrepo.has_commit(repo, remote_sha) or gitrepo.is_ancestor(repo, local_sha, remote_sha):
        behind = (
            f" by {gitrepo.count_commits(repo, f'{local_sha}..{remote_sha}')} commit(s)"
            if gitrepo.has_commit(repo, remote_sha)
            else ""
        )
        raise PublishError(
            f"local {branch!r} is behind {remote}/{branch}{behind}: someone published since you last fetched, "
            f"and publishing now would lose their version\n  fix: {fetch}"
        )
    if not gitrepo.is_ancestor(repo, remote_sha, local_sha):
        raise PublishError(
            f"local {branch!r} and {remote}/{branch} have diverged (each has publishes the other lacks)\n"
            f"  fix: keep the remote's with `git branch -f {branch} {remote}/{branch}` after `git fetch {remote}`, "
            f"then publish again"
        )
    # ahead: local publishes not pushed yet; publishing on top is fine


def check_committed(config_path: Path) -> None:
    """A published version records the commit it was built from, so its sources must be that commit."""
    root = config_path.parent
    paths = [config_path.name, *(f for f in SOURCE_FOLDERS if (root / f).exists())]
    if gitrepo.resolve(root, "HEAD") is None:
        raise PublishError("nothing is committed yet; commit the sources, then publish")
    changed = gitrepo.git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths).stdout.decode()
    if changed:
        files = ", ".join(line[3:] for line in changed.splitlines()[:5] if line.strip())
        raise PublishError(
            f"the sources have changes that are not committed ({files}); a published version "
            f"records the commit it was built from\n  fix: commit them (or stash them), "
            f"then publish again"
        )


def check_publishable(repo: Path, request: PublishRequest) -> list[PublishedVersion]:
    check_names(request.version, list(request.aliases))
    if request.alias_type not in ALIAS_TYPES:
        raise PublishError(f"alias type {request.alias_type!r} is not one of {', '.join(ALIAS_TYPES)}")
    check_branch(repo, request.remote, request.branch, required=request.push)
    return check_against_published(repo, request)


def check_against_published(repo: Path, request: PublishRequest) -> list[PublishedVersion]:
    """Refuse a version or alias name that the branch already uses for something else."""
    versions = read_versions(repo, request.branch, request.remote)
    _check_case(versions, request)
    for v in versions:
        if v.version == request.version and not request.overwrite:
            when = f", published {v.published[:10]}" if v.published else ""
            source = f" from {v.commit[:7]}" if v.commit else ""
            raise PublishError(
                f"version {request.version!r} is already published{when}{source}; a published "
                f"version is a record of what readers saw\n  fix: publish under a new name, "
                f"or replace it with --overwrite"
            )
        if request.version in v.aliases:
            raise PublishError(
                f"{request.version!r} is already an alias of version {v.version!r}; choose another version name"
            )
        for alias in request.aliases:
            if alias == v.version:
                raise PublishError(
                    f"alias {alias!r} is already the name of a published version; "
                    f"choose another alias or `ctoportal unpublish {alias}` first"
                )
    return versions


def _check_case(versions: list[PublishedVersion], request: PublishRequest) -> None:
    """Refuse a name that differs only in case from a published one: on a case-insensitive file system or
    host (macOS, Windows, some static hosts) the two folders are one, and one version replaces the other."""
    for v in versions:
        for published in sorted(v.names()):
            for asked in (request.version, *request.aliases):
                if asked != published and asked.lower() == published.lower():
                    what = "version" if published == v.version else f"alias of version {v.version!r}"
                    raise PublishError(
                        f"{asked!r} differs only in case from {published!r}, already published "
                        f"(as {what}) on {request.branch!r}; names are compared ignoring case\n"
                        f"  fix: use {published!r}, or another name"
                    )


class NewerBuildPublished(PublishError):
    """Publishing would put a build of HEAD where readers now see a build of a newer commit (HEAD is an
    ancestor of it), and the request asks for more than the branch already has (``--alias latest`` would
    move from a newer release onto a new, older one): it cannot be done as asked. Nothing was changed."""


class NothingToDo(Exception):
    """The request asked for nothing the branch lacks but the older build: the version holds the newer
    build and every alias asked for is already on it. That is CI publishing ``latest`` for a merge that a
    later merge's job has already published past (it was slower, or lost a push race and was retried on
    top of the newer publish). Not an error: ``operations.publish`` turns it into its outcome, and the CLI
    exits 0 rather than failing the pipeline; ``--title`` and ``--set-default`` stay as the newer publish
    left them. Raised inside the commit step so that the push loop puts the local branch back."""


def _build_said(holder: PublishedVersion) -> str:
    when = f", published {holder.published[:10]}" if holder.published else ""
    return f"{(holder.commit or '?')[:7]}{when}"


def check_not_older(
    repo: Path, request: PublishRequest, versions: list[PublishedVersion], notify: Notify = quiet
) -> None:
    """Refuse to replace the version, or move an alias asked for, from a build of a strictly newer commit
    (HEAD is its ancestor) to a build of HEAD, unless ``request.allow_older``.

    A recorded commit this clone does not have (a shallow clone, or one made before the newer commit was
    pushed, which is just the CI job that loses a race) is fetched from the remote. If the remote does
    not have it either (it was published from a commit never pushed), we cannot tell: ``notify`` says so
    and the publish goes ahead. Builds of the same commit, of an older one, or of another line of
    history (a hotfix branch) are not refused.
    """
    head = gitrepo.resolve(repo, "HEAD")
    if request.allow_older or head is None:
        return
    newer: list[tuple[str, PublishedVersion]] = []
    for v in versions:
        moving = [v.version] if v.version == request.version else [a for a in request.aliases if a in v.aliases]
        if not moving or not v.commit or v.commit == head:
            continue
        if not gitrepo.has_commit(repo, v.commit) and not (
            gitrepo.has_remote(repo, request.remote) and gitrepo.fetch_commit(repo, request.remote, v.commit)
        ):
            notify(
                f"cannot tell whether {' and '.join(repr(n) for n in moving)} on {request.branch!r} (a build of "
                f"{_build_said(v)}) is newer than HEAD {head[:7]}: neither this clone nor {request.remote!r} "
                f"has that commit; publishing anyway"
            )
        elif gitrepo.is_ancestor(repo, head, v.commit):
            newer += [(name, v) for name in moving]
    if not newer:
        return
    holder = next((v for name, v in newer if name == request.version), None)
    if holder is not None and len(newer) == 1 and set(request.aliases) <= set(holder.aliases):
        raise NothingToDo(
            f"{request.version} already holds a newer build ({_build_said(holder)}; HEAD {head[:7]} is older, an "
            f"ancestor of it): nothing to do, nothing was changed\n"
            f"  to roll back on purpose: run the same command with --allow-older"
        )
    said = "; ".join(
        f"version {name!r} holds a build of {_build_said(v)}"
        if name == v.version
        else f"alias {name!r} is on version {v.version!r}, a build of {_build_said(v)}"
        for name, v in newer
    )
    raise NewerBuildPublished(
        f"refusing to publish a build of HEAD {head[:7]} over a build of a newer commit ({said}; HEAD is an "
        f"ancestor of it): readers would see older content. Nothing was changed\n"
        f"  fix: publish from that commit or a later one, or, to roll back on purpose, run the same command "
        f"with --allow-older"
    )
