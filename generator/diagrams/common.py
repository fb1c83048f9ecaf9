"""What every diagram module returns, and how big one picture may get before it is split."""

from __future__ import annotations

import datetime as dt

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from markupsafe import Markup

from generator.diagrams import mermaid, mermaid_builders
from babel.dates import format_skeleton

from generator.model import i18n
from generator.model.i18n import gettext, ngettext, pgettext, pN_

MAX_GANTT_ROWS = 40
"""Rows in one gantt before it is split: beyond this a bar is too thin to read on a laptop."""
MAX_NODES = 40
"""Nodes in one flowchart before it is split or trimmed."""
MAX_LIST = 10
"""Items of one kind around a node in a neighbourhood diagram before the rest collapse into '+N more'."""

T = TypeVar("T")

STATES = {
    "paused": pN_("initiative status", "paused"),
    "cancelled": pN_("initiative status", "cancelled"),
    "late": pN_("initiative status", "late"),
    "blocked": pN_("initiative status", "blocked"),
    "no end date": pN_("initiative status", "no end date"),
}
"""What holds an initiative up, or what its bar or box says after its title (facts/schedule.py's words),
one label each, in the portal's language: the diagrams and the pages around them share them."""


def state_word(state: str) -> str:
    """A schedule state (``late``, ``paused``) as the portal's language says it of an initiative."""
    return pgettext(*STATES[state]) if state in STATES else state


def month(day: dt.date) -> str:
    """A month as the portal's locale writes it: Nov 2026, nov. 2026."""
    return format_skeleton("yMMM", day, locale=i18n.current().locale)


def day_of_month(day: dt.date) -> str:
    """A day without its year, as the locale writes it: Nov 20, 20 nov."""
    return format_skeleton("MMMd", day, locale=i18n.current().locale)


def part_title(title: str, number: int, total: int) -> str:
    """The title of one part of a picture cut in parts: ``Dependencies (part 2 of 3)``."""
    return gettext("%(title)s (part %(number)d of %(total)d)") % {"title": title, "number": number, "total": total}


def translated(message: str) -> str:
    """A message marked ``N_`` where it is defined (a heat map's title, a likelihood level), in the
    portal's language where it is shown."""
    return gettext(message)


@dataclass(frozen=True)
class Item:
    """One item drawn in a diagram, for the diagram's text equivalent and for its link."""

    kind: str
    id: str
    words: str = ""
    """What the picture says about it, in words (its state, dates, links): shown after its name."""
    node: str = ""
    """The node or task id drawn for it (``n3``, ``t2``), which becomes a link to its page."""


@dataclass(frozen=True)
class Chart:
    """One mermaid diagram with a heading, a line saying what it shows (or leaves out), the items it draws
    (its text equivalent) and the classes its key explains."""

    title: str
    text: str
    note: str = ""
    wide: bool = False
    """A gantt: scroll sideways on a phone rather than shrink the text."""
    items: tuple[Item, ...] = field(default=())
    legend: tuple[str, ...] = field(default=())
    """Class names drawn (``late``, ``blocked``...): the key under the picture explains each."""
    equivalent: str = ""
    """Where the same facts stand in words, when not in the list of items (a table on the page)."""

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """(kind, id) of the items drawn."""
        return tuple((i.kind, i.id) for i in self.items)

    @property
    def description(self) -> str:
        """The diagram's description for a screen reader (its ``accDescr``)."""
        if self.items:
            return ngettext(
                "%(title)s: %(num)d item, listed in words below the picture.",
                "%(title)s: %(num)d items, each listed in words below the picture.",
                len(self.items),
            ) % {"title": self.title, "num": len(self.items)}
        return f"{self.title}. {self.equivalent}".strip()

    @property
    def key(self) -> list[tuple[Markup, str]]:
        """(swatch, meaning) for each class the picture uses."""
        return [(mermaid_builders.swatch(css), gettext(mermaid_builders.LEGEND[css])) for css in self.legend]

    @property
    def fence(self) -> Markup:
        return self.fence_for(lambda kind, item_id: None)

    def fence_for(self, href: Callable[[str, str], str | None]) -> Markup:
        """The diagram as a fence, with its title and description for screen readers, and each item's node
        a link to the address ``href`` gives it (None: no link)."""
        clicks = [line for i in self.items if i.node and (line := mermaid.click(i.node, href(i.kind, i.id)))]
        text = mermaid.accessible(self.text, self.title, self.description)
        return mermaid.fence(text.rstrip("\n") + "\n" + "".join(c + "\n" for c in clicks))


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]


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
