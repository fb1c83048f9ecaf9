"""The budget picture: initiative spend by quarter as bars, the added running cost as a line."""

from __future__ import annotations

from babel.numbers import get_currency_symbol

from generator.render.formatting import LOCALE
from generator.diagrams.mermaid import frontmatter
from generator.model.portal import Portal
from generator.diagrams.common import Chart
from generator.facts.budget import Budget

_XY_CSS = "text:not(#ctp){fill:var(--md-default-fg-color)!important}"


def quarter_chart(portal: Portal, data: Budget) -> Chart | None:
    if not any(q.total for q in data.quarters):
        return None
    names = ", ".join(f'"{q.quarter.label}"' for q in data.quarters)
    # The chart cannot format its ticks, so the axis counts thousands and says in what: "$ thousands",
    # read as the tables are (a tick of 100 is $100,000), never a bare 100000.
    axis, scale = axis_unit(portal.settings.currency, max(q.total for q in data.quarters))
    totals = ", ".join(f"{q.total / scale:.1f}".removesuffix(".0") for q in data.quarters)
    opex = ", ".join(f"{q.opex / scale:.1f}".removesuffix(".0") for q in data.quarters)
    text = (frontmatter({"themeCSS": _XY_CSS, "xyChart": {"width": 900, "height": 380},
                                "themeVariables": {"xyChart": {"plotColorPalette": "#5c6bc0, #e65100"}}}) + "xychart-beta\n"
            f"  x-axis [{names}]\n  y-axis \"{axis}\"\n  bar [{totals}]\n  line [{opex}]\n")
    return Chart("Initiative spend by quarter", text,
                 "Bars: one-off and running cost together. Line: the added running cost alone. "
                 f"Amounts in {axis}.")


def axis_unit(currency: str, largest: float) -> tuple[str, int]:
    """The title of a money axis and what its ticks count: ``("$ thousands", 1000)`` or ``("$", 1)``."""
    symbol = get_currency_symbol(currency, locale=LOCALE)
    return (f"{symbol} thousands", 1000) if largest >= 10_000 else (symbol, 1)
