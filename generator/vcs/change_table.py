"""Which function tells what changed for each kind of the registry (model/kinds.py): one row per kind, so a
kind added to the registry is compared by ``ctoportal diff`` once it has a row here, or says why not in
``NOT_COMPARED`` (tests/test_change_table.py holds both to the registry). ``portal_diff.diff_portals`` runs
the rows in the registry's order; each function walks its kind's items with ``portal_diff.item_pairs``."""

from __future__ import annotations

from collections.abc import Callable

from generator.model.kinds import KindName
from generator.model.portal import Portal
from generator.vcs.compliance_diff import ai_use_changes, control_changes
from generator.vcs.governance_diff import action_changes, decision_changes
from generator.vcs.portal_diff import Change
from generator.vcs.register_diff import risk_changes, vendor_changes
from generator.vcs.roadmap_diff import goal_changes, initiative_changes

KindChanges = Callable[[Portal, Portal], list[Change]]
"""What changed in one kind's items between two portals."""

NOT_COMPARED: dict[KindName, str] = {
    KindName.FRAMEWORK: "a framework is the text requirements are read from; what changes for a reader is how "
    "controls cover them, and controls are compared",
}
"""Kinds of the registry ``diff`` leaves out, each with the reason."""


def change_table() -> dict[KindName, KindChanges]:
    """Each kind ``diff`` compares -> the function telling its changes."""
    return {
        KindName.GOAL: goal_changes,
        KindName.INITIATIVE: initiative_changes,
        KindName.RISK: risk_changes,
        KindName.VENDOR: vendor_changes,
        KindName.DECISION: decision_changes,
        KindName.ACTION: action_changes,
        KindName.CONTROL: control_changes,
        KindName.AI_USE: ai_use_changes,
    }
