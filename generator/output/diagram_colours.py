"""Diagram colours per mkdocs-material scheme: each diagram is drawn for the light scheme (``default``)
as written, and for the dark one (``slate``) with its class and line colours adapted (same hue, dark
fill, light label), checked by WCAG contrast (docs/diagrams.md, "Dark mode")."""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable

_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def _rgb(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _hex(rgb: Iterable[float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def _relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_relative_luminance(_rgb(a)), _relative_luminance(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _with_lightness(colour: str, lightness: float, saturation: float | None = None) -> str:
    h, _l, s = colorsys.rgb_to_hls(*_rgb(colour))
    return _hex(colorsys.hls_to_rgb(h, lightness, s if saturation is None else min(s, saturation)))


def dark_class_style(style: str) -> str:
    """A ``classDef`` style for the dark scheme: the same hue (the colour's meaning), a dark fill, a
    light label and a stroke light enough to stand out on both the fill and the page."""
    parts = [p.strip() for p in style.split(",") if p.strip()]
    props = dict(p.split(":", 1) for p in parts if ":" in p)
    hue_from = props.get("stroke") or props.get("fill") or "#90a4ae"
    if not _HEX.fullmatch(hue_from.strip()):
        return style  # not a colour we can adapt (a name, a variable): left as written
    out = []
    for part in parts:
        name, _, value = part.partition(":")
        if name == "fill" and _HEX.fullmatch(value.strip()):
            value = _with_lightness(hue_from, 0.17, 0.55)
        elif name == "stroke" and _HEX.fullmatch(value.strip()):
            value = _with_lightness(hue_from, 0.66)
        elif name == "color" and _HEX.fullmatch(value.strip()):
            value = _with_lightness(hue_from, 0.93, 0.5)
        out.append(f"{name}:{value}")
    return ",".join(out)


_CLASSDEF = re.compile(r"^(?P<head>\s*classDef\s+\S+\s+)(?P<style>.*)$", re.M)
_LINKSTYLE = re.compile(r"^(?P<head>\s*linkStyle\s+\S+\s+)(?P<style>.*)$", re.M)


def for_scheme(text: str, scheme: str) -> str:
    """The diagram's text as drawn for ``scheme``: in the dark one, class and line colours adapted."""
    if scheme == "default":
        return text
    text = _CLASSDEF.sub(lambda m: m.group("head") + dark_class_style(m.group("style")), text)
    return _LINKSTYLE.sub(
        lambda m: (
            m.group("head")
            + re.sub(
                r"stroke:(#[0-9a-fA-F]{3,6})", lambda s: "stroke:" + _with_lightness(s.group(1), 0.66), m.group("style")
            )
        ),
        text,
    )
