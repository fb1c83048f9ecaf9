"""The format reference is generated from the models: it must not drift from them."""

from pathlib import Path

from generator.model.json_schema import reference_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_reference_matches_the_models():
    assert (DOCS / "reference.md").read_text(encoding="utf-8") == reference_markdown() + "\n", (
        "regenerate with: python -m generator.model.json_schema > docs/reference.md"
    )
