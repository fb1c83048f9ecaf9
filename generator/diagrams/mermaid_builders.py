"""Mermaid diagrams built from parts, every label through ``mermaid.label``: flowcharts (shapes, the colour
classes with their legend, links) and gantt charts (sections, bars, milestones, the month axis)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.diagrams.mermaid import NodeIds, frontmatter, label, shorten
from generator.model import i18n
from generator.model.i18n import N_

SHAPES = {
    "rect": ('["`', '`"]'),
    "round": ('("`', '`")'),
    "stadium": ('(["`', '`"])'),
    "hexagon": ('{{"`', '`"}}'),
    "subroutine": ('[["`', '`"]]'),
}
"""Node shapes around a markdown string ("`...`"): mermaid wraps its text at the node width instead of
drawing one long line, so a label needs no cutting. ``label`` encodes every backtick and asterisk, so
the text can neither end the string nor turn bold."""
LABEL_CAP = 200
"""Characters of a node label before it is cut: only absurd text gets there (titles wrap well before);
the list under each diagram gives the full text."""
# Fixed fills with dark text: they read the same on mkdocs-material's light and dark schemes. One meaning
# per class, named for that meaning, so that a theme can restyle them by name (``.node.late``).
CLASS_DEFS = {
    "goal": "fill:#ede7f6,stroke:#4527a0,color:#1f1147",
    "initiative": "fill:#e3f0fd,stroke:#0d47a1,color:#0a2a5c",
    "done": "fill:#e6f4ea,stroke:#1b5e20,color:#0b2e0f",
    "late": "fill:#fdecea,stroke:#c62828,color:#5f1212,stroke-width:2px",
    "blocked": "fill:#fff4d6,stroke:#8a5a00,color:#3d2800,stroke-width:2px,stroke-dasharray:6 3",
    "paused": "fill:#f3e5f5,stroke:#6a1b9a,color:#38006b,stroke-dasharray:2 2",
    "cancelled": "fill:#eceff1,stroke:#78909c,color:#37474f",
    "critical": "stroke:#4a148c,stroke-width:4px",
    "muted": "fill:#ffffff,stroke:#90a4ae,color:#37474f,stroke-dasharray:4 3",
    "risk": "fill:#fff4d6,stroke:#8a5a00,color:#3d2800",
    "riskhigh": "fill:#fdecea,stroke:#c62828,color:#5f1212",
    "vendor": "fill:#eceff1,stroke:#455a64,color:#1c262b",
    "vendorhigh": "fill:#eceff1,stroke:#263238,color:#1c262b,stroke-width:2px",
    "vendorcritical": "fill:#eceff1,stroke:#000000,color:#1c262b,stroke-width:4px",
    "focus": "fill:#fff,stroke:#1a237e,color:#1a237e,stroke-width:4px",
}
"""``critical`` (the critical path) only thickens the outline, so it combines with a state's fill."""
LEGEND = {
    "goal": N_("goal"),
    "initiative": N_("initiative, open"),
    "done": N_("done"),
    "late": N_("late: still open after its end date"),
    "blocked": N_("blocked: waits on paused, cancelled or late work"),
    "paused": N_("paused"),
    "cancelled": N_("cancelled"),
    "critical": N_("critical path (thick outline and arrows): the chain that sets the last finish date"),
    "muted": N_("drawn in full elsewhere"),
    "risk": N_("risk within the appetite"),
    "riskhigh": N_("risk above the appetite"),
    "vendor": N_("vendor"),
    "vendorhigh": N_("vendor of high criticality"),
    "vendorcritical": N_("business-critical vendor"),
    "focus": N_("this page's item"),
}
"""What each class means, in the words of the key under a diagram."""
CRITICAL_EDGE = "stroke:#4a148c,stroke-width:4px"


class Flowchart:
    """A flowchart whose node ids we assign and whose every label goes through ``label``."""

    def __init__(self, direction: str = "LR") -> None:
        assert direction in ("LR", "RL", "TB", "BT")
        self.direction = direction
        self.ids = NodeIds()
        self._nodes: list[str] = []
        self._edges: list[str] = []
        self._classes: dict[str, list[str]] = {}
        self._critical_edges: list[int] = []

    def node(
        self,
        key: Any,
        text: object,
        shape: str = "rect",
        css: str | None = None,
        limit: int | None = LABEL_CAP,
        detail: object | None = None,
    ) -> str:
        """Declare a node once (later calls only return its id). ``detail`` follows the text; both wrap."""
        if key in self.ids:
            return self.ids(key)
        node_id = self.ids(key)
        opening, closing = SHAPES[shape]
        body = label(text, limit) + (f" #183; {label(detail, LABEL_CAP)}" if detail else "")
        self._nodes.append(f"  {node_id}{opening}{body}{closing}")
        if css:
            self.add_class(key, css)
        return node_id

    def add_class(self, key: Any, css: str) -> None:
        assert css in CLASS_DEFS, css
        node_id = self.ids(key)
        if node_id not in self._classes.setdefault(css, []):
            self._classes[css].append(node_id)

    @property
    def legend(self) -> tuple[str, ...]:
        """The classes drawn, in the order of ``CLASS_DEFS``: what the key under the diagram explains."""
        return tuple(css for css in CLASS_DEFS if self._classes.get(css))

    def edge(
        self,
        source: Any,
        target: Any,
        text: object | None = None,
        dotted: bool = False,
        critical: bool = False,
        undirected: bool = False,
        span: int = 1,
    ) -> None:
        """An arrow (or a plain line); ``span`` > 1 pushes the target that many ranks further out."""
        extra = span - 1
        if dotted:
            arrow = "-." + "." * extra + ("-" if undirected else "->")
        else:
            arrow = "--" + "-" * extra + ("-" if undirected else ">")
        middle = f'{arrow}|"{label(text, 30)}"|' if text else arrow
        if critical:
            self._critical_edges.append(len(self._edges))
        self._edges.append(f"  {self.ids(source)} {middle} {self.ids(target)}")

    def __contains__(self, key: Any) -> bool:
        return key in self.ids

    @property
    def size(self) -> int:
        return len(self.ids)

    def text(self) -> str:
        lines = [f"flowchart {self.direction}", *self._nodes, *self._edges]
        # In CLASS_DEFS order, so that ``critical`` (an outline) comes after the fill it combines with.
        for css, node_ids in sorted(self._classes.items(), key=lambda pair: list(CLASS_DEFS).index(pair[0])):
            lines.append(f"  classDef {css} {CLASS_DEFS[css]}")
            lines.append(f"  class {','.join(node_ids)} {css}")
        if self._critical_edges:
            lines.append(f"  linkStyle {','.join(map(str, self._critical_edges))} {CRITICAL_EDGE}")
        return "\n".join(lines) + "\n"


# Gantt text is black on mermaid's default theme, unreadable on the dark scheme: point it at
# mkdocs-material's colour variables, which reach into the diagram's shadow root. Mermaid scopes its
# own rules under the diagram's #id; ":not(#ctp)" gives ours the same weight, and ours come later.
_OUTSIDE = ",".join(
    f"{sel}:not(#ctp)"
    for sel in (
        ".titleText",
        ".sectionTitle",
        ".taskTextOutsideRight",
        ".taskTextOutsideLeft",
        ".tick text",
        ".vertText",
    )
)
_GANTT_CSS = (
    _OUTSIDE + "{fill:var(--md-default-fg-color)!important}"
    ".grid .tick line:not(#ctp){stroke:var(--md-default-fg-color--lightest)!important}"
    ".grid path:not(#ctp){stroke-width:0}"
    ".section0:not(#ctp),.section2:not(#ctp){fill:var(--md-default-fg-color--lightest)!important;opacity:.5}"
    ".section1:not(#ctp),.section3:not(#ctp){fill:transparent!important}"
    ".vert:not(#ctp){stroke:var(--md-accent-fg-color)!important}"
    # A task with no state (planned): a pale bar with dark text, readable on either scheme's page.
    + ",".join(f".task{n}:not(#ctp)" for n in range(4))
    + "{fill:#dbe4f0!important;stroke:#5c6f87!important}"
    + ",".join(f".taskText{n}:not(#ctp)" for n in range(4))
    + "{fill:#1c262b!important}"
)
GANTT_WIDTH = 1150
GANTT_CONFIG = {
    "gantt": {
        "useWidth": GANTT_WIDTH,
        "fontSize": 14,
        "sectionFontSize": 14,
        "barHeight": 22,
        "barGap": 6,
        "leftPadding": 210,
        "topPadding": 40,
        "gridLineStartPadding": 40,
        "numberSectionStyles": 2,
    },
    "themeCSS": _GANTT_CSS,
}


MONTH_AXES = {"en": "%b %Y", "de": "%m.%Y", "nl": "%m-%Y"}
"""A gantt's axis names its months in English only (mermaid has no other language): in another
language the axis gives months as numbers, written as the language writes them (11/2026, 11.2026)."""


def month_axis() -> str:
    """The gantt axis format for the portal's language."""
    return MONTH_AXES.get(i18n.current().code, "%m/%Y")


class Gantt:
    """A gantt chart of labelled tasks by section, dated in ISO days."""

    def __init__(self, axis_format: str | None = None, tick_interval: str | None = "3month") -> None:
        self.ids = NodeIds("t")
        self._lines: list[str] = []
        self.rows = 0
        self.axis_format = axis_format or month_axis()
        self.tick_interval = tick_interval

    SECTION_LIMIT = 26
    """Characters of a section name that fit the chart's left margin; a gantt label cannot wrap."""

    def section(self, name: object) -> bool:
        """A section; True when its name had to be shortened (the page then gives it in full)."""
        self._lines.append(f"  section {label(name, self.SECTION_LIMIT)}")
        return len(shorten(name, None)) > self.SECTION_LIMIT

    def task(
        self,
        key: Any,
        text: object,
        start: Any,
        end: Any,
        tags: tuple[str, ...] = (),
        after: list[Any] | None = None,
        detail: str = "",
    ) -> str:
        """A bar from ``start`` to ``end`` (dates), or starting after other tasks (keys) end. A gantt label
        cannot wrap: ``text`` is shortened to fit, ``detail`` (our own words: late, blocked) never is."""
        task_id = self.ids(key)
        begin = "after " + " ".join(self.ids(a) for a in after) if after else start.isoformat()
        meta = ", ".join([*self._tags(tags), task_id, begin, end.isoformat()])
        self._lines.append(f"  {label(shorten(text, 44) + detail, None)} :{meta}")
        self.rows += 1
        return task_id

    def milestone(self, text: object, day: Any, tags: tuple[str, ...] = ()) -> None:
        meta = ", ".join([*self._tags(tags), "milestone", self.ids(object()), day.isoformat(), "0d"])
        self._lines.append(f"  {label(text, 44)} :{meta}")
        self.rows += 1

    def marker(self, text: object, day: Any) -> None:
        """A vertical line across the chart (today, a deadline)."""
        self._lines.append(f"  {label(text, 20)} :vert, {self.ids(object())}, {day.isoformat()}, 0d")

    @staticmethod
    def _tags(tags: tuple[str, ...]) -> list[str]:
        assert set(tags) <= {"done", "active", "crit"}, tags
        return list(tags)

    def text(self) -> str:
        head = ["gantt", "  dateFormat YYYY-MM-DD", f"  axisFormat {self.axis_format}"]
        if self.tick_interval:
            head.append(f"  tickInterval {self.tick_interval}")
        head.append("  todayMarker off")  # the browser's today, not the portal's: we draw our own
        return frontmatter(GANTT_CONFIG) + "\n".join(head + self._lines) + "\n"


def swatch(css: str) -> Markup:
    """A small square in a class's colours for the key under a diagram (an inline SVG: the page filter
    keeps ``fill`` and drops ``style``); its ``class`` names the mermaid class, for a theme to restyle."""
    rules = dict(part.split(":", 1) for part in CLASS_DEFS[css].split(","))
    fill, stroke = rules.get("fill", "#ffffff"), rules.get("stroke", "#000000")
    return Markup(
        f'<svg class="ctp-swatch ctp-swatch-{css}" viewBox="0 0 16 16" width="16" height="16" '
        f'aria-hidden="true"><path d="M0 0h16v16H0z" fill="{stroke}"/>'
        f'<path d="M3 3h10v10H3z" fill="{fill}"/></svg>'
    )
