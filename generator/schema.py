"""JSON Schemas of the source files, from the same models that validate them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .model import Goal, Initiative, Risk, StrategyPage, Vendor

SCHEMA_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "goals": (Goal, "Business goals and KPIs (strategy/goals.yaml)"),
    "initiative": (Initiative, "Roadmap initiatives (roadmap/*.yaml)"),
    "risk": (Risk, "Risk register entries (risks/*.yaml)"),
    "vendor": (Vendor, "Vendors (vendors/*.yaml)"),
    "strategy-page": (StrategyPage, "Front matter of strategy pages (strategy/*.md)"),
}


def schema_for(model: type[BaseModel], title: str, single_only: bool = False) -> dict[str, Any]:
    """A file holds one item or a list of them; the front matter of a page is one mapping."""
    item = model.model_json_schema(ref_template="#/$defs/{model}")
    defs = item.pop("$defs", {})
    defs[model.__name__] = item
    ref = {"$ref": f"#/$defs/{model.__name__}"}
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title}
    if single_only:
        schema.update(ref)
    else:
        schema["oneOf"] = [{"type": "array", "items": ref}, ref]
    schema["$defs"] = defs
    return schema


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (model, title) in SCHEMA_FILES.items():
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(schema_for(model, title, single_only=model is StrategyPage), indent=2) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written
