"""The versions published on the pages branch, as ``versions.json`` records them: read and checked here
(anyone who can push to the branch wrote it), for ``ctoportal versions``, the publish guards and the
What changed page's baseline."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import CtoportalError
from generator.sources import git as gitrepo

DEFAULT_BRANCH = "gh-pages"
DEFAULT_REMOTE = "origin"
VERSIONS_FILE = "versions.json"


class VersionsFileError(CtoportalError):
    """versions.json on the pages branch cannot be read as a list of published versions."""


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
            return versions_at(repo, ref, branch)
    return []


def versions_at(repo: Path, rev: str | None, branch: str) -> list[PublishedVersion]:
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
        raise VersionsFileError(f"{VERSIONS_FILE} on {branch} is not valid JSON ({exc}); {fix}") from None
    if not isinstance(entries, list):
        raise VersionsFileError(
            f"{VERSIONS_FILE} on {branch} holds a {type(entries).__name__}, not a list of versions; {fix}"
        )
    versions = []
    for number, entry in enumerate(entries, 1):
        try:
            versions.append(_version_from_json(entry))
        except ValueError as exc:
            named = entry.get("version") if isinstance(entry, dict) else None
            label = f" ({named!r:.40})" if isinstance(named, str) else ""
            raise VersionsFileError(f"{VERSIONS_FILE} on {branch}, entry {number}{label}: {exc}; {fix}") from None
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
        isinstance(a, str) and _PUBLISHED_NAME.fullmatch(a) and a not in (".", "..") for a in aliases
    ):
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
