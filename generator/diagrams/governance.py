"""A KPI's trend as a mermaid xychart: the measured values against the straight-line path from its
baseline to its target. Everything drawn is a number or a date we format ourselves; the KPI's name
and unit (source text) stay out of the chart, in the heading and note around it."""

from __future__ import annotations

import re

from generator.diagrams.common import Chart, day_of_month
from generator.diagrams.mermaid import frontmatter, label
from generator.model.i18n import gettext as _
from generator.facts.governance import Trend

_XY_CSS = "text:not(#ctp){fill:var(--md-default-fg-color)!important}"
MEASURED, PATH = "#1e88e5", "#878787"
"""Readable on the light and the dark page alike (at least 3:1 against both backgrounds)."""
_PLAIN_UNIT = re.compile(r"[A-Za-z][A-Za-z ]{0,20}")


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _axis_title(unit: str | None) -> str:
    """The y-axis title: the unit when it is plain words, 'per cent' for %, else nothing (never source
    text that could carry chart syntax)."""
    if unit == "%":
        return label(_("per cent"), None)
    if unit and _PLAIN_UNIT.fullmatch(unit):
        return unit
    return label(_("value"), None)


def trend_chart(trend: Trend) -> Chart | None:
    """Two lines over the dates of the baseline and each measurement: what was measured, and where the
    straight line from baseline to target stood on the same day. None with fewer than two points."""
    points = trend.points
    if len(points) < 2:
        return None
    days = ", ".join(f'"{label(day_of_month(p.day), None)}"' for p in points)
    measured = ", ".join(_number(p.value) for p in points)
    text = (
        frontmatter(
            {
                "themeCSS": _XY_CSS,
                "xyChart": {"width": 700, "height": 300},
                "themeVariables": {"xyChart": {"plotColorPalette": f"{MEASURED}, {PATH}"}},
            }
        )
        + "xychart-beta\n"
        f'  x-axis [{days}]\n  y-axis "{_axis_title(trend.kpi.unit)}"\n  line [{measured}]\n'
    )
    path = [p.path for p in points if p.path is not None]
    if len(path) == len(points):
        text += f"  line [{', '.join(_number(value) for value in path)}]\n"
        note = _(
            "Blue: the values measured, on the dates shown. Grey: the straight line from the baseline to the target."
        )
    else:
        note = _(
            "The values measured, on the dates shown (no straight-line path: the baseline date or due date is missing)."
        )
    return Chart(_("Trend"), text, note)
