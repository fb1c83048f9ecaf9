"""The vendor list (``vendors/*.yaml``)."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field, Strict

from .common import Count, Currency, Day, Id, Item, Level, Markdown, Model, Money, Text


class VendorStatus(enum.StrEnum):
    EVALUATING = "evaluating"
    ACTIVE = "active"
    SUNSETTING = "sunsetting"
    RETIRED = "retired"


class Per(enum.StrEnum):
    MONTH = "month"
    YEAR = "year"


class VendorCost(Model):
    amount: Money
    """What is paid each `per` period, all seats together."""
    per: Per = Per.YEAR
    currency: Currency | None = None

    @property
    def annual(self) -> float:
        return self.amount * 12 if self.per == Per.MONTH else self.amount


class Contract(Model):
    start: Day | None = None
    end: Day | None = None
    notice_days: Annotated[int, Strict(), Field(ge=0, le=3660)] = 0
    """Days before `end` (at most ten years) by which notice must be given to leave or renegotiate."""
    auto_renew: bool = False


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
