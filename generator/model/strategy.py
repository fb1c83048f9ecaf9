"""Front matter of the strategy pages (``strategy/*.md``)."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field, Strict

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
    verdict: Annotated[str, Strict(), Field(min_length=1, max_length=200, pattern=r"^[^\n]*\S[^\n]*$")] | None = None
    """`strategy/index.md` only: the consultant's one-sentence verdict on how the client is doing, shown first on
    the Overview (plain text, one line, at most 200 characters; it shows only where the page does)."""
