"""Vendor facts: the vendors still in use, contracts renewing in the next 12 months, who exchanges data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Vendor, VendorStatus
from generator.model.portal import Portal

RENEWAL_WINDOW = dt.timedelta(days=365)
NOTICE_SOON = dt.timedelta(days=30)


def live(portal: Portal) -> list[Vendor]:
    return [v for v in portal.vendors.values() if v.status != VendorStatus.RETIRED]


# -- renewals --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Renewal:
    vendor: Vendor
    end: dt.date
    notice_by: dt.date
    annual: float
    state: str
    """passed (too late to give notice), soon (within 30 days) or open."""


def renewals(portal: Portal) -> list[Renewal]:
    """Contracts ending in the next 12 months, by end date."""
    today = portal.today
    found = []
    for vendor in live(portal):
        contract = vendor.contract
        if contract is None or contract.end is None or not today <= contract.end <= today + RENEWAL_WINDOW:
            continue
        notice_by = portal.notice_deadline(vendor)
        if notice_by is None:
            continue  # not reached: a contract with an end has a notice deadline
        state = "passed" if notice_by < today else ("soon" if notice_by <= today + NOTICE_SOON else "open")
        found.append(Renewal(vendor, contract.end, notice_by, portal.annual_cost(vendor), state))
    return sorted(found, key=lambda r: (r.end, r.vendor.name))


# -- integrations ----------------------------------------------------------------------------------


def integrations(portal: Portal) -> list[tuple[str, str]]:
    """Pairs of vendors in use that exchange data (ids, each pair once, in the order first named)."""
    vendors = {v.id: v for v in live(portal)}
    pairs: list[tuple[str, str]] = []
    for vendor in vendors.values():
        for other in vendor.integrations:
            if other in vendors and other != vendor.id:
                a, b = sorted((vendor.id, other))
                if (a, b) not in pairs:
                    pairs.append((a, b))
    return pairs
