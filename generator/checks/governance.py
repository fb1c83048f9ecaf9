"""Checks of the governance record: decisions, the 90-day plan's actions and KPI measurements.

Errors are what cannot be true (a decision taken in the future, superseded by nothing, a measurement
made after the as-of date); warnings are what a consultant wants to hear before the board does (an
action overdue, a decision past its due date)."""

from __future__ import annotations

from generator.model.actions import ActionStatus
from generator.model.decisions import DecisionStatus
from generator.model.portal import Portal
from generator.sources.source_map import SourceMap
from generator.problems import Problems

TAKEN = (DecisionStatus.DECIDED, DecisionStatus.SUPERSEDED)


def check_decisions(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for decision in portal.decisions.values():
        source = sources.source("decision", decision.id)
        status_at = source.at("status")
        if decision.status in TAKEN and decision.decided is None:
            problems.error(
                source.path,
                status_at,
                f"decision {decision.id} is {decision.status} but has no decided date",
                "add `decided: YYYY-MM-DD`, the day it was taken",
                code="decision-incomplete",
            )
        if decision.status == DecisionStatus.DECIDED and decision.outcome is None:
            problems.error(
                source.path,
                status_at,
                f"decision {decision.id} is decided but has no outcome",
                "add `outcome:` with what was decided, in one line (e.g. 'Renew for 2 years')",
                code="decision-incomplete",
            )
        if decision.status == DecisionStatus.SUPERSEDED and decision.superseded_by is None:
            problems.error(
                source.path,
                status_at,
                f"decision {decision.id} is superseded but does not say by which decision",
                "add `superseded_by:` with the id of the decision that replaced it",
                code="decision-incomplete",
            )
        if decision.superseded_by is not None and decision.status != DecisionStatus.SUPERSEDED:
            problems.error(
                source.path,
                source.at("superseded_by"),
                f"decision {decision.id} has superseded_by but its status is {decision.status}",
                "set `status: superseded`, or remove superseded_by",
                code="decision-incomplete",
            )
        if decision.decided is not None and decision.decided > portal.today:
            problems.error(
                source.path,
                source.at("decided"),
                f"decision {decision.id} was decided on "
                f"{decision.decided}, after the portal's as-of date {portal.today}",
                "a decision is recorded once taken: correct the date, or keep it open with a `due` date",
                code="date-after-today",
            )
        if decision.renewal is not None and not decision.vendors:
            problems.error(
                source.path,
                source.at("renewal"),
                f"decision {decision.id} records a renewal ({decision.renewal}) but names no vendor",
                "add `vendors: [<vendor id>]`",
                code="decision-incomplete",
            )
        if decision.status == DecisionStatus.OPEN and decision.due is not None and decision.due < portal.today:
            problems.warning(
                source.path,
                source.at("due"),
                f"decision {decision.id} was due on {decision.due} and is still open",
                "record the outcome (status: decided), defer it with a new due date, or supersede it",
                code="decision-overdue",
            )


def overdue_actions(portal: Portal) -> list:
    """Actions still open after their due date."""
    return [a for a in portal.actions.values() if a.open and a.due < portal.today]


def check_actions(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for action in portal.actions.values():
        source = sources.source("action", action.id)
        if action.done is not None and action.done > portal.today:
            problems.error(
                source.path,
                source.at("done"),
                f"action {action.id} was done on {action.done}, after the portal's as-of date {portal.today}",
                "correct the date",
                code="date-after-today",
            )
        if action.done is not None and action.status != ActionStatus.DONE:
            problems.error(
                source.path,
                source.at("done"),
                f"action {action.id} has a done date but its status is {action.status}",
                "set `status: done`, or remove the done date",
                code="action-incomplete",
            )
    for action in overdue_actions(portal):
        source = sources.source("action", action.id)
        problems.warning(
            source.path,
            source.at("due"),
            f"action {action.id} ({action.owner}) was due on "
            f"{action.due} and is {action.status}: {(portal.today - action.due).days} day(s) late",
            "mark it done (status: done, done: YYYY-MM-DD), or agree a new due date with its owner",
            code="action-overdue",
        )


def check_measurements(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for goal in portal.goals.values():
        source = sources.source("goal", goal.id)
        for k, kpi in enumerate(goal.kpis):
            for m, measurement in enumerate(kpi.measurements):
                if measurement.date > portal.today:
                    problems.error(
                        source.path,
                        source.at("kpis", k, "measurements", m, "date"),
                        f"KPI {kpi.name!r} has a measurement dated {measurement.date}, after the "
                        f"portal's as-of date {portal.today}",
                        "a value is recorded once measured: correct the date",
                        code="date-after-today",
                    )
                if kpi.baseline_date is not None and measurement.date < kpi.baseline_date:
                    problems.warning(
                        source.path,
                        source.at("kpis", k, "measurements", m, "date"),
                        f"KPI {kpi.name!r} has a measurement dated {measurement.date}, before its "
                        f"baseline date {kpi.baseline_date}",
                        "the baseline is the first value: move the baseline date, or drop the measurement",
                        code="measurement-before-baseline",
                    )


GOVERNANCE_CHECKS = (check_decisions, check_actions, check_measurements)
