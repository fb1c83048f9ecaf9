"""The strategy pages (``strategy/**/*.md``): front matter, a leading heading as the title, and the names
the portal's generated pages take."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from pydantic import ValidationError

from generator.sources.front_matter import read_front_matter
from generator.sources.pydantic_errors import report_validation_error
from generator.model import site_map
from generator.model import StrategyPage
from generator.model.portal import Page
from generator.problems import Position, Problems
from generator.sources.located_yaml import plain
from generator.sources.repository_files import read_text


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
