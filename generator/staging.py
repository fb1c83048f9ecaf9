"""Build into a fresh folder beside the target and swap it in only when the build succeeded, so a
failed build leaves the previous site as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_path(target: Path) -> Path:
    return target.parent / f".{target.name}.ctoportal-new-{os.getpid()}"


def commit_staged(staged: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.ctoportal-old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)


def discard_staged(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)
