"""What every diagram module returns, and how big one picture may get before it is split."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from markupsafe import Markup

from generator.diagrams import mermaid

MAX_GANTT_ROWS = 40
"""Rows in one gantt before it is split: beyond this a bar is too thin to read on a laptop."""
MAX_NODES = 40
"""Nodes in one flowchart before it is split or trimmed."""
MAX_LIST = 10
"""Items of one kind around a node in a neighbourhood diagram before the rest collapse into '+N more'."""

T = TypeVar("T")


@dataclass(frozen=True)
class Chart:
    """One mermaid diagram with a heading and a line saying what it shows (or leaves out)."""

    title: str
    text: str
    note: str = ""
    wide: bool = False
    """A gantt: scroll sideways on a phone rather than shrink the text."""
    links: tuple[tuple[str, str], ...] = field(default=())
    """(kind, id) of the items drawn, for a list of links beside the picture."""

    @property
    def fence(self) -> Markup:
        return mermaid.fence(self.text)


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for index in range(0, len(items), size):
        yield items[index:index + size]


def pack(groups: Iterable[list[T]], size: int) -> list[list[T]]:
    """Whole groups (connected parts of a graph) packed into bins of about ``size``; a bigger group
    keeps a bin to itself."""
    bins: list[list[T]] = []
    for group in sorted(groups, key=len, reverse=True):
        if len(group) >= size:
            bins.append(list(group))
            continue
        for bin_ in bins:
            if len(bin_) + len(group) <= size:
                bin_.extend(group)
                break
        else:
            bins.append(list(group))
    return bins


def components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected parts of an undirected graph, each in the order the nodes were given."""
    order = list(dict.fromkeys(nodes))
    parent = {n: n for n in order}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for n in order:
        groups.setdefault(root(n), []).append(n)
    return list(groups.values())
