"""What a publish is asked to do, and what it did."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from generator.vcs.published_versions import DEFAULT_BRANCH, DEFAULT_REMOTE, PublishedVersion


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


class Done(enum.Enum):
    PUBLISHED = "published"
    UNCHANGED = "unchanged"
    """The version was already published exactly so: nothing to commit."""
    NEWER_BUILD_THERE = "newer build there"
    """The version already holds a build of a newer commit and every alias asked for is on it: a slower CI
    job for an older merge. Nothing was changed, and nothing is wrong."""


@dataclass(frozen=True)
class PublishOutcome:
    """The one answer of a publish that did not fail: what readers now see, and what this run did."""

    version: PublishedVersion
    done: Done
    message: str = ""
