"""How ``ctoportal diff`` tells what changed for each kind of the registry (model/kinds.py): one row per kind,
so a kind added to the registry is compared once it has a row here, or says why not in ``NOT_COMPARED``
(tests/test_change_table.py holds both to the registry). ``portal_diff.diff_portals`` runs the rows in the
registry's order through ``kind_changes``, the one walk over a kind's items: an item added or removed is
told in its row's words (``Told``: a message of the catalogue and its importance), an item both portals
hold by the row's ``changed`` function (``roadmap_diff``, ``register_diff``, ``governance_diff``,
``compliance_diff``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.facts.formatting import money
from generator.facts.governance import decided_by
from generator.model.decisions import DecidedBy, DecisionStatus
from generator.model.i18n import N_
from generator.model.kinds import KindName
from generator.model.portal import Portal
from generator.vcs.compliance_diff import ai_use_changed, control_changed
from generator.vcs.governance_diff import NO_OUTCOME, action_changed, decision_changed, decision_label, due_day
from generator.vcs.changes import Change, Kind, item_pairs
from generator.vcs.register_diff import risk_changed, risk_label, spend_changes, vendor_changed
from generator.vcs.roadmap_diff import goal_changed, initiative_changed, period
from generator.vcs.wording import Phrase, Status

ItemChanges = Callable[[Portal, Portal, str, Any, Any], list[Change]]
"""What changed in one item both portals hold: (base, head, id, before, after) -> its changes."""


@dataclass(frozen=True)
class Told:
    """How an item arriving or leaving is told: our wording (a message of the catalogue, ``{item}`` the
    item's label) and its importance."""

    template: str
    importance: int
    change: str | None = None
    """The change's name, if not added or removed (a decision arriving decided: decided)."""


def _nothing(portal: Portal, item: Any) -> Any:
    return None


def _no_details(portal: Portal, item: Any) -> dict[str, Any]:
    return {}


def _title(item: Any) -> str:
    return item.title


@dataclass(frozen=True)
class Row:
    """How ``diff`` tells one kind's changes."""

    changed: ItemChanges
    """The changes of an item both portals hold."""
    removed: Told
    added: Told | Callable[[Portal, Any], Told]
    """The wording of an item added, or the function choosing it from the item in the later portal."""
    label: Callable[[Any], str] = _title
    """The item's label, ``{item}`` in every sentence."""
    details: Callable[[Portal, Any], dict[str, Any]] = _no_details
    """What the wording of an item added says beside its label, from the later portal."""
    state: Callable[[Portal, Any], Any] = _nothing
    """The value reported as ``before`` of an item removed and ``after`` of an item added (its status, score,
    cost...), from the portal it is in."""
    totals: Callable[[Portal, Portal], list[Change]] | None = None
    """Changes of the kind as a whole (the annual vendor spend), after its items'."""


NOT_COMPARED: dict[KindName, str] = {
    KindName.FRAMEWORK: "a framework is the text requirements are read from; what changes for a reader is how "
    "controls cover them, and controls are compared",
}
"""Kinds of the registry ``diff`` leaves out, each with the reason."""


def _risk_added(head: Portal, risk: Any) -> Told:
    if head.above_appetite(risk):
        return Told(N_("New risk {item}, score {score} (above the risk appetite of {appetite})"), 75)
    return Told(N_("New risk {item}, score {score}"), 55)


def _vendor_added(head: Portal, vendor: Any) -> Told:
    if head.annual_cost(vendor):
        return Told(N_("New vendor {item} ({status}, {cost} a year)"), 45)
    return Told(N_("New vendor {item} ({status})"), 45)


def _decision_added(head: Portal, decision: Any) -> Told:
    if decision.status == DecisionStatus.DECIDED:
        return Told(N_("Decision {item} decided: {outcome}"), 75, "decided")
    board = decided_by(head, decision) == DecidedBy.BOARD and decision.status == DecisionStatus.OPEN
    template = N_("New decision {item} for {who}, due {due}") if decision.due else N_("New decision {item} for {who}")
    return Told(template, 60 if board else 40)


def _ai_use_added(head: Portal, use: Any) -> Told:
    return Told(N_("New AI use {item} ({decision}, {tier} risk)"), 55 if use.risk_tier.value == "high" else 45)


def change_table() -> dict[KindName, Row]:
    """Each kind ``diff`` compares -> how its changes are told."""
    return {
        KindName.GOAL: Row(
            goal_changed,
            removed=Told(N_("Goal {item} removed"), 45),
            added=Told(N_("New goal {item}"), 40),
        ),
        KindName.INITIATIVE: Row(
            initiative_changed,
            removed=Told(N_("Initiative {item} removed from the roadmap"), 60),
            added=Told(N_("New initiative {item} ({status}, {start} to {end})"), 50),
            details=lambda head, i: {"status": Status(i.status), "start": period(i.start), "end": period(i.end)},
            state=lambda portal, i: i.status.value,
        ),
        KindName.RISK: Row(
            risk_changed,
            removed=Told(N_("Risk {item} removed from the register"), 50),
            added=_risk_added,
            label=risk_label,
            details=lambda head, r: {"score": r.score, "appetite": head.settings.risk_appetite},
            state=lambda portal, r: r.score,
        ),
        KindName.VENDOR: Row(
            vendor_changed,
            removed=Told(N_("Vendor {item} removed from the list"), 50),
            added=_vendor_added,
            label=lambda v: v.name,
            details=lambda head, v: {
                "status": Status(v.status),
                "cost": money(head.annual_cost(v), head.currency_of(v.cost)),
            },
            state=lambda portal, v: portal.annual_cost(v),
            totals=spend_changes,
        ),
        KindName.DECISION: Row(
            decision_changed,
            removed=Told(N_("Decision {item} removed"), 40),
            added=_decision_added,
            label=decision_label,
            details=lambda head, d: {
                "who": Status(decided_by(head, d)),
                "due": due_day(d.due),
                "outcome": d.outcome or Phrase(NO_OUTCOME),
            },
            state=lambda portal, d: str(d.status),
        ),
        KindName.ACTION: Row(
            action_changed,
            removed=Told(N_("Action {item} removed from the plan"), 20),
            added=Told(N_("New action {item} ({owner}, due {due})"), 20),
            details=lambda head, a: {"owner": a.owner, "due": due_day(a.due)},
        ),
        KindName.CONTROL: Row(
            control_changed,
            removed=Told(N_("Control {item} removed"), 50),
            added=Told(N_("New control {item} ({status})"), 40),
            details=lambda head, c: {"status": Status(c.status)},
            state=lambda portal, c: c.status.value,
        ),
        KindName.AI_USE: Row(
            ai_use_changed,
            removed=Told(N_("AI use {item} removed from the register"), 45),
            added=_ai_use_added,
            details=lambda head, u: {"decision": Status(u.decision), "tier": Status(u.risk_tier)},
            state=lambda portal, u: u.decision.value,
        ),
    }


def kind_changes(kind: KindName, base: Portal, head: Portal) -> list[Change]:
    """What changed in one kind's items between two portals, in ``item_pairs``' order (the order of equally
    important changes): each item removed or added told in its row's words, each item both hold by the
    row's ``changed``; then the row's ``totals``."""
    row = change_table()[kind]
    changes: list[Change] = []
    for item_id, old, new in item_pairs(base, head, kind):
        if old is not None and new is not None:
            changes += row.changed(base, head, item_id, old, new)
            continue
        if new is None:
            told, values = row.removed, {"item": row.label(old)}
            before, after, change = row.state(base, old), None, told.change or "removed"
        else:
            told = row.added(head, new) if callable(row.added) else row.added
            values = {"item": row.label(new)} | row.details(head, new)
            before, after, change = None, row.state(head, new), told.change or "added"
        changes.append(Change(Kind(kind), item_id, change, told.importance, told.template, values, before, after))
    return changes + (row.totals(base, head) if row.totals is not None else [])
