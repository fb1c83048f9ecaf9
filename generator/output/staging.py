"""Build into a fresh folder beside the target and swap it in only when the build succeeded, so a
failed build leaves the previous site as it was.

A staging folder holds a ``.gitignore`` of ``*`` while it exists, so one left by an interrupted build
(Ctrl-C, kill -9) never shows up in ``git status`` or a ``git add -A``; the next build removes those
whose process no longer runs. The output folder itself is checked first (``check_site_dir``): a build
replaces it entirely, so it must not be the repository, a source folder or git's own folder.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from generator.problems import CtoportalError

_IGNORE_ALL = "*\n"
_STAGING_NAME = re.compile(r"\.(?P<target>.+)\.ctoportal-(?:new|old)-(?P<pid>\d+)")


def staging_path(target: Path) -> Path:
    return target.parent / f".{target.name}.ctoportal-new-{os.getpid()}"


def prepare_staged(staged: Path) -> None:
    """An empty staging folder, invisible to git, after removing any that dead builds left beside it."""
    discard_staged(staged)
    remove_stale(staged.parent)
    staged.mkdir(parents=True)
    (staged / ".gitignore").write_text(_IGNORE_ALL, encoding="utf-8")  # MkDocs keeps dot-files when it cleans


def remove_stale(folder: Path) -> list[Path]:
    """Remove staging folders in ``folder`` left by builds whose process no longer runs."""
    removed = []
    for path in folder.glob(".*.ctoportal-*-*") if folder.is_dir() else ():
        match = _STAGING_NAME.fullmatch(path.name)
        if match is None or not path.is_dir() or _running(int(match.group("pid"))):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, from an earlier build in this process: not in use now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process (or a number we cannot ask about): leave its folder alone
    return True


def commit_staged(staged: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.ctoportal-old-{os.getpid()}"
    (staged / ".gitignore").unlink(missing_ok=True)  # ours, not part of the site
    if target.exists():
        os.replace(target, old)
        (old / ".gitignore").write_text(_IGNORE_ALL, encoding="utf-8")  # invisible while it is removed
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)


def discard_staged(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)


def check_site_dir(site_dir: Path, config_path: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources or history: one that is or
    contains the repository (or the folder holding mkdocs.yml), is or is inside a source folder, or is,
    holds or is inside a ``.git`` folder."""
    from generator.model.kinds import SOURCE_FOLDERS

    site = site_dir.resolve()
    root = config_path.resolve().parent
    reason = None
    if root.is_relative_to(site):  # so also the git repository, which holds the client repository
        reason = "it holds mkdocs.yml" if site == root else f"it contains the client repository ({root})"
    elif ".git" in site.parts or (site / ".git").exists():
        reason = "it is, holds or is inside a .git folder (the repository's history)"
    else:
        for folder in SOURCE_FOLDERS:
            if site.is_relative_to(root / folder):
                reason = f"it is {'' if site == root / folder else 'inside '}the source folder {folder}/"
                break
    if reason is not None:
        raise CtoportalError(
            f"refusing to build into {str(site_dir)!r}: {reason}, and a build replaces its "
            f"output folder entirely\n  fix: build into a folder of its own, e.g. -d site"
        )
