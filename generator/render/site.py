"""Everything a site generator needs from the core: pages, static files and navigation."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.model import i18n
from generator.output.board_pack_pdf import CSS_PATH, PdfFile, pdf_file, running_head_css
from generator.render.exports import Download, downloads
from generator.model.settings import Audience
from generator.output.vendored_assets import site_assets
from generator.render.navigation import Navigation
from generator.render.pages import NO_GIT, GitFacts, navigation, render_pages
from generator.model.portal import Portal


@dataclass(frozen=True)
class SiteSources:
    pages: dict[str, str]
    """Markdown pages by path in the site (``risks/R-001.md``)."""
    files: dict[str, Path]
    """Static files (CSS, JavaScript) by path in the site."""
    nav: Navigation
    """Built whole with the pages; ``nav.to_mkdocs()`` is what MkDocs is given."""
    downloads: tuple[Download, ...] = ()
    """Generated files (CSV, workbook, calendars, JSON), each with its path in the site."""
    stylesheets: tuple[tuple[str, str], ...] = ()
    """Generated stylesheets (path in the site, CSS): the printed board pack's running head."""
    board_pack_pdf: PdfFile | None = None
    """Where the board pack PDF goes, when the settings ask for one: printed once the site is built."""


def generate(portal: Portal, git: GitFacts = NO_GIT) -> SiteSources:
    """The site for the portal's audience, in its language: a client build never sees an internal item.
    Each page and the navigation are made once, with what git adds (``vcs.build.build_site``)."""
    view = portal.for_audience(portal.settings.audience)
    with i18n.using(i18n.for_settings(portal.settings)):
        files = tuple(downloads(view))
        # The PDF is printed from the site being built, so only a client build offers it (fail closed).
        pdf = pdf_file(view) if view.settings.board_pack_pdf and view.settings.audience == Audience.CLIENT else None
        return SiteSources(
            pages=render_pages(view, files, pdf, git),
            files=site_assets(),
            nav=navigation(view, git),
            downloads=files,
            stylesheets=((CSS_PATH, running_head_css(view)),),
            board_pack_pdf=pdf,
        )


@functools.cache
def empty_docs_dir() -> Path:
    """The folder a site generator is given as its docs_dir: empty, made by ctoportal for this process.

    MkDocs renders whatever its docs_dir holds. Pointed at a source folder it would publish files
    ctoportal never vetted (a symlink to a private file, raw notes, ``.git`` reached through a link),
    so it gets this folder instead and ctoportal hands it every page itself. One per process (serve
    rebuilds reuse it), removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="ctoportal-docs-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def write_tree(sources: SiteSources, folder: Path) -> None:
    """Write the generated sources as a folder of Markdown and assets (for another generator, or a look)."""
    for path, content in sources.pages.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    for path, source in sources.files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for download in sources.downloads:
        target = folder / download.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(download.content)
