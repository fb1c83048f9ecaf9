"""The compliance picture, each fact defined once: requirement coverage per framework, evidence freshness,
vendor assurance, the AI register and the readiness checklist. Pages, the board pack and downloads read
them from here."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from generator.model.compliance import (AiDecision, AiUse, AiUseStatus, Control, ControlStatus, Evidence,
                                        Framework, FrameworkKind, Requirement, RiskTier, holds_personal, holds_phi)
from generator.model.compliance import framework_path as framework_path  # for the templates: compliance.framework_path
from generator.model.i18n import N_
from generator.model.portal import Portal
from generator.model.vendors import AssuranceReport, Vendor, VendorStatus


class Coverage(enum.StrEnum):
    """How far a requirement is met, worst first: the order a board reads them in."""

    GAP = "gap"
    PLANNED = "planned"
    PARTIAL = "partial"
    MET = "met"
    NOT_APPLICABLE = "not applicable"


ORDER = list(Coverage)

COVERAGE_RULE = N_("A requirement is **met** when a control in place answers it and none of that control's evidence "
                 "has expired; **partial** when the best control answering it is partial, or in place with expired "
                 "evidence; **planned** when only planned controls answer it; **not applicable** when every "
                 "control answering it is marked so, with a reason; a **gap** when no control answers it.")
"""In English, marked for translation: shown as ``gettext(COVERAGE_RULE)`` (render/compliance.py)."""


@dataclass(frozen=True)
class RequirementCoverage:
    requirement: Requirement
    state: Coverage
    answers: list[tuple[Control, Coverage]]
    """Each control answering it, with what it counts as (in place with expired evidence: partial)."""

    @property
    def controls(self) -> list[Control]:
        return [c for c, _ in self.answers]


@dataclass(frozen=True)
class FrameworkCoverage:
    framework: Framework
    requirements: list[RequirementCoverage]
    """Worst first (gaps, then planned, partial, met, not applicable), then in the framework's order."""

    def count(self, state: Coverage) -> int:
        return sum(1 for r in self.requirements if r.state == state)

    @property
    def gaps(self) -> list[RequirementCoverage]:
        return [r for r in self.requirements if r.state == Coverage.GAP]

    @property
    def applicable(self) -> int:
        return len(self.requirements) - self.count(Coverage.NOT_APPLICABLE)

    @property
    def met_share(self) -> int:
        """Whole percent of the applicable requirements met."""
        return round(100 * self.count(Coverage.MET) / self.applicable) if self.applicable else 100


def control_state(control: Control, portal: Portal) -> Coverage:
    if control.status == ControlStatus.NOT_APPLICABLE:
        return Coverage.NOT_APPLICABLE
    if control.status == ControlStatus.PLANNED:
        return Coverage.PLANNED
    if control.status == ControlStatus.PARTIAL:
        return Coverage.PARTIAL
    expired = any(evidence_state(e, portal.today) == "expired" for e in control.evidence)
    return Coverage.PARTIAL if expired else Coverage.MET


def coverage(portal: Portal, framework: Framework) -> FrameworkCoverage:
    answering: dict[str, list[Control]] = {}
    for control in portal.controls.values():
        for requirement_id in control.satisfies.get(framework.id, []):
            answering.setdefault(requirement_id, []).append(control)
    found = []
    for requirement in framework.requirements:
        controls = answering.get(requirement.id, [])
        states = [control_state(c, portal) for c in controls]
        if not states:
            state = Coverage.GAP
        elif all(s == Coverage.NOT_APPLICABLE for s in states):
            state = Coverage.NOT_APPLICABLE
        else:
            state = min((s for s in states if s != Coverage.NOT_APPLICABLE), key=lambda s: -ORDER.index(s))
        found.append(RequirementCoverage(requirement, state, list(zip(controls, states))))
    position = {r.id: n for n, r in enumerate(framework.requirements)}
    found.sort(key=lambda r: (ORDER.index(r.state), position[r.requirement.id]))
    return FrameworkCoverage(framework, found)


def all_coverage(portal: Portal) -> list[FrameworkCoverage]:
    return [coverage(portal, f) for f in portal.frameworks_in_scope()]


@dataclass(frozen=True)
class EvidenceLine:
    control: Control
    evidence: Evidence
    state: str
    """current, due soon, expired or never checked (checks.compliance.evidence_state)."""


def evidence_lines(portal: Portal) -> list[EvidenceLine]:
    """Every piece of evidence, most urgent first: expired, never checked, due soon, current."""
    lines = [line for lines in evidence_by_control(portal).values() for line in lines]
    return sorted(lines, key=lambda x: (_RANK[x.state], x.evidence.due() or portal.today, x.control.id))


_RANK = {"expired": 0, "never checked": 1, "due soon": 2, "current": 3}


def evidence_of(control: Control, today: dt.date) -> list[EvidenceLine]:
    """One control's evidence, most urgent first."""
    lines = [EvidenceLine(control, e, evidence_state(e, today)) for e in control.evidence]
    return sorted(lines, key=lambda x: (_RANK[x.state], x.evidence.due() or today))


def evidence_by_control(portal: Portal) -> dict[str, list[EvidenceLine]]:
    """Control id -> its evidence, most urgent first (controls that do not apply: none needed)."""
    return {c.id: evidence_of(c, portal.today) for c in portal.controls.values()
            if c.status != ControlStatus.NOT_APPLICABLE}


def framework_titles(portal: Portal) -> dict[str, str]:
    """The name of each framework a control names, by id."""
    known = portal.known_frameworks()
    named = {f for c in portal.controls.values() for f in c.satisfies}
    return {f: known[f].title for f in named if f in known}


def mapped_requirements(portal: Portal, control: Control) -> list[tuple[Framework, Requirement | None, str]]:
    """(framework, requirement or None when unknown, requirement id) a control answers."""
    known = portal.known_frameworks()
    found = []
    for framework_id, ids in control.satisfies.items():
        framework = known.get(framework_id)
        if framework is None:
            continue
        found += [(framework, framework.requirement(i), i) for i in ids]
    return found


GDPR = "gdpr"


# -- the rules validate reports as warnings (checks/compliance.py) ------------------------------------

def expired_evidence(portal: Portal) -> list[tuple[Control, int, Evidence]]:
    """(control, index, evidence) whose last check is older than its frequency allows."""
    found = []
    for control in portal.controls.values():
        if control.status == ControlStatus.NOT_APPLICABLE:
            continue
        for index, evidence in enumerate(control.evidence):
            due = evidence.due()
            if due is not None and due < portal.today:
                found.append((control, index, evidence))
    return found


def without_evidence(portal: Portal) -> list[Control]:
    """Controls said to be in place with no evidence recorded: a claim an auditor cannot check."""
    return [c for c in portal.controls.values() if c.status == ControlStatus.IN_PLACE and not c.evidence]


def gdpr_in_scope(portal: Portal) -> bool:
    return GDPR in {f.id for f in portal.frameworks_in_scope()}


def needs_baa(vendor: Vendor) -> bool:
    return holds_phi(vendor.data)


def needs_dpa(data: list[str], gdpr: bool) -> bool:
    """Personal data needs a data processing agreement; where it is patients' data (PHI) the BAA does that
    job, unless GDPR applies, which asks for its own (Art. 28)."""
    return holds_personal(data) and (gdpr or not holds_phi(data))


def holds_data(vendor: Vendor, today: dt.date) -> bool:
    """Whether the vendor holds the client's data today: not retired, and not a prospect without a contract
    under way (a quote being evaluated holds nothing yet)."""
    if vendor.status == VendorStatus.RETIRED:
        return False
    if vendor.status == VendorStatus.EVALUATING:
        return vendor.contract is not None and vendor.contract.start is not None and vendor.contract.start <= today
    return True


@dataclass(frozen=True)
class AgreementGap:
    vendor: Vendor
    agreement: str
    """``BAA`` or ``DPA``."""


def agreement_gaps(portal: Portal) -> list[AgreementGap]:
    """Vendors in use or being evaluated holding data that needs an agreement they have not signed."""
    gdpr = gdpr_in_scope(portal)
    found = []
    for vendor in portal.vendors.values():
        if not holds_data(vendor, portal.today):
            continue
        if needs_baa(vendor) and vendor.baa is None:
            found.append(AgreementGap(vendor, "BAA"))
        if needs_dpa(vendor.data, gdpr) and vendor.dpa is None:
            found.append(AgreementGap(vendor, "DPA"))
    return found


def expired_reports(portal: Portal) -> list[tuple[Vendor, int, AssuranceReport]]:
    return [(v, i, r) for v in portal.vendors.values() if v.status != VendorStatus.RETIRED
            for i, r in enumerate(v.reports) if r.expires < portal.today]


def _active(use: AiUse) -> bool:
    return use.status == AiUseStatus.IN_USE


def high_risk_without_oversight(portal: Portal) -> list[AiUse]:
    return [u for u in portal.ai_uses.values() if u.risk_tier == RiskTier.HIGH and u.status != AiUseStatus.STOPPED
            and not u.refused and not u.human_oversight.strip()]


def high_risk_without_approval(portal: Portal) -> list[AiUse]:
    """High-risk uses in use or piloted with no one named as approving them, or no date."""
    return [u for u in portal.ai_uses.values() if u.risk_tier == RiskTier.HIGH and u.status != AiUseStatus.STOPPED
            and not u.refused and (not u.approved_by or u.decided is None or u.decision == AiDecision.PROPOSED)]


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
    return [u for u in portal.ai_uses.values() if u.review and u.review < portal.today
            and u.status != AiUseStatus.STOPPED]


def evidence_state(evidence: Evidence, today: dt.date) -> str:
    """current, due soon (within 30 days), expired or never checked."""
    due = evidence.due()
    if due is None:
        return "never checked"
    if due < today:
        return "expired"
    if due <= today + dt.timedelta(days=30):
        return "due soon"
    return "current"



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


# -- readiness -------------------------------------------------------------------------------------

class Purpose(enum.StrEnum):
    AUDIT = "audit"
    INSURANCE = "insurance renewal"
    DILIGENCE = "due diligence"


@dataclass(frozen=True)
class ReadinessItem:
    title: str
    ready: bool
    detail: str
    """What is missing, in words (or what was found, when ready)."""
    purposes: tuple[Purpose, ...]
    links: list[tuple[str, str]] = field(default_factory=list)
    """(kind, id) of the items to look at."""
    check: str = ""
    """Which check it is (framework, evidence, bare, agreements, reports, ai, ai-data, ai-reviews): the
    renderer words it in the portal's language (render/compliance.py) from ``values``."""
    values: dict[str, Any] = field(default_factory=dict)
    """The figures and names its words are made of."""


def has_registers(portal: Portal) -> bool:
    """Whether the portal keeps any compliance or AI register: without one, there is no checklist to show."""
    return bool(portal.frameworks_in_scope() or portal.controls or portal.ai_uses)


def readiness(portal: Portal) -> list[ReadinessItem]:
    """The checklist an audit, an insurance renewal or a due diligence asks for, from the same data."""
    everything = tuple(Purpose)
    items = []
    for fc in all_coverage(portal):
        framework = fc.framework
        purposes = (Purpose.INSURANCE,) if framework.kind == FrameworkKind.QUESTIONNAIRE else everything
        gaps, partial = fc.count(Coverage.GAP), fc.count(Coverage.PARTIAL) + fc.count(Coverage.PLANNED)
        items.append(ReadinessItem(
            f"Every requirement of {framework.title} is met", gaps == 0 and partial == 0,
            (f"{gaps} with no control; " if gaps else "") + f"{fc.count(Coverage.MET)} of {fc.applicable} met"
            + (f", {partial} partial or planned" if partial else ""), purposes,
            [("framework", framework.id)], "framework",
            {"framework": framework.title, "gaps": gaps, "met": fc.count(Coverage.MET), "applicable": fc.applicable,
             "partial": partial}))
    expired = expired_evidence(portal)
    items.append(ReadinessItem("Evidence is current for every control", not expired,
                               f"{len(expired)} piece(s) of evidence expired" if expired else "all evidence current",
                               (Purpose.AUDIT, Purpose.INSURANCE),
                               [("control", c.id) for c, _, _ in expired], "evidence", {"expired": len(expired)}))
    bare = without_evidence(portal)
    items.append(ReadinessItem("Every control in place has evidence", not bare,
                               f"{len(bare)} control(s) in place without evidence" if bare else "all have evidence",
                               (Purpose.AUDIT, Purpose.DILIGENCE), [("control", c.id) for c in bare],
                               "bare", {"bare": len(bare)}))
    unsigned = agreement_gaps(portal)
    items.append(ReadinessItem("Vendors holding patient or personal data have signed a BAA or DPA", not unsigned,
                               ", ".join(f"{g.vendor.name}: no {g.agreement}" for g in unsigned) or "all signed",
                               everything, [("vendor", g.vendor.id) for g in unsigned],
                               "agreements", {"missing": [(g.vendor.name, g.agreement) for g in unsigned]}))
    reports = expired_reports(portal)
    items.append(ReadinessItem("Vendor security reports (SOC 2, ISO 27001) are current", not reports,
                               ", ".join(f"{v.name}: {r.type.label} expired {r.expires}" for v, _, r in reports)
                               or "none expired", (Purpose.AUDIT, Purpose.DILIGENCE),
                               [("vendor", v.id) for v, _, _ in reports],
                               "reports", {"expired": [(v.name, r.type, r.expires) for v, _, r in reports]}))
    unsafe = {u.id: u for u in [*high_risk_without_oversight(portal), *high_risk_without_approval(portal),
                                *prohibited_in_use(portal)]}
    items.append(ReadinessItem("AI uses are approved, overseen and none prohibited is in use", not unsafe,
                               ", ".join(u.title for u in unsafe.values()) or
                               f"{len(portal.ai_uses)} AI use(s) on the register", everything,
                               [("ai-use", u) for u in unsafe],
                               "ai", {"unsafe": [u.title for u in unsafe.values()], "uses": len(portal.ai_uses)}))
    ai_data = ai_agreement_gaps(portal)
    items.append(ReadinessItem("No patient or personal data goes into an AI tool without a BAA or DPA", not ai_data,
                               ", ".join(f"{u.title}: no {m}" for u, m in ai_data) or "none", everything,
                               [("ai-use", u.id) for u, _ in ai_data],
                               "ai-data", {"missing": [(u.title, m) for u, m in ai_data]}))
    ai_overdue = overdue_ai_reviews(portal)
    items.append(ReadinessItem("AI decisions are reviewed on time", not ai_overdue,
                               f"{len(ai_overdue)} AI review(s) overdue" if ai_overdue else "none overdue",
                               everything, [("ai-use", u.id) for u in ai_overdue],
                               "ai-reviews", {"overdue": len(ai_overdue)}))
    return items


def readiness_for(portal: Portal, purpose: Purpose) -> list[ReadinessItem]:
    return [i for i in readiness(portal) if purpose in i.purposes]


# -- the board pack's section ---------------------------------------------------------------------------

TOP_GAPS = 5


@dataclass(frozen=True)
class CompliancePack:
    frameworks: list[FrameworkCoverage]
    top_gaps: list[tuple[Framework, RequirementCoverage]]
    more_gaps: int
    expired: int
    agreement_gaps: list[AgreementGap]
    ai: AiRegister
    ai_issues: int


def compliance_pack(portal: Portal) -> CompliancePack:
    frameworks = all_coverage(portal)
    gaps = [(fc.framework, r) for fc in frameworks for r in fc.gaps]
    ai_issues = {u.id for u in [*high_risk_without_oversight(portal), *high_risk_without_approval(portal),
                                *prohibited_in_use(portal), *(u for u, _ in ai_agreement_gaps(portal))]}
    return CompliancePack(frameworks, gaps[:TOP_GAPS], max(0, len(gaps) - TOP_GAPS),
                          len(expired_evidence(portal)), agreement_gaps(portal), ai_register(portal),
                          len(ai_issues))
