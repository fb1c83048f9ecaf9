"""What changed in the compliance and AI registers between two portals: controls (their status, as a
requirement's coverage depends on it) and AI uses (their decision and risk tier). One function per kind for
an item both portals hold, run by ``change_table`` (which tells the items added and removed)."""

from __future__ import annotations

from generator.model.compliance import AiUse, Control
from generator.model.i18n import N_
from generator.model.portal import Portal
from generator.vcs.changes import Change, Kind
from generator.vcs.wording import Status


_CONTROL_RANK = {"not-applicable": 0, "planned": 1, "partial": 2, "in-place": 3}


def control_changed(base: Portal, head: Portal, item_id: str, old: Control, new: Control) -> list[Change]:
    changes: list[Change] = []
    if old.status != new.status:
        worse = _CONTROL_RANK[new.status.value] < _CONTROL_RANK[old.status.value]
        changes.append(
            Change(
                Kind.CONTROL,
                item_id,
                "status",
                60 if worse else 45,
                N_("Control {item}: status {old} → {new}"),
                {"item": new.title, "old": Status(old.status), "new": Status(new.status)},
                before=old.status.value,
                after=new.status.value,
            )
        )
    if old.owner != new.owner:
        changes.append(
            Change(
                Kind.CONTROL,
                item_id,
                "owner",
                20,
                N_("Control {item}: owner {old} → {new}"),
                {"item": new.title, "old": old.owner, "new": new.owner},
                before=old.owner,
                after=new.owner,
            )
        )
    return changes


def ai_use_changed(base: Portal, head: Portal, item_id: str, old: AiUse, new: AiUse) -> list[Change]:
    changes: list[Change] = []
    if old.decision != new.decision:
        changes.append(
            Change(
                Kind.AI_USE,
                item_id,
                "decision",
                60,
                N_("AI use {item}: decision {old} → {new}"),
                {"item": new.title, "old": Status(old.decision), "new": Status(new.decision)},
                before=old.decision.value,
                after=new.decision.value,
            )
        )
    if old.risk_tier != new.risk_tier:
        changes.append(
            Change(
                Kind.AI_USE,
                item_id,
                "risk-tier",
                55,
                N_("AI use {item}: risk tier {old} → {new}"),
                {"item": new.title, "old": Status(old.risk_tier), "new": Status(new.risk_tier)},
                before=old.risk_tier.value,
                after=new.risk_tier.value,
            )
        )
    if old.status != new.status:
        changes.append(
            Change(
                Kind.AI_USE,
                item_id,
                "status",
                40,
                N_("AI use {item}: {old} → {new}"),
                {"item": new.title, "old": Status(old.status), "new": Status(new.status)},
                before=old.status.value,
                after=new.status.value,
            )
        )
    return changes
