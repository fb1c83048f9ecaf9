"""Risks and initiatives grouped by compliance framework (HIPAA, SOC 2, PCI DSS...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model import Initiative, Risk, RiskStatus
from generator.model.portal import Portal

STATES = {
    "open": (RiskStatus.OPEN,),
    "mitigating": (RiskStatus.MITIGATING,),
    "accepted": (RiskStatus.ACCEPTED,),
    "closed": (RiskStatus.CLOSED, RiskStatus.TRANSFERRED),
}


def framework_key(name: str) -> str:
    """'SOC 2', 'soc2' and 'SOC-2' are one framework."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class Framework:
    name: str
    key: str
    risks: list[Risk]
    initiatives: list[Initiative]
    above_appetite: list[Risk]
    """Its risks above the appetite (``Portal.above_appetite``, the one rule)."""

    def risks_in(self, state: str) -> list[Risk]:
        return [r for r in self.risks if r.status in STATES[state]]


def frameworks(portal: Portal) -> list[Framework]:
    """Each framework named by a risk, with its risks and the initiatives working on them (or tagged with it)."""
    names: dict[str, str] = {}
    risks: dict[str, list[Risk]] = {}
    for risk in portal.risks.values():
        for name in risk.frameworks:
            key = framework_key(name)
            if not key:
                continue
            names.setdefault(key, name)
            if risk not in risks.setdefault(key, []):
                risks[key].append(risk)
    result = []
    for key, name in names.items():
        listed = sorted(risks[key], key=lambda r: (-r.score, r.id))
        initiatives: list[Initiative] = []
        for risk in listed:
            initiatives.extend(i for i in portal.mitigations_of(risk) if i not in initiatives)
        initiatives.extend(
            i for i in portal.initiatives.values() if i not in initiatives and key in {framework_key(t) for t in i.tags}
        )
        result.append(Framework(name, key, listed, initiatives, [r for r in listed if portal.above_appetite(r)]))
    return sorted(result, key=lambda f: (-len(f.risks), f.name.lower()))
