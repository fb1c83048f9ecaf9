"""Checks of costs: the vendors a cost names, a cost counted twice, currencies without a rate, per-seat prices."""

from __future__ import annotations

from generator.sources.pydantic_errors import did_you_mean
from generator.model import InitiativeStatus
from generator.model import kinds as registry
from generator.model.portal import Portal
from generator.sources.source_map import SourceMap
from generator.problems import Problems

COST_REFERENCES = tuple(ref.path[1] for ref in registry.kind("initiative").references if ref.path[0] == "cost")
"""The vendors an initiative's cost names (vendor, replaces): checked with the cost, in check_initiative_costs."""


DUPLICATE_COST_SHARE = 0.10
"""An initiative's opex this close to a vendor it names is probably that vendor's contract again."""


def check_initiative_costs(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    """``cost.vendor`` and ``cost.replaces`` name vendors; an opex that looks like a contract already in
    the vendor run rate is counted twice unless the cost says which contract it is."""
    from generator.facts.figures import in_run_rate  # the run-rate rule is defined once, there

    for initiative in portal.initiatives.values():
        cost = initiative.cost
        if cost is None:
            continue
        source = sources.source("initiative", initiative.id)
        for field in COST_REFERENCES:
            target = getattr(cost, field)
            if target is not None and target not in portal.vendors:
                hint = did_you_mean(target, portal.vendors) or "name a vendor id from vendors/"
                problems.error(
                    source.path,
                    source.at("cost", field),
                    f"cost.{field} refers to unknown vendor {target!r}",
                    hint,
                    code="unknown-ref",
                )
            elif target is not None and not initiative.internal and portal.vendors[target].internal:
                problems.warning(
                    source.path,
                    source.at("cost", field),
                    f"client-visible initiative {initiative.id!r} refers to internal vendor {target!r} in cost.{field}",
                    "a client build drops the reference (and counts the opex as new money); mark "
                    "both internal or neither",
                    code="visibility",
                )
        if cost.opex <= 0 or cost.vendor is not None or initiative.status == InitiativeStatus.CANCELLED:
            continue
        for vendor_id in initiative.vendors:
            vendor = portal.vendors.get(vendor_id)
            if (
                vendor is None
                or vendor.cost is None
                or not in_run_rate(portal, vendor_id)
                or portal.currency_of(vendor.cost) != portal.currency_of(cost)
                or vendor_id == cost.replaces
            ):
                continue
            annual = vendor.cost.annual
            if annual > 0 and abs(cost.opex - annual) <= DUPLICATE_COST_SHARE * annual:
                problems.warning(
                    source.path,
                    source.at("cost", "opex"),
                    f"{initiative.id}: opex {cost.opex:g} a year is within 10% of {vendor.name}'s "
                    f"contract ({annual:g} a year), already counted in the vendor spend",
                    f"if this cost is that contract, add `vendor: {vendor_id}` under cost so it is "
                    f"counted once; if it replaces it, add `replaces: {vendor_id}`",
                    code="cost-counted-twice",
                )


def check_currencies(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    """A cost in another currency needs an exchange rate in the settings: without one it cannot be added up,
    and adding it as if it were the portal's currency would be wrong."""
    portal_currency = portal.settings.currency
    for kind in ("vendor", "initiative"):
        for item in portal.of_kind(kind).values():
            cost = item.cost
            if cost is None or portal.converted(1.0, cost) is not None:
                continue
            source = sources.source(kind, item.id)
            currency = portal.currency_of(cost)
            problems.error(
                source.path,
                source.at("cost", "currency"),
                f"cost is in {currency}, the portal's currency is {portal_currency}, and no exchange "
                f"rate for {currency} is given",
                f"add `exchange_rates: {{{currency}: <what 1 {currency} is worth in {portal_currency}>}}` "
                f"under the ctoportal plugin in mkdocs.yml",
                code="no-exchange-rate",
            )


SEAT_PRICE_FLOOR = 1.0
"""Below this many units of the currency per seat per month, a price is probably one seat's, not the total."""


def check_seat_prices(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    """A total that works out below the floor per seat per month is most likely a per-seat price."""
    for vendor in portal.vendors.values():
        cost = vendor.cost
        seats = cost.seats if cost is not None and cost.seats is not None else vendor.seats
        if cost is None or not seats:
            continue
        monthly = cost.total if cost.per == "month" else cost.total / 12
        if monthly / seats >= SEAT_PRICE_FLOOR:
            continue
        source = sources.source("vendor", vendor.id)
        currency = portal.currency_of(cost)
        field = "per_seat" if cost.per_seat is not None else "amount"
        problems.warning(
            source.path,
            source.at("cost", field),
            f"{vendor.name}: {cost.total:g} {currency} a {cost.per} for {seats} seats is "
            f"{monthly / seats:.2f} {currency} per seat per month, below {SEAT_PRICE_FLOOR:g}",
            "if that is the price of one seat, write it as `per_seat:` with `seats:` under cost "
            "(the total is per_seat x seats); otherwise check the amount and `per`",
            code="implausible-cost",
        )
