"""What changed in the compliance and AI registers between two portals: controls (their status, as a
requirement's coverage depends on it) and AI uses (their decision and risk tier)."""

from __future__ import annotations

from generator.model.i18n import N_
from generator.model.portal import Portal
from generator.model.kinds import KindName
from generator.vcs.portal_diff import Change, Kind, item_pairs
from generator.vcs.wording import Status


_CONTROL_RANK = {"not-applicable": 0, "planned": 1, "partial": 2, "in-place": 3}


def control_changes(base: Portal, head: Portal) -> list[Change]:
    changes: list[Change] = []
    for item_id, old, new in item_pairs(base, head, KindName.CONTROL):
        if new is None:
            changes.append(
                Change(
                    Kind.CONTROL,
                    item_id,
                    "removed",
                    50,
                    N_("Control {item} removed"),
                    {"item": old.title},
                    before=old.status.value,
                )
            )
            continue
        if old is None:
            changes.append(
                Change(
                    Kind.CONTROL,
                    item_id,
                    "added",
                    40,
                    N_("New control {item} ({status})"),
                    {"item": new.title, "status": Status(new.status)},
                    after=new.status.value,
                )
            )
            continue
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


def ai_use_changes(base: Portal, head: Portal) -> list[Change]:
    changes: list[Change] = []
    for item_id, old, new in item_pairs(base, head, KindName.AI_USE):
        if new is None:
            changes.append(
                Change(
                    Kind.AI_USE,
                    item_id,
                    "removed",
                    45,
                    N_("AI use {item} removed from the register"),
                    {"item": old.title},
                    before=old.decision.value,
                )
            )
            continue
        if old is None:
            changes.append(
                Change(
                    Kind.AI_USE,
                    item_id,
                    "added",
                    55 if new.risk_tier.value == "high" else 45,
                    N_("New AI use {item} ({decision}, {tier} risk)"),
                    {"item": new.title, "decision": Status(new.decision), "tier": Status(new.risk_tier)},
                    after=new.decision.value,
                )
            )
            continue
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
