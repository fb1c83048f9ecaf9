"""Front matter of the strategy pages (``strategy/*.md``)."""

from __future__ import annotations

import enum

from generator.model.common import Day, Model, Text, Visibility


class PageStatus(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class StrategyPage(Model):
    title: Text | None = None
    owner: str | None = None
    status: PageStatus | None = None
    approved: Day | None = None
    """When the page was approved."""
    review: Day | None = None
    """When it is next reviewed."""
    visibility: Visibility = Visibility.CLIENT
