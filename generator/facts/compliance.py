"""The compliance picture, each fact defined once: requirement coverage per framework and evidence freshness
(``coverage.py``), vendor assurance (``vendor_assurance.py``), the AI register (``ai_register.py``), and here
the readiness checklist and the board pack's section, which read them all. Pages, templates (as
``compliance``), the board pack, downloads and checks read every one of them through this module."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from generator.facts.ai_register import (
    AiRegister,
    ai_agreement_gaps,
    ai_register,
    high_risk_without_approval,
    high_risk_without_oversight,
    overdue_ai_reviews,
    prohibited_in_use,
)
from generator.facts.coverage import (
    COVERAGE_RULE,
    ORDER,
    Coverage,
    EvidenceLine,
    FrameworkCoverage,
    RequirementCoverage,
    all_coverage,
    control_state,
    coverage,
    evidence_by_control,
    evidence_lines,
    evidence_of,
    evidence_state,
    expired_evidence,
    framework_titles,
    mapped_requirements,
    without_evidence,
)
from generator.facts.vendor_assurance import (
    GDPR,
    AgreementGap,
    agreement_gaps,
    expired_reports,
    gdpr_in_scope,
    holds_data,
    needs_baa,
    needs_dpa,
)
from generator.model.compliance import Framework, FrameworkKind
from generator.model.compliance import framework_path as framework_path  # for the templates: compliance.framework_path
from generator.model.portal import Portal

__all__ = [  # the namespace pages and templates read as ``compliance``
    "COVERAGE_RULE",
    "ORDER",
    "Coverage",
    "EvidenceLine",
    "FrameworkCoverage",
    "RequirementCoverage",
    "all_coverage",
    "control_state",
    "coverage",
    "evidence_by_control",
    "evidence_lines",
    "evidence_of",
    "evidence_state",
    "expired_evidence",
    "framework_titles",
    "mapped_requirements",
    "without_evidence",
    "GDPR",
    "AgreementGap",
    "agreement_gaps",
    "expired_reports",
    "gdpr_in_scope",
    "holds_data",
    "needs_baa",
    "needs_dpa",
    "AiRegister",
    "ai_agreement_gaps",
    "ai_register",
    "high_risk_without_approval",
    "high_risk_without_oversight",
    "overdue_ai_reviews",
    "prohibited_in_use",
    "framework_path",
    "Purpose",
    "ReadinessItem",
    "has_registers",
    "readiness",
    "readiness_for",
    "TOP_GAPS",
    "CompliancePack",
    "compliance_pack",
]


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
        items.append(
            ReadinessItem(
                f"Every requirement of {framework.title} is met",
                gaps == 0 and partial == 0,
                (f"{gaps} with no control; " if gaps else "")
                + f"{fc.count(Coverage.MET)} of {fc.applicable} met"
                + (f", {partial} partial or planned" if partial else ""),
                purposes,
                [("framework", framework.id)],
                "framework",
                {
                    "framework": framework.title,
                    "gaps": gaps,
                    "met": fc.count(Coverage.MET),
                    "applicable": fc.applicable,
                    "partial": partial,
                },
            )
        )
    expired = expired_evidence(portal)
    items.append(
        ReadinessItem(
            "Evidence is current for every control",
            not expired,
            f"{len(expired)} piece(s) of evidence expired" if expired else "all evidence current",
            (Purpose.AUDIT, Purpose.INSURANCE),
            [("control", c.id) for c, _, _ in expired],
            "evidence",
            {"expired": len(expired)},
        )
    )
    bare = without_evidence(portal)
    items.append(
        ReadinessItem(
            "Every control in place has evidence",
            not bare,
            f"{len(bare)} control(s) in place without evidence" if bare else "all have evidence",
            (Purpose.AUDIT, Purpose.DILIGENCE),
            [("control", c.id) for c in bare],
            "bare",
            {"bare": len(bare)},
        )
    )
    unsigned = agreement_gaps(portal)
    items.append(
        ReadinessItem(
            "Vendors holding patient or personal data have signed a BAA or DPA",
            not unsigned,
            ", ".join(f"{g.vendor.name}: no {g.agreement}" for g in unsigned) or "all signed",
            everything,
            [("vendor", g.vendor.id) for g in unsigned],
            "agreements",
            {"missing": [(g.vendor.name, g.agreement) for g in unsigned]},
        )
    )
    reports = expired_reports(portal)
    items.append(
        ReadinessItem(
            "Vendor security reports (SOC 2, ISO 27001) are current",
            not reports,
            ", ".join(f"{v.name}: {r.type.label} expired {r.expires}" for v, _, r in reports) or "none expired",
            (Purpose.AUDIT, Purpose.DILIGENCE),
            [("vendor", v.id) for v, _, _ in reports],
            "reports",
            {"expired": [(v.name, r.type, r.expires) for v, _, r in reports]},
        )
    )
    unsafe = {
        u.id: u
        for u in [*high_risk_without_oversight(portal), *high_risk_without_approval(portal), *prohibited_in_use(portal)]
    }
    items.append(
        ReadinessItem(
            "AI uses are approved, overseen and none prohibited is in use",
            not unsafe,
            ", ".join(u.title for u in unsafe.values()) or f"{len(portal.ai_uses)} AI use(s) on the register",
            everything,
            [("ai-use", u) for u in unsafe],
            "ai",
            {"unsafe": [u.title for u in unsafe.values()], "uses": len(portal.ai_uses)},
        )
    )
    ai_data = ai_agreement_gaps(portal)
    items.append(
        ReadinessItem(
            "No patient or personal data goes into an AI tool without a BAA or DPA",
            not ai_data,
            ", ".join(f"{u.title}: no {m}" for u, m in ai_data) or "none",
            everything,
            [("ai-use", u.id) for u, _ in ai_data],
            "ai-data",
            {"missing": [(u.title, m) for u, m in ai_data]},
        )
    )
    ai_overdue = overdue_ai_reviews(portal)
    items.append(
        ReadinessItem(
            "AI decisions are reviewed on time",
            not ai_overdue,
            f"{len(ai_overdue)} AI review(s) overdue" if ai_overdue else "none overdue",
            everything,
            [("ai-use", u.id) for u in ai_overdue],
            "ai-reviews",
            {"overdue": len(ai_overdue)},
        )
    )
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
    ai_issues = {
        u.id
        for u in [
            *high_risk_without_oversight(portal),
            *high_risk_without_approval(portal),
            *prohibited_in_use(portal),
            *(u for u, _ in ai_agreement_gaps(portal)),
        ]
    }
    return CompliancePack(
        frameworks,
        gaps[:TOP_GAPS],
        max(0, len(gaps) - TOP_GAPS),
        len(expired_evidence(portal)),
        agreement_gaps(portal),
        ai_register(portal),
        len(ai_issues),
    )
