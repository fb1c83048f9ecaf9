"""Positions live in a source map beside the validated portal, not inside the model: every item keeps the
place it was written (so each message stays ``path:line:col``), and the model holds none. Fast, in memory."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

from conftest import MINIMAL_MKDOCS, REPO_ROOT, write_repo
from generator.checks.validate import validate_repository
from generator.model.kinds import KIND_NAMES
from generator.model.portal import Portal

RISK = """\
    - id: {id}
      title: {title}
      category: security
      owner: CTO
      likelihood: 2
      impact: 2
    """


def test_every_item_of_the_demo_is_found_at_its_id_in_the_source_map():
    validation = validate_repository(REPO_ROOT / "mkdocs.yml")
    assert validation.portal is not None and not validation.problems.errors
    portal, sources = validation.portal, validation.sources
    assert sources.settings is not None and sources.settings.path == "mkdocs.yml"
    seen = 0
    for kind in KIND_NAMES:
        for item_id in portal.of_kind(kind):
            source = sources.source(kind, item_id)
            line = (REPO_ROOT / source.path).read_text(encoding="utf-8").splitlines()[source.at("id").line - 1]
            assert item_id in line, (kind, item_id, source.path, source.at("id"))
            seen += 1
    assert seen == len(sources.items) > 50


def test_the_model_holds_no_position():
    assert not [f.name for f in dataclasses.fields(Portal) if "Located" in str(f.type)]
    assert not hasattr(Portal, "source")


def test_a_duplicate_id_names_the_first_place_it_was_written(tmp_path: Path):
    root = write_repo(
        tmp_path / "client",
        {
            "risks/a.yaml": RISK.format(id="R-001", title="First"),
            "risks/b.yaml": "# another file\n" + textwrap.dedent(RISK.format(id="R-001", title="Again")),
        },
    )
    problems = validate_repository(root / "mkdocs.yml").problems
    assert sorted((p.path, p.position.line, p.position.col, p.message) for p in problems.errors) == [
        ("risks/a.yaml", 1, 7, "risk id 'R-001' is defined again at risks/b.yaml:2:7"),
        ("risks/b.yaml", 2, 7, "duplicate risk id 'R-001', first defined at risks/a.yaml:1:7"),
    ]


def test_the_repository_alone_leaves_out_exactly_the_items_read_from_the_overlay(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("CTOPORTAL_INTERNAL_OVERLAY", raising=False)
    mkdocs = MINIMAL_MKDOCS.replace(
        "      today: 2026-11-20\n", "      today: 2026-11-20\n      internal_overlay: ../client-internal\n"
    )
    root = write_repo(tmp_path / "client", {"risks/register.yaml": RISK.format(id="R-001", title="Public")}, mkdocs)
    write_repo(tmp_path / "client-internal", {"risks/secret.yaml": RISK.format(id="R-050", title="Secret")}, mkdocs)
    validation = validate_repository(root / "mkdocs.yml")
    portal = validation.portal
    assert portal is not None and not validation.problems.errors
    assert set(portal.risks) == {"R-001", "R-050"} and portal.risks["R-050"].internal
    assert validation.sources.source("risk", "R-050").path == "../client-internal/risks/secret.yaml"
    alone = portal.without_overlay()
    assert set(alone.risks) == {"R-001"} and not alone.overlay_loaded
