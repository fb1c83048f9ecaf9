"""A generated large client (150 initiatives, 200 vendors, 60 risks), written as real source files.

Deterministic (fixed seed) so diagrams built from it are the same on every run. JSON is valid YAML,
so each file is a JSON list.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from conftest import MINIMAL_MKDOCS

INITIATIVES = 150
VENDORS = 200
RISKS = 60
GOALS = 6
TODAY = dt.date(2026, 11, 20)

MKDOCS_YML = MINIMAL_MKDOCS.replace("Test portal", "Large portal").replace("Test Client", "Large Client")


def _quarter(index: int) -> str:
    """Quarter ``index`` counted from 2025-Q3."""
    year, number = divmod(2025 * 4 + 2 + index, 4)
    return f"{year}-Q{number + 1}"


def sources(seed: int = 7) -> dict[str, str]:
    rng = random.Random(seed)
    goals = [
        {"id": f"goal-{g}", "title": f"Goal number {g}: a business outcome the board tracks", "owner": "CEO"}
        for g in range(1, GOALS + 1)
    ]
    risks = []
    for r in range(1, RISKS + 1):
        likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
        risks.append(
            {
                "id": f"R-{r:03d}",
                "title": f"Risk {r} to the operation of the business",
                "category": rng.choice(["security", "compliance", "operational", "vendor"]),
                "owner": rng.choice(["COO", "CFO", "IT lead"]),
                "likelihood": likelihood,
                "impact": impact,
                "residual": {"likelihood": max(1, likelihood - 2), "impact": impact},
                "status": rng.choice(["open", "mitigating", "accepted", "closed"]),
                "frameworks": rng.sample(["HIPAA", "SOC 2", "PCI DSS", "GDPR"], rng.randint(0, 2)),
            }
        )
    categories = [f"Category {c}" for c in range(1, 13)]
    vendors = []
    for v in range(1, VENDORS + 1):
        earlier = [f"vendor-{o:03d}" for o in rng.sample(range(1, v), min(v - 1, rng.randint(0, 2)))] if v > 1 else []
        end = TODAY + dt.timedelta(days=rng.randint(10, 540))
        vendors.append(
            {
                "id": f"vendor-{v:03d}",
                "name": f"Vendor {v} Software Inc",
                "category": rng.choice(categories),
                "capabilities": [f"capability-{v}"],
                "status": rng.choice(["active"] * 8 + ["sunsetting", "evaluating"]),
                "criticality": rng.choice(["low", "medium", "high", "critical"]),
                "cost": {"amount": rng.randint(1, 80) * 100, "per": rng.choice(["month", "year"])},
                "contract": {
                    "start": "2025-01-01",
                    "end": end.isoformat(),
                    "notice_days": rng.choice([0, 30, 60, 90]),
                    "auto_renew": rng.random() < 0.6,
                },
                "integrations": earlier,
            }
        )
    initiatives = []
    for i in range(1, INITIATIVES + 1):
        start = rng.randint(0, 11)
        status = (
            ("done" if start < 4 else rng.choice(["in-progress", "planned", "proposed", "paused"]))
            if rng.random() < 0.95
            else "cancelled"
        )
        item = {
            "id": f"init-{i:03d}",
            "title": f"Initiative {i}: improve a part of the technology estate",
            "status": status,
            "start": _quarter(start),
            "end": _quarter(start + rng.randint(0, 3)),
            "owner": rng.choice(["COO", "CFO", "IT lead", "CEO"]),
            "goals": [f"goal-{rng.randint(1, GOALS)}"],
            "mitigates": [f"R-{rng.randint(1, RISKS):03d}"],
            "vendors": [f"vendor-{rng.randint(1, VENDORS):03d}"],
            "cost": {"capex": rng.randint(0, 50) * 1000, "opex": rng.randint(0, 10) * 500},
            "milestones": [
                {
                    "title": f"Milestone {m} of initiative {i}",
                    "date": (TODAY + dt.timedelta(days=rng.randint(-100, 400))).isoformat(),
                }
                for m in range(rng.randint(0, 2))
            ],
        }
        if i > 5 and rng.random() < 0.5:
            # Only earlier initiatives that start no later: no cycles, no order warnings.
            candidates = [f"init-{d:03d}" for d in range(1, i) if initiatives[d - 1]["start"] <= item["start"]]
            if candidates:
                item["depends_on"] = rng.sample(candidates, min(len(candidates), rng.randint(1, 2)))
        initiatives.append(item)
    return {
        "strategy/goals.yaml": json.dumps(goals, indent=1),
        "risks/register.yaml": json.dumps(risks, indent=1),
        "vendors/vendors.yaml": json.dumps(vendors, indent=1),
        "roadmap/initiatives.yaml": json.dumps(initiatives, indent=1),
    }


def write_large_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for folder in ("strategy", "roadmap", "risks", "vendors"):
        (root / folder).mkdir(exist_ok=True)
    for relpath, text in sources().items():
        (root / relpath).write_text(text, encoding="utf-8")
    return root
