"""Reading source files from the client repository: plain UTF-8 files of bounded size, never through a
link that leads out of the repository or into ``.git`` (a source that could read any file the build
can would publish it), and linked folders reported."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from generator.problems import Position, Problems, printable_path
from generator.sources.located_yaml import _BIDI, _BIDI_HINT, MAX_FILE_BYTES, Located, load_text


def read_text(root: Any, relpath: str, problems: Problems) -> str | None:
    """Read a UTF-8 source file, refusing oversized, binary and undecodable ones with a located error."""
    shown = printable_path(relpath)
    if shown != relpath:
        problems.error(
            shown,
            Position(),
            "file name is not valid UTF-8 or holds a control character",
            "rename the file: letters, digits, spaces, '-', '_' and '.'",
        )
        return None
    path = root / relpath
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            problems.error(
                relpath,
                Position(),
                "not a regular file (a folder, pipe or device)",
                "source files are plain files; move it out of the source folder",
            )
            return None
        if not _confined(Path(root), relpath, problems):
            return None
        size = info.st_size
        if size > MAX_FILE_BYTES:
            problems.error(
                relpath,
                Position(),
                f"file is {size} bytes, over the {MAX_FILE_BYTES} byte limit",
                "split it into several files",
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        dangling = path.is_symlink() and not path.exists()
        problems.error(
            relpath,
            Position(),
            f"cannot read the file: {exc.strerror or exc}",
            "the symbolic link points at nothing: fix or remove it"
            if dangling
            else "check that the file exists and is readable",
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(relpath, Position(line, col), "file is not valid UTF-8", "save the file as UTF-8")
        return None
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        problems.error(
            relpath,
            Position(line, col),
            f"control character {bad.group(0)!r} in file",
            "remove it; sources are plain text",
        )
        return None
    if bidi := _BIDI.search(text):
        line = text.count("\n", 0, bidi.start()) + 1
        col = bidi.start() - (text.rfind("\n", 0, bidi.start()) + 1) + 1
        problems.error(
            relpath, Position(line, col), f"bidirectional control character {bidi.group(0)!r} in file", _BIDI_HINT
        )
        return None
    return text


def _confined(root: Path, relpath: str, problems: Problems) -> bool:
    """A file inside the repository must stay inside it: a link out of it (to a private file, a home
    folder) or into ``.git`` (whose config can hold a CI token) would publish what nobody vetted.
    Files named outside the repository on purpose (``INHERIT: ../base.yml``, the internal overlay) are
    taken as written."""
    if relpath.startswith("../") or Path(relpath).is_absolute():
        return True
    top = root.resolve()
    real = (root / relpath).resolve()
    if real.is_relative_to(top) and not real.is_relative_to(top / ".git"):
        return True
    where = "into .git" if real.is_relative_to(top / ".git") else "out of the repository"
    problems.error(
        relpath,
        Position(),
        f"{relpath} is a link {where} (to {str(real)!r}): not read",
        "sources must be files of the repository itself: copy the content in, or remove the link",
        code="link",
    )
    return False


def check_linked_folders(root: Path, folders: tuple[str, ...], problems: Problems) -> None:
    """Linked folders inside the source folders are not read (a link may lead anywhere): say so."""
    top = root.resolve()
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for current, dirs, _ in os.walk(base):
            for name in sorted(dirs):
                path = Path(current) / name
                if path.is_symlink():
                    relpath = path.relative_to(root).as_posix()
                    real = path.resolve()
                    inside = real.is_relative_to(top) and not real.is_relative_to(top / ".git")
                    (problems.warning if inside else problems.error)(
                        relpath,
                        Position(),
                        f"{relpath} is a linked folder: its files are not read"
                        + (
                            ""
                            if inside
                            else f" (it leads {'into .git' if real.is_relative_to(top / '.git') else 'out of the repository'})"
                        ),
                        "move the files into the folder itself, or remove the link",
                        code="link",
                    )


def load_file(root: Any, relpath: str, problems: Problems) -> Located | None:
    text = read_text(root, relpath, problems)
    return None if text is None else load_text(text, relpath, problems)
