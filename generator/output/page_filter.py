"""The final HTML of every generated page goes through nh3 (a maintained sanitiser) before it is
written: whatever slipped through escaping upstream, no script, handler or hostile URL survives."""

from __future__ import annotations

import re

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {"progress", "svg", "path", "g", "title"}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "role", "lang", "dir", "aria-label", "aria-hidden", "aria-sort", "tabindex"},
    "a": {"href", "hreflang", "download"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan", "data-label"},  # a register cell's header, the label of a phone's card
    "ol": {"start"},
    "progress": {"value", "max"},
    "details": {"open"},
    "svg": {"viewbox", "width", "height", "xmlns", "fill"},
    "path": {"d", "fill"},
}


def _filter(tag: str, attribute: str, value: str) -> str | None:
    # Images load: only from the site itself (a relative path), never from another host.
    if tag == "img" and attribute == "src" and ("//" in value or ":" in value.split("/")[0]):
        return None
    return value


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_filter,
        link_rel=None,
        strip_comments=True,
    )


_DIAGRAM_BLOCK = re.compile(r'<pre(?P<attrs> class="(?:[^"]* )?mermaid(?: [^"]*)?")>')


def diagrams_out_of_search(html: str) -> str:
    """Diagram source is for drawing, not for reading: marked so that mkdocs-material's search leaves it
    out of ``search_index.json`` (which every reader downloads), and removes the mark from the page."""
    return _DIAGRAM_BLOCK.sub(r'<pre\g<attrs> data-search-exclude="diagram">', html)
