"""The semantic diff as Markdown (a pull-request comment or a site page), JSON (stable, versioned) and text."""

from __future__ import annotations

import json
from typing import Any

from generator.vcs.portal_diff import Change, PortalDiff
from generator.facts.formatting import md_escape

JSON_FORMAT_VERSION = 1
MARKDOWN_LIMIT = 40
"""A pull-request comment lists at most this many changes; the rest are counted."""


def _fill(change: Change, escape) -> str:
    values = {}
    for key, value in change.values.items():
        if isinstance(value, list):
            value = ", ".join(escape(v) for v in value)
        elif isinstance(value, str):
            value = escape(value)
        values[key] = value
    if escape is md_escape and "item" in values:
        values["item"] = f"**{values['item']}**"
    text = change.template.format(**values)
    return text if escape is md_escape else text.replace("**", "")


def change_text(change: Change) -> str:
    return _fill(change, str)


def change_markdown(change: Change) -> str:
    return _fill(change, md_escape)


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def as_markdown(diff: PortalDiff, base: str, head: str, heading: str = "###", limit: int = MARKDOWN_LIMIT) -> str:
    title = f"{heading} Portal changes: {_code(base)} → {_code(head)}"
    if not diff:
        return f"{title}\n\nNo changes to the portal's content.\n"
    ordered = diff.ordered()
    counts: dict[str, int] = {}
    for change in ordered:
        counts[change.section] = counts.get(change.section, 0) + 1
    summary = ", ".join(f"{section} {count}" for section, count in counts.items())
    lines = [title, "", f"{len(ordered)} change(s): {summary}.", ""]
    lines += [f"- {change_markdown(c)}" for c in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(f"- … and {len(ordered) - limit} more (run `ctoportal diff` for all)")
    return "\n".join(lines) + "\n"


def as_text(diff: PortalDiff, base: str, head: str) -> str:
    lines = [f"portal changes: {base} -> {head}"]
    if not diff:
        lines.append("no changes to the portal's content")
    lines += [f"  {c.section.lower():8} {change_text(c)}" for c in diff.ordered()]
    return "\n".join(lines)


def as_json(diff: PortalDiff, base: dict[str, Any], head: dict[str, Any]) -> str:
    return json.dumps({
        "version": JSON_FORMAT_VERSION,
        "base": base,
        "head": head,
        "spend": {"currency": diff.currency, "before": diff.spend_before, "after": diff.spend_after},
        "risk_appetite": diff.appetite,
        "changes": [{"section": c.section.lower(), "kind": str(c.kind), "id": c.item_id, "change": c.change,
                     "importance": c.importance, "message": change_text(c), "before": c.before, "after": c.after}
                    for c in diff.ordered()],
    }, indent=2, default=str)
