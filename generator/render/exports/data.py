"""The portal as one JSON document, for a reader's own tools (Power BI, a script, a board portal).

It holds the same items as the client's pages: the portal it is given is already filtered by audience.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from generator.facts import compliance, figures
from generator.facts.governance import decided_by as _decided_by
from generator.model.portal import Portal

FORMAT_VERSION = 1
"""Raised when a field changes meaning or disappears; adding fields keeps it."""


def _item(item: Any, **derived: Any) -> dict[str, Any]:
    data = item.model_dump(mode="json", exclude={"visibility"})
    data.update({k: v for k, v in derived.items()})
    return data


def figures_decided_by(portal: Portal, decision: Any) -> str:
    return _decided_by(portal, decision).value


def data_json(portal: Portal) -> bytes:
    document = {
        "format": FORMAT_VERSION,
        "client": portal.settings.client,
        "as_of": portal.today.isoformat(),
        "currency": portal.settings.currency,
        "risk_appetite": portal.settings.risk_appetite,
        "figures": dataclasses.asdict(figures.headline(portal)),  # the headline figures; rules in figures.py
        "goals": [
            _item(
                g,
                kpi_status=[
                    {"status": st.state.value, "how_judged": st.reason}
                    for st in (figures.kpi_status(k, portal.today) for k in g.kpis)
                ],
            )
            for g in portal.goals.values()
        ],
        "initiatives": [_item(i, horizon=str(portal.horizon(i))) for i in portal.initiatives.values()],
        "risks": [_item(r, score=r.score, residual_score=r.residual_score) for r in portal.risks.values()],
        "vendors": [
            _item(
                v,
                annual_cost=portal.annual_cost(v),
                notice_by=(d.isoformat() if (d := portal.notice_deadline(v)) else None),
            )
            for v in portal.vendors.values()
        ],
        "decisions": [_item(d, decided_by=figures_decided_by(portal, d)) for d in portal.decisions.values()],
        "actions": [_item(a) for a in portal.actions.values()],
        "controls": [_item(c, counts_as=compliance.control_state(c, portal).value) for c in portal.controls.values()],
        "ai_uses": [_item(u) for u in portal.ai_uses.values()],
        "frameworks": [
            {
                "id": fc.framework.id,
                "name": fc.framework.title,
                "requirements": [
                    {
                        "id": r.requirement.id,
                        "title": r.requirement.title,
                        "coverage": r.state.value,
                        "controls": [c.id for c in r.controls],
                    }
                    for r in fc.requirements
                ],
            }
            for fc in compliance.all_coverage(portal)
        ],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
