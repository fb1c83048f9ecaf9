"""Load a client repository's sources into a Portal, collecting every problem on the way."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from dataclasses import replace
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.sources.front_matter import read_front_matter
from generator.sources.pydantic_errors import report_validation_error
from generator.model import site_map
from generator.model import PortalSettings, StrategyPage
from generator.model import kinds as registry
from generator.model.kinds import Kind
from generator.model.common import Visibility
from generator.sources.overlay import configured_overlay, locate_overlay
from generator.model.portal import Page, Portal
from generator.model.common import FIRST_DAY, LAST_DAY
from generator.problems import CtoportalError, Position, Problems
from generator.sources.located_yaml import Located, plain
from generator.sources.repository_files import load_file, read_text
from generator.sources.source_map import SourceMap

MAX_ITEMS_PER_KIND = 5000
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


_OVERLAY_CLIENT_HINT = (
    "everything in the internal overlay is internal: remove the line, or, to show it to the "
    "client, move it into the client repository"
)


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


def load_items(
    kind: Kind,
    located: Located,
    portal: Portal,
    problems: Problems,
    internal: bool = False,
    sources: SourceMap | None = None,
) -> None:
    """The items of one loaded file into ``portal``, and where each was written into ``sources`` (None: a map
    of its own, for a portal that holds this file alone): the one item reader, used by the build and by
    history (each past state of a file), so that both agree on what is valid, what is internal and which id
    is whose."""
    sources = sources if sources is not None else SourceMap()
    node = located.node
    if node is None:
        return  # an empty file holds nothing yet
    if isinstance(node, CommentedMap):
        entries = [located]
    elif isinstance(node, CommentedSeq):
        entries = [located.child(index) for index in range(len(node))]
    else:
        problems.error(
            located.path,
            located.at(),
            f"expected a list of {kind.name}s or a single {kind.name}, got {type(plain(node)).__name__}",
            f"start each {kind.name} with `- id: ...`",
        )
        return
    items = portal.of_kind(kind.name)
    for entry in entries:
        if not isinstance(entry.node, CommentedMap):
            problems.error(
                entry.path,
                entry.at(),
                f"each {kind.name} must be a mapping of keys to values, got {plain(entry.node)!r}",
                "write `- id: ...` followed by its fields",
            )
            continue
        if len(items) >= MAX_ITEMS_PER_KIND:
            problems.error(
                entry.path,
                entry.at(),
                f"more than {MAX_ITEMS_PER_KIND} {kind.name}s",
                "a portal this large is not meant to be read; split the client",
            )
            return
        label = _label(kind, entry.node)
        try:
            item = kind.model.model_validate(plain(entry.node))
        except ValidationError as exc:
            report_validation_error(exc, kind.model, entry, label, problems)
            if isinstance(entry.node.get("id"), str):
                portal.invalid.add((kind.name, entry.node["id"]))
            continue
        if internal:  # from the overlay: internal whatever it says, and it must not say otherwise
            if "visibility" in item.model_fields_set and not item.internal:
                problems.error(
                    entry.path,
                    entry.at("visibility"),
                    f"{label} is in the internal overlay but says visibility: {item.visibility}",
                    _OVERLAY_CLIENT_HINT,
                    code="overlay-visibility",
                )
            item = item.model_copy(update={"visibility": Visibility.INTERNAL})
        if item.id in items:
            first = sources.source(kind.name, item.id)
            where = f"{first.path}:{first.at('id').line}:{first.at('id').col}"
            problems.error(
                entry.path,
                entry.at("id"),
                f"duplicate {kind.name} id {item.id!r}, first defined at {where}",
                "ids are unique per kind across all files; rename one of them",
                code="duplicate-id",
            )
            problems.error(
                first.path,
                first.at("id"),
                f"{kind.name} id {item.id!r} is defined again at "
                f"{entry.path}:{entry.at('id').line}:{entry.at('id').col}",
                code="duplicate-id",
            )
            continue
        items[item.id] = item
        sources.add(kind.name, item.id, entry)
        if internal:
            portal.from_overlay.add((kind.name, item.id))


def _label(kind: Kind, node: CommentedMap) -> str:
    item_id = node.get("id")
    return f"{kind.name} {item_id!r}" if isinstance(item_id, str) else f"this {kind.name}"


def _site_url(path: str) -> str:
    """Where MkDocs publishes a page: strategy/goals.md and strategy/goals/index.md both at strategy/goals/."""
    parent, name = posixpath.split(path.removesuffix(".md"))
    return f"{parent}/" if name in ("index", "README") else f"{parent}/{name}/"


def _generated_strategy_pages() -> dict[str, str]:
    """Where each page the portal generates under strategy/ is published -> its title."""
    pages = {site_map.item_path("goal", ""): "Goals and KPIs"} | {d.path: d.title for d in site_map.DASHBOARD_PAGES}
    return {_site_url(path): f"{title} ({path})" for path, title in pages.items() if path.startswith("strategy/")}


_LEADING_TITLE = re.compile(r"\A(\s*\n)?[ ]{0,3}#[ \t]+(?P<title>[^\n]*?)(?:[ \t]+#+)?[ \t]*(?:\n|\Z)")


def _title_from_heading(
    relpath: str, meta: StrategyPage, body: str, body_line: int, problems: Problems
) -> tuple[StrategyPage, str, int]:
    """A page whose text starts with ``# Title``: the page title, shown once.

    The portal writes each page's title as its heading, so a leading ``# Title`` would show it twice.
    Without a front matter title it becomes the title; with the same one it is dropped; with another
    one both stay and the consultant is told."""
    match = _LEADING_TITLE.match(body)
    if match is None or not match.group("title").strip():
        return meta, body, body_line
    heading = match.group("title").strip()
    line = body_line + body.count("\n", 0, match.start("title"))
    if meta.title is not None and meta.title.strip() != heading:
        problems.warning(
            relpath,
            Position(line, 1),
            f"the page starts with the heading {heading!r} but its "
            f"front matter title is {meta.title!r}: both would show",
            "remove the heading (the title is shown as the page heading), or make them the same",
            code="two-titles",
        )
        return meta, body, body_line
    if meta.title is None:
        meta = meta.model_copy(update={"title": heading})
    rest = body[match.end() :]
    return meta, rest, body_line + body.count("\n", 0, match.end())


def load_pages(root: Path, problems: Problems) -> list[Page]:
    folder = root / "strategy"
    if not folder.is_dir():
        return []
    pages = []
    generated = _generated_strategy_pages()
    taken: dict[str, str] = {}
    for path in sorted(folder.rglob("*.md")):
        relpath = path.relative_to(root).as_posix()
        text = read_text(root, relpath, problems)
        if text is None:
            continue
        front = read_front_matter(text, relpath, problems)
        if front is None:
            continue  # its visibility cannot be read: never published (fail closed)
        try:
            meta = StrategyPage.model_validate(plain(front.meta.node) or {})
        except ValidationError as exc:
            report_validation_error(exc, StrategyPage, front.meta, f"page {relpath}", problems)
            continue
        meta, body, body_line = _title_from_heading(relpath, meta, front.body, front.body_line, problems)
        slug = path.relative_to(folder).with_suffix("").as_posix()
        if meta.verdict is not None and slug != "index":  # the Overview reads it from the strategy's first page
            problems.error(
                relpath,
                front.meta.at("verdict"),
                "verdict is read only from strategy/index.md, the "
                f"strategy's first page, so {relpath} would never show it",
                "move the verdict into the front matter of strategy/index.md",
                code="verdict-page",
            )
        url = _site_url(relpath)
        if url in generated or url in taken:
            what = f"the page the portal generates there, {generated[url]}" if url in generated else taken[url]
            problems.error(
                relpath,
                Position(),
                f"{relpath} would be published at {url}, in place of {what}",
                f"rename it, e.g. to {relpath[:-3]}-notes.md",
                code="page-clash",
            )
            continue
        taken[url] = relpath
        pages.append(Page(slug=slug, path=relpath, meta=meta, body=body, body_line=body_line))
    pages.sort(key=lambda p: (p.slug != "index", p.slug))
    return pages
