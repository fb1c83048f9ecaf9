"""The annual vendor spend by category: the vendors ``figures.annual_vendor_spend`` counts, so the
category totals add up to that figure."""

from __future__ import annotations

from dataclasses import dataclass

from generator.facts.figures import paid_vendors
from generator.model import Vendor, VendorStatus
from generator.model.portal import Portal


@dataclass(frozen=True)
class CategorySpend:
    category: str
    vendors: list[Vendor]
    annual: float
    leaving: float
    """Of which vendors being phased out (sunsetting)."""


@dataclass(frozen=True)
class Spend:
    categories: list[CategorySpend]
    total: float
    other_currency: list[Vendor]
    """Vendors billed in another currency: listed, not added up (no exchange rates here)."""

    @property
    def count(self) -> int:
        return sum(len(c.vendors) for c in self.categories)


def spend(portal: Portal) -> Spend:
    """The annual vendor spend by category: the vendors ``figures.annual_vendor_spend`` counts (active and
    sunsetting; evaluating and retired ones are left out), so the total is that figure."""
    sums: dict[str, list[Vendor]] = {}
    other = []
    for vendor in paid_vendors(portal):  # the vendors annual_vendor_spend counts, by the same rule
        if vendor.cost is not None and portal.converted(1.0, vendor.cost) is None:
            other.append(vendor)  # no exchange rate (a validation error): never added as the portal's currency
            continue
        sums.setdefault(vendor.category, []).append(vendor)

    def annual(v: Vendor) -> float:
        return portal.converted(portal.annual_cost(v), v.cost) or 0.0

    categories = [
        CategorySpend(
            cat, vs, sum(annual(v) for v in vs), sum(annual(v) for v in vs if v.status == VendorStatus.SUNSETTING)
        )
        for cat, vs in sums.items()
    ]
    categories.sort(key=lambda c: (-c.annual, c.category))
    return Spend(categories, sum(c.annual for c in categories), other)
