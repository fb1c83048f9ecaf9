"""The internal overlay: a folder outside the client repository (typically the consultant's private
repository, cloned beside the client's) holding internal items and pages in the same layout
(strategy/, roadmap/, risks/, vendors/), merged into the portal when it is there.

Whatever the client's repository holds in git, anyone who can read the repository can read, including
items marked ``visibility: internal``. The overlay keeps such material out of that repository: its
items are internal whatever they say, so a client build is the same, byte for byte, with or without it.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.sources import git as gitrepo
from generator.sources.settings_file import read_settings
from generator.model import PortalSettings
from generator.model.settings import Audience
from generator.problems import CtoportalError, Position, Problems

OVERLAY_ENV = "CTOPORTAL_INTERNAL_OVERLAY"


def configured_overlay(settings: PortalSettings, environ: dict[str, str] | None = None) -> str | None:
    """The overlay folder as configured (the environment variable wins over ``internal_overlay``), or None."""
    value = (environ if environ is not None else os.environ).get(OVERLAY_ENV, "").strip() or settings.internal_overlay
    return Path(value).as_posix() if value else None


def locate_overlay(
    root: Path, settings: PortalSettings, problems: Problems, environ: dict[str, str] | None = None
) -> str | None:
    """The configured overlay folder (relative to ``root``, or absolute) if it is there to be read.

    Absent, a client build goes on without it with a note (the client's CI never has it), and an
    internal build fails: without the overlay it would silently lack the internal material.
    """
    label = configured_overlay(settings, environ)
    if label is None:
        return None
    folder = (root / label).resolve()
    source = (
        f"{OVERLAY_ENV}={label}"
        if (environ if environ is not None else os.environ).get(OVERLAY_ENV, "").strip()
        else f"internal_overlay: {label}"
    )
    if not folder.is_dir():
        if settings.audience == Audience.INTERNAL:
            problems.error(
                label,
                Position(),
                f"the internal overlay folder {str(folder)!r} ({source}) does not "
                f"exist: an internal build without it would leave out the internal material",
                f"clone the internal repository there, or set {OVERLAY_ENV} to where it is",
                code="overlay-missing",
            )
        else:
            problems.note(
                f"internal overlay {label} not found: building without it (a client build is the same either way)"
            )
        return None
    try:
        repository = gitrepo.work_tree(root) or root.resolve()
    except gitrepo.GitError:  # no git here: the folder of mkdocs.yml is the repository
        repository = root.resolve()
    if folder.is_relative_to(repository) or repository.is_relative_to(folder):
        problems.error(
            label,
            Position(),
            f"the internal overlay {str(folder)!r} ({source}) is inside the client "
            f"repository {str(repository)!r} (or holds it): anyone who can read that repository could read "
            f"the overlay, and it would be loaded twice",
            f"keep the overlay in a folder of its own beside the client repository, e.g. ../{repository.name}-internal",
            code="overlay-inside",
        )
        return None
    return label


def require_overlay(config_path: Path) -> tuple[str, Path]:
    """The configured overlay (as written, and where it is) for a command that writes into it."""
    problems = Problems()
    settings = read_settings(config_path, problems)
    if settings is None or problems.errors:
        raise CtoportalError(f"{config_path.name} is not valid: run ctoportal validate")
    label = locate_overlay(config_path.parent, settings, problems)
    if problems.errors:
        raise CtoportalError(problems.errors[0].message)
    if label is None:
        configured = configured_overlay(settings)
        if configured is None:
            raise CtoportalError(
                f"no internal overlay is configured: set internal_overlay: ../FOLDER under the "
                f"ctoportal plugin in {config_path.name}, or {OVERLAY_ENV}"
            )
        raise CtoportalError(
            f"the internal overlay folder {str((config_path.parent / configured).resolve())!r} does "
            f"not exist: create it (or clone your internal repository there)"
        )
    return label, config_path.parent / label
