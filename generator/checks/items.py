"""Checks across items: references, cycles, dates, scores, and the warnings a consultant wants early."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator.checks.governance import GOVERNANCE_CHECKS  # decisions, actions, KPI measurements
from generator.sources.pydantic_errors import did_you_mean
from generator.model import Initiative, InitiativeStatus, Risk, RiskStatus, Vendor, VendorStatus
from generator.model import kinds as registry
from generator.model.common import Item
from generator.model import site_map
from generator.model.portal import Portal, ReaderPortal
from generator.problems import Problems

NOTICE_WARNING_DAYS = 30

COST_REFERENCES = tuple(ref.path[1] for ref in registry.kind("initiative").references if ref.path[0] == "cost")
"""The vendors an initiative's cost names (vendor, replaces): checked with the cost, in check_initiative_costs."""


def run_checks(portal: Portal, problems: Problems) -> None:
    from generator.checks.compliance import COMPLIANCE_CHECKS  # controls, frameworks, vendor assurance, AI uses

    for check in (*ALL_CHECKS, *GOVERNANCE_CHECKS, *COMPLIANCE_CHECKS):
        check(portal, problems)


def _refs(portal: Portal) -> Iterator[tuple[str, Item, str, int | None, str, str]]:
    """Every reference: (kind, item, field, index in the list or None, target id, target kind)."""
    for kind, ref in registry.references():
        if len(ref.path) > 1:
            continue  # a nested field (cost.vendor): checked with what holds it
        for item in portal.of_kind(kind.name).values():
            for index, target in enumerate(ref.ids(item)):
                yield kind.name, item, ref.field, index if ref.many else None, target, ref.target


def _at(portal: Portal, kind: str, item, field: str, index: int | None):
    source = portal.source(kind, item.id)
    return source.path, source.at(field) if index is None else source.at(field, index)


def check_references(portal: Portal, problems: Problems) -> None:
    unloaded = []
    for kind, item, field, index, target, target_kind in _refs(portal):
        targets = portal.of_kind(target_kind)
        if (target_kind, target) in portal.invalid:
            continue  # the target exists but is invalid: its own error is the one to fix
        if target in targets:
            if target_kind == kind and target == item.id:
                path, position = _at(portal, kind, item, field, index)
                hint = "a decision is superseded by another one: name the decision that replaced it" \
                    if field == "superseded_by" else None
                problems.error(path, position, f"{kind} {item.id!r} refers to itself in {field}", hint, code="self-ref")
            continue
        if portal.overlay is not None and not portal.overlay_loaded:
            unloaded.append(f"{target_kind} {target}")  # perhaps in the overlay: dropped like an internal one
            continue
        path, position = _at(portal, kind, item, field, index)
        hint = did_you_mean(target, targets) or (f"known {target_kind} ids: {', '.join(sorted(targets)[:12])}"
                                                 if targets else f"there are no {target_kind}s yet")
        problems.error(path, position, f"{field} refers to unknown {target_kind} {target!r}", hint,
                       code="unknown-ref")
    if unloaded:
        shown = ", ".join(dict.fromkeys(unloaded))
        problems.note(f"{len(unloaded)} reference(s) to ids not in this repository dropped, taken to be in the "
                      f"internal overlay: {shown if len(shown) < 200 else shown[:200] + '...'}")


def check_dependency_cycles(portal: Portal, problems: Problems) -> None:
    graph = {i.id: [d for d in i.depends_on if d in portal.initiatives and d != i.id]
             for i in portal.initiatives.values()}
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reported: set[frozenset[str]] = set()

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        trail.append(node)
        for dep in graph[node]:
            if state.get(dep) == 1:
                cycle = trail[trail.index(dep):]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    start = min(cycle)
                    ordered = cycle[cycle.index(start):] + cycle[:cycle.index(start)]
                    first = portal.initiatives[ordered[0]]
                    nxt = ordered[1] if len(ordered) > 1 else ordered[0]
                    path, position = _at(portal, "initiative", first, "depends_on", first.depends_on.index(nxt))
                    problems.error(path, position, "dependency cycle: " + " -> ".join(ordered + [ordered[0]]),
                                   "an initiative cannot (indirectly) depend on itself; remove one of these depends_on",
                                   code="cycle")
            elif dep not in state:
                visit(dep, trail)
        trail.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def check_dates(portal: Portal, problems: Problems) -> None:
    for initiative in portal.initiatives.values():
        if initiative.start and initiative.end and initiative.end.last < initiative.start.first:
            path, position = _at(portal, "initiative", initiative, "end", None)
            problems.error(path, position, f"end {initiative.end.text} is before start {initiative.start.text}",
                           "swap them, or correct the one that is wrong", code="end-before-start")
    for vendor in portal.vendors.values():
        contract = vendor.contract
        if contract and contract.start and contract.end and contract.end < contract.start:
            source = portal.source("vendor", vendor.id)
            problems.error(source.path, source.at("contract", "end"),
                           f"contract.end {contract.end} is before contract.start {contract.start}",
                           code="end-before-start")


def check_scores(portal: Portal, problems: Problems) -> None:
    for risk in portal.risks.values():
        if risk.residual and risk.residual.score > risk.score:
            source = portal.source("risk", risk.id)
            problems.error(source.path, source.at("residual"),
                           f"residual score {risk.residual.score} ({risk.residual.likelihood}x{risk.residual.impact}) "
                           f"is above the inherent score {risk.score} ({risk.likelihood}x{risk.impact})",
                           "residual is what remains after mitigation: it cannot be worse than the risk itself",
                           code="residual-above-inherent")


# -- the rules a board cares about: one function each, for validate's warnings and the pages alike ----

def overdue_reviews(portal: Portal) -> list[Risk]:
    """Open risks whose review date has passed."""
    return [r for r in portal.risks.values() if r.review and r.review < portal.today and not r.is_closed]


def unmitigated(portal: Portal) -> list[Risk]:
    """Open risks above the appetite that no initiative mitigates."""
    return [r for r in portal.risks.values() if portal.above_appetite(r)
            and r.status in (RiskStatus.OPEN, RiskStatus.MITIGATING) and not portal.mitigations_of(r)]


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
    alerts: list[Alert] = [Alert("starts-before-dependency", "initiative", i.id, other=dep)
                           for i, dep in schedule_conflicts(portal)]
    alerts += [Alert("review-overdue", "risk", r.id, day=r.review) for r in overdue_reviews(portal)]
    alerts += [Alert("unmitigated", "risk", r.id) for r in unmitigated(portal)]
    alerts += [Alert(state, "vendor", v.id, day=day) for v, state, day in contract_states(portal)]
    by_page: dict[tuple[str, str], list[Alert]] = {}
    for alert in alerts:
        by_page.setdefault((alert.kind, alert.item_id), []).append(alert)
    return by_page


def check_reviews(portal: Portal, problems: Problems) -> None:
    for risk in overdue_reviews(portal):
        if risk.review is None:
            continue  # overdue_reviews gives only risks with a review date
        source = portal.source("risk", risk.id)
        days = (portal.today - risk.review).days
        problems.warning(source.path, source.at("review"), f"risk {risk.id} review is overdue by {days} day(s) "
                         f"(due {risk.review})", "review the risk with its owner and set the next review date",
                         code="review-overdue")


def check_unmitigated(portal: Portal, problems: Problems) -> None:
    appetite = portal.settings.risk_appetite
    for risk in unmitigated(portal):
        source = portal.source("risk", risk.id)
        problems.warning(source.path, source.at("mitigations" if "mitigations" in source.node else "likelihood"),
                         f"risk {risk.id} scores {risk.score}, above the appetite of {appetite}, "
                         f"and no initiative mitigates it",
                         "add an initiative to `mitigations`, or record the decision with status: accepted",
                         code="unmitigated")


def check_dependency_order(portal: Portal, problems: Problems) -> None:
    for initiative, dep in schedule_conflicts(portal):
        if initiative.start is None or dep.end is None:
            continue  # schedule_conflicts gives only initiatives with a start and dependencies with an end
        path, position = _at(portal, "initiative", initiative, "start", None)
        problems.warning(path, position, f"{initiative.id} starts {initiative.start.text}, before "
                         f"{dep.id}, which it depends on, ends ({dep.end.text})",
                         f"start {initiative.id} after {dep.end.last}, or end {dep.id} sooner",
                         code="starts-before-dependency")


def check_progress(portal: Portal, problems: Problems) -> None:
    for initiative in portal.initiatives.values():
        if initiative.status == InitiativeStatus.DONE and initiative.progress is not None and initiative.progress < 100:
            path, position = _at(portal, "initiative", initiative, "progress", None)
            problems.warning(path, position, f"{initiative.id} is done but progress is {initiative.progress}%",
                             "set progress: 100, or change the status", code="done-not-complete")


def check_contracts(portal: Portal, problems: Problems) -> None:
    for vendor, state, day in contract_states(portal):
        contract = vendor.contract
        if contract is None:
            continue  # contract_states gives only vendors with a contract
        source = portal.source("vendor", vendor.id)
        if state == "ended":
            problems.warning(source.path, source.at("contract", "end"),
                             f"{vendor.name} is active but its contract ended on {day}",
                             "record the renewal (new contract.end) or change the status", code="contract-ended")
        elif state == "notice-soon":
            days = (day - portal.today).days
            what = "renews automatically" if contract.auto_renew else "ends"
            problems.warning(source.path, source.at("contract", "notice_days" if "notice_days" in source.node.get("contract", {}) else "end"),
                             f"{vendor.name}: notice deadline {day} is in {days} day(s); the contract {what} "
                             f"on {contract.end}", "decide now whether to renew, renegotiate or give notice",
                             code="notice-soon")


def check_overlap(portal: Portal, problems: Problems) -> None:
    for capability, vendors in portal.overlaps().items():
        first = vendors[0]
        source = portal.source("vendor", first.id)
        names = ", ".join(v.name for v in vendors)
        problems.warning(source.path, source.at("capabilities", first.capabilities.index(capability)),
                         f"possible overlap: {len(vendors)} active vendors provide {capability!r} ({names})",
                         "consolidate, or mark the one being phased out as status: sunsetting", code="overlap")


def check_links(portal: Portal, problems: Problems) -> None:
    from generator.checks.links import check_links as check  # links resolve against the generated pages: imported late

    check(portal, problems)


def check_visibility(portal: Portal, problems: Problems) -> None:
    for kind, item, field, index, target, target_kind in _refs(portal):
        referred = portal.of_kind(target_kind).get(target)
        if referred is not None and not item.internal and referred.internal:
            path, position = _at(portal, kind, item, field, index)
            problems.warning(path, position, f"client-visible {kind} {item.id!r} refers to internal {target_kind} "
                             f"{target!r}", "a client build drops the reference; mark both internal or neither",
                             code="visibility")


def check_reserved_ids(portal: Portal, problems: Problems) -> None:
    """An item's page must not take the place of a page the portal generates in the same section."""
    for paged in site_map.PAGED_KINDS:
        kind, section = paged.name, paged.section
        taken = {"index"} | {d.path.split("/", 1)[1][:-3] for d in site_map.DASHBOARD_PAGES if d.section == section}
        for item_id in portal.of_kind(kind):
            if item_id in taken:
                source = portal.source(kind, item_id)
                problems.error(source.path, source.at("id"), f"{kind} id {item_id!r} is the name of a page the "
                               f"portal generates ({section}/{item_id})",
                               f"choose another id, e.g. {item_id + '-' + kind!r}", code="reserved-id")


DUPLICATE_COST_SHARE = 0.10
"""An initiative's opex this close to a vendor it names is probably that vendor's contract again."""


def check_initiative_costs(portal: Portal, problems: Problems) -> None:
    """``cost.vendor`` and ``cost.replaces`` name vendors; an opex that looks like a contract already in
    the vendor run rate is counted twice unless the cost says which contract it is."""
    from generator.facts.figures import in_run_rate  # the run-rate rule is defined once, there

    for initiative in portal.initiatives.values():
        cost = initiative.cost
        if cost is None:
            continue
        source = portal.source("initiative", initiative.id)
        for field in COST_REFERENCES:
            target = getattr(cost, field)
            if target is not None and target not in portal.vendors:
                hint = did_you_mean(target, portal.vendors) or "name a vendor id from vendors/"
                problems.error(source.path, source.at("cost", field), f"cost.{field} refers to unknown vendor "
                               f"{target!r}", hint, code="unknown-ref")
            elif target is not None and not initiative.internal and portal.vendors[target].internal:
                problems.warning(source.path, source.at("cost", field), f"client-visible initiative "
                                 f"{initiative.id!r} refers to internal vendor {target!r} in cost.{field}",
                                 "a client build drops the reference (and counts the opex as new money); mark "
                                 "both internal or neither", code="visibility")
        if cost.opex <= 0 or cost.vendor is not None or initiative.status == InitiativeStatus.CANCELLED:
            continue
        for vendor_id in initiative.vendors:
            vendor = portal.vendors.get(vendor_id)
            if vendor is None or vendor.cost is None or not in_run_rate(portal, vendor_id) \
                    or portal.currency_of(vendor.cost) != portal.currency_of(cost) or vendor_id == cost.replaces:
                continue
            annual = vendor.cost.annual
            if annual > 0 and abs(cost.opex - annual) <= DUPLICATE_COST_SHARE * annual:
                problems.warning(source.path, source.at("cost", "opex"),
                                 f"{initiative.id}: opex {cost.opex:g} a year is within 10% of {vendor.name}'s "
                                 f"contract ({annual:g} a year), already counted in the vendor spend",
                                 f"if this cost is that contract, add `vendor: {vendor_id}` under cost so it is "
                                 f"counted once; if it replaces it, add `replaces: {vendor_id}`",
                                 code="cost-counted-twice")


def check_currencies(portal: Portal, problems: Problems) -> None:
    """A cost in another currency needs an exchange rate in the settings: without one it cannot be added up,
    and adding it as if it were the portal's currency would be wrong."""
    portal_currency = portal.settings.currency
    for kind in ("vendor", "initiative"):
        for item in portal.of_kind(kind).values():
            cost = item.cost
            if cost is None or portal.converted(1.0, cost) is not None:
                continue
            source = portal.source(kind, item.id)
            currency = portal.currency_of(cost)
            problems.error(source.path, source.at("cost", "currency"),
                           f"cost is in {currency}, the portal's currency is {portal_currency}, and no exchange "
                           f"rate for {currency} is given",
                           f"add `exchange_rates: {{{currency}: <what 1 {currency} is worth in {portal_currency}>}}` "
                           f"under the ctoportal plugin in mkdocs.yml", code="no-exchange-rate")


SEAT_PRICE_FLOOR = 1.0
"""Below this many units of the currency per seat per month, a price is probably one seat's, not the total."""


def check_seat_prices(portal: Portal, problems: Problems) -> None:
    """A total that works out below the floor per seat per month is most likely a per-seat price."""
    for vendor in portal.vendors.values():
        cost = vendor.cost
        seats = cost.seats if cost is not None and cost.seats is not None else vendor.seats
        if cost is None or not seats:
            continue
        monthly = cost.total if cost.per == "month" else cost.total / 12
        if monthly / seats >= SEAT_PRICE_FLOOR:
            continue
        source = portal.source("vendor", vendor.id)
        currency = portal.currency_of(cost)
        field = "per_seat" if cost.per_seat is not None else "amount"
        problems.warning(source.path, source.at("cost", field),
                         f"{vendor.name}: {cost.total:g} {currency} a {cost.per} for {seats} seats is "
                         f"{monthly / seats:.2f} {currency} per seat per month, below {SEAT_PRICE_FLOOR:g}",
                         "if that is the price of one seat, write it as `per_seat:` with `seats:` under cost "
                         "(the total is per_seat x seats); otherwise check the amount and `per`",
                         code="implausible-cost")


ALL_CHECKS: tuple[Callable[[Portal, Problems], None], ...] = (
    check_references, check_dependency_cycles, check_dates, check_scores, check_reviews, check_unmitigated,
    check_dependency_order, check_progress, check_contracts, check_overlap, check_visibility, check_reserved_ids,
    check_links,
    check_initiative_costs, check_seat_prices, check_currencies,
)
