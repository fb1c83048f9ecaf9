"""What may be in a published SVG: a drawing mermaid wrote, as the site publishes it. Sanitised against an
allowlist of SVG elements and attributes (nh3), every time, also when read from the cache (a file anyone
on the machine could edit); coordinates rounded, labels given back as text, sized to its column."""

from __future__ import annotations

import re

import nh3

_GEOMETRY = re.compile(r'(?P<name> (?:d|points|transform))="(?P<value>[^"]*)"')


_DECIMALS = re.compile(r"(?<=\.\d)\d+")
"""The digits after a coordinate's first decimal (removed by a fixed replacement: no Python call per number)."""


def _rounded(svg: str) -> str:
    """Coordinates to one decimal (mermaid writes fifteen): a third of the bytes, the same picture."""
    return _GEOMETRY.sub(lambda m: f'{m.group("name")}="' + _DECIMALS.sub("", m.group("value")) + '"', svg)


_ENTITY = re.compile(r"&amp;#(\d{1,7});")


def _entities_as_text(svg: str) -> str:
    """Our labels carry every character but letters, digits and spaces as a mermaid entity code
    (``#183;``); mermaid turns it into ``&#183;`` meant for HTML, which in an SVG text (no HTML labels)
    it writes as those six characters. Given back as a character reference: text, never markup
    (a source ``&`` is itself a code, so this never decodes what the source wrote)."""
    return _ENTITY.sub(lambda m: f"&#{m.group(1)};" if int(m.group(1)) <= 0x10FFFF else m.group(0), svg)


MIN_SCALE = 0.8
"""Labels are drawn at 14 px: a diagram shrinks to fit its column down to this scale (11.2 px text),
then scrolls in its own box instead."""
_ROOT = re.compile(r"<svg\b[^>]*>")


def _sized(svg: str) -> str:
    """The root element sized from its viewBox: full width up to its drawn size, never below
    ``MIN_SCALE`` of it (mermaid's own ``width="100%"`` lets a phone shrink labels to 4 px)."""
    root = _ROOT.match(svg)
    box = re.search(r'viewbox="([^"]*)"', root.group(0), re.I) if root else None
    try:
        width = float(box.group(1).split()[2]) if box else 0.0
    except (IndexError, ValueError):
        width = 0.0
    if not root or width <= 0:
        return svg
    tag = re.sub(r'\s(?:width|style)="[^"]*"', "", root.group(0))
    tag = tag[:-1] + f' style="max-width:{width:.0f}px;min-width:{width * MIN_SCALE:.0f}px">'
    return tag + svg[root.end() :]


# -- what may be in a published SVG -----------------------------------------------------------------

_SVG_TAGS = {
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "marker",
    "defs",
    "style",
    "title",
    "desc",
    "clipPath",
    "linearGradient",
    "stop",
    # HTML labels (mermaid wraps them there): text in a few plain elements.
    "foreignObject",
    "div",
    "span",
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
}
_SVG_ATTRIBUTES = {
    "id",
    "class",
    "style",
    "transform",
    "d",
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "dx",
    "dy",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "viewBox",
    "points",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "fill-opacity",
    "stroke-opacity",
    "opacity",
    "text-anchor",
    "dominant-baseline",
    "alignment-baseline",
    "font-size",
    "font-family",
    "font-weight",
    "markerWidth",
    "markerHeight",
    "refX",
    "refY",
    "orient",
    "markerUnits",
    "role",
    "aria-roledescription",
    "aria-labelledby",
    "aria-describedby",
    "xmlns",
    "preserveAspectRatio",
    "offset",
    "stop-color",
    "clip-path",
    "marker-end",
    "marker-start",
    "stroke-linecap",
    "stroke-linejoin",
    "xmlns",
}


def _style_is_safe(css: str) -> bool:
    """No import, no URL other than a reference inside the SVG itself, no expression/behaviour."""
    lowered = css.lower()
    if "@import" in lowered or "expression(" in lowered or "behavior" in lowered or "javascript:" in lowered:
        return False
    return all(re.fullmatch(r"\s*['\"]?#[A-Za-z0-9_-]+['\"]?\s*", u) for u in re.findall(r"url\(([^)]*)\)", lowered))


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "style" and not _style_is_safe(value):
        return None
    if attribute in ("marker-end", "marker-start", "clip-path") and not _style_is_safe(value):
        return None
    return value


def publishable(svg: str) -> str:
    """An SVG as mermaid wrote it, as the site publishes it: sanitised (every time, also from the cache,
    a file anyone on the machine could edit), smaller, labels as text, sized."""
    return _sized(_entities_as_text(sanitise_svg(_rounded(svg))))


def sanitise_svg(svg: str) -> str:
    """An SVG mermaid drew, reduced to the allowlist (nh3, as for every page): what is left draws and
    can do nothing else. A ``<style>`` is kept only if its rules fetch nothing."""
    for block in re.findall(r"<style[^>]*>(.*?)</style>", svg, re.S | re.I):
        if not _style_is_safe(block):
            svg = svg.replace(block, "")
    attributes = {tag: set(_SVG_ATTRIBUTES) for tag in _SVG_TAGS}
    return nh3.clean(
        svg,
        tags=_SVG_TAGS,
        attributes=attributes,
        clean_content_tags={"script"},
        attribute_filter=_filter,
        url_schemes=set(),
        strip_comments=True,
        link_rel=None,
    )
