"""Mermaid text built safely: labels that can carry no syntax, ids that never come from source text.

The site renders mermaid from the text of ``<pre class="mermaid">`` elements, and mermaid2's fence puts
that text into the page without HTML-escaping it. So everything taken from a source file goes through
``label``: any character outside a small safe set becomes a mermaid entity code (``#35;`` for ``#``),
which mermaid turns back into the character only when it writes the SVG text. The result holds no
``<``, ``>``, ``&``, quote, colon, semicolon, bracket, ``%`` or newline, so it can neither end a label,
start a statement or directive, nor become HTML. Words mermaid reads as keywords (``end``, ``click``,
``style``...) get their first letter encoded too, so they stay words.

Node ids come from ``NodeIds`` (``n0``, ``n1``...), never from the items' own ids.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup


_SAFE = re.compile(r"[A-Za-z0-9 ]")
# Words some diagram type reads as a statement or keyword at the start of a line or after a separator.
KEYWORDS = frozenset(
    w.lower()
    for w in (
        "end",
        "click",
        "call",
        "href",
        "style",
        "classDef",
        "class",
        "linkStyle",
        "subgraph",
        "direction",
        "graph",
        "flowchart",
        "section",
        "title",
        "dateFormat",
        "axisFormat",
        "tickInterval",
        "excludes",
        "includes",
        "todayMarker",
        "weekday",
        "weekend",
        "inclusiveEndDates",
        "topAxis",
        "displayMode",
        "after",
        "until",
        "milestone",
        "vert",
        "done",
        "active",
        "crit",
        "gantt",
        "pie",
        "showData",
        "accTitle",
        "accDescr",
        "xychart",
        "xychart-beta",
        "x-axis",
        "y-axis",
        "bar",
        "line",
        "init",
        "config",
        "default",
        "callback",
    )
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")  # `-` and `_` are escaped: they never join a word


def _code(char: str) -> str:
    return f"#{ord(char)};"


def label(text: object, limit: int | None = 60) -> str:
    """Source text as a mermaid label: shown as written, able to inject nothing.

    ``limit`` shortens long text (with an ellipsis) so that a node stays readable.
    """
    value = shorten(text, limit)
    out: list[str] = []
    position = 0
    for match in _WORD.finditer(value):
        out.extend(_escape_chars(value[position : match.start()]))
        word = match.group()
        if word.lower() in KEYWORDS:
            out.append(_code(word[0]))
            word = word[1:]
        out.extend(_escape_chars(word))
        position = match.end()
    out.extend(_escape_chars(value[position:]))
    return "".join(out) or "#160;"  # an empty label would read as a missing one


def shorten(text: object, limit: int | None) -> str:
    """Text on one line (newlines and tabs become plain spaces), cut to ``limit`` with an ellipsis."""
    value = " ".join(str(text).split())
    if limit is not None and len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value


def _escape_chars(text: str) -> list[str]:
    return [c if _SAFE.fullmatch(c) else _code(c) for c in text]


class NodeIds:
    """Node ids for a diagram: ``n0``, ``n1``... in order of first use, one per key."""

    def __init__(self, prefix: str = "n") -> None:
        self.prefix = prefix
        self._ids: dict[Any, str] = {}

    def __call__(self, key: Any) -> str:
        if key not in self._ids:
            self._ids[key] = f"{self.prefix}{len(self._ids)}"
        return self._ids[key]

    def __contains__(self, key: Any) -> bool:
        return key in self._ids

    def __len__(self) -> int:
        return len(self._ids)


def frontmatter(config: dict[str, Any]) -> str:
    """A diagram's own configuration block, written by us from constants (JSON is valid YAML)."""
    return "---\nconfig: " + json.dumps(config, sort_keys=True) + "\n---\n"


def fence(text: str) -> Markup:
    """A mermaid diagram as a Markdown fence; the text is already safe, so it passes templates unchanged."""
    if "```" in text or "<" in text or "&" in text:  # only label() text and our own syntax get here
        raise ValueError("mermaid text must come from generator.diagrams.mermaid builders")
    return Markup(f"```mermaid\n{text.rstrip()}\n```")


def accessible(text: str, title: object, description: object) -> str:
    """The diagram with ``accTitle`` and ``accDescr`` after its first line (after any config block): the
    SVG's title and description, which a screen reader announces. Both go through ``label``."""
    lines = text.split("\n")
    at = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
    extra = [f"  accTitle: {label(title, None)}", f"  accDescr: {label(description, None)}"]
    return "\n".join(lines[: at + 1] + extra + lines[at + 1 :])


NODE_ID = re.compile(r"[nt][0-9]+")
SAFE_HREF = re.compile(r"[A-Za-z0-9._/-]+(?:#[A-Za-z0-9._-]+)?")
"""A relative link to a page of the site: the only kind of address a diagram may carry."""


def click(node_id: str, href: str | None) -> str | None:
    """A ``click`` line making a node (or gantt task) a link; None unless the id is one ``NodeIds`` made
    and the address is a plain relative path: no quote, colon, scheme or space can reach the diagram."""
    if href is None or not NODE_ID.fullmatch(node_id) or not SAFE_HREF.fullmatch(href):
        return None
    return f'  click {node_id} href "{href}"'
