"""The headline figures: each defined once, here, with its rule.

The Overview, the board pack, the Budget and vendor pages, the downloads (``data.json``, the KPI sheet),
``ctoportal diff`` and the "What changed" page all take these numbers from the functions below, so a
published site never shows two values for one fact. Each docstring says what the figure counts and what
it leaves out; change a rule here and every place that shows the figure follows.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from generator.facts import vendors as vendor_data
from generator.facts.vendors import Renewal
from generator.model import KPI, Initiative, InitiativeStatus, Risk, Vendor, VendorStatus
from generator.model.portal import Portal

PAID = (VendorStatus.ACTIVE, VendorStatus.SUNSETTING)
"""Vendors whose contract is in force: what the client pays for today."""
PLANNED = (InitiativeStatus.PROPOSED, InitiativeStatus.PLANNED, InitiativeStatus.IN_PROGRESS, InitiativeStatus.PAUSED)
"""Initiatives whose money is still ahead (not done, not cancelled)."""
DECISION_WINDOW = dt.timedelta(days=90)
"""Contracts ending, or whose notice deadline falls, within this window need a decision now."""
KPI_TOLERANCE = 0.10
"""A KPI may lag the time gone by this share of the path from baseline to target and still be on track."""


# -- vendors -----------------------------------------------------------------------------------------


def paid_vendors(portal: Portal) -> list[Vendor]:
    """Vendors the client pays today: ``active`` and ``sunsetting`` (paid until they go)."""
    return [v for v in portal.vendors.values() if v.status in PAID]


def annual_vendor_spend(portal: Portal) -> float:
    """Annual vendor spend: the run rate of every contract in force, in the portal's currency.

    Counts ``active`` and ``sunsetting`` vendors (a tool being phased out is paid until it goes).
    Leaves out ``evaluating`` vendors (nothing is bought yet: a pilot's cost belongs to its initiative),
    ``retired`` ones and vendors without a cost. Costs in another currency are converted at the
    ``exchange_rates`` of the settings; one with no rate is a validation error and is never added as if it
    were the portal's currency.
    """
    return sum(annual_in_portal_currency(portal, v) or 0.0 for v in paid_vendors(portal))


def annual_in_portal_currency(portal: Portal, vendor: Vendor) -> float | None:
    """A vendor's annual cost in the portal's currency; None when its currency has no rate."""
    return portal.converted(portal.annual_cost(vendor), vendor.cost)


def in_run_rate(portal: Portal, vendor_id: str | None) -> bool:
    """Whether a vendor's contract is already counted in the annual vendor spend."""
    vendor = portal.vendors.get(vendor_id) if vendor_id else None
    return vendor is not None and vendor.status in PAID


# -- overlaps ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateJob:
    """A job (capability) that two or more paid vendors do."""

    capability: str
    vendors: list[Vendor]
    annual: float
    """What the job costs a year across all of them."""
    going: list[Vendor]
    """The tools the plan replaces (``replaced_by``, ``sunsetting``, or an initiative's ``cost.replaces``)."""
    going_annual: float = 0.0
    """What those tools cost a year, in the portal's currency."""

    @property
    def saving(self) -> float | None:
        """What dropping the tools being replaced saves a year; None when no plan says which one goes."""
        return self.going_annual if self.going else None

    @property
    def staying(self) -> list[Vendor]:
        return [v for v in self.vendors if v not in self.going]


def replaced_vendors(portal: Portal) -> set[str]:
    """Vendor ids a plan says go: a ``replaced_by``, ``sunsetting``, or named by an open initiative's
    ``cost.replaces``. A tool other vendors are being moved onto is never one of them."""
    going = {v.id for v in portal.vendors.values() if v.replaced_by or v.status == VendorStatus.SUNSETTING}
    going |= {
        i.cost.replaces
        for i in portal.initiatives.values()
        if i.cost and i.cost.replaces and i.status != InitiativeStatus.CANCELLED
    }
    targets = {v.replaced_by for v in portal.vendors.values() if v.replaced_by}
    return going - targets


def duplicate_jobs(portal: Portal) -> list[DuplicateJob]:
    """Jobs paid for twice: capabilities shared by two or more paid vendors (``active`` or ``sunsetting``).

    The saving offered is the tool the plan replaces, never the one everybody is moving onto; where no
    plan says which one goes, there is no saving figure, only the job's cost and a decision to make.
    Largest cost first.
    """
    going = replaced_vendors(portal)
    groups: dict[str, list[Vendor]] = {}
    for vendor in paid_vendors(portal):
        for capability in dict.fromkeys(vendor.capabilities):
            groups.setdefault(capability, []).append(vendor)
    jobs = []
    for capability, vendors in groups.items():
        if len(vendors) < 2:
            continue
        vendors = sorted(vendors, key=lambda v: (-portal.annual_cost(v), v.name))
        leaving = [v for v in vendors if v.id in going]
        if len(leaving) == len(vendors):  # every one said to go: the plan does not say which stays
            leaving = []
        cost = lambda vs: sum(annual_in_portal_currency(portal, v) or 0.0 for v in vs)  # noqa: E731
        jobs.append(DuplicateJob(capability, vendors, cost(vendors), leaving, cost(leaving)))
    return sorted(jobs, key=lambda j: (-j.annual, j.capability))


def planned_savings(portal: Portal) -> float:
    """What the plan saves a year on jobs paid for twice: the tools being replaced, each counted once
    however many jobs it shares. Jobs with no decision yet add nothing (no saving is invented)."""
    going = {v.id: v for job in duplicate_jobs(portal) for v in job.going}
    return sum(annual_in_portal_currency(portal, v) or 0.0 for v in going.values())


# -- initiatives and money ---------------------------------------------------------------------------


def initiatives_in_progress(portal: Portal) -> list[Initiative]:
    """Initiatives in progress: status ``in-progress``.

    Leaves out ``paused`` ones and planned ones whose start date has passed (the board pack lists them
    beside, as needing attention), and everything done, cancelled, planned or proposed.
    """
    return [i for i in portal.initiatives.values() if i.status == InitiativeStatus.IN_PROGRESS]


def added_running_cost(portal: Portal, initiative: Initiative) -> float:
    """The running cost (opex a year) an initiative adds to what is already paid.

    Its ``opex``, unless its cost says it *is* a vendor contract (``cost.vendor``) already counted in the
    annual vendor spend (an ``active`` or ``sunsetting`` vendor): that money is counted there, once.
    A contract still ``evaluating`` is not in the run rate, so its opex is new money and counts here.
    """
    cost = initiative.cost
    if cost is None or in_run_rate(portal, cost.vendor):
        return 0.0
    return cost.opex


def planned_running_cost(portal: Portal) -> float:
    """Added running cost of the initiatives still ahead (proposed, planned, in progress, paused), in the
    portal's currency (converted at the settings' rates), each vendor contract counted once (see
    ``added_running_cost``)."""
    return sum(portal.converted(added_running_cost(portal, i), i.cost) or 0.0 for i in _planned(portal))


def planned_one_off_cost(portal: Portal) -> float:
    """One-off cost (capex) of the initiatives still ahead, in the portal's currency."""
    return sum(portal.converted(i.cost.capex, i.cost) or 0.0 for i in _planned(portal) if i.cost)


def _planned(portal: Portal) -> list[Initiative]:
    return [i for i in portal.initiatives.values() if i.cost and i.status in PLANNED]


# -- risks and contracts -----------------------------------------------------------------------------


def risks_above_appetite(portal: Portal) -> list[Risk]:
    """Open risks (not closed or transferred) scoring above the risk appetite, worst first.

    Accepted risks count: accepting a risk does not lower its score.
    """
    return sorted((r for r in portal.risks.values() if portal.above_appetite(r)), key=lambda r: (-r.score, r.id))


def needs_decision(renewal: Renewal, today: dt.date) -> bool:
    """The contract ends, or its notice must be given, within the decision window."""
    horizon = today + DECISION_WINDOW
    return renewal.end <= horizon or today <= renewal.notice_by <= horizon


def contract_decisions(portal: Portal) -> list[Renewal]:
    """Contract decisions due: contracts of vendors not retired that end, or whose notice deadline falls,
    in the next 90 days; the earliest deadline first. Contracts already past their end are left out
    (``validate`` warns about them)."""
    return sorted(
        (r for r in vendor_data.renewals(portal) if needs_decision(r, portal.today)),
        key=lambda r: (r.notice_by, r.vendor.name),
    )


# -- KPIs --------------------------------------------------------------------------------------------


class KpiState(enum.StrEnum):
    MET = "met"
    ON_TRACK = "on track"
    BEHIND = "needs attention"
    OVERDUE = "overdue"
    NOT_JUDGED = "not judged"
    NOT_MEASURED = "not measured"


@dataclass(frozen=True)
class KpiStatus:
    state: KpiState
    reason: str
    """How it was judged, in a few words shown beside the status (English: the exports' words)."""
    progress: float | None = None
    """The share of the way from baseline to target (render/labels.py says it in the portal's language)."""
    elapsed: float | None = None
    """The share of the time from baseline date to due date gone, when the status compares the two."""

    @property
    def counts_on_track(self) -> bool:
        return self.state in (KpiState.MET, KpiState.ON_TRACK)


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def kpi_status(kpi: KPI, today: dt.date) -> KpiStatus:
    """A KPI's status: progress along the path from baseline to target compared with the time gone.

    The time gone is the share of the days from ``baseline_date`` to ``due`` that have passed by the
    measurement (``measured``, else today). On track when progress is at least the time gone less
    ``KPI_TOLERANCE`` (10% of the path). Direction-aware: a target below the baseline means lower is
    better. Met at the target; overdue once the due date passes unmet; not judged without a baseline
    date and a due date (fail closed: never called on track without them).
    """
    progress = kpi.progress
    if progress is None:
        return KpiStatus(KpiState.NOT_MEASURED, "no baseline, target or current value")
    if kpi.met:
        return KpiStatus(KpiState.MET, "at the target", progress)
    if kpi.due is not None and kpi.due < today:
        return KpiStatus(KpiState.OVERDUE, f"{_percent(progress)} of the way; due date passed", progress)
    if kpi.baseline_date is None or kpi.due is None or kpi.due <= kpi.baseline_date:
        return KpiStatus(
            KpiState.NOT_JUDGED,
            f"{_percent(progress)} of the way; no baseline date and due date to compare with",
            progress,
        )
    as_of = kpi.measured or today
    elapsed = (as_of - kpi.baseline_date).days / (kpi.due - kpi.baseline_date).days
    elapsed = max(0.0, min(1.0, elapsed))
    reason = f"{_percent(progress)} of the way, {_percent(elapsed)} of the time gone"
    if progress + KPI_TOLERANCE >= elapsed:
        return KpiStatus(KpiState.ON_TRACK, reason, progress, elapsed)
    return KpiStatus(KpiState.BEHIND, reason, progress, elapsed)


def all_kpis(portal: Portal) -> list[KPI]:
    return [k for g in portal.goals.values() for k in g.kpis]


def kpis_on_track(portal: Portal) -> list[KPI]:
    """KPIs on track or met (``kpi_status``); out of ``all_kpis``. KPIs not measured or not judged are
    not counted as on track."""
    return [k for k in all_kpis(portal) if kpi_status(k, portal.today).counts_on_track]


# -- all together ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """Every headline figure of a portal, as the downloads publish them."""

    annual_vendor_spend: float
    initiatives_in_progress: int
    kpis_on_track: int
    kpis: int
    risks_above_appetite: int
    contract_decisions: int
    jobs_paid_twice: int
    planned_savings: float
    planned_one_off_cost: float
    planned_running_cost: float


def headline(portal: Portal) -> Headline:
    return Headline(
        annual_vendor_spend(portal),
        len(initiatives_in_progress(portal)),
        len(kpis_on_track(portal)),
        len(all_kpis(portal)),
        len(risks_above_appetite(portal)),
        len(contract_decisions(portal)),
        len(duplicate_jobs(portal)),
        planned_savings(portal),
        planned_one_off_cost(portal),
        planned_running_cost(portal),
    )
