"""Links written in source Markdown (item descriptions, strategy pages), resolved to the portal's pages.

A consultant links as in any folder of Markdown files: ``R-001.md``, ``../risks/R-001.md`` or ``INI-003.md``
(an item's id as a file name, from any folder) and ``current-state.md`` (a strategy page). Each resolves to
the page the portal generates for it, wherever the link is written. A link to no page of the portal is a
warning. In a client build, a client-visible text linking to something internal is an error: the link
would carry the internal item's id or page's path into the page and into data.json.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from ruamel.yaml.scalarstring import LiteralScalarString

from generator.model.settings import Audience
from generator.model import kinds as registry
from generator.model import site_map
from generator.model.portal import KINDS, Portal
from generator.sources.source_map import SourceMap
from generator.problems import Position, Problems
from generator.sources.located_yaml import Located

_DESTINATION = r"(<[^>\n]*>|[^\s)<>]+)"
LINK = re.compile(rf"\]\([ \t]*{_DESTINATION}|^[ ]{{0,3}}\[[^\]\n]+\]:[ \t]*{_DESTINATION}", re.M)
"""Where a Markdown link's destination stands: ``[text](dest)``, ``![alt](dest)``, ``[ref]: dest``."""
_PAGE_SUFFIXES = ("", ".md", ".html")


@dataclass(frozen=True)
class Link:
    href: str
    start: int
    """Offset of the destination in the text."""
    end: int


@dataclass(frozen=True)
class Target:
    path: str
    """The page in the site (``risks/R-001.md``)."""
    anchor: str
    label: str
    """What it is, for messages: ``risk 'R-001'``, ``page strategy/notes.md``."""
    internal: bool


UNKNOWN = Target("", "", "", False)
"""A link into the site that reaches no page of the portal."""


def links_in(text: str) -> list[Link]:
    links = []
    for match in LINK.finditer(text or ""):
        group = 1 if match.group(1) is not None else 2
        href = match.group(group)
        start, end = match.span(group)
        if href.startswith("<"):
            href, start, end = href[1:-1], start + 1, end - 1
        links.append(Link(html.unescape(href), start, end))  # Markdown reads entities in destinations
    return links


def markdown_fields(item: Any) -> list[str]:
    """The item's fields written in Markdown (description, summary, exit_plan...), from the model."""
    return [
        name
        for name, field in type(item).model_fields.items()
        if (field.json_schema_extra or {}).get("format") == "markdown"
    ]


@dataclass(frozen=True)
class Targets:
    """Every page of the portal a link may reach."""

    pages: dict[str, Target]
    """By path in the site."""
    names: dict[str, list[tuple[str, Target]]]
    """By file name without ``.md`` (an item's id, a strategy page's name): (its folder, the page)."""


def targets(portal: Portal) -> Targets:
    from generator.facts.compliance import has_registers  # imported late: facts read the portal this module checks
    from generator.model.compliance import READINESS, framework_path

    pages = {
        path: Target(path, "", f"page {path}", False)
        for path in (
            *site_map.generated_paths(),
            *([READINESS] if has_registers(portal) else []),
            *(framework_path(f.id) for f in portal.frameworks_in_scope()),
        )
    }
    names: dict[str, list[tuple[str, Target]]] = {}
    for page in portal.pages:
        path = f"strategy/{page.slug}.md"
        pages[path] = Target(path, "", f"page {page.path}", page.internal)
        names.setdefault(posixpath.basename(page.slug), []).append(("strategy", pages[path]))
    for kind in registry.KINDS:
        for item_id, item in portal.of_kind(kind.name).items():
            # Goals share one page: each is reached by its anchor there.
            target = Target(
                site_map.item_path(kind.name, item_id), kind.anchor(item_id), f"{kind.name} {item_id!r}", item.internal
            )
            if kind.shared_page is None:
                pages[target.path] = target
            names.setdefault(item_id, []).append((kind.section, target))
    return Targets(pages, names)


def resolve(href: str, from_path: str, targets: Targets) -> Target | None:
    """The page a link reaches; None for a link out of the site (or to a file, an anchor on the same page),
    UNKNOWN for a link to a page the portal does not have."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or href.startswith(("/", "\\")) or not path:
        return None
    stem, suffix = posixpath.splitext(path.rstrip("/"))
    if suffix.lower() not in _PAGE_SUFFIXES and not path.endswith("/"):
        return None  # an image or a download: not a page
    here = posixpath.dirname(from_path)
    candidates = [stem + ".md", posixpath.join(path, "index.md")] if suffix.lower() != ".md" else [path]
    for candidate in candidates:
        target = targets.pages.get(posixpath.normpath(posixpath.join(here, candidate)))
        if target is not None:
            return Target(target.path, parts.fragment, target.label, target.internal)
    # An item's id as the file name, from any folder (R-001.md, ../roadmap/INI-003.md), or a strategy page's.
    name, folder = posixpath.basename(stem), posixpath.basename(posixpath.dirname(stem))
    found = [t for section, t in targets.names.get(name, []) if folder in ("", ".", "..", section)]
    if len(found) != 1:
        return UNKNOWN  # no such page, or two of that name (say which with the folder: ../risks/R-001.md)
    return Target(found[0].path, found[0].anchor or parts.fragment, found[0].label, found[0].internal)


def item_path_of(kind: str, item_id: str) -> str:
    return site_map.item_path(kind, item_id)


def site_url(path: str, directory_urls: bool) -> str:
    """Where MkDocs publishes a page: ``risks/R-001.md`` at ``risks/R-001/`` (or ``risks/R-001.html``)."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(target: Target, from_path: str, directory_urls: bool) -> str:
    """The href from one page to another as it must stand in the built site (for HTML written by us)."""
    to, here = site_url(target.path, directory_urls), site_url(from_path, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    rel = posixpath.relpath(to or ".", base.rstrip("/") or ".")
    if to.endswith("/") or not to:
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{target.anchor}" if target.anchor else "")


# -- checks -------------------------------------------------------------------------------------------------


def check_links(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    """Links in client-visible Markdown: to an internal page, an error in a client build; to no page, a warning."""
    client = portal.settings.audience == Audience.CLIENT
    pages = targets(portal)
    for kind in KINDS:
        for item_id, item in portal.of_kind(kind).items():
            if client and item.internal:
                continue  # not published
            source = sources.source(kind, item_id)
            for field in markdown_fields(item):
                text = getattr(item, field)
                for link in links_in(text):
                    _check(
                        pages,
                        problems,
                        link,
                        item_path_of(kind, item_id),
                        f"{kind} {item_id!r}",
                        f" in its {field}",
                        source.path,
                        _position(source, field, text, link.start),
                        client,
                    )
    for page in portal.pages:
        if client and page.internal:
            continue
        for link in links_in(page.body):
            line = page.body_line + page.body.count("\n", 0, link.start)
            col = link.start - (page.body.rfind("\n", 0, link.start) + 1) + 1
            _check(
                pages,
                problems,
                link,
                f"strategy/{page.slug}.md",
                f"page {page.path}",
                "",
                page.path,
                Position(line, col),
                client,
            )


def _position(source: Located, field: str, text: str, offset: int) -> Position:
    """Where a link stands in a YAML text field: its own line in a ``|`` block, else the field's value."""
    at = source.at(field)
    if not isinstance(source.node.get(field), LiteralScalarString):
        return at
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(at.line + 1 + text.count("\n", 0, offset), source.at(field, key=True).col + 2 + offset - line_start)


def _check(
    pages: Targets,
    problems: Problems,
    link: Link,
    from_path: str,
    what: str,
    where: str,
    path: str,
    position: Position,
    client: bool,
) -> None:
    target = resolve(link.href, from_path, pages)
    if target is None:
        return
    if target is UNKNOWN:
        problems.warning(
            path,
            position,
            f"{what} links to {link.href!r}, which is no page of the portal",
            "link to an item by its id as a file name (R-001.md, INI-003.md) or to a strategy page "
            "by its file name (current-state.md)",
            code="broken-link",
        )
    elif client and target.internal:
        problems.error(
            path,
            position,
            f"client-visible {what} links to internal {target.label} ({link.href!r}){where}",
            f"remove the link, or make {target.label} client-visible; only a build with audience: internal may keep it",
            code="internal-link",
        )
