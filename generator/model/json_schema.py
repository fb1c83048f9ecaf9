"""JSON Schemas of the source files, from the same models that validate them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model import StrategyPage
from generator.model.kinds import KINDS

SCHEMA_FILES: dict[str, tuple[type[BaseModel], str]] = {
    **{kind.schema_name: (kind.model, kind.schema_title) for kind in KINDS},
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
        path.write_text(
            json.dumps(schema_for(model, title, single_only=model is StrategyPage), indent=2) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written


def _type_text(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        return f"mapping ({schema['$ref'].rsplit('/', 1)[-1]})"
    if "anyOf" in schema:
        return " or ".join(_type_text(s, defs) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type_text(schema.get('items', {}), defs)}"
    text = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true/false"}.get(kind, kind)
    if schema.get("format") == "date":
        text = "date `YYYY-MM-DD`"
    elif "pattern" in schema and schema.get("description", "").startswith("a date"):
        text = "date, month or quarter"
    elif "pattern" in schema and "slug" in schema.get("description", ""):
        text = "id"
    limits = [f"{word} {schema[key]}" for key, word in (("minimum", "≥"), ("maximum", "≤")) if key in schema]
    return text + (f" ({', '.join(limits)})" if limits else "")


def reference_markdown() -> str:
    """The field-by-field reference of every source kind, from the models (docs/reference.md)."""
    lines = [
        "# Source format reference",
        "",
        "Generated from the models that validate the sources (`python -m generator.model.json_schema`); do not edit.",
        "",
    ]
    for name, (model, title) in SCHEMA_FILES.items():
        schema = model.model_json_schema()
        defs = schema.get("$defs", {})
        blocks = [(model.__name__, schema)] + [(key, value) for key, value in defs.items() if "properties" in value]
        lines += [f"## {title}", ""]
        for block_name, block in blocks:
            if block_name != model.__name__:
                lines += [f"### {block_name}", ""]
            required = set(block.get("required", []))
            enum_defs = {k: v for k, v in defs.items() if "enum" in v}
            lines += ["| key | type | required | default | meaning |", "|---|---|---|---|---|"]
            for key, prop in block["properties"].items():
                prop_schema = prop
                if "$ref" in prop and prop["$ref"].rsplit("/", 1)[-1] in enum_defs:
                    prop_schema = enum_defs[prop["$ref"].rsplit("/", 1)[-1]]
                elif "anyOf" in prop:
                    refs = [s for s in prop["anyOf"] if "$ref" in s and s["$ref"].rsplit("/", 1)[-1] in enum_defs]
                    if refs:
                        prop_schema = enum_defs[refs[0]["$ref"].rsplit("/", 1)[-1]]
                default = prop.get("default", "")
                default = "" if default in (None, [], "") else f"`{default}`"
                description = (prop.get("description") or prop_schema.get("description") or "").replace("\n", " ")
                description = description.replace("|", "\\|")
                lines.append(
                    f"| `{key}` | {_type_text(prop_schema, defs)} | {'yes' if key in required else ''} "
                    f"| {default} | {description} |"
                )
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference_markdown())
