"""The typed model: one pydantic definition per source kind validates it, documents it and is
exported as the JSON Schema editors use."""

from generator.model.goals import KPI, Goal
from generator.model.roadmap import Initiative, InitiativeStatus, Milestone
from generator.model.risks import Risk, RiskStatus
from generator.model.settings import PortalSettings
from generator.model.strategy import StrategyPage
from generator.model.vendors import Vendor, VendorStatus

__all__ = [
    "KPI",
    "Goal",
    "Initiative",
    "InitiativeStatus",
    "Milestone",
    "Risk",
    "RiskStatus",
    "PortalSettings",
    "StrategyPage",
    "Vendor",
    "VendorStatus",
]
