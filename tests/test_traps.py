"""Traps a new client repository falls into: each mistake gives one clear message, in the terminal,
the browser and CI alike."""

from __future__ import annotations

from conftest import write_repo
from generator.validate import validate_repository

RISKS = """\
    - id: R-001
      title: Ransomware stops a clinic
      category: security
      owner: COO
      likelihood: 9
      impact: 5
      mitigations: [I-001]
    - id: R-002
      title: Backups untested
      category: operational
      owner: IT lead
      likelihood: 3
      impact: 4
"""
ROADMAP = """\
    - id: I-001
      title: Immutable backups
      status: planned
      owner: IT lead
      mitigates: [R-001, R-002, R-009]
"""


def test_an_invalid_field_on_a_referenced_item_gives_one_error_not_a_cascade(tmp_path):
    root = write_repo(tmp_path / "client", {"risks/register.yaml": RISKS, "roadmap/backups.yaml": ROADMAP,
                                            "vendors/vendors.yaml": "- id: V-001\n  name: Acme\n  category: security\n"
                                                                    "  status: active\n  risks: [R-001]\n"})
    problems = validate_repository(root / "mkdocs.yml").problems
    messages = [p.format() for p in problems.errors]
    assert any(m.startswith("risks/register.yaml:5:15: error: likelihood must be 1-5, got 9") for m in messages), messages
    # The risk keeps its identity: nothing refers to an "unknown risk 'R-001'" with a wrong did-you-mean.
    assert not any("'R-001'" in m for m in messages), messages
    # A reference to an id that exists nowhere is still reported.
    assert any("mitigates refers to unknown risk 'R-009'" in m for m in messages), messages
    assert len(messages) == 2, messages
