"""Turning an item's values before and after a commit into a history entry (``item_history``): which
fields changed and, in a client build, which of them may show their values (``SHOWN_FIELDS``), references
kept to items the client sees; who made the change, bots by no name.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any

from generator.facts import formatting
from generator.sources import git as gitrepo
from generator.model import kinds as registry
from generator.model.portal import Portal
from generator.vcs.wording import field_label

REFERENCE_FIELDS = {ref.path[0] for _, ref in registry.references()}
"""Fields naming other items (or holding such a field, as cost holds cost.vendor): in a client build,
only ids of items the client sees are shown."""

SHOWN_FIELDS: dict[str, frozenset[str]] = {
    "initiative": frozenset(
        {
            "status",
            "owner",
            "start",
            "end",
            "horizon",
            "priority",
            "progress",
            "cost",
            "goals",
            "depends_on",
            "mitigates",
            "vendors",
        }
    ),
    "risk": frozenset(
        {
            "status",
            "owner",
            "category",
            "likelihood",
            "impact",
            "residual",
            "response",
            "identified",
            "review",
            "mitigations",
            "vendors",
        }
    ),
    "vendor": frozenset(
        {"status", "owner", "criticality", "cost", "seats", "contract", "integrations", "risks", "replaced_by"}
    ),
    "goal": frozenset({"owner"}),
    "decision": frozenset(
        {
            "status",
            "decided_by",
            "area",
            "owner",
            "due",
            "decided",
            "renewal",
            "superseded_by",
            "cost_avoided",
            "initiatives",
            "risks",
            "vendors",
            "goals",
        }
    ),
    "action": frozenset({"status", "owner", "due", "done", "initiatives", "decisions", "vendors", "risks"}),
    "control": frozenset({"status", "owner", "satisfies", "risks", "initiative", "vendors"}),
    "ai-use": frozenset(
        {
            "decision",
            "risk_tier",
            "status",
            "decided",
            "review",
            "vendor",
            "data",
            "personal_data_allowed",
            "ai_rmf",
            "risks",
        }
    ),
    "framework": frozenset({"kind"}),
}
"""Per kind, the structured fields whose earlier and later values a client build may show. Any other
field (titles, descriptions, summaries, notes, tags, milestones, KPIs, fields added later) is named
without its values: fail closed."""

BOT_NAME = re.compile(r"\[bot\]\s*$|^(dependabot|renovate|github-actions|gitlab-ci)\b", re.I)
BOT_EMAIL = re.compile(r"^(no-?reply|.*\[bot\])@|^[^@]*\[bot\]@users\.noreply\.github\.com$", re.I)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any
    unquoted: str | None = None
    """Set when the values are withheld (``before`` and ``after`` are then None): added, removed,
    reworded or changed."""

    @property
    def label(self) -> str:
        """The field's name in the reader's language (``risk_tier``: risk tier, "niveau de risque")."""
        return field_label(self.field)

    def word(self, value: Any, item: Any = None) -> Any:
        """A value before or after as the reader's language says it: a status (or other closed vocabulary)
        of ``item``'s field through its one label ("in progress", "en cours"); any other value as it is."""
        current = getattr(item, self.field, None)
        if isinstance(current, enum.Enum) and isinstance(value, str):
            vocabulary = formatting.VOCABULARY_OF_ENUM.get(type(current).__name__, "status")
            if (vocabulary, value) in formatting.VOCABULARY:
                return formatting.status_word(value, vocabulary)
        return value


def _unquoted(field: str, before: Any, after: Any) -> FieldChange:
    if before in (None, "", []):
        summary = "added"
    elif after in (None, "", []):
        summary = "removed"
    else:
        summary = "reworded" if isinstance(before, str) and isinstance(after, str) else "changed"
    return FieldChange(field, None, None, summary)


@dataclass(frozen=True)
class HistoryEntry:
    commit: gitrepo.Commit
    change: str
    """added, changed, removed, or shown (became visible to the client)."""
    fields: tuple[FieldChange, ...] = ()
    message: str | None = None
    """The commit's subject in an internal build; None in a client build."""
    author: str | None = None
    """Who made the change, as ``.mailmap`` names them; None for a bot."""

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.commit.day)


def is_bot(commit: gitrepo.Commit) -> bool:
    """A commit made by an automation account (``name[bot]``, a no-reply address), not a person."""
    return bool(BOT_NAME.search(commit.author) or BOT_EMAIL.search(commit.email))


def _field_changes(
    kind: str, before: dict[str, Any], after: dict[str, Any], visible: Portal | None
) -> list[FieldChange]:
    """What changed; with ``visible`` (a client build), only ``SHOWN_FIELDS`` keep their values."""
    changes = []
    for key in dict.fromkeys([*before, *after]):
        if key in ("id", "visibility"):
            continue
        old, new = before.get(key), after.get(key)
        if visible is not None and key in REFERENCE_FIELDS:
            old, new = _visible_refs(kind, key, old, visible), _visible_refs(kind, key, new, visible)
        if old != new:
            quoted = visible is None or key in SHOWN_FIELDS.get(kind, ())
            changes.append(FieldChange(key, old, new) if quoted else _unquoted(key, old, new))
    return changes


def _visible_refs(kind: str, key: str, value: Any, visible: Portal) -> Any:
    """``value`` of field ``key`` naming only items in ``visible``, by the registry's reference fields."""
    for ref in registry.kind(kind).references:
        if ref.path[0] != key:
            continue
        allowed = visible.of_kind(ref.target)
        if len(ref.path) > 1:  # a field of a nested mapping (cost.vendor): dropped from it
            if isinstance(value, dict) and value.get(ref.path[1]) is not None and value[ref.path[1]] not in allowed:
                value = {k: v for k, v in value.items() if k != ref.path[1]}
        elif isinstance(value, list):
            value = [v for v in value if v in allowed] or None
        else:
            value = value if value in allowed else None
    return value
