"""The semantic diff as Markdown (a pull-request comment or a site page), JSON (stable, versioned) and text."""

from __future__ import annotations

import json
from typing import Any

from generator.model.i18n import gettext, ngettext
from generator.vcs.changes import Change, PortalDiff
from generator.facts.formatting import md_escape

JSON_FORMAT_VERSION = 1
MARKDOWN_LIMIT = 40
"""A pull-request comment lists at most this many changes; the rest are counted."""


def _fill(change: Change, escape) -> str:
    """The change's sentence in the reader's language, each value escaped for where it lands (our own words,
    ``Phrase`` and ``Status``, put in the language first and escaped like the rest)."""
    values = {}
    for key, value in change.values.items():
        if not isinstance(value, str | int | float | list):
            value = str(value)
        if isinstance(value, list):
            value = ", ".join(escape(v) for v in value)
        elif isinstance(value, str):
            value = escape(value)
        values[key] = value
    if escape is md_escape and "item" in values:
        values["item"] = f"**{values['item']}**"
    text = change.sentence().format(**values)
    return text if escape is md_escape else text.replace("**", "")


def change_text(change: Change) -> str:
    return _fill(change, str)


def change_markdown(change: Change) -> str:
    return _fill(change, md_escape)


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def as_markdown(diff: PortalDiff, base: str, head: str, heading: str = "###", limit: int = MARKDOWN_LIMIT) -> str:
    """The pull-request comment, read by the client: in the language of the build being compared (the caller
    speaks it, ``i18n.using``); revision names stay as written."""
    title = f"{heading} " + gettext("Portal changes: {base} → {head}").format(base=_code(base), head=_code(head))
    if not diff:
        return f"{title}\n\n" + gettext("No changes to the portal's content.") + "\n"
    ordered = diff.ordered()
    counts: dict[str, int] = {}
    for change in ordered:
        counts[change.section] = counts.get(change.section, 0) + 1
    summary = ", ".join(f"{gettext(section)} {count}" for section, count in counts.items())
    lines = [
        title,
        "",
        ngettext("{count} change: {summary}.", "{count} changes: {summary}.", len(ordered)).format(
            count=len(ordered), summary=summary
        ),
        "",
    ]
    lines += [f"- {change_markdown(c)}" for c in ordered[:limit]]
    if len(ordered) > limit:
        more = len(ordered) - limit
        lines.append(
            "- "
            + ngettext(
                "… and {count} more (run `ctoportal diff` for all)",
                "… and {count} more (run `ctoportal diff` for all)",
                more,
            ).format(count=more)
        )
    return "\n".join(lines) + "\n"


def as_text(diff: PortalDiff, base: str, head: str) -> str:
    lines = [f"portal changes: {base} -> {head}"]
    if not diff:
        lines.append("no changes to the portal's content")
    lines += [f"  {c.section.lower():8} {change_text(c)}" for c in diff.ordered()]
    return "\n".join(lines)


def as_json(diff: PortalDiff, base: dict[str, Any], head: dict[str, Any]) -> str:
    return json.dumps(
        {
            "version": JSON_FORMAT_VERSION,
            "base": base,
            "head": head,
            "spend": {"currency": diff.currency, "before": diff.spend_before, "after": diff.spend_after},
            "risk_appetite": diff.appetite,
            "changes": [
                {
                    "section": c.section.lower(),
                    "kind": str(c.kind),
                    "id": c.item_id,
                    "change": c.change,
                    "importance": c.importance,
                    "message": change_text(c),
                    "before": c.before,
                    "after": c.after,
                }
                for c in diff.ordered()
            ],
        },
        indent=2,
        default=str,
    )
