"""Every error and warning of the format, on small fixture repositories, with the exact location.

Each folder under fixtures/invalid/ is a client repository (mkdocs.yml is added when the case has
none); ``expected.txt`` beside it holds the exact output of ``ctoportal validate``. Refresh them with
CTOPORTAL_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL_MKDOCS, run_ctoportal

CASES = Path(__file__).parent / "fixtures" / "invalid"
UPDATE = os.environ.get("CTOPORTAL_UPDATE_GOLDEN") == "1"


def _copy_case(case: Path, tmp_path: Path) -> Path:
    root = tmp_path / case.name
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("expected.txt"))
    if not (root / "mkdocs.yml").exists():
        (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS, encoding="utf-8")
    return root


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_validate_reports_exact_locations(case: Path, tmp_path: Path):
    root = _copy_case(case, tmp_path)
    result = run_ctoportal("validate", cwd=root, env={"NO_COLOR": "1"})
    expected_file = case / "expected.txt"
    if UPDATE:
        expected_file.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected_file.read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr
    has_errors = ": error: " in result.stdout
    assert result.returncode == (1 if has_errors else 0)


@pytest.mark.slow
def test_warnings_fail_only_with_strict(tmp_path: Path):
    root = _copy_case(CASES / "warnings-vendors", tmp_path)
    assert run_ctoportal("validate", cwd=root).returncode == 0
    assert run_ctoportal("validate", "--strict", cwd=root).returncode == 1


def test_json_format_is_stable(tmp_path: Path):
    root = _copy_case(CASES / "residual-above-inherent", tmp_path)
    result = run_ctoportal("validate", "--format", "json", cwd=root)
    assert json.loads(result.stdout) == {
        "version": 1,
        "errors": 1,
        "warnings": 0,
        "problems": [
            {
                "path": "risks/register.yaml",
                "line": 7,
                "col": 13,
                "severity": "error",
                "code": "residual-above-inherent",
                "message": "residual score 9 (3x3) is above the inherent score 6 (2x3)",
                "hint": "residual is what remains after mitigation: it cannot be worse than the risk itself",
            }
        ],
    }


def test_github_format_annotates_files(tmp_path: Path):
    root = _copy_case(CASES / "unknown-key", tmp_path)
    result = run_ctoportal("validate", "--format", "github", cwd=root)
    first = result.stdout.splitlines()[0]
    assert first == (
        "::error file=roadmap/initiatives.yaml,line=4,col=3,title=ctoportal unknown-key::"
        "unknown key 'ownr' in initiative 'backups'%0Ahint: did you mean 'owner'?"
    )


def test_usage_error_exits_2(tmp_path: Path):
    result = run_ctoportal("validate", "--format", "xml", cwd=tmp_path)
    assert result.returncode == 2


def test_missing_config_is_a_clear_error(tmp_path: Path):
    result = run_ctoportal("validate", cwd=tmp_path)
    assert result.returncode == 2  # a usage error, like a wrong argument
    assert "no mkdocs.yml in this directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_file_option_points_elsewhere(tmp_path: Path):
    root = _copy_case(CASES / "end-before-start", tmp_path)
    result = run_ctoportal("validate", "-f", str(root / "mkdocs.yml"), cwd=tmp_path)
    assert "roadmap/initiatives.yaml:4:8: error: end 2026-12 is before start 2027-Q1" in result.stdout
