"""Requirement coverage per framework and evidence freshness, each defined once: which controls answer a
requirement, what each counts as, and which evidence is current, due soon, expired or never checked."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from generator.model.compliance import Control, ControlStatus, Evidence, Framework, Requirement
from generator.model.i18n import N_
from generator.model.portal import Portal


class Coverage(enum.StrEnum):
    """How far a requirement is met, worst first: the order a board reads them in."""

    GAP = "gap"
    PLANNED = "planned"
    PARTIAL = "partial"
    MET = "met"
    NOT_APPLICABLE = "not applicable"


ORDER = list(Coverage)

COVERAGE_RULE = N_(
    "A requirement is **met** when a control in place answers it and none of that control's evidence "
    "has expired; **partial** when the best control answering it is partial, or in place with expired "
    "evidence; **planned** when only planned controls answer it; **not applicable** when every "
    "control answering it is marked so, with a reason; a **gap** when no control answers it."
)
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
    return {
        c.id: evidence_of(c, portal.today) for c in portal.controls.values() if c.status != ControlStatus.NOT_APPLICABLE
    }


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
