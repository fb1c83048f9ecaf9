"""Load a client repository's sources into a Portal, collecting every problem on the way: each file's items
are read by ``item_reader``, the strategy pages by ``strategy_pages``; here, the files are found, the
overlay merged, the unread files named and the portal's today set."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from collections.abc import Mapping
from pathlib import Path

from generator.model import PortalSettings
from generator.model import kinds as registry
from generator.model.kinds import Kind
from generator.model.common import Visibility
from generator.sources.item_reader import _OVERLAY_CLIENT_HINT, load_items
from generator.sources.overlay import configured_overlay, locate_overlay
from generator.model.portal import Page, Portal
from generator.model.common import FIRST_DAY, LAST_DAY
from generator.problems import CtoportalError, Position, Problems
from generator.sources.repository_files import load_file
from generator.sources.source_map import SourceMap
from generator.sources.strategy_pages import load_pages

KINDS = registry.KINDS
SOURCE_FOLDERS = registry.SOURCE_FOLDERS


def source_files(root: Path, kind: Kind) -> list[str]:
    folder = root / kind.folder
    if not folder.is_dir():
        return []
    found = [
        p for ext in ("yaml", "yml") for p in folder.rglob(f"{kind.files}.{ext}") if not p.is_dir()
    ]  # a pipe or a dangling link is reported when read, not skipped unsaid
    return sorted(p.relative_to(root).as_posix() for p in found)


def source_date_epoch(environ: Mapping[str, str] | None = None) -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible builds) as a UTC time: the one reader of it, for the portal's today
    and the publish date. None when unset (or not a number); a time out of range is a one-line error."""
    epoch = (environ if environ is not None else os.environ).get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        try:
            when: dt.datetime | None = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except (OverflowError, ValueError, OSError):
            when = None
        day = when.date() if when is not None else None
        if day is None or not FIRST_DAY <= day <= LAST_DAY:
            raise CtoportalError(
                f"SOURCE_DATE_EPOCH={epoch.strip()[:40]!r} is not a time between "
                f"{FIRST_DAY.year} and {LAST_DAY.year}: set it to seconds since 1970, or unset it"
            )
        return when
    return None


def resolve_today(settings: PortalSettings, environ: dict[str, str] | None = None) -> dt.date:
    """The portal's today: fixed in the settings, else SOURCE_DATE_EPOCH (reproducible builds), else now."""
    if settings.today is not None:
        return settings.today
    when = source_date_epoch(environ)
    return when.date() if when is not None else dt.date.today()


def load_portal(
    root: Path, settings: PortalSettings, problems: Problems, overlay: bool = True
) -> tuple[Portal, SourceMap]:
    """The sources under ``root`` and, if ``overlay`` and one is configured and there, the internal overlay's:
    the Portal, and beside it where each item was written (for located messages)."""
    portal = Portal(settings=settings, today=resolve_today(settings), overlay=configured_overlay(settings))
    sources = SourceMap()
    folder = locate_overlay(root, settings, problems) if overlay else None
    portal.overlay_loaded = folder is not None
    # (prefix of the paths under root, everything internal): overlay files are named by where they are.
    for prefix, internal in (("", False), *([(f"{folder}/", True)] if folder is not None else [])):
        for kind in KINDS:
            for relpath in source_files(root / prefix, kind):
                located = load_file(root, prefix + relpath, problems)
                if located is not None:
                    load_items(kind, located, portal, problems, internal, sources=sources)
    portal.pages = load_pages(root, problems)
    if folder is not None:
        portal.pages += _overlay_pages(root, folder, portal.pages, problems)
    warn_unread_files(root, problems)
    return portal, sources


def _overlay_pages(root: Path, folder: str, pages: list[Page], problems: Problems) -> list[Page]:
    """The overlay's strategy pages, named by where they are, each internal whatever its front matter says."""
    found = Problems()
    loaded = load_pages(root / folder, found)
    for p in found.items:
        problems.add(f"{folder}/{p.path}", p.position, p.severity, p.message, p.hint, p.code)
    taken = {page.slug: page.path for page in pages}
    internal = []
    for page in loaded:
        path = f"{folder}/{page.path}"
        if "visibility" in page.meta.model_fields_set and page.meta.visibility != Visibility.INTERNAL:
            line = next(
                (
                    n
                    for n, text in enumerate((root / path).read_text(encoding="utf-8-sig").splitlines(), 1)
                    if text.startswith("visibility:")
                ),
                1,
            )
            problems.error(
                path,
                Position(line, 1),
                f"page {path} is in the internal overlay but says visibility: {page.meta.visibility}",
                _OVERLAY_CLIENT_HINT,
                code="overlay-visibility",
            )
        if page.slug in taken:
            problems.error(
                path,
                Position(),
                f"page {path} in the internal overlay has the same name as {taken[page.slug]}",
                "rename one of them",
                code="duplicate-id",
            )
            continue
        internal.append(replace(page, path=path, meta=page.meta.model_copy(update={"visibility": Visibility.INTERNAL})))
    return internal


PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".txt", ".text")
YAML_SUFFIXES = (".yaml", ".yml", ".json", ".txt")


def warn_unread_files(root: Path, problems: Problems) -> None:
    """A file in a source folder that ctoportal does not read is named, with what to rename it to: a page
    spelled ``notes.markdown`` or a register ``risks.YAML`` would otherwise be left out without a word."""
    read = {relpath for kind in KINDS for relpath in source_files(root, kind)}
    if (root / "strategy").is_dir():
        read |= {p.relative_to(root).as_posix() for p in (root / "strategy").rglob("*.md")}
    for folder in SOURCE_FOLDERS:
        if not (root / folder).is_dir():
            continue
        for path in sorted((root / folder).rglob("*")):
            relpath = path.relative_to(root).as_posix()
            name = path.name
            if (
                relpath in read
                or not path.is_file()
                or name.endswith("~")
                or any(part.startswith(".") for part in path.relative_to(root).parts)
            ):
                continue  # read, or a hidden or backup file (.gitkeep, .DS_Store, notes.md~)
            parent, stem, suffix = path.parent.relative_to(root).as_posix(), path.stem, path.suffix.lower()
            if folder == "strategy" and suffix in PAGE_SUFFIXES:
                message, hint = "pages are read from .md files only", f"rename it to {parent}/{stem}.md"
            elif folder == "strategy" and suffix in (".yaml", ".yml") and stem.lower() == "goals":
                message, hint = "goals are read from goals.yaml only", f"rename it to {parent}/goals.yaml"
            elif folder == "strategy" and suffix in (".yaml", ".yml"):
                message, hint = (
                    "strategy/ holds pages (.md) and goals.yaml only",
                    "move its goals into strategy/goals.yaml",
                )
            elif folder == "strategy":
                message, hint = (
                    "strategy/ holds pages (.md) and goals.yaml only; other files are not published",
                    "move it out of strategy/",
                )
            elif suffix in YAML_SUFFIXES:
                message, hint = (
                    f"{folder}/ is read from .yaml and .yml files only",
                    f"rename it to {parent}/{stem}.yaml if it holds items, or move it out of {folder}/",
                )
            else:
                message, hint = f"{folder}/ is read from .yaml and .yml files only", f"move it out of {folder}/"
            problems.warning(
                relpath, Position(), f"ctoportal does not read {name}: {message}", hint, code="unread-file"
            )
