"""The vendor list (``vendors/*.yaml``)."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field, Strict

from pydantic import model_validator

from generator.model.common import Count, Currency, Day, Id, Item, Level, Markdown, Model, Money, Text


class VendorStatus(enum.StrEnum):
    EVALUATING = "evaluating"
    ACTIVE = "active"
    SUNSETTING = "sunsetting"
    RETIRED = "retired"


class Per(enum.StrEnum):
    MONTH = "month"
    YEAR = "year"


class VendorCost(Model):
    amount: Money | None = None
    """What is paid each `per` period, all seats together (or give `per_seat` and `seats` instead)."""
    per_seat: Money | None = None
    """The price of one seat each `per` period; the total is `per_seat` x `seats`."""
    seats: Count | None = None
    """Seats paid for at `per_seat`."""
    per: Per = Per.YEAR
    currency: Currency | None = None

    @model_validator(mode="after")
    def _one_price(self) -> VendorCost:
        if (self.amount is None) == (self.per_seat is None):
            raise ValueError("give either amount (the total) or per_seat with seats, not both or neither")
        if self.per_seat is not None and self.seats is None:
            raise ValueError("per_seat needs seats: the number of seats paid for")
        if self.amount is not None and self.seats is not None:
            raise ValueError("seats goes with per_seat; with amount (the total), give seats on the vendor")
        return self

    @property
    def total(self) -> float:
        """What is paid each `per` period, all seats together."""
        if self.amount is not None:
            return self.amount
        assert self.per_seat is not None and self.seats is not None  # _one_price: per_seat comes with seats
        return self.per_seat * self.seats

    @property
    def annual(self) -> float:
        return self.total * 12 if self.per == Per.MONTH else self.total


class Contract(Model):
    start: Day | None = None
    end: Day | None = None
    notice_days: Annotated[int, Strict(), Field(ge=0, le=3660)] = 0
    """Days before `end` (at most ten years) by which notice must be given to leave or renegotiate."""
    auto_renew: bool = False


class ReportType(enum.StrEnum):
    SOC2_TYPE1 = "soc2-type1"
    SOC2_TYPE2 = "soc2-type2"
    ISO27001 = "iso27001"
    HITRUST = "hitrust"
    PEN_TEST = "pen-test"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "soc2-type1": "SOC 2 Type I",
            "soc2-type2": "SOC 2 Type II",
            "iso27001": "ISO 27001 certificate",
            "hitrust": "HITRUST certification",
            "pen-test": "penetration test",
            "other": "report",
        }[self.value]


class AssuranceReport(Model):
    """An independent report on the vendor's security (a SOC 2 Type II, an ISO 27001 certificate)."""

    type: ReportType
    expires: Day
    """When it stops counting: the certificate's expiry, or a year after the report's period ends."""
    where: str = ""
    """Where the copy is kept (a link or a path); shown as text, never copied into the portal."""


class Vendor(Item):
    name: Text
    category: Text
    capabilities: list[Text] = []
    """Free words (email, backup, endpoint-protection); active vendors sharing one may overlap."""
    owner: str | None = None
    status: VendorStatus = VendorStatus.ACTIVE
    criticality: Level | None = None
    cost: VendorCost | None = None
    seats: Count | None = None
    contract: Contract | None = None
    data: list[Text] = []
    """Kinds of data the vendor holds: PII, PHI, PCI..."""
    integrations: list[Id] = []
    """Vendor ids this one exchanges data with."""
    risks: list[Id] = []
    replaced_by: Id | None = None
    exit_plan: Markdown = ""
    baa: Day | None = None
    """When the business associate agreement was signed (HIPAA: needed for PHI)."""
    dpa: Day | None = None
    """When the data processing agreement was signed (needed for personal data)."""
    reports: list[AssuranceReport] = []
    """SOC 2, ISO 27001 or other independent reports, each with its expiry."""
