"""The portal as it stood at a git revision: the sources are taken from git into a temporary folder and
validated exactly as the working tree would be, so a broken revision reports located errors."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.sources import git as gitrepo
from generator.model.settings import Audience
from generator.model.portal import Portal, ReaderPortal
from generator.problems import CtoportalError, Position, Problems
from generator.checks.validate import Validation, validate_repository


@dataclass(frozen=True)
class Snapshot:
    label: str
    """How the revision is named to people: ``main (1a2b3c4)`` or ``working tree``."""
    commit: str | None
    validation: Validation

    @property
    def portal(self) -> Portal:
        assert self.validation.portal is not None
        return self.validation.portal


class InvalidRevision(CtoportalError):
    """Sources that do not validate at one or both revisions, every problem listed under its revision."""

    def __init__(self, snapshots: list[Snapshot]):
        self.snapshots = snapshots
        lines = []
        for snap in snapshots:
            problems = snap.validation.problems
            lines.append(f"the sources at {snap.label} are not valid:")
            lines += ["  " + p.format().replace("\n", "\n  ") for p in problems.errors]
            lines.append(f"  {len(problems.errors)} error(s) at {snap.label}")
        super().__init__("\n".join(lines))


def load_snapshot(config_path: Path, rev: str | None) -> Snapshot:
    """Validate the sources at ``rev`` (None: the working tree as it is now), as the client repository
    holds them: the internal overlay is not in its git history, so neither side of a comparison reads it."""
    if rev is None:
        return Snapshot("working tree", None, validate_repository(config_path, overlay=False))
    client_root = config_path.parent
    repo = gitrepo.require_work_tree(client_root)
    commit = gitrepo.require_commit(client_root, rev)
    prefix = gitrepo.prefix_in_repo(client_root)
    label = f"{rev} ({commit[:7]})" if not commit.startswith(rev) else commit[:7]
    with tempfile.TemporaryDirectory(prefix="ctoportal-rev-") as tmp:
        gitrepo.extract_tree(repo, commit, prefix, Path(tmp))
        config_at_rev = Path(tmp) / config_path.name
        if not config_at_rev.is_file():
            problems = Problems()
            problems.error(
                config_path.name,
                Position(),
                f"{config_path.name} does not exist at {label}",
                "compare with a revision made after the portal was set up",
            )
            return Snapshot(label, commit, Validation(None, problems))
        return Snapshot(label, commit, validate_repository(config_at_rev, overlay=False))


def load_pair(config_path: Path, base: str, head: str | None) -> tuple[Snapshot, Snapshot]:
    """Both sides, every problem of both reported together when either does not validate."""
    before, after = load_snapshot(config_path, base), load_snapshot(config_path, head)
    broken = [s for s in (before, after) if not s.validation.ok]
    if broken:
        raise InvalidRevision(broken)
    return before, after


def views(before: Snapshot, after: Snapshot, audience: Audience | None = None) -> tuple[ReaderPortal, ReaderPortal]:
    """The two portals as one audience sees them (by default the audience of the newer side)."""
    audience = audience or after.portal.settings.audience
    return before.portal.for_audience(audience), after.portal.for_audience(audience)
