"""Checks on controls, frameworks, vendor assurance and AI use cases.

Each rule is one function returning what it finds, used by ``validate`` (as located warnings and errors)
and by the compliance facts and pages alike, so a page and ``ctoportal validate`` never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.compliance import (AiDecision, AiUse, AiUseStatus, Control, ControlStatus, Evidence,
                                        RiskTier, holds_personal, holds_phi)
from generator.model.vendors import AssuranceReport, Vendor, VendorStatus
from generator.model.portal import Portal
from generator.problems import Position, Problems
from generator.sources.pydantic_errors import did_you_mean

GDPR = "gdpr"


# -- the rules ----------------------------------------------------------------------------------------

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


def _gdpr_in_scope(portal: Portal) -> bool:
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
    gdpr = _gdpr_in_scope(portal)
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
    gdpr = _gdpr_in_scope(portal)
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


# -- validate -----------------------------------------------------------------------------------------

def check_frameworks(portal: Portal, problems: Problems) -> None:
    """Framework ids in the settings and in controls, requirement ids in controls: each must exist."""
    known = portal.known_frameworks()
    settings_path, settings_at = _settings_place(portal)
    for index, framework_id in enumerate(portal.settings.frameworks):
        if framework_id not in known:
            problems.error(settings_path, settings_at("frameworks", index), f"frameworks names unknown framework "
                           f"{framework_id!r}", did_you_mean(framework_id, known) or
                           f"known frameworks: {', '.join(sorted(known))}; or define it in frameworks/",
                           code="unknown-framework")
    for framework in portal.frameworks.values():
        source = portal.source("framework", framework.id)
        if framework.id not in known or (framework.name is None and framework is known[framework.id]):
            problems.error(source.path, source.at("id"), f"framework {framework.id!r} is not in ctoportal's "
                           f"catalogue, so it needs a `name`", "give its name (and `source`), or correct the id "
                           "to extend a catalogue framework" + _suggest(framework.id, set(known) - set(portal.frameworks)),
                           code="framework-name")
    scope = {f.id for f in portal.frameworks_in_scope()}
    for control in portal.controls.values():
        source = portal.source("control", control.id)
        for framework_id, requirements in control.satisfies.items():
            framework = known.get(framework_id)
            if framework is None:
                problems.error(source.path, source.at("satisfies", framework_id, key=True),
                               f"control {control.id!r} names unknown framework {framework_id!r}",
                               did_you_mean(framework_id, known) or f"known frameworks: {', '.join(sorted(known))}",
                               code="unknown-framework")
                continue
            if framework_id not in scope:
                problems.warning(source.path, source.at("satisfies", framework_id, key=True),
                                 f"control {control.id!r} maps to {framework.title}, which is not among the "
                                 f"portal's frameworks", f"add {framework_id} to `frameworks:` under the ctoportal "
                                 "plugin in mkdocs.yml, or remove the mapping", code="framework-out-of-scope")
            ids = {r.id for r in framework.requirements}
            for index, requirement in enumerate(requirements):
                if requirement not in ids:
                    problems.error(source.path, source.at("satisfies", framework_id, index),
                                   f"{framework.title} has no requirement {requirement!r}",
                                   did_you_mean(requirement, ids) or "write the id as the framework numbers it; "
                                   f"the list is on the {framework.title} coverage page", code="unknown-requirement")


def _suggest(word: str, choices: set[str]) -> str:
    hint = did_you_mean(word, choices)
    return f" ({hint})" if hint else ""


def _settings_place(portal: Portal):
    located = portal.settings_source
    if located is None:
        return "mkdocs.yml", lambda *keys: Position()
    return located.path, located.at


def check_evidence(portal: Portal, problems: Problems) -> None:
    for control, index, evidence in expired_evidence(portal):
        source = portal.source("control", control.id)
        due = evidence.due()
        problems.warning(source.path, source.at("evidence", index, "checked"),
                         f"control {control.id}: evidence {evidence.what!r} expired on {due} (checked {evidence.checked}, "
                         f"due every {evidence.every})", "check it again and set `checked:` to that day",
                         code="evidence-expired")
    for control in without_evidence(portal):
        source = portal.source("control", control.id)
        problems.warning(source.path, source.at("status"), f"control {control.id} is in place but has no evidence",
                         "add under `evidence:` what proves it (what, where, checked, every)", code="no-evidence")


def check_vendor_assurance(portal: Portal, problems: Problems) -> None:
    gdpr = _gdpr_in_scope(portal)
    for gap in agreement_gaps(portal):
        vendor = gap.vendor
        source = portal.source("vendor", vendor.id)
        if gap.agreement == "BAA":
            word = next(d for d in vendor.data if holds_phi([d]))
            problems.warning(source.path, source.at("data", vendor.data.index(word)),
                             f"{vendor.name} holds PHI without a business associate agreement",
                             "record the date it was signed as `baa:`, or stop sending it patient data",
                             code="vendor-no-baa")
        else:
            word = next(d for d in vendor.data if holds_personal([d]))
            problems.warning(source.path, source.at("data", vendor.data.index(word)),
                             f"{vendor.name} holds personal data without a data processing agreement"
                             + (" (GDPR Art. 28)" if gdpr else ""),
                             "record the date it was signed as `dpa:`",
                             code="vendor-no-dpa")
    for vendor, index, report in expired_reports(portal):
        source = portal.source("vendor", vendor.id)
        problems.warning(source.path, source.at("reports", index, "expires"),
                         f"{vendor.name}: the {report.type} report expired on {report.expires}",
                         "ask the vendor for the current report and record its expiry", code="report-expired")


def check_ai_uses(portal: Portal, problems: Problems) -> None:
    def at(use: AiUse, *keys):
        source = portal.source("ai-use", use.id)
        return source.path, source.at(*keys)

    for use in high_risk_without_oversight(portal):
        problems.warning(*at(use, "risk_tier"), f"AI use {use.id} is high-risk and has no human oversight",
                         "say under `human_oversight:` who checks its output, and how, before it counts",
                         code="ai-no-oversight")
    for use in high_risk_without_approval(portal):
        problems.warning(*at(use, "decision"), f"AI use {use.id} is high-risk and has no recorded approval",
                         "record who approved it (`approved_by:`) and when (`decided:`), or stop it",
                         code="ai-no-approval")
    for use, missing in ai_agreement_gaps(portal):
        vendor = portal.vendors.get(use.vendor) if use.vendor else None
        what = "PHI" if missing == "BAA" else "personal data"
        whose = f"{vendor.name} has no {missing}" if vendor else f"no vendor with a {missing} is recorded"
        problems.warning(*at(use, "vendor" if use.vendor else "data"), f"AI use {use.id} may see {what}, but {whose}",
                         f"sign a {missing} with the vendor (and record it on the vendor), or keep {what} out of it",
                         code="ai-data-agreement")
    for use in prohibited_in_use(portal):
        problems.warning(*at(use, "status"), f"AI use {use.id} is prohibited but still in use",
                         "stop it and set `status: stopped`, or revisit the decision", code="ai-prohibited-active")
    for use in overdue_ai_reviews(portal):
        days = (portal.today - use.review).days
        problems.warning(*at(use, "review"), f"AI use {use.id} review is overdue by {days} day(s) (due {use.review})",
                         "review the decision with its owner and set the next review date", code="ai-review-overdue")


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


COMPLIANCE_CHECKS = (check_frameworks, check_evidence, check_vendor_assurance, check_ai_uses)
