"""The AI register: the uses in each state, and the rules validate warns about (high risk without oversight
or approval, a prohibited use still in use, data without the agreement it needs, overdue reviews)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.facts.vendor_assurance import gdpr_in_scope, needs_dpa
from generator.model.compliance import AiDecision, AiUse, AiUseStatus, RiskTier, holds_personal, holds_phi
from generator.model.portal import Portal


def _active(use: AiUse) -> bool:
    return use.status == AiUseStatus.IN_USE


def high_risk_without_oversight(portal: Portal) -> list[AiUse]:
    return [
        u
        for u in portal.ai_uses.values()
        if u.risk_tier == RiskTier.HIGH
        and u.status != AiUseStatus.STOPPED
        and not u.refused
        and not u.human_oversight.strip()
    ]


def high_risk_without_approval(portal: Portal) -> list[AiUse]:
    """High-risk uses in use or piloted with no one named as approving them, or no date."""
    return [
        u
        for u in portal.ai_uses.values()
        if u.risk_tier == RiskTier.HIGH
        and u.status != AiUseStatus.STOPPED
        and not u.refused
        and (not u.approved_by or u.decided is None or u.decision == AiDecision.PROPOSED)
    ]


def prohibited_in_use(portal: Portal) -> list[AiUse]:
    return [u for u in portal.ai_uses.values() if u.refused and _active(u)]


def ai_agreement_gaps(portal: Portal) -> list[tuple[AiUse, str]]:
    """(use, what is missing) for a use allowed to see PHI or personal data whose vendor has not signed for it."""
    gdpr = gdpr_in_scope(portal)
    found = []
    for use in portal.ai_uses.values():
        if use.refused or use.status == AiUseStatus.STOPPED:
            continue
        phi, personal = holds_phi(use.data), holds_personal(use.data) or use.personal_data_allowed
        if not (phi or personal):
            continue
        vendor = portal.vendors.get(use.vendor) if use.vendor else None
        if vendor is None:
            found.append((use, "BAA" if phi else "DPA"))
        elif phi and vendor.baa is None:
            found.append((use, "BAA"))
        elif needs_dpa([*use.data, *(["personal"] if use.personal_data_allowed else [])], gdpr) and vendor.dpa is None:
            found.append((use, "DPA"))
    return found


def overdue_ai_reviews(portal: Portal) -> list[AiUse]:
    return [
        u for u in portal.ai_uses.values() if u.review and u.review < portal.today and u.status != AiUseStatus.STOPPED
    ]


# -- the AI register ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AiRegister:
    in_use: list[AiUse]
    """Approved (with or without conditions) and in use."""
    pilots: list[AiUse]
    proposed: list[AiUse]
    refused: list[AiUse]
    stopped: list[AiUse]
    """Allowed once, no longer in use."""
    high_risk: list[AiUse]


def ai_register(portal: Portal) -> AiRegister:
    uses = sorted(portal.ai_uses.values(), key=lambda u: (u.department.lower(), u.title.lower()))
    refused = [u for u in uses if u.refused]
    rest = [u for u in uses if not u.refused]
    allowed = (AiDecision.APPROVED, AiDecision.APPROVED_WITH_CONDITIONS)
    return AiRegister(
        in_use=[u for u in rest if u.decision in allowed and u.status != AiUseStatus.STOPPED],
        pilots=[u for u in rest if u.decision == AiDecision.PILOT and u.status != AiUseStatus.STOPPED],
        proposed=[u for u in rest if u.decision == AiDecision.PROPOSED and u.status != AiUseStatus.STOPPED],
        refused=refused,
        stopped=[u for u in rest if u.status == AiUseStatus.STOPPED],
        high_risk=[u for u in rest if u.risk_tier == RiskTier.HIGH and u.status != AiUseStatus.STOPPED],
    )
