"""Vendor assurance: which vendors hold the client's data, the agreements (BAA, DPA) that data needs, and
the security reports that have expired."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.compliance import holds_personal, holds_phi
from generator.model.portal import Portal
from generator.model.vendors import AssuranceReport, Vendor, VendorStatus

GDPR = "gdpr"


def gdpr_in_scope(portal: Portal) -> bool:
    return GDPR in {f.id for f in portal.frameworks_in_scope()}


def needs_baa(vendor: Vendor) -> bool:
    return holds_phi(vendor.data)


def needs_dpa(data: list[str], gdpr: bool) -> bool:
    """Personal data needs a data processing agreement; where it is patients' data (PHI) the BAA does that
    job, unless GDPR applies, which asks for its own (Art. 28)."""
    return holds_personal(data) and (gdpr or not holds_phi(data))


def holds_data(vendor: Vendor, today: dt.date) -> bool:
    """Whether the vendor holds the client's data today: not retired, and not a prospect without a contract
    under way (a quote being evaluated holds nothing yet)."""
    if vendor.status == VendorStatus.RETIRED:
        return False
    if vendor.status == VendorStatus.EVALUATING:
        return vendor.contract is not None and vendor.contract.start is not None and vendor.contract.start <= today
    return True


@dataclass(frozen=True)
class AgreementGap:
    vendor: Vendor
    agreement: str
    """``BAA`` or ``DPA``."""


def agreement_gaps(portal: Portal) -> list[AgreementGap]:
    """Vendors in use or being evaluated holding data that needs an agreement they have not signed."""
    gdpr = gdpr_in_scope(portal)
    found = []
    for vendor in portal.vendors.values():
        if not holds_data(vendor, portal.today):
            continue
        if needs_baa(vendor) and vendor.baa is None:
            found.append(AgreementGap(vendor, "BAA"))
        if needs_dpa(vendor.data, gdpr) and vendor.dpa is None:
            found.append(AgreementGap(vendor, "DPA"))
    return found


def expired_reports(portal: Portal) -> list[tuple[Vendor, int, AssuranceReport]]:
    return [
        (v, i, r)
        for v in portal.vendors.values()
        if v.status != VendorStatus.RETIRED
        for i, r in enumerate(v.reports)
        if r.expires < portal.today
    ]
