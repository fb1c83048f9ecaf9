"""Roadmap initiatives (``roadmap/*.yaml``)."""

from __future__ import annotations

import enum

from pydantic import Field

from generator.model.common import Currency, Day, Id, Item, Level, Markdown, Model, Money, PeriodField, Text
from typing import Annotated
from pydantic import Strict


class InitiativeStatus(enum.StrEnum):
    PROPOSED = "proposed"
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    PAUSED = "paused"
    CANCELLED = "cancelled"


class Horizon(enum.StrEnum):
    NOW = "now"
    NEXT = "next"
    LATER = "later"


class InitiativeCost(Model):
    capex: Money = 0
    """One-off spend."""
    opex: Money = 0
    """Recurring spend per year."""
    currency: Currency | None = None
    """When not the portal's currency."""
    vendor: Id | None = None
    """The vendor whose contract this cost is: already in the vendor run rate while that vendor is active
    or sunsetting, so its opex is not added again as running cost."""
    replaces: Id | None = None
    """The vendor this initiative replaces: the tool that goes, and the saving, when two do the same job."""


class Milestone(Model):
    title: Text
    date: Day
    done: bool = False


class Initiative(Item):
    title: Text
    summary: Markdown = ""
    status: InitiativeStatus = InitiativeStatus.PROPOSED
    start: PeriodField | None = None
    end: PeriodField | None = None
    horizon: Horizon | None = None
    """now, next or later; derived from the dates when absent."""
    owner: str | None = None
    goals: list[Id] = []
    """Goal ids this initiative serves."""
    depends_on: list[Id] = []
    """Initiative ids that must finish first."""
    mitigates: list[Id] = []
    """Risk ids this initiative reduces."""
    vendors: list[Id] = []
    """Vendor ids involved."""
    cost: InitiativeCost | None = None
    priority: Level | None = None
    progress: Annotated[int, Strict(), Field(ge=0, le=100)] | None = None
    """Percent complete, 0-100."""
    milestones: list[Milestone] = []
    tags: list[Text] = []
