"""Publish frozen versions of the portal to a git branch with mike, safely.

ctoportal builds the site itself (the caller passes a ``build_into`` function) and hands mike only the
finished folder, through mike's Python API. mike's own ``deploy`` command would instead run the
``properdocs`` executable whenever ProperDocs is installed, else ``mkdocs`` from PATH; building here
keeps the result the same whichever is installed.

Before touching the branch we check what mike leaves to the user: names that are safe as folder
names on any host, no silent overwrite of a published version, a local branch that is not behind
(or missing from) the remote, so a publish never throws away a version someone else published, and
no version or alias moved back to a build of an older commit (``check_not_older``).
When two publishes race and the other pushes first, ours is made again on top of the remote's branch
(see ``_commit_and_push``); whatever fails, the local branch is never left beside the remote's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.kinds import SOURCE_FOLDERS
from generator.sources.loader import source_date_epoch
from generator.vcs import git as gitrepo
from generator.problems import CtoportalError

VERSION_ENV = "MIKE_DOCS_VERSION"
"""Names the version being built; set by mike for its builds, and by ``publish`` for ours."""
DEFAULT_BRANCH = "gh-pages"
DEFAULT_REMOTE = "origin"
VERSIONS_FILE = "versions.json"
ALIAS_TYPES = ("redirect", "copy")
"""mike's third kind, symlink, is refused by some static hosts and by zip downloads of the branch."""

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
_FILE_LIKE = re.compile(r"\.(html?|json|xml|txt|js|css|ico|png|svg)$", re.I)
_RESERVED = {"index", "versions", "404", "assets", "search", "sitemap"}
ROOT_FILES = {"cname", "versions.json", "index.html", "404.html", ".nojekyll", "robots.txt", "sitemap.xml",
              "sitemap.xml.gz", "favicon.ico"}
"""Files the pages branch holds (or a host reads) at its root, lower-cased: a version folder of that name
would replace one (``CNAME`` is the custom domain). Names starting with a dot are refused as well."""


class PublishError(CtoportalError):
    pass


def version_name_problem(name: str, what: str = "version") -> str | None:
    """Why ``name`` cannot be a version or alias (a folder at the top of the published site), or None."""
    if not _SAFE_NAME.fullmatch(name):
        return (f"{what} name {name!r} is not safe as a folder name on every host: use 1-64 letters, digits, "
                f"'.', '_', '+' or '-', starting with a letter or digit (e.g. 2026-11 or v1.2)")
    if ".." in name:
        return f"{what} name {name!r} must not contain '..'"
    if _FILE_LIKE.search(name) or name.lower() in _RESERVED:
        return f"{what} name {name!r} would clash with a file at the top of the published site; choose another"
    if name.lower() in ROOT_FILES or name.startswith("."):
        return f"{what} name {name!r} would replace the file {name!r} at the root of the pages branch; choose another"
    return None


def check_names(version: str, aliases: list[str]) -> None:
    problems = [p for p in [version_name_problem(version)] + [version_name_problem(a, "alias") for a in aliases] if p]
    if version.lower() in (a.lower() for a in aliases):
        problems.append(f"alias {next(a for a in aliases if a.lower() == version.lower())!r} is the version's own "
                        f"name (names are compared ignoring case); drop that --alias")
    seen: dict[str, str] = {}
    for alias in aliases:
        if alias.lower() in seen and seen[alias.lower()] != alias:
            problems.append(f"aliases {seen[alias.lower()]!r} and {alias!r} differ only in case (some hosts and "
                            f"checkouts do not tell them apart); keep one")
        seen.setdefault(alias.lower(), alias)
    if problems:
        raise PublishError("\n".join(problems))


@dataclass(frozen=True)
class PublishedVersion:
    version: str
    title: str
    aliases: tuple[str, ...] = ()
    commit: str | None = None
    """The source commit the version was built from (recorded by ctoportal)."""
    published: str | None = None
    """When it was published, ISO 8601 UTC."""
    properties: dict = field(default_factory=dict, compare=False)

    @property
    def is_release(self) -> bool:
        """mike's rule: names starting with a digit (or v and a digit) are releases; others are moving."""
        return re.match(r"v?\d", self.version) is not None

    def names(self) -> set[str]:
        return {self.version, *self.aliases}


def read_versions(repo: Path, branch: str = DEFAULT_BRANCH, remote: str = DEFAULT_REMOTE) -> list[PublishedVersion]:
    """versions.json from the local branch (else the remote-tracking one), in mike's order (newest first)."""
    for ref in (f"refs/heads/{branch}", f"refs/remotes/{remote}/{branch}"):
        if gitrepo.branch_commit(repo, ref) is not None:
            return _versions_at(repo, ref, branch)
    return []


def _versions_at(repo: Path, rev: str | None, branch: str) -> list[PublishedVersion]:
    """versions.json at ``rev``, read through ``_version_from_json``: one error naming the branch and entry."""
    if rev is None:
        return []
    data = gitrepo.show_file(repo, rev, VERSIONS_FILE)
    if data is None:
        return []
    fix = f"repair it on {branch} (`git checkout {branch}`, edit, commit, `git checkout -`), or recreate the branch"
    try:
        entries = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PublishError(f"{VERSIONS_FILE} on {branch} is not valid JSON ({exc}); {fix}") from None
    if not isinstance(entries, list):
        raise PublishError(f"{VERSIONS_FILE} on {branch} holds a {type(entries).__name__}, not a list of "
                           f"versions; {fix}")
    versions = []
    for number, entry in enumerate(entries, 1):
        try:
            versions.append(_version_from_json(entry))
        except ValueError as exc:
            named = entry.get("version") if isinstance(entry, dict) else None
            label = f" ({named!r:.40})" if isinstance(named, str) else ""
            raise PublishError(f"{VERSIONS_FILE} on {branch}, entry {number}{label}: {exc}; {fix}") from None
    return versions


_SHA = re.compile(r"[0-9a-f]{40}")
_PUBLISHED_NAME = re.compile(r"[^<>&\"'/\\\x00-\x1f]+")
"""A version or alias name read from the branch: a folder name the version selector can show as is."""


def _version_from_json(entry: object) -> PublishedVersion:
    """One entry of versions.json, which anyone who can push to the branch wrote: every field is checked
    before anything (git, the version selector, a page) sees it. Raises ValueError saying what is wrong."""
    if not isinstance(entry, dict):
        raise ValueError(f"expected an object, found {entry!r:.60}")
    name = entry.get("version")
    if not isinstance(name, str) or not _PUBLISHED_NAME.fullmatch(name) or name in (".", ".."):
        raise ValueError(f"'version' must be a folder name, found {name!r:.60}")
    aliases = entry.get("aliases")
    aliases = [] if aliases is None else aliases
    if not isinstance(aliases, list) or not all(
            isinstance(a, str) and _PUBLISHED_NAME.fullmatch(a) and a not in (".", "..") for a in aliases):
        raise ValueError(f"'aliases' must be a list of folder names, found {aliases!r:.60}")
    title = entry.get("title")
    title = name if title is None else title
    if not isinstance(title, str):
        raise ValueError(f"'title' must be text, found {title!r:.60}")
    if "<" in title:
        # ctoportal stores titles HTML-escaped (material's selector inserts them as HTML): raw markup was
        # written by something else, and would run in every reader's browser.
        raise ValueError(f"'title' holds HTML markup, which the version selector would run: {title!r:.60}")
    props = entry.get("properties")
    props = {} if props is None else props
    if not isinstance(props, dict):
        raise ValueError(f"'properties' must be an object, found {props!r:.60}")
    ours = props.get("ctoportal")
    ours = {} if ours is None else ours
    if not isinstance(ours, dict):
        raise ValueError(f"'properties.ctoportal' must be an object, found {ours!r:.60}")
    commit, published = ours.get("commit"), ours.get("published")
    if commit is not None and not (isinstance(commit, str) and _SHA.fullmatch(commit)):
        raise ValueError(f"'properties.ctoportal.commit' must be a 40-digit commit id, found {commit!r:.60}")
    if published is not None and not isinstance(published, str):
        raise ValueError(f"'properties.ctoportal.published' must be a date as text, found {published!r:.60}")
    return PublishedVersion(name, html.unescape(title) or name, tuple(sorted(aliases)), commit, published, props)


def previous_version(versions: list[PublishedVersion], current: str | None) -> PublishedVersion | None:
    """The version a build is compared with on its "What changed" page.

    A release is compared with the release before it; a moving version (``latest``) with the newest
    release; a build that is not being published (a preview) with what readers see now: ``latest``.
    """
    from verspec.loose import LooseVersion  # mike's own version ordering

    known = [v for v in versions if v.commit and v.version != current]
    releases = sorted((v for v in known if v.is_release), key=lambda v: LooseVersion(v.version), reverse=True)
    if current is None:
        live = [v for v in known if "latest" in v.names()]
        return live[0] if live else (releases[0] if releases else None)
    if re.match(r"v?\d", current):
        older = [v for v in releases if LooseVersion(v.version) < LooseVersion(current)]
        return older[0] if older else None
    return releases[0] if releases else None


# -- the branch and its remote -----------------------------------------------------------------------

def check_branch(repo: Path, remote: str, branch: str, *, required: bool) -> None:
    """Refuse to publish on a local branch that is behind the remote, or missing while the remote has it.

    ``required``: the remote must be reachable (when pushing); otherwise an unreachable or unknown
    remote only means we cannot check, and publishing locally goes ahead.
    """
    if not gitrepo.has_remote(repo, remote):
        if required:
            raise PublishError(f"there is no git remote {remote!r} to push to; add one with "
                               f"`git remote add {remote} URL` or name another with --remote")
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
            f"  fix: {fetch}")
    if local_sha == remote_sha:
        return
    if not gitrepo.has_commit(repo, remote_sha) or gitrepo.is_ancestor(repo, local_sha, remote_sha):
        behind = (f" by {gitrepo.count_commits(repo, f'{local_sha}..{remote_sha}')} commit(s)"
                  if gitrepo.has_commit(repo, remote_sha) else "")
        raise PublishError(
            f"local {branch!r} is behind {remote}/{branch}{behind}: someone published since you last fetched, "
            f"and publishing now would lose their version\n  fix: {fetch}")
    if not gitrepo.is_ancestor(repo, remote_sha, local_sha):
        raise PublishError(
            f"local {branch!r} and {remote}/{branch} have diverged (each has publishes the other lacks)\n"
            f"  fix: keep the remote's with `git branch -f {branch} {remote}/{branch}` after `git fetch {remote}`, "
            f"then publish again")
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
        raise PublishError(f"the sources have changes that are not committed ({files}); a published version "
                           f"records the commit it was built from\n  fix: commit them (or stash them), "
                           f"then publish again")


# -- pushing, when others push to the same branch ----------------------------------------------------

PUSH_ATTEMPTS = 3
"""How many times a publish is made, each on top of the remote branch that moved while pushing the last."""

Notify = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


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
    if refusal is not None and (refusal.startswith("[rejected]") or
                                refusal.startswith("[remote rejected]") and _remote_moved(repo, remote, branch)):
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
    changes = {"published": [n for n in new if n not in old],
               "republished": [n for n in new if n in old and new[n] != old[n]],
               "unpublished": [n for n in old if n not in new]}
    said = [f"{verb} {', '.join(names)}" for verb, names in changes.items() if names]
    return " and ".join(said) or None


def _commit_and_push(repo: Path, remote: str, branch: str, push_after: bool, doing: str,
                     commit: Callable[[bool], object], notify: Notify):
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
                    f"matches {remote}/{branch}\n  fix: run the same command again to publish on top of it") from None
            notify(f"{remote}/{branch} moved while {doing} ({change}); {doing} again on top of it")
        except PushFailed as exc:
            gitrepo.set_branch(repo, ref, before)
            raise PublishError(f"{exc}\n  fix: once that is fixed, run the same command again (local {branch!r} "
                               f"was left as it was before)") from None
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
        raise PublishError(f"{remote}/{branch} moved while {doing}, and fetching it failed: {exc}\n"
                           f"  fix: `git fetch {remote} {branch}:{branch}`, then run the same command again "
                           f"(local {branch!r} was left as it was before)") from None
    base = gitrepo.merge_base(repo, before, theirs) if before else None
    theirs_said = _changes(_versions_at(repo, base, branch), _versions_at(repo, theirs, branch))
    change = f"someone else {theirs_said}" if theirs_said else "someone else pushed to it"
    if before is not None and base != before:
        # Publishes committed here but never pushed: taking the remote's branch would drop them.
        ours = _changes(_versions_at(repo, base, branch), _versions_at(repo, before, branch))
        count = gitrepo.count_commits(repo, f"{theirs}..{before}")
        raise PublishError(
            f"{remote}/{branch} moved while {doing} ({change}), and local {branch!r} has {count} commit(s) that "
            f"were never pushed{f' ({ours})' if ours else ''}: the two cannot be combined automatically, so "
            f"nothing was changed\n  fix: keep the remote's with `git fetch {remote}` and "
            f"`git branch -f {branch} {remote}/{branch}`, then publish your versions again")
    gitrepo.set_branch(repo, f"refs/heads/{branch}", theirs)
    return change


@contextlib.contextmanager
def _in_mike(repo: Path):
    """Run mike's API in ``repo`` (mike runs git in the current directory), its errors made ours:
    mike signals misuse with ValueError and git failures with its GitError."""
    from mike import git_utils

    try:
        with contextlib.chdir(repo):
            yield
    except (ValueError, git_utils.GitError) as exc:
        raise PublishError(f"mike: {exc}") from None


# -- operations --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublishRequest:
    version: str
    title: str | None = None
    aliases: tuple[str, ...] = ()
    alias_type: str = "redirect"
    branch: str = DEFAULT_BRANCH
    remote: str = DEFAULT_REMOTE
    push: bool = False
    set_default: bool = False
    overwrite: bool = False
    allow_older: bool = False
    """Let the version or an alias go back to a build of an older commit (an intentional rollback)."""


@contextlib.contextmanager
def _version_env(version: str):
    """Tell the build which version it is, the way mike does (plugins read it at on_config)."""
    saved = os.environ.get(VERSION_ENV)
    os.environ[VERSION_ENV] = version
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(VERSION_ENV, None)
        else:
            os.environ[VERSION_ENV] = saved


BuildInto = Callable[[Path], bool]
"""Builds the site into the given folder and returns MkDocs' ``use_directory_urls``."""


def _now() -> str:
    when = source_date_epoch() or dt.datetime.now(tz=dt.timezone.utc)
    return when.replace(microsecond=0).isoformat()


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
            raise PublishError(f"version {request.version!r} is already published{when}{source}; a published "
                               f"version is a record of what readers saw\n  fix: publish under a new name, "
                               f"or replace it with --overwrite")
        if request.version in v.aliases:
            raise PublishError(f"{request.version!r} is already an alias of version {v.version!r}; "
                               f"choose another version name")
        for alias in request.aliases:
            if alias == v.version:
                raise PublishError(f"alias {alias!r} is already the name of a published version; "
                                   f"choose another alias or `ctoportal unpublish {alias}` first")
    return versions


def _check_case(versions: list[PublishedVersion], request: PublishRequest) -> None:
    """Refuse a name that differs only in case from a published one: on a case-insensitive file system or
    host (macOS, Windows, some static hosts) the two folders are one, and one version replaces the other."""
    for v in versions:
        for published in sorted(v.names()):
            for asked in (request.version, *request.aliases):
                if asked != published and asked.lower() == published.lower():
                    what = "version" if published == v.version else f"alias of version {v.version!r}"
                    raise PublishError(f"{asked!r} differs only in case from {published!r}, already published "
                                       f"(as {what}) on {request.branch!r}; names are compared ignoring case\n"
                                       f"  fix: use {published!r}, or another name")


class NewerBuildPublished(PublishError):
    """Publishing would put a build of HEAD where readers now see a build of a newer commit (HEAD is an
    ancestor of it). Nothing was changed.

    ``nothing_to_do``: the request asked for nothing the branch lacks but the older build: the version
    holds the newer build and every alias asked for is already on it. That is CI publishing ``latest``
    for a merge that a later merge's job has already published past (it was slower, or lost a push race
    and was retried on top of the newer publish). Nothing is wrong then, so the CLI says so and exits 0
    rather than failing the pipeline; ``--title`` and ``--set-default`` stay as the newer publish left
    them. Otherwise (``--alias latest`` would move from a newer release onto a new, older one) the
    request cannot be done as asked, and the CLI fails (exit 1).
    """

    def __init__(self, message: str, *, nothing_to_do: bool):
        super().__init__(message)
        self.nothing_to_do = nothing_to_do


def _build_said(holder: PublishedVersion) -> str:
    when = f", published {holder.published[:10]}" if holder.published else ""
    return f"{(holder.commit or '?')[:7]}{when}"


def check_not_older(repo: Path, request: PublishRequest, versions: list[PublishedVersion],
                    notify: Notify = _quiet) -> None:
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
                gitrepo.has_remote(repo, request.remote) and gitrepo.fetch_commit(repo, request.remote, v.commit)):
            notify(f"cannot tell whether {' and '.join(repr(n) for n in moving)} on {request.branch!r} (a build of "
                   f"{_build_said(v)}) is newer than HEAD {head[:7]}: neither this clone nor {request.remote!r} "
                   f"has that commit; publishing anyway")
        elif gitrepo.is_ancestor(repo, head, v.commit):
            newer += [(name, v) for name in moving]
    if not newer:
        return
    holder = next((v for name, v in newer if name == request.version), None)
    if holder is not None and len(newer) == 1 and set(request.aliases) <= set(holder.aliases):
        raise NewerBuildPublished(
            f"{request.version} already holds a newer build ({_build_said(holder)}; HEAD {head[:7]} is older, an "
            f"ancestor of it): nothing to do, nothing was changed\n"
            f"  to roll back on purpose: run the same command with --allow-older", nothing_to_do=True)
    said = "; ".join(f"version {name!r} holds a build of {_build_said(v)}" if name == v.version else
                     f"alias {name!r} is on version {v.version!r}, a build of {_build_said(v)}" for name, v in newer)
    raise NewerBuildPublished(
        f"refusing to publish a build of HEAD {head[:7]} over a build of a newer commit ({said}; HEAD is an "
        f"ancestor of it): readers would see older content. Nothing was changed\n"
        f"  fix: publish from that commit or a later one, or, to roll back on purpose, run the same command "
        f"with --allow-older", nothing_to_do=False)


def publish(config_path: Path, request: PublishRequest, build_into: BuildInto,
            notify: Notify = _quiet) -> tuple[PublishedVersion, bool]:
    """Build the portal and commit it to the branch as ``request.version``; push if asked, publishing again
    on top of the remote's branch if someone else pushed to it meanwhile (``notify`` is told).
    Returns the published version and whether the branch changed.

    Before each attempt (so also after losing a push race, when the winner may be a newer build of the
    same version), raises ``NewerBuildPublished`` without building if the version or an alias would go
    back to a build of an older commit; see there for when that means "nothing to do"."""
    repo = gitrepo.require_work_tree(config_path.parent)
    published = _now()

    def commit(again: bool) -> bool:
        if again:  # the local branch has just been brought up to the remote's: check what it holds now
            versions = check_against_published(repo, request)
        else:
            versions = check_publishable(repo, request)
            check_committed(config_path)
        check_not_older(repo, request, versions, notify)
        return _deploy(repo, request, build_into, published)

    changed = _commit_and_push(repo, request.remote, request.branch, request.push,
                               f"publishing {request.version}", commit, notify)
    published_version = next(v for v in read_versions(repo, request.branch, request.remote)
                             if v.version == request.version)
    return published_version, changed


def _deploy(repo: Path, request: PublishRequest, build_into: BuildInto, published: str) -> bool:
    """Build the site and commit it to the local branch with mike; returns whether the branch changed."""
    from mike import commands, git_utils

    commit = gitrepo.resolve(repo, "HEAD")
    props = {"commit": commit, "published": published}
    unchanged = False
    message = (f"Publish portal version {request.version} from {commit[:7] if commit else 'an empty repository'}"
               f" with ctoportal")
    with tempfile.TemporaryDirectory(prefix="ctoportal-publish-") as tmp:
        site_dir = Path(tmp) / "site"
        with _in_mike(repo):
            # material's version selector inserts titles as HTML: stored escaped, shown as the text typed.
            title = html.escape(request.title) if request.title else None
            deploy = commands.deploy({"site_dir": str(site_dir), "use_directory_urls": True}, request.version,
                                     title, list(request.aliases), update_aliases=True,
                                     alias_type=commands.AliasType[request.alias_type], branch=request.branch,
                                     message=message, set_props=[("ctoportal", props)])
            try:
                with deploy, _version_env(request.version):
                    use_directory_urls = build_into(site_dir)
                    if not use_directory_urls:
                        raise PublishError("publishing needs use_directory_urls: true in mkdocs.yml "
                                           "(the version selector links to folders)")
            except git_utils.GitEmptyCommit:
                unchanged = True  # an --overwrite that changes nothing: the branch is already right
            if request.set_default:
                try:
                    commands.set_default(request.version, branch=request.branch,
                                         message=f"Make {request.version} the default portal version with ctoportal")
                    unchanged = False
                except git_utils.GitEmptyCommit:
                    pass  # already the default
    return not unchanged


def unpublish(config_path: Path, version: str, *, branch: str = DEFAULT_BRANCH, remote: str = DEFAULT_REMOTE,
              push_after: bool = False, notify: Notify = _quiet) -> PublishedVersion:
    """Remove a version (and its aliases) from the branch. It stays in the branch's history.
    Pushes like ``publish``: again on top of the remote's branch if someone else pushed meanwhile."""
    from mike import commands

    repo = gitrepo.require_work_tree(config_path.parent)

    def remove(again: bool) -> PublishedVersion:
        if not again:
            check_branch(repo, remote, branch, required=push_after)
        versions = read_versions(repo, branch, remote)
        found = next((v for v in versions if v.version == version), None)
        if found is None:
            alias_of = next((v for v in versions if version in v.aliases), None)
            hint = (f"{version!r} is an alias of {alias_of.version!r}; unpublish {alias_of.version!r}" if alias_of
                    else f"published versions: {', '.join(v.version for v in versions) or 'none'}")
            raise PublishError(f"version {version!r} is not published on {branch!r}\n  hint: {hint}")
        with _in_mike(repo):
            commands.delete([version], branch=branch, message=f"Unpublish portal version {version} with ctoportal")
        return found

    return _commit_and_push(repo, remote, branch, push_after, f"unpublishing {version}", remove, notify)
