"""How a build's diagrams reach the reader (docs/diagrams.md): drawn at build time as SVG by the system
Chromium (``diagram_svg``), or by mermaid in the reader's browser on the pages that have them: the item
pages (many small diagrams), or every page with a diagram when there is no Chromium. Pages without a
diagram get no diagram code either way.

The choice of route is made here from the portal and the environment; the MkDocs adapter only passes
each page through ``DiagramDelivery`` and logs the notice it is given.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.model.site_map import PAGED_KINDS, item_path
from generator.output.background_drawing import BackgroundDrawing
from generator.output.diagram_svg import (
    CACHE_DIR,
    _cache_file,
    drawn_diagrams,
    fence_texts,
    fill_site,
    missing_from_cache,
    prune_cache,
    take_diagrams,
)
from generator.output.headless_chromium import chromium_or_none
from generator.output.vendored_assets import MERMAID

DIAGRAMS_ENV = "CTOPORTAL_DIAGRAMS"
"""``browser``: draw every diagram in the reader's browser, even with Chromium installed."""


def script_tag(page_dest: str) -> str:
    return f'<script src="{"../" * page_dest.count("/")}{MERMAID.site_path}"></script>'


def with_script(page_html: str, page_dest: str) -> str:
    """The browser route: mermaid for this page only, at the end of mkdocs-material's ``<main>``: inside
    the container whose scripts instant navigation runs (and waits for) before the page's diagrams are
    drawn, outside the article (where no script ever is)."""
    head, found, tail = page_html.rpartition("</main>")
    if not found:
        return page_html.replace("</body>", script_tag(page_dest) + "</body>", 1)
    return head + script_tag(page_dest) + "</main>" + tail


def with_inline_script(page_html: str, script: str) -> str:
    """``script`` (a fixed text, never from a source) as the last element of the page's body."""
    head, found, tail = page_html.rpartition("</body>")
    return head + f"<script>{script}</script>" + found + tail if found else page_html


class DiagramDelivery:
    """How a build's diagrams reach the reader: drawn here as SVG, or by mermaid in the reader's browser
    on the pages that have them (item pages, whose small diagrams are many; or every page when there is
    no Chromium). Pages without a diagram get no diagram code either way."""

    def __init__(
        self,
        root: Path,
        browser: Path | None,
        browser_pages: Iterable[str] = (),
        build_name: str = "",
        only_cached: bool = False,
    ) -> None:
        self.cache = root / CACHE_DIR
        self.browser = browser
        self.browser_pages = frozenset(browser_pages)
        """Source paths (``risks/R-001.md``) whose diagrams the reader's browser draws."""
        self.build_name = build_name
        """Which build this is (configuration and audience): the cache keeps what each one last used."""
        self.only_cached = only_cached
        """``ctoportal serve`` after a save: no Chromium is started; a page with a diagram the cache does
        not hold (its text changed) has all its diagrams drawn by the reader's browser instead."""
        self.texts: dict[str, str] = {}
        self.pages: dict[str, set[str]] = {}
        self.used: set[str] = set()
        """Every diagram drawn at build time for this build, by key."""
        self.scripted: set[str] = set()
        """Pages whose diagrams the reader's browser draws (by destination path)."""
        self.browser_config = ""
        """An inline script every scripted page ends with (mermaid2's configuration; see the adapter)."""
        self.drawn_now = 0
        self.failed: list[str] = []
        self.drawing: BackgroundDrawing | None = None

    def start_drawing(self, pages: Mapping[str, str]) -> None:
        """Start drawing the diagrams of the generated pages (Markdown, by source path) that the cache
        lacks, while MkDocs renders the pages (``background_drawing``)."""
        if self.browser is None or self.only_cached:
            return
        texts: dict[str, str] = {}
        for src_path, markdown in pages.items():
            if src_path not in self.browser_pages and "```mermaid" in markdown:
                texts.update(fence_texts(markdown))
        missing = missing_from_cache(texts, self.cache)
        if missing:
            self.drawing = BackgroundDrawing(missing, self.cache, self.browser)

    def stop_drawing(self) -> None:
        """The build failed: the browsers drawing for it are stopped."""
        if self.drawing is not None:
            self.drawing.stop()
            self.drawing = None

    def page(self, html_text: str, src_path: str, dest_path: str) -> str:
        if '<pre class="mermaid">' not in html_text:
            return html_text
        if self.browser is None or src_path in self.browser_pages:
            self.scripted.add(dest_path)
            return html_text
        found: dict[str, str] = {}
        taken = take_diagrams(html_text, found)
        if self.only_cached and not all(_cache_file(self.cache, key).is_file() for key in found):
            self.scripted.add(dest_path)
            return html_text
        html_text = taken
        self.texts.update(found)
        self.used.update(found)
        self.pages.setdefault(dest_path, set()).update(found)
        return html_text

    def page_done(self, page_html: str, dest_path: str) -> str:
        if dest_path not in self.scripted:
            return page_html
        page_html = with_script(page_html, dest_path)
        return with_inline_script(page_html, self.browser_config) if self.browser_config else page_html

    def finish(self, site_dir: Path) -> None:
        """Draw what the cache does not hold and put every drawing in its page."""
        drawn_ahead = 0
        if self.drawing is not None:
            self.drawing.wait()
            drawn_ahead, self.drawing = self.drawing.count, None
        if not self.pages:
            return
        assert self.browser is not None
        drawn, self.drawn_now = drawn_diagrams(self.texts, self.cache, self.browser)
        self.drawn_now += drawn_ahead
        self.failed = [
            f"{', '.join(sorted(d for d, keys in self.pages.items() if key in keys))}: {result.error}"
            for key, result in drawn.items()
            if not result.svgs
        ]
        fill_site(site_dir, self.pages, drawn)
        self.texts, self.pages = {}, {}

    def prune_cache(self) -> int:
        """After a whole build that succeeded: drawings no recent build uses leave the cache."""
        return prune_cache(self.cache, self.used, self.build_name) if self.cache.is_dir() else 0


@dataclass(frozen=True)
class Route:
    delivery: DiagramDelivery
    info: str = ""
    warning: str = ""
    """Said once by the build (a warning counts in ``--strict``)."""


def choose_route(
    root: Path, portal, config_file: Path, environ: Mapping[str, str] = os.environ, only_cached: bool = False
) -> Route:
    """Diagrams drawn at build time by the system Chromium, except the item pages' (many and small:
    their page draws them); without Chromium, every page with a diagram draws it (docs/diagrams.md).
    ``only_cached`` (a serve rebuild): a diagram whose text changed is drawn by the browser, at once."""
    info = warning = ""
    if environ.get(DIAGRAMS_ENV) == "browser":  # chosen: no warning
        info = f"diagrams: drawn in the reader's browser ({DIAGRAMS_ENV}=browser)"
        browser = None
    elif (browser := chromium_or_none()) is None:
        warning = (
            "diagrams: no Chromium or Chrome found, so diagrams are drawn by mermaid in the reader's "
            "browser on the pages that have them (not in print without JavaScript); install Chromium "
            "to draw them as SVG at build time"
        )
    items = [item_path(kind.name, item_id) for kind in PAGED_KINDS for item_id in portal.of_kind(kind.name)]
    name = hashlib.sha256(f"{config_file.name}\0{portal.settings.audience}".encode()).hexdigest()[:16]
    return Route(DiagramDelivery(root, browser, items, name, only_cached=only_cached), info, warning)
