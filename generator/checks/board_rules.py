"""The rules a board cares about (overdue reviews, unmitigated risks, schedule conflicts, contracts, overlaps):
one function each, for validate's warnings and the pages' alerts alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.checks.references import _at
from generator.model import Initiative, InitiativeStatus, Risk, RiskStatus, Vendor, VendorStatus
from generator.model.portal import Portal, ReaderPortal
from generator.sources.source_map import SourceMap
from generator.problems import Problems

NOTICE_WARNING_DAYS = 30


def overdue_reviews(portal: Portal) -> list[Risk]:
    """Open risks whose review date has passed."""
    return [r for r in portal.risks.values() if r.review and r.review < portal.today and not r.is_closed]


def unmitigated(portal: Portal) -> list[Risk]:
    """Open risks above the appetite that no initiative mitigates."""
    return [
        r
        for r in portal.risks.values()
        if portal.above_appetite(r)
        and r.status in (RiskStatus.OPEN, RiskStatus.MITIGATING)
        and not portal.mitigations_of(r)
    ]


def schedule_conflicts(portal: Portal) -> list[tuple[Initiative, Initiative]]:
    """(initiative, dependency) where the initiative starts before the dependency it waits for ends."""
    found = []
    for initiative in portal.initiatives.values():
        if initiative.start is None:
            continue
        for dep_id in initiative.depends_on:
            dep = portal.initiatives.get(dep_id)
            if dep is None or dep.end is None or dep.status == InitiativeStatus.CANCELLED or dep is initiative:
                continue
            if initiative.start.first < dep.end.last:
                found.append((initiative, dep))
    return found


def contract_states(portal: Portal) -> list[tuple[Vendor, str, dt.date]]:
    """(vendor, state, date): ``ended`` (active, its contract ended on date), ``notice-soon`` (the notice
    deadline, date, is within ``NOTICE_WARNING_DAYS``) or ``notice-passed`` (the deadline passed and the
    contract has not ended yet: it runs on, or renews)."""
    horizon = portal.today + dt.timedelta(days=NOTICE_WARNING_DAYS)
    found = []
    for vendor in portal.vendors.values():
        contract = vendor.contract
        if contract is None or contract.end is None or vendor.status == VendorStatus.RETIRED:
            continue
        if vendor.status == VendorStatus.ACTIVE and contract.end < portal.today:
            found.append((vendor, "ended", contract.end))
            continue
        deadline = portal.notice_deadline(vendor)
        if deadline is not None and portal.today <= deadline <= horizon:
            found.append((vendor, "notice-soon", deadline))
        elif deadline is not None and deadline < portal.today <= contract.end:
            found.append((vendor, "notice-passed", deadline))
    return found


@dataclass(frozen=True)
class Alert:
    """One of the warnings above, for the page of the item it is about. ``other`` is the dependency of a
    schedule conflict; ``day`` the date the warning is about (a review, a notice deadline)."""

    code: str
    kind: str
    item_id: str
    other: Initiative | None = None
    day: dt.date | None = None


def page_alerts(portal: ReaderPortal) -> dict[tuple[str, str], list[Alert]]:
    """The warnings a board cares about, by the (kind, id) of the page that shows them.

    Given the portal as the reader may see it (``ReaderPortal``): a client build then never
    shows an alert about, or naming, an internal item."""
    alerts: list[Alert] = [
        Alert("starts-before-dependency", "initiative", i.id, other=dep) for i, dep in schedule_conflicts(portal)
    ]
    alerts += [Alert("review-overdue", "risk", r.id, day=r.review) for r in overdue_reviews(portal)]
    alerts += [Alert("unmitigated", "risk", r.id) for r in unmitigated(portal)]
    alerts += [Alert(state, "vendor", v.id, day=day) for v, state, day in contract_states(portal)]
    by_page: dict[tuple[str, str], list[Alert]] = {}
    for alert in alerts:
        by_page.setdefault((alert.kind, alert.item_id), []).append(alert)
    return by_page


def check_reviews(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for risk in overdue_reviews(portal):
        if risk.review is None:
            continue  # overdue_reviews gives only risks with a review date
        source = sources.source("risk", risk.id)
        days = (portal.today - risk.review).days
        problems.warning(
            source.path,
            source.at("review"),
            f"risk {risk.id} review is overdue by {days} day(s) (due {risk.review})",
            "review the risk with its owner and set the next review date",
            code="review-overdue",
        )


def check_unmitigated(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    appetite = portal.settings.risk_appetite
    for risk in unmitigated(portal):
        source = sources.source("risk", risk.id)
        problems.warning(
            source.path,
            source.at("mitigations" if "mitigations" in source.node else "likelihood"),
            f"risk {risk.id} scores {risk.score}, above the appetite of {appetite}, and no initiative mitigates it",
            "add an initiative to `mitigations`, or record the decision with status: accepted",
            code="unmitigated",
        )


def check_dependency_order(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for initiative, dep in schedule_conflicts(portal):
        if initiative.start is None or dep.end is None:
            continue  # schedule_conflicts gives only initiatives with a start and dependencies with an end
        path, position = _at(sources, "initiative", initiative, "start", None)
        problems.warning(
            path,
            position,
            f"{initiative.id} starts {initiative.start.text}, before "
            f"{dep.id}, which it depends on, ends ({dep.end.text})",
            f"start {initiative.id} after {dep.end.last}, or end {dep.id} sooner",
            code="starts-before-dependency",
        )


def check_progress(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for initiative in portal.initiatives.values():
        if initiative.status == InitiativeStatus.DONE and initiative.progress is not None and initiative.progress < 100:
            path, position = _at(sources, "initiative", initiative, "progress", None)
            problems.warning(
                path,
                position,
                f"{initiative.id} is done but progress is {initiative.progress}%",
                "set progress: 100, or change the status",
                code="done-not-complete",
            )


def check_contracts(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for vendor, state, day in contract_states(portal):
        contract = vendor.contract
        if contract is None:
            continue  # contract_states gives only vendors with a contract
        source = sources.source("vendor", vendor.id)
        if state == "ended":
            problems.warning(
                source.path,
                source.at("contract", "end"),
                f"{vendor.name} is active but its contract ended on {day}",
                "record the renewal (new contract.end) or change the status",
                code="contract-ended",
            )
        elif state == "notice-soon":
            days = (day - portal.today).days
            what = "renews automatically" if contract.auto_renew else "ends"
            problems.warning(
                source.path,
                source.at("contract", "notice_days" if "notice_days" in source.node.get("contract", {}) else "end"),
                f"{vendor.name}: notice deadline {day} is in {days} day(s); the contract {what} on {contract.end}",
                "decide now whether to renew, renegotiate or give notice",
                code="notice-soon",
            )


def check_overlap(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for capability, vendors in portal.overlaps().items():
        first = vendors[0]
        source = sources.source("vendor", first.id)
        names = ", ".join(v.name for v in vendors)
        problems.warning(
            source.path,
            source.at("capabilities", first.capabilities.index(capability)),
            f"possible overlap: {len(vendors)} active vendors provide {capability!r} ({names})",
            "consolidate, or mark the one being phased out as status: sunsetting",
            code="overlap",
        )
