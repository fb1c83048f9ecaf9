"""The first step of every command: settings, sources and checks, with every problem collected."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.checks.items import run_checks
from generator.model import i18n
from generator.sources.settings_file import read_settings, settings_location
from generator.sources.loader import SOURCE_FOLDERS, load_portal
from generator.model.portal import Portal
from generator.problems import Problems
from generator.sources.located_yaml import Located
from generator.sources.source_map import SourceMap
from generator.sources.repository_files import check_linked_folders


@dataclass
class Validation:
    portal: Portal | None
    problems: Problems
    sources: SourceMap = field(default_factory=SourceMap)
    """Where each item of ``portal`` (and the settings) was written: the positions, kept beside the model."""

    @property
    def ok(self) -> bool:
        return self.portal is not None and not self.problems.errors


def validate_repository(
    config_path: Path, resolved_settings: dict[str, Any] | None = None, overlay: bool = True
) -> Validation:
    """Settings, sources and checks; ``resolved_settings`` as a site generator already read them;
    ``overlay=False`` for the client repository alone (as git holds it), without the internal overlay."""
    problems = Problems()
    settings = read_settings(config_path, problems, resolved_settings, speaks=i18n.speaks, shipped=i18n.available())
    if settings is None:
        return Validation(None, problems)
    validation = validate_sources(
        config_path.parent, settings, problems, overlay, settings_source=settings_location(config_path)
    )
    return validation


def validate_sources(
    root: Path, settings, problems: Problems | None = None, overlay: bool = True, settings_source: Located | None = None
) -> Validation:
    problems = problems if problems is not None else Problems()
    with _no_collection_while_reading():
        check_linked_folders(root, SOURCE_FOLDERS, problems)
        portal, sources = load_portal(root, settings, problems, overlay)
        sources.settings = settings_source
        run_checks(portal, sources, problems)
    return Validation(portal, problems, sources)


@contextlib.contextmanager
def _no_collection_while_reading() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the sources are read and checked: reading makes
    millions of objects that all stay (the portal), and each of the collector's full passes walks every
    one made so far, over and over: more than half of validate's time on a large portal (L: 5.4 s of
    CPU with it, 2.3 s without). What reading throws away is freed as ever (reference counting); the
    rest is collected once, when the collector runs again afterwards."""
    if not gc.isenabled():  # an enclosing read paused it: it resumes it
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
