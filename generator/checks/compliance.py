"""Checks on controls, frameworks, vendor assurance and AI use cases: the rules are facts
(``facts/compliance.py``), reported here as located warnings and errors, so a page and ``ctoportal
validate`` never disagree."""

from __future__ import annotations

import difflib

from generator.facts.compliance import (
    agreement_gaps,
    ai_agreement_gaps,
    expired_evidence,
    expired_reports,
    gdpr_in_scope,
    high_risk_without_approval,
    high_risk_without_oversight,
    overdue_ai_reviews,
    prohibited_in_use,
    without_evidence,
)
from generator.model.compliance import AiUse, catalogue_ids, holds_personal, holds_phi
from generator.model.portal import Portal
from generator.model.risks import RiskCategory
from generator.sources.source_map import SourceMap
from generator.problems import Position, Problems
from generator.sources.pydantic_errors import did_you_mean

# -- validate -----------------------------------------------------------------------------------------


def check_frameworks(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    """Framework ids in the settings and in controls, requirement ids in controls: each must exist."""
    known = portal.known_frameworks()
    settings_path, settings_at = _settings_place(sources)
    for index, framework_id in enumerate(portal.settings.frameworks):
        if framework_id not in known:
            problems.error(
                settings_path,
                settings_at("frameworks", index),
                f"frameworks names unknown framework {framework_id!r}",
                did_you_mean(framework_id, known)
                or f"known frameworks: {', '.join(sorted(known))}; or define it in frameworks/",
                code="unknown-framework",
            )
    for own in portal.frameworks.values():
        source = sources.source("framework", own.id)
        if own.name is None and own.id not in catalogue_ids():
            problems.error(
                source.path,
                source.at("id"),
                f"framework {own.id!r} is not in ctoportal's catalogue, so it needs a `name`",
                "give its name (and `source`), or correct the id "
                "to extend a catalogue framework" + _suggest(own.id, set(known) - set(portal.frameworks)),
                code="framework-name",
            )
    scope = {f.id for f in portal.frameworks_in_scope()}
    for control in portal.controls.values():
        source = sources.source("control", control.id)
        for framework_id, requirements in control.satisfies.items():
            framework = known.get(framework_id)
            if framework is None:
                problems.error(
                    source.path,
                    source.at("satisfies", framework_id, key=True),
                    f"control {control.id!r} names unknown framework {framework_id!r}",
                    did_you_mean(framework_id, known) or f"known frameworks: {', '.join(sorted(known))}",
                    code="unknown-framework",
                )
                continue
            if framework_id not in scope:
                problems.warning(
                    source.path,
                    source.at("satisfies", framework_id, key=True),
                    f"control {control.id!r} maps to {framework.title}, which is not among the portal's frameworks",
                    f"add {framework_id} to `frameworks:` under the ctoportal "
                    "plugin in mkdocs.yml, or remove the mapping",
                    code="framework-out-of-scope",
                )
            ids = {r.id for r in framework.requirements}
            folded = {i.casefold(): i for i in ids}
            for index, requirement in enumerate(requirements):
                if requirement not in ids:
                    close = difflib.get_close_matches(requirement.casefold(), list(folded), n=1, cutoff=0.6)
                    hint = (
                        f"did you mean {folded[close[0]]!r}?"
                        if close
                        else "write the id as the framework "
                        f"numbers it; the list is on the {framework.title} coverage page"
                    )
                    problems.error(
                        source.path,
                        source.at("satisfies", framework_id, index),
                        f"{framework.title} has no requirement {requirement!r}",
                        hint,
                        code="unknown-requirement",
                    )


def _suggest(word: str, choices: set[str]) -> str:
    hint = did_you_mean(word, choices)
    return f" ({hint})" if hint else ""


def _settings_place(sources: SourceMap):
    located = sources.settings
    if located is None:
        return "mkdocs.yml", lambda *keys: Position()
    return located.path, located.at


def recorded_risks(portal: Portal, vendor) -> list:
    """Open compliance risks naming the vendor: the gap is known and on the register."""
    return [r for r in portal.risks_naming(vendor) if r.category == RiskCategory.COMPLIANCE and not r.is_closed]


def check_evidence(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for control, index, evidence in expired_evidence(portal):
        source = sources.source("control", control.id)
        due = evidence.due()
        problems.warning(
            source.path,
            source.at("evidence", index, "checked"),
            f"control {control.id}: evidence {evidence.what!r} expired on {due} (checked {evidence.checked}, "
            f"due every {evidence.every})",
            "check it again and set `checked:` to that day",
            code="evidence-expired",
        )
    for control in without_evidence(portal):
        source = sources.source("control", control.id)
        problems.warning(
            source.path,
            source.at("status"),
            f"control {control.id} is in place but has no evidence",
            "add under `evidence:` what proves it (what, where, checked, every)",
            code="no-evidence",
        )


def check_vendor_assurance(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    gdpr = gdpr_in_scope(portal)
    for gap in agreement_gaps(portal):
        vendor = gap.vendor
        if recorded_risks(portal, vendor):
            continue  # known, on the risk register and being handled: the compliance page still shows it
        source = sources.source("vendor", vendor.id)
        if gap.agreement == "BAA":
            word = next(d for d in vendor.data if holds_phi([d]))
            problems.warning(
                source.path,
                source.at("data", vendor.data.index(word)),
                f"{vendor.name} holds PHI without a business associate agreement",
                "record the date it was signed as `baa:`, or stop sending it patient data; a gap "
                "being dealt with belongs on the risk register (a compliance risk naming the vendor)",
                code="vendor-no-baa",
            )
        else:
            word = next(d for d in vendor.data if holds_personal([d]))
            problems.warning(
                source.path,
                source.at("data", vendor.data.index(word)),
                f"{vendor.name} holds personal data without a data processing agreement"
                + (" (GDPR Art. 28)" if gdpr else ""),
                "record the date it was signed as `dpa:`",
                code="vendor-no-dpa",
            )
    for vendor, index, report in expired_reports(portal):
        source = sources.source("vendor", vendor.id)
        problems.warning(
            source.path,
            source.at("reports", index, "expires"),
            f"{vendor.name}: the {report.type.label} expired on {report.expires}",
            "ask the vendor for the current report and record its expiry",
            code="report-expired",
        )


def check_ai_uses(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    def at(use: AiUse, *keys: str) -> tuple[str, Position]:
        source = sources.source("ai-use", use.id)
        return source.path, source.at(*keys)

    for use in high_risk_without_oversight(portal):
        problems.warning(
            *at(use, "risk_tier"),
            f"AI use {use.id} is high-risk and has no human oversight",
            "say under `human_oversight:` who checks its output, and how, before it counts",
            code="ai-no-oversight",
        )
    for use in high_risk_without_approval(portal):
        problems.warning(
            *at(use, "decision"),
            f"AI use {use.id} is high-risk and has no recorded approval",
            "record who approved it (`approved_by:`) and when (`decided:`), or stop it",
            code="ai-no-approval",
        )
    for use, missing in ai_agreement_gaps(portal):
        vendor = portal.vendors.get(use.vendor) if use.vendor else None
        what = "PHI" if missing == "BAA" else "personal data"
        whose = f"{vendor.name} has no {missing}" if vendor else f"no vendor with a {missing} is recorded"
        problems.warning(
            *at(use, "vendor" if use.vendor else "data"),
            f"AI use {use.id} may see {what}, but {whose}",
            f"sign a {missing} with the vendor (and record it on the vendor), or keep {what} out of it",
            code="ai-data-agreement",
        )
    for use in prohibited_in_use(portal):
        problems.warning(
            *at(use, "status"),
            f"AI use {use.id} is prohibited but still in use",
            "stop it and set `status: stopped`, or revisit the decision",
            code="ai-prohibited-active",
        )
    for use in overdue_ai_reviews(portal):
        review = use.review
        if review is None:  # overdue_ai_reviews holds only dated reviews
            continue
        days = (portal.today - review).days
        problems.warning(
            *at(use, "review"),
            f"AI use {use.id} review is overdue by {days} day(s) (due {review})",
            "review the decision with its owner and set the next review date",
            code="ai-review-overdue",
        )


COMPLIANCE_CHECKS = (check_frameworks, check_evidence, check_vendor_assurance, check_ai_uses)
