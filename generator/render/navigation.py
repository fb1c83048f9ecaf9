"""The site's navigation as a typed value: built whole by the renderer (``pages.navigation``), never
patched afterwards, and handed to MkDocs in its own list-of-dicts form by ``to_mkdocs``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    """A page in the navigation. Its title is HTML (the theme writes it as such: escape source text); no
    title lets MkDocs take the page's own (a strategy page's front matter)."""

    title: str | None
    path: str

    def to_mkdocs(self) -> Any:
        return self.path if self.title is None else {self.title: self.path}


@dataclass(frozen=True)
class Section:
    """A tab: its own page (a register, listed first: the theme's navigation.indexes), then its links."""

    title: str
    page: str | None
    children: tuple[Link, ...] = ()

    def to_mkdocs(self) -> Any:
        return {self.title: [*([self.page] if self.page else []), *(c.to_mkdocs() for c in self.children)]}


@dataclass(frozen=True)
class Navigation:
    entries: tuple[Link | Section, ...]

    def to_mkdocs(self) -> list[Any]:
        """The form MkDocs takes as ``nav``."""
        return [entry.to_mkdocs() for entry in self.entries]

    def paths(self) -> list[str]:
        """Every page the navigation lists, in order."""
        return [
            p
            for e in self.entries
            for p in (
                [e.path] if isinstance(e, Link) else [*([e.page] if e.page else []), *(c.path for c in e.children)]
            )
        ]
