"""The decisions' facts: who decides each (the decision-rights map), the board's agenda, the open and the
decided decisions, and the decision that settles a vendor's contract."""

from __future__ import annotations

import datetime as dt

from generator.model.decisions import DecidedBy, Decision, DecisionStatus, decider
from generator.model.portal import Portal


# -- decisions ---------------------------------------------------------------------------------------


def decided_by(portal: Portal, decision: Decision) -> DecidedBy:
    return decider(decision, portal.settings.decision_rights)


def _due_order(decision: Decision) -> tuple:
    return (decision.due is None, decision.due or dt.date.max, decision.id)


def board_decisions(portal: Portal) -> list[Decision]:
    """Decisions for the board: exactly the open decisions the board owns (``decided_by: board``, or the
    decision-rights map, or nobody said: the board), due soonest first; those without a due date last."""
    return sorted(
        (
            d
            for d in portal.decisions.values()
            if d.status == DecisionStatus.OPEN and decided_by(portal, d) == DecidedBy.BOARD
        ),
        key=_due_order,
    )


def open_decisions(portal: Portal) -> list[Decision]:
    """Every open decision, whoever owns it, due soonest first."""
    return sorted((d for d in portal.decisions.values() if d.status == DecisionStatus.OPEN), key=_due_order)


def decisions_taken(portal: Portal) -> list[Decision]:
    """Decisions decided (not superseded), latest first."""
    return sorted(
        (d for d in portal.decisions.values() if d.status == DecisionStatus.DECIDED and d.decided),
        key=lambda d: (d.decided, d.id),
        reverse=True,
    )


def replaced(portal: Portal, decision: Decision) -> list[Decision]:
    """The decisions this one superseded."""
    return [d for d in portal.decisions.values() if d.superseded_by == decision.id]


def renewal_decision(portal: Portal, vendor_id: str) -> Decision | None:
    """The decision that settles a vendor's contract: the latest decided one naming the vendor with a
    ``renewal``; else the open decision naming the vendor that is due first (to be taken); None when
    nothing is recorded."""
    naming = [d for d in portal.decisions.values() if vendor_id in d.vendors]
    decided = [d for d in naming if d.renewal is not None and d.status == DecisionStatus.DECIDED and d.decided]
    if decided:
        return max(decided, key=lambda d: (d.decided, d.id))
    pending = sorted((d for d in naming if d.status == DecisionStatus.OPEN), key=_due_order)
    return pending[0] if pending else None
