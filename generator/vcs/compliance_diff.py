"""What changed in the compliance and AI registers between two portals: controls (their status, as a
requirement's coverage depends on it) and AI uses (their decision and risk tier). One function per kind for
an item both portals hold, run by ``change_table`` (which tells the items added and removed)."""

from __future__ import annotations

from generator.model.compliance import AiUse, Control
from generator.model.i18n import N_
from generator.model.portal import Portal
from generator.vcs.changes import Change, Kind, value_changed


_CONTROL_RANK = {"not-applicable": 0, "planned": 1, "partial": 2, "in-place": 3}


def control_changed(base: Portal, head: Portal, item_id: str, old: Control, new: Control) -> list[Change]:
    changes: list[Change] = []
    if old.status != new.status:
        worse = _CONTROL_RANK[new.status.value] < _CONTROL_RANK[old.status.value]
        changes.append(
            value_changed(
                Kind.CONTROL,
                item_id,
                "status",
                60 if worse else 45,
                N_("Control {item}: status {old} → {new}"),
                new.title,
                old.status,
                new.status,
            )
        )
    if old.owner != new.owner:
        changes.append(
            value_changed(
                Kind.CONTROL,
                item_id,
                "owner",
                20,
                N_("Control {item}: owner {old} → {new}"),
                new.title,
                old.owner,
                new.owner,
            )
        )
    return changes


def ai_use_changed(base: Portal, head: Portal, item_id: str, old: AiUse, new: AiUse) -> list[Change]:
    changes: list[Change] = []
    if old.decision != new.decision:
        changes.append(
            value_changed(
                Kind.AI_USE,
                item_id,
                "decision",
                60,
                N_("AI use {item}: decision {old} → {new}"),
                new.title,
                old.decision,
                new.decision,
            )
        )
    if old.risk_tier != new.risk_tier:
        changes.append(
            value_changed(
                Kind.AI_USE,
                item_id,
                "risk-tier",
                55,
                N_("AI use {item}: risk tier {old} → {new}"),
                new.title,
                old.risk_tier,
                new.risk_tier,
            )
        )
    if old.status != new.status:
        changes.append(
            value_changed(
                Kind.AI_USE,
                item_id,
                "status",
                40,
                N_("AI use {item}: {old} → {new}"),
                new.title,
                old.status,
                new.status,
            )
        )
    return changes
