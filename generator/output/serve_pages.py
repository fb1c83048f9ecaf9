"""The generated pages as files for ``ctoportal serve``: rewritten only when they change, so that the
site generator's dirty reload re-renders only the pages a save changed.

A page that did not change keeps its file and its time stamp: MkDocs (``build --dirty``) skips a page
whose source is older than its HTML. That is only right while every other page's HTML is still right,
so anything that every page shows (which pages there are, the navigation, a page title that the
navigation or a neighbour's footer shows) changing makes a full rebuild: every file rewritten and the
site folder emptied, so that a page that went away (an item made internal) is served no more.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_TITLE = re.compile(r"\A---\n(?:.*\n)*?title:[ \t]*(?P<meta>.*)\n|^#[ \t]+(?P<heading>.*)$", re.M)


def _title(content: str) -> str:
    """What MkDocs could take as the page title: a front matter ``title:`` or the first ``# `` heading."""
    match = _TITLE.search(content)
    return "" if match is None else (match.group("meta") or match.group("heading") or "")


def _nav_paths(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_paths(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_nav_paths(v) for v in nav))
    return set()


def layout(pages: dict[str, str], nav: list[Any]) -> str:
    """What every page of the site shows of the others: the page set, the navigation, and the titles of
    the pages in it (the navigation and the previous/next footer show them)."""
    listed = _nav_paths(nav)
    return repr((nav, sorted(pages), sorted((path, _title(pages[path])) for path in listed if path in pages)))


@dataclass
class ServePages:
    folder: Path
    """A folder of ctoportal's own (never the watched docs_dir: writing there would start another build)."""
    digests: dict[str, bytes] = field(default_factory=dict)
    last_layout: str | None = None
    written: list[str] = field(default_factory=list)
    """The pages the last ``update`` wrote: the ones the next dirty build re-renders."""

    def update(self, pages: dict[str, str], nav: list[Any], site_dir: Path) -> bool:
        """Write what changed; returns whether this is a full rebuild (and then empties ``site_dir``)."""
        key = layout(pages, nav)
        full = key != self.last_layout
        self.written = []
        for path in set(self.digests) - set(pages):
            (self.folder / path).unlink(missing_ok=True)
            del self.digests[path]
        for path, content in pages.items():
            data = content.encode("utf-8")
            digest = hashlib.blake2b(data, digest_size=20).digest()
            if not full and self.digests.get(path) == digest:
                continue  # unchanged: its time stamp stays older than its HTML
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.digests[path] = digest
            self.written.append(path)
        if full:
            _empty(site_dir)
        self.last_layout = key
        return full

    def forget(self) -> None:
        """The next update rebuilds everything (after a failed build, or the problems page)."""
        self.last_layout = None


@functools.cache
def serve_docs_dir() -> Path:
    """The folder the serve process writes its pages into, removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="ctoportal-serve-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _empty(folder: Path) -> None:
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def search_entries(
    previous: list[dict[str, Any]], current: list[dict[str, Any]], rebuilt: set[str]
) -> list[dict[str, Any]]:
    """The search index after a dirty rebuild: the entries of every page not rebuilt, as they were, and
    those of the pages rebuilt (``rebuilt``: their URLs), new. (mkdocs-material's own merge assumes one
    page was rebuilt: it drops every earlier entry whose address starts with the first new one's, all
    the roadmap's items after an edit of one, and keeps the old entries of the other pages rebuilt.)"""
    return [entry for entry in previous if entry.get("location", "").split("#", 1)[0] not in rebuilt] + current
