"""The board pack: the few facts a board reads before a meeting, on a few printed pages.

Everything here is taken from the functions the other pages use (the board risk summary, the
roadmap board, renewals, the budget, overlaps); this module only chooses what a board needs from
them and says, for each initiative under way, whether it is on track. ``board-pack.md.j2`` lays it
out for the screen and for paper.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from generator.facts import budget as budget_data
from generator.facts import risks as risk_data
from generator.facts import lanes as lane_data
from generator.facts.budget import Budget, QuarterSpend
from generator.facts.risks import RiskLine
from generator.facts.schedule import Schedule
from generator.facts.vendors import Renewal
from generator.model.fiscal import Quarter, year_label
from generator.facts.figures import DECISION_WINDOW, DuplicateJob, contract_decisions, duplicate_jobs, needs_decision  # noqa: F401
from generator.model import Initiative, InitiativeStatus, Milestone, Risk, Vendor, VendorStatus
from generator.model.roadmap import Horizon
from generator.model.decisions import Decision
from generator.model.portal import Page, Portal
from generator.facts.governance import board_decisions

MIN_RISKS = 5
"""At least this many risks are listed: all above appetite, then the highest within it."""
MAX_ROWS = 12
"""Rows in one table before the rest are left to the full page (a pack stays a few pages long)."""

T = TypeVar("T")


@dataclass(frozen=True)
class Shortlist(Generic[T]):
    """A list of which a table shows the first rows; the rest are left to the full page."""

    items: list[T]
    size: int = MAX_ROWS

    @property
    def shown(self) -> list[T]:
        return self.items[: self.size]

    @property
    def more(self) -> int:
        return max(0, len(self.items) - self.size)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class InFlight:
    """An initiative under way, and what stands between it and landing on time."""

    initiative: Initiative
    late: bool
    """Still open after its end date."""
    waiting_on: list[tuple[Initiative, str]]
    """Dependencies that are paused, cancelled or late, with the reason."""
    overdue: list[Milestone]
    """Milestones not done by their date."""
    next_milestone: Milestone | None

    @property
    def health(self) -> str:
        """late, at risk (paused, blocked or a milestone overdue) or on track."""
        if self.late:
            return "late"
        if self.initiative.status == InitiativeStatus.PAUSED or self.waiting_on or self.overdue:
            return "at risk"
        return "on track"


@dataclass(frozen=True)
class Roadmap:
    in_flight: Shortlist[InFlight]
    """The "now" column of the roadmap: under way, paused, or due to have started."""
    coming: Shortlist[Initiative]
    """The "next" column: starting within about six months."""
    to_approve: list[Initiative]
    """Proposed initiatives due to start within ``DECISION_WINDOW``: spend to approve now."""

    @property
    def needing_attention(self) -> list[InFlight]:
        return [i for i in self.in_flight.items if i.health != "on track"]

    @property
    def late(self) -> list[InFlight]:
        """Under way and past the end date: a new date, or a stop, is the board's to agree."""
        return [i for i in self.in_flight.items if i.late]


@dataclass(frozen=True)
class Risks:
    lines: Shortlist[RiskLine]
    """The board risk summary: open risks above appetite, worst first."""
    within: list[Risk]
    """The highest open risks within appetite, when fewer than ``MIN_RISKS`` are above it."""
    open_count: int

    @property
    def without_plan(self) -> list[RiskLine]:
        """Above appetite with no mitigation still on schedule (none, or each paused, cancelled or late)."""
        return [line for line in self.lines.items if line.trend in ("no plan", "at risk") and not line.on_schedule]


@dataclass(frozen=True)
class OverlapRow:
    """One row of the pack's overlaps table: the jobs that the same tools do, and what they cost."""

    capabilities: list[str]
    job: DuplicateJob
    """The first of them: vendors, cost and saving are the same for each."""


@dataclass(frozen=True)
class Money:
    budget: Budget
    coming_quarters: list[QuarterSpend]
    """This quarter and the three after it."""
    calendar_year: int
    """The year of ``today``: the fiscal year when ``fiscal_year_start`` is set (fiscal.py)."""
    year_total: float
    """Initiative spend in that year."""
    decisions: Shortlist[Renewal]
    """Contracts needing a decision within ``DECISION_WINDOW``, earliest deadline first."""
    decisions_until: dt.date
    """The end of the decision window."""
    overlaps: list[DuplicateJob]
    """Jobs paid for twice (``figures.duplicate_jobs``): the words of the pack come from this list."""
    phasing_out: list[Vendor]
    """Vendors being phased out: a saving already on its way."""

    year_label: str = ""
    """``2026``, or ``FY2027`` with a fiscal year."""

    @property
    def overlap_rows(self) -> list[OverlapRow]:
        """The table of overlaps: jobs done by the same tools, with the same cost and saving, share a row
        ("appointment-reminders, patient-messaging"), so each pair of tools is printed once; the count
        above the table stays one per job."""
        rows: dict[tuple[object, ...], OverlapRow] = {}
        for job in self.overlaps:
            key = (tuple(v.id for v in job.vendors), tuple(v.id for v in job.going), job.annual, job.going_annual)
            if key in rows:
                rows[key].capabilities.append(job.capability)
            else:
                rows[key] = OverlapRow([job.capability], job)
        return list(rows.values())

    @property
    def phasing_out_total(self) -> float:
        return sum(c.leaving for c in self.budget.vendors.categories)

    def next_deadline(self, today: dt.date) -> dt.date | None:
        """The first notice deadline still ahead: the date by which the first decision is needed."""
        return min((r.notice_by for r in self.decisions.items if r.notice_by >= today), default=None)


@dataclass(frozen=True)
class BoardPack:
    roadmap: Roadmap
    risks: Risks
    money: Money
    owed: Shortlist[Decision] = field(default_factory=lambda: Shortlist([]))
    """The decisions for the board: exactly the open decisions the board owns, due soonest first
    (``governance.board_decisions``). When the portal records no decisions at all, the pack falls back to
    the decisions the data implies (the rule ``_glance.j2`` prints above them)."""
    records_decisions: bool = False
    """Whether the portal records decisions (decisions/): then ``owed`` is the board's agenda."""


def verdict(portal: Portal) -> Page | None:
    """The page holding the consultant's one-sentence verdict (``verdict:`` of ``strategy/index.md``), read
    first on the Overview and in the board pack; None when there is none."""
    return next((page for page in portal.pages if page.slug == "index" and page.meta.verdict), None)


def in_flight(schedule: Schedule, initiative: Initiative) -> InFlight:
    today = schedule.today
    pending = sorted((m for m in initiative.milestones if not m.done), key=lambda m: m.date)
    return InFlight(
        initiative,
        schedule.is_late(initiative),
        schedule.blocked.get(initiative.id, []),
        [m for m in pending if m.date < today],
        next(iter(pending), None),
    )


def needs_approval(initiative: Initiative, today: dt.date) -> bool:
    """Proposed and due to start within the decision window (or already due): later ones can wait."""
    return (
        initiative.status == InitiativeStatus.PROPOSED
        and initiative.start is not None
        and initiative.start.first <= today + DECISION_WINDOW
    )


def roadmap_facts(portal: Portal, schedule: Schedule) -> Roadmap:
    lanes = dict(lane_data.board(portal, schedule))
    return Roadmap(
        in_flight=Shortlist([in_flight(schedule, i) for i in lanes[Horizon.NOW]]),
        coming=Shortlist(lanes[Horizon.NEXT]),
        to_approve=[i for lane in lanes.values() for i in lane if needs_approval(i, portal.today)],
    )


def risk_facts(portal: Portal, schedule: Schedule) -> Risks:
    lines = risk_data.board_summary(portal, schedule)
    above = {line.risk.id for line in lines}
    open_risks = [r for r in portal.risks.values() if not r.is_closed]
    below = sorted((r for r in open_risks if r.id not in above), key=lambda r: (-r.score, r.id))
    return Risks(Shortlist(lines), below[: max(0, MIN_RISKS - len(lines))], len(open_risks))


def money_facts(portal: Portal, schedule: Schedule) -> Money:
    plan = budget_data.budget(portal, schedule)
    start_month = portal.settings.fiscal_year_start
    year = Quarter.of(portal.today, start_month).year
    decisions = contract_decisions(portal)
    leaving = [v for c in plan.vendors.categories for v in c.vendors if v.status == VendorStatus.SUNSETTING]
    return Money(
        plan,
        [q for q in plan.quarters if not q.past][:4],
        year,
        sum(q.total for q in plan.quarters if q.quarter.year == year),
        Shortlist(decisions),
        portal.today + DECISION_WINDOW,
        duplicate_jobs(portal),
        sorted(leaving, key=lambda v: -portal.annual_cost(v)),
        year_label(year, start_month),
    )


def board_pack(portal: Portal) -> BoardPack:
    schedule = Schedule(portal)  # one schedule for the roadmap, the risk trends and the budget
    return BoardPack(
        roadmap_facts(portal, schedule),
        risk_facts(portal, schedule),
        money_facts(portal, schedule),
        Shortlist(board_decisions(portal)),
        bool(portal.decisions),
    )
