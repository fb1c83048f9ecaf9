"""mike's Python API, used for the two things mike does for us: committing a built site as a version
to the pages branch, and deleting one. The only module of the publish stage that imports mike."""

from __future__ import annotations

import contextlib
import html
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.publish.errors import PublishError
from generator.publish.request import PublishRequest
from generator.sources import git as gitrepo

BuildInto = Callable[[Path, str], bool]
"""Builds the site as the given version into the given folder and returns MkDocs' ``use_directory_urls``."""


@contextlib.contextmanager
def in_mike(repo: Path):
    """Run mike's API in ``repo`` (mike runs git in the current directory), its errors made ours:
    mike signals misuse with ValueError and git failures with its GitError."""
    from mike import git_utils

    try:
        with contextlib.chdir(repo):
            yield
    except (ValueError, git_utils.GitError) as exc:
        raise PublishError(f"mike: {exc}") from None


def deploy(repo: Path, request: PublishRequest, build_into: BuildInto, published: str) -> bool:
    """Build the site and commit it to the local branch with mike; returns whether the branch changed."""
    from mike import commands, git_utils

    commit = gitrepo.resolve(repo, "HEAD")
    props = {"commit": commit, "published": published}
    unchanged = False
    message = (
        f"Publish portal version {request.version} from {commit[:7] if commit else 'an empty repository'}"
        f" with ctoportal"
    )
    with tempfile.TemporaryDirectory(prefix="ctoportal-publish-") as tmp:
        site_dir = Path(tmp) / "site"
        with in_mike(repo):
            # material's version selector inserts titles as HTML: stored escaped, shown as the text typed.
            title = html.escape(request.title) if request.title else None
            deploying = commands.deploy(
                {"site_dir": str(site_dir), "use_directory_urls": True},
                request.version,
                title,
                list(request.aliases),
                update_aliases=True,
                alias_type=commands.AliasType[request.alias_type],
                branch=request.branch,
                message=message,
                set_props=[("ctoportal", props)],
            )
            try:
                with deploying:
                    use_directory_urls = build_into(site_dir, request.version)
                    if not use_directory_urls:
                        raise PublishError(
                            "publishing needs use_directory_urls: true in mkdocs.yml "
                            "(the version selector links to folders)"
                        )
            except git_utils.GitEmptyCommit:
                unchanged = True  # an --overwrite that changes nothing: the branch is already right
            if request.set_default:
                try:
                    commands.set_default(
                        request.version,
                        branch=request.branch,
                        message=f"Make {request.version} the default portal version with ctoportal",
                    )
                    unchanged = False
                except git_utils.GitEmptyCommit:
                    pass  # already the default
    return not unchanged


def delete_version(repo: Path, version: str, branch: str) -> None:
    """Remove a version (and its aliases) from the local branch with a commit; it stays in the history."""
    from mike import commands

    with in_mike(repo):
        commands.delete([version], branch=branch, message=f"Unpublish portal version {version} with ctoportal")
