"""The typed model: one pydantic definition per source kind validates it, documents it and is
exported as the JSON Schema editors use."""

from .goals import KPI, Goal
from .roadmap import Initiative, InitiativeStatus, Milestone
from .risks import Risk, RiskStatus
from .settings import PortalSettings
from .strategy import StrategyPage
from .vendors import Vendor, VendorStatus

__all__ = ["KPI", "Goal", "Initiative", "InitiativeStatus", "Milestone", "Risk", "RiskStatus",
           "PortalSettings", "StrategyPage", "Vendor", "VendorStatus"]
