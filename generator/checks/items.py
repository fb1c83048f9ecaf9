"""Checks of single items (dates, scores, ids that take a generated page's name, links in Markdown), and
run_checks, which runs every check: references (references.py), the rules a board cares about
(board_rules.py), costs (costs.py), governance and compliance."""

from __future__ import annotations

from collections.abc import Callable

from generator.checks.board_rules import (
    check_contracts,
    check_dependency_order,
    check_overlap,
    check_progress,
    check_reviews,
    check_unmitigated,
)
from generator.checks.costs import check_currencies, check_initiative_costs, check_seat_prices
from generator.checks.governance import GOVERNANCE_CHECKS  # decisions, actions, KPI measurements
from generator.checks.references import _at, check_dependency_cycles, check_references, check_visibility
from generator.model import site_map
from generator.model.portal import Portal
from generator.sources.source_map import SourceMap
from generator.problems import Problems


def run_checks(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    from generator.checks.compliance import COMPLIANCE_CHECKS  # controls, frameworks, vendor assurance, AI uses

    for check in (*ALL_CHECKS, *GOVERNANCE_CHECKS, *COMPLIANCE_CHECKS):
        check(portal, sources, problems)


def check_dates(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for initiative in portal.initiatives.values():
        if initiative.start and initiative.end and initiative.end.last < initiative.start.first:
            path, position = _at(sources, "initiative", initiative, "end", None)
            problems.error(
                path,
                position,
                f"end {initiative.end.text} is before start {initiative.start.text}",
                "swap them, or correct the one that is wrong",
                code="end-before-start",
            )
    for vendor in portal.vendors.values():
        contract = vendor.contract
        if contract and contract.start and contract.end and contract.end < contract.start:
            source = sources.source("vendor", vendor.id)
            problems.error(
                source.path,
                source.at("contract", "end"),
                f"contract.end {contract.end} is before contract.start {contract.start}",
                code="end-before-start",
            )


def check_scores(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for risk in portal.risks.values():
        if risk.residual and risk.residual.score > risk.score:
            source = sources.source("risk", risk.id)
            problems.error(
                source.path,
                source.at("residual"),
                f"residual score {risk.residual.score} ({risk.residual.likelihood}x{risk.residual.impact}) "
                f"is above the inherent score {risk.score} ({risk.likelihood}x{risk.impact})",
                "residual is what remains after mitigation: it cannot be worse than the risk itself",
                code="residual-above-inherent",
            )


def check_links(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    from generator.checks.links import check_links as check  # links resolve against the generated pages: imported late

    check(portal, sources, problems)


def check_reserved_ids(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    """An item's page must not take the place of a page the portal generates in the same section."""
    for paged in site_map.PAGED_KINDS:
        kind, section = paged.name, paged.section
        taken = {"index"} | {d.path.split("/", 1)[1][:-3] for d in site_map.DASHBOARD_PAGES if d.section == section}
        for item_id in portal.of_kind(kind):
            if item_id in taken:
                source = sources.source(kind, item_id)
                problems.error(
                    source.path,
                    source.at("id"),
                    f"{kind} id {item_id!r} is the name of a page the portal generates ({section}/{item_id})",
                    f"choose another id, e.g. {item_id + '-' + kind!r}",
                    code="reserved-id",
                )


ALL_CHECKS: tuple[Callable[[Portal, SourceMap, Problems], None], ...] = (
    check_references,
    check_dependency_cycles,
    check_dates,
    check_scores,
    check_reviews,
    check_unmitigated,
    check_dependency_order,
    check_progress,
    check_contracts,
    check_overlap,
    check_visibility,
    check_reserved_ids,
    check_links,
    check_initiative_costs,
    check_seat_prices,
    check_currencies,
)
