"""Publish frozen versions of the portal to a git branch with mike, safely.

ctoportal builds the site itself (the caller passes a ``build_into`` function) and hands mike only the
finished folder, through mike's Python API. mike's own ``deploy`` command would instead run the
``properdocs`` executable whenever ProperDocs is installed, else ``mkdocs`` from PATH; building here
keeps the result the same whichever is installed.

Before touching the branch we check what mike leaves to the user: names that are safe as folder
names on any host, no silent overwrite of a published version, and a local branch that is not behind
(or missing from) the remote, so a publish never throws away a version someone else published.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import gitrepo
from .problems import CtoportalError

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
    return None


def check_names(version: str, aliases: list[str]) -> None:
    problems = [p for p in [version_name_problem(version)] + [version_name_problem(a, "alias") for a in aliases] if p]
    if version in aliases:
        problems.append(f"alias {version!r} is the version's own name; drop --alias {version}")
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
        if gitrepo.branch_commit(repo, ref) is None:
            continue
        data = gitrepo.show_file(repo, ref, VERSIONS_FILE)
        if data is None:
            return []
        try:
            entries = json.loads(data)
        except json.JSONDecodeError as exc:
            raise PublishError(f"{VERSIONS_FILE} on {branch} is not valid JSON ({exc}); "
                               f"repair it with `git checkout {branch}` and a commit, or recreate the branch")
        return [_version_from_json(e) for e in entries if isinstance(e, dict) and "version" in e]
    return []


def _version_from_json(entry: dict) -> PublishedVersion:
    props = entry.get("properties") or {}
    ours = props.get("ctoportal") if isinstance(props, dict) else None
    ours = ours if isinstance(ours, dict) else {}
    return PublishedVersion(str(entry["version"]), str(entry.get("title") or entry["version"]),
                            tuple(sorted(str(a) for a in entry.get("aliases") or [])), ours.get("commit"),
                            ours.get("published"), props if isinstance(props, dict) else {})


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
    paths = [config_path.name, *(f for f in ("strategy", "roadmap", "risks", "vendors") if (root / f).exists())]
    if gitrepo.resolve(root, "HEAD") is None:
        raise PublishError("nothing is committed yet; commit the sources, then publish")
    changed = gitrepo.git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths).stdout.decode()
    if changed:
        files = ", ".join(line[3:] for line in changed.splitlines()[:5] if line.strip())
        raise PublishError(f"the sources have changes that are not committed ({files}); a published version "
                           f"records the commit it was built from\n  fix: commit them (or stash them), "
                           f"then publish again")


def push(repo: Path, remote: str, branch: str) -> None:
    result = gitrepo.git(repo, "push", "--", remote, f"refs/heads/{branch}:refs/heads/{branch}", check=False)
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace").strip()
        raise PublishError(f"pushing {branch!r} to {remote!r} failed: {stderr}\n"
                           f"  fix: `git fetch {remote} {branch}:{branch}` may be refused too if the branches "
                           f"diverged; then publish again on top of the remote's branch")


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
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = (dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc) if epoch.isdigit()
            else dt.datetime.now(tz=dt.timezone.utc))
    return when.replace(microsecond=0).isoformat()


def check_publishable(repo: Path, request: PublishRequest) -> list[PublishedVersion]:
    check_names(request.version, list(request.aliases))
    if request.alias_type not in ALIAS_TYPES:
        raise PublishError(f"alias type {request.alias_type!r} is not one of {', '.join(ALIAS_TYPES)}")
    check_branch(repo, request.remote, request.branch, required=request.push)
    versions = read_versions(repo, request.branch, request.remote)
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


def publish(config_path: Path, request: PublishRequest, build_into: BuildInto) -> tuple[PublishedVersion, bool]:
    """Build the portal and commit it to the branch as ``request.version``; push if asked.
    Returns the published version and whether the branch changed."""
    from mike import commands, git_utils

    repo = gitrepo.require_work_tree(config_path.parent)
    check_publishable(repo, request)
    check_committed(config_path)
    commit = gitrepo.resolve(repo, "HEAD")
    published = _now()
    props = {"commit": commit, "published": published}
    unchanged = False
    message = (f"Publish portal version {request.version} from {commit[:7] if commit else 'an empty repository'}"
               f" with ctoportal")
    with tempfile.TemporaryDirectory(prefix="ctoportal-publish-") as tmp:
        site_dir = Path(tmp) / "site"
        with _in_mike(repo):
            deploy = commands.deploy({"site_dir": str(site_dir), "use_directory_urls": True}, request.version,
                                     request.title, list(request.aliases), update_aliases=True,
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
    if request.push:
        push(repo, request.remote, request.branch)
    published_version = next(v for v in read_versions(repo, request.branch, request.remote)
                             if v.version == request.version)
    return published_version, not unchanged


def unpublish(config_path: Path, version: str, *, branch: str = DEFAULT_BRANCH, remote: str = DEFAULT_REMOTE,
              push_after: bool = False) -> PublishedVersion:
    """Remove a version (and its aliases) from the branch. It stays in the branch's history."""
    from mike import commands

    repo = gitrepo.require_work_tree(config_path.parent)
    check_branch(repo, remote, branch, required=push_after)
    versions = read_versions(repo, branch, remote)
    found = next((v for v in versions if v.version == version), None)
    if found is None:
        alias_of = next((v for v in versions if version in v.aliases), None)
        hint = (f"{version!r} is an alias of {alias_of.version!r}; unpublish {alias_of.version!r}" if alias_of else
                f"published versions: {', '.join(v.version for v in versions) or 'none'}")
        raise PublishError(f"version {version!r} is not published on {branch!r}\n  hint: {hint}")
    with _in_mike(repo):
        commands.delete([version], branch=branch, message=f"Unpublish portal version {version} with ctoportal")
    if push_after:
        push(repo, remote, branch)
    return found
