"""What ``ctoportal build`` shows while and after it builds: a progress bar on a terminal (never in CI
or a pipe), then a few lines saying what was validated, how many pages, where and how long.

Reads MkDocs' log records and the built config as plain objects: nothing here imports MkDocs.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from generator.model.kinds import KINDS


def interactive(stream) -> bool:
    """A person watching a terminal, not CI (``CI=true``) nor a pipe or file."""
    return (
        hasattr(stream, "isatty") and stream.isatty() and os.environ.get("CI", "").strip().lower() in ("", "0", "false")
    )


class ProgressBar(logging.Handler):
    """A one-line progress bar on a terminal, from MkDocs' debug log ("Reading: ..." then "Building page
    ..." once per page), shown only once a build has run for ``after`` seconds."""

    def __init__(self, stream, after: float = 2.0) -> None:
        super().__init__(logging.DEBUG)
        self.stream, self.after, self.start = stream, after, time.monotonic()
        self.read = self.built = 0
        self.drawn = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.clear()
            return
        message = record.getMessage()
        if message.startswith("Reading: "):
            self.read += 1
        elif message.startswith("Building page "):
            self.built += 1
        now = time.monotonic()
        if now - self.start < self.after or now - self.drawn < 0.1:
            return
        done, total = self.read + self.built, 2 * max(self.read, 1)
        width = 30
        filled = width * done // total
        step = "building pages" if self.built else "reading pages" if self.read else "generating pages"
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {100 * done // total:3d}% {step}\x1b[K")
        self.stream.flush()
        self.drawn = now

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = 0.0


_ALWAYS_COUNTED = ("goal", "initiative", "risk", "vendor")
"""Kinds counted even when there are none; the others (controls, AI uses...) when a portal has them."""
_NOUNS = {"ai-use": "AI use"}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def build_summary(config, seconds: float, config_option: str | None = None) -> list[str]:
    """What a build did, in a few lines: what was validated, how many pages, where, how long."""
    plugin = config.plugins.get("ctoportal")
    validation = getattr(plugin, "validation", None)
    sources = getattr(plugin, "sources", None)
    lines = []
    if validation is not None and validation.portal is not None:
        portal, warnings = validation.portal, len(validation.problems.warnings)
        counted = [
            plural(len(portal.of_kind(kind.name)), _NOUNS.get(kind.name, kind.name))
            for kind in KINDS
            if kind.name in _ALWAYS_COUNTED or portal.of_kind(kind.name)
        ]
        lines.append(
            f"validated {', '.join(counted)} and {plural(len(portal.pages), 'strategy page')}: "
            + (f"{plural(warnings, 'warning')} (above)" if warnings else "no problems")
        )
    pages = f"{plural(len(sources.pages), 'page')} " if sources is not None else ""
    site = (
        os.path.relpath(config.site_dir) if not os.path.relpath(config.site_dir).startswith("..") else config.site_dir
    )
    lines.append(f"portal built: {pages}in {site}{os.sep} in {seconds:.1f} s")
    command = sys.argv[0] if Path(sys.argv[0]).name == "ctoportal" else "ctoportal"
    option = f" -f {config_option}" if config_option else ""
    lines.append(f"to look at it: {command} serve{option}, then open http://127.0.0.1:8000")
    return lines
