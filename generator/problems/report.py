"""Reporters for a list of problems: text for people, JSON for tools, GitHub annotations for CI."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from generator.problems import Problems, Severity

JSON_FORMAT_VERSION = 1


def _use_color(stream) -> bool:
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def as_text(problems: Problems, color: bool = False) -> str:
    lines = []
    for problem in problems.sorted():
        line = problem.format()
        if color:
            code = "31" if problem.severity == Severity.ERROR else "33"
            line = line.replace(f" {problem.severity}:", f" \x1b[{code}m{problem.severity}\x1b[0m:", 1)
        lines.append(line)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors or warnings:
        lines.append(f"{errors} error(s), {warnings} warning(s)")
    else:
        lines.append("no problems found")
    return "\n".join(lines)


def as_json(problems: Problems) -> str:
    return json.dumps(
        {
            "version": JSON_FORMAT_VERSION,
            "errors": len(problems.errors),
            "warnings": len(problems.warnings),
            "problems": [
                {
                    "path": p.path,
                    "line": p.position.line,
                    "col": p.position.col,
                    "severity": str(p.severity),
                    "code": p.code,
                    "message": p.message,
                    "hint": p.hint,
                }
                for p in problems.sorted()
            ],
        },
        indent=2,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: Problems) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on the pull request."""
    lines = []
    for p in problems.sorted():
        message = p.message + (f"\nhint: {p.hint}" if p.hint else "")
        lines.append(
            f"::{p.severity} file={_escape_property(p.path)},line={p.position.line},col={p.position.col},"
            f"title={_escape_property('ctoportal ' + (p.code or str(p.severity)))}::{_escape_data(message)}"
        )
    lines.append(f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s)")
    return "\n".join(lines)


REPORTERS: dict[str, Callable[..., str]] = {"text": as_text, "json": as_json, "github": as_github}
