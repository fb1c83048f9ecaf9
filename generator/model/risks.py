"""The risk register (``risks/*.yaml``)."""

from __future__ import annotations

import enum

from generator.model.common import Day, Id, Item, Markdown, Model, Rating, Text


class RiskCategory(enum.StrEnum):
    SECURITY = "security"
    COMPLIANCE = "compliance"
    OPERATIONAL = "operational"
    VENDOR = "vendor"
    FINANCIAL = "financial"
    STRATEGIC = "strategic"
    PEOPLE = "people"
    TECHNOLOGY = "technology"


class RiskStatus(enum.StrEnum):
    OPEN = "open"
    MITIGATING = "mitigating"
    ACCEPTED = "accepted"
    CLOSED = "closed"
    TRANSFERRED = "transferred"


class Response(enum.StrEnum):
    AVOID = "avoid"
    MITIGATE = "mitigate"
    TRANSFER = "transfer"
    ACCEPT = "accept"


class Rated(Model):
    likelihood: Rating
    impact: Rating

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Risk(Item):
    title: Text
    description: Markdown = ""
    category: RiskCategory
    owner: Text
    likelihood: Rating
    impact: Rating
    residual: Rated | None = None
    """Likelihood and impact expected once the mitigations land."""
    status: RiskStatus = RiskStatus.OPEN
    response: Response | None = None
    mitigations: list[Id] = []
    """Initiative ids that reduce this risk."""
    vendors: list[Id] = []
    frameworks: list[Text] = []
    """HIPAA, SOC 2, PCI DSS, GDPR, CMMC, FINRA..."""
    identified: Day | None = None
    review: Day | None = None
    """Date of the next review."""

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int | None:
        return self.residual.score if self.residual else None

    @property
    def is_closed(self) -> bool:
        return self.status in (RiskStatus.CLOSED, RiskStatus.TRANSFERRED)
