"""mypy keeps generator/ typed: CI runs it before the tests, and it reports nothing."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def _ci_commands() -> list[str]:
    text = (REPO_ROOT / ".ci/run").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_ci_type_checks_after_the_lint_and_before_the_tests():
    commands = _ci_commands()
    lint = next(i for i, c in enumerate(commands) if "ruff check" in c)
    layout = next(i for i, c in enumerate(commands) if "ruff format --check" in c)
    assert layout == lint + 1  # the layout ruff format writes, checked after the lint
    assert commands.index(".venv/bin/mypy") == layout + 1
    assert "pytest" in commands[-1]


def test_mypy_settings_check_the_package_without_hiding_missing_types_globally():
    settings = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert settings["packages"] == ["generator"]
    assert settings["check_untyped_defs"] is True and settings["warn_unused_ignores"] is True
    assert "ignore_missing_imports" not in settings  # only per untyped third-party module, in the overrides
    for override in settings["overrides"]:
        assert not any(name.startswith("generator") for name in override["module"])


@pytest.mark.slow
def test_mypy_reports_nothing_over_generator():
    pytest.importorskip("mypy")
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
