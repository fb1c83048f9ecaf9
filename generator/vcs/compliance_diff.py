"""What changed in the compliance and AI registers between two portals: controls (their status, as a
requirement's coverage depends on it) and AI uses (their decision and risk tier)."""

from __future__ import annotations

from generator.model.i18n import N_
from generator.model.portal import Portal
from generator.vcs.portal_diff import Change, Kind
from generator.vcs.wording import Status


_CONTROL_RANK = {"not-applicable": 0, "planned": 1, "partial": 2, "in-place": 3}


def _control_changes(base: Portal, head: Portal) -> list[Change]:
    changes: list[Change] = []
    for item_id, gone in base.controls.items():
        if item_id not in head.controls:
            changes.append(Change(Kind.CONTROL, item_id, "removed", 50, N_("Control {item} removed"),
                                  {"item": gone.title}, before=gone.status.value))
    for item_id, new in head.controls.items():
        old = base.controls.get(item_id)
        if old is None:
            changes.append(Change(Kind.CONTROL, item_id, "added", 40, N_("New control {item} ({status})"),
                                  {"item": new.title, "status": Status(new.status)}, after=new.status.value))
            continue
        if old.status != new.status:
            worse = _CONTROL_RANK[new.status.value] < _CONTROL_RANK[old.status.value]
            changes.append(Change(Kind.CONTROL, item_id, "status", 60 if worse else 45,
                                  N_("Control {item}: status {old} → {new}"),
                                  {"item": new.title, "old": Status(old.status), "new": Status(new.status)},
                                  before=old.status.value, after=new.status.value))
        if old.owner != new.owner:
            changes.append(Change(Kind.CONTROL, item_id, "owner", 20, N_("Control {item}: owner {old} → {new}"),
                                  {"item": new.title, "old": old.owner, "new": new.owner},
                                  before=old.owner, after=new.owner))
    return changes


def _ai_use_changes(base: Portal, head: Portal) -> list[Change]:
    changes: list[Change] = []
    for item_id, gone in base.ai_uses.items():
        if item_id not in head.ai_uses:
            changes.append(Change(Kind.AI_USE, item_id, "removed", 45, N_("AI use {item} removed from the register"),
                                  {"item": gone.title}, before=gone.decision.value))
    for item_id, new in head.ai_uses.items():
        old = base.ai_uses.get(item_id)
        if old is None:
            changes.append(Change(Kind.AI_USE, item_id, "added", 55 if new.risk_tier.value == "high" else 45,
                                  N_("New AI use {item} ({decision}, {tier} risk)"),
                                  {"item": new.title, "decision": Status(new.decision), "tier": Status(new.risk_tier)},
                                  after=new.decision.value))
            continue
        if old.decision != new.decision:
            changes.append(Change(Kind.AI_USE, item_id, "decision", 60, N_("AI use {item}: decision {old} → {new}"),
                                  {"item": new.title, "old": Status(old.decision), "new": Status(new.decision)},
                                  before=old.decision.value, after=new.decision.value))
        if old.risk_tier != new.risk_tier:
            changes.append(Change(Kind.AI_USE, item_id, "risk-tier", 55, N_("AI use {item}: risk tier {old} → {new}"),
                                  {"item": new.title, "old": Status(old.risk_tier), "new": Status(new.risk_tier)},
                                  before=old.risk_tier.value, after=new.risk_tier.value))
        if old.status != new.status:
            changes.append(Change(Kind.AI_USE, item_id, "status", 40, N_("AI use {item}: {old} → {new}"),
                                  {"item": new.title, "old": Status(old.status), "new": Status(new.status)},
                                  before=old.status.value, after=new.status.value))
    return changes


def compliance_changes(base: Portal, head: Portal) -> list[Change]:
    return _control_changes(base, head) + _ai_use_changes(base, head)
