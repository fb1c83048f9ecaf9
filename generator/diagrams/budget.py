"""The budget picture: initiative spend by quarter as bars, the added running cost as a line."""

from __future__ import annotations

from babel.numbers import get_currency_symbol

from generator.facts.formatting import LOCALE
from generator.diagrams.mermaid import frontmatter, label
from generator.model.i18n import gettext as _
from generator.model.portal import Portal
from generator.diagrams.common import Chart
from generator.facts.budget import Budget

_XY_CSS = "text:not(#ctp){fill:var(--md-default-fg-color)!important}"


MIN_QUARTERS = 3
"""Quarters with spend a bar chart needs; fewer are read from the table below it."""


def quarter_chart(portal: Portal, data: Budget) -> Chart | None:
    if sum(1 for q in data.quarters if q.total) < MIN_QUARTERS:
        return None  # one or two bars say less than the table's rows
    names = ", ".join(f'"{label(q.quarter.label, None)}"' for q in data.quarters)
    # The chart cannot format its ticks, so the axis counts thousands and says in what: "$ thousands",
    # read as the tables are (a tick of 100 is $100,000), never a bare 100000.
    largest = max(q.total for q in data.quarters)
    axis, scale = axis_unit(portal.settings.currency, largest)
    symbol = get_currency_symbol(portal.settings.currency, locale=LOCALE)
    # The translated words go through ``label`` as any text in a diagram does; the symbol is Babel's own.
    title = label(axis.replace(symbol, "\0"), None).replace("#0;", symbol)
    totals = ", ".join(_amount(q.total, scale, largest) for q in data.quarters)
    opex = ", ".join(_amount(q.opex, scale, largest) for q in data.quarters)
    text = (
        frontmatter(
            {
                "themeCSS": _XY_CSS,
                "xyChart": {"width": 900, "height": 380},
                "themeVariables": {"xyChart": {"plotColorPalette": "#5c6bc0, #e65100"}},
            }
        )
        + "xychart-beta\n"
        f'  x-axis [{names}]\n  y-axis "{title}"\n  bar [{totals}]\n  line [{opex}]\n'
    )
    return Chart(
        _("Initiative spend by quarter"),
        text,
        _("Bars: one-off and running cost together. Line: the added running cost alone. Amounts in %(unit)s.")
        % {"unit": axis},
        equivalent=_("The table below gives each quarter's figures."),
    )


def _amount(value: float, scale: int, largest: float) -> str:
    """A plotted amount with no more precision than a reader can see: whole units of the axis once the
    largest bar reaches 100 of them, else one decimal (12.5 thousand)."""
    if largest / scale >= 100:
        return str(round(value / scale))
    return f"{value / scale:.1f}".removesuffix(".0")


def axis_unit(currency: str, largest: float) -> tuple[str, int]:
    """The title of a money axis and what its ticks count: ``("$ thousands", 1000)`` or ``("$", 1)``."""
    symbol = get_currency_symbol(currency, locale=LOCALE)
    return (_("%(symbol)s thousands") % {"symbol": symbol}, 1000) if largest >= 10_000 else (symbol, 1)
