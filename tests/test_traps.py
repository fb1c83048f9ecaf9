"""Traps a new client repository falls into: each mistake gives one clear message, in the terminal,
the browser and CI alike."""

from __future__ import annotations

from conftest import write_repo
from generator.checks.validate import validate_repository

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
    root = write_repo(
        tmp_path / "client",
        {
            "risks/register.yaml": RISKS,
            "roadmap/backups.yaml": ROADMAP,
            "vendors/vendors.yaml": "- id: V-001\n  name: Acme\n  category: security\n"
            "  status: active\n  risks: [R-001]\n",
        },
    )
    problems = validate_repository(root / "mkdocs.yml").problems
    messages = [p.format() for p in problems.errors]
    assert any(m.startswith("risks/register.yaml:5:15: error: likelihood must be 1-5, got 9") for m in messages), (
        messages
    )
    # The risk keeps its identity: nothing refers to an "unknown risk 'R-001'" with a wrong did-you-mean.
    assert not any("'R-001'" in m for m in messages), messages
    # A reference to an id that exists nowhere is still reported.
    assert any("mitigates refers to unknown risk 'R-009'" in m for m in messages), messages
    assert len(messages) == 2, messages


def _options(parser):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from ((f"{name} {option}", help) for option, help in _options(sub))
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            yield "/".join(action.option_strings) or action.dest, action.help


def test_every_command_and_option_is_explained_in_help():
    from generator.cli import build_parser

    parser = build_parser()
    assert "``" not in parser.format_help() and "core" not in parser.format_help()
    missing = [option for option, help in _options(parser) if not help]
    assert missing == []


def test_debug_is_accepted_after_the_command_and_usage_errors_exit_2(tmp_path):
    from conftest import run_ctoportal

    result = run_ctoportal("validate", "--debug", cwd=tmp_path)
    assert "unrecognized arguments" not in result.stderr
    assert "Traceback" in result.stderr  # --debug: the traceback instead of the one-line error
    result = run_ctoportal("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("ctoportal: error: no mkdocs.yml in this directory")


def test_a_reader_that_stops_early_is_no_traceback(tmp_path):
    """``ctoportal diff ... | head``: the reader closes the pipe; the command ends quietly."""
    import os
    import subprocess
    import sys

    root = write_repo(tmp_path / "client", {"risks/register.yaml": RISKS})
    read_end, write_end = os.pipe()
    os.close(read_end)  # a reader that has already gone
    try:
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "validate", "--format", "json"],
            cwd=root,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert result.returncode == 141


def test_a_new_repository_installs_from_a_pinned_requirements_file_it_owns(tmp_path):
    from generator import __version__
    from generator.cli import main

    assert main(["init", str(tmp_path / "plain"), "--client", "Acme"]) == 0
    requirements = (tmp_path / "plain" / "requirements.txt").read_text(encoding="utf-8")
    lines = [line for line in requirements.splitlines() if line and not line.startswith("#")]
    assert lines[0] == f"ctoportal=={__version__}"
    assert {line.split("==")[0] for line in lines[1:]} == {
        "mkdocs",
        "mkdocs-material",
        "mkdocs-mermaid2-plugin",
        "mike",
    }
    assert all("==" in line for line in lines)
    for workflow in (".github/workflows/portal.yml", ".gitlab-ci.yml"):
        text = (tmp_path / "plain" / workflow).read_text(encoding="utf-8")
        assert "pip install" in text and all(
            "-r requirements.txt" in line
            for line in text.splitlines()
            if "pip install" in line and not line.lstrip().startswith("#")
        )

    assert (
        main(
            [
                "init",
                str(tmp_path / "own"),
                "--client",
                "Acme",
                "--index-url",
                "https://pypi.example.com/simple",
                "--requirement",
                "git+https://git.example.com/tools/ctoportal@v1",
            ]
        )
        == 0
    )
    lines = (tmp_path / "own" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "--index-url https://pypi.example.com/simple" in lines
    assert "git+https://git.example.com/tools/ctoportal@v1" in lines
    assert main(["init", str(tmp_path / "bad"), "--requirement", "ctoportal\n--trusted-host evil"]) == 1
    assert not (tmp_path / "bad").exists()
