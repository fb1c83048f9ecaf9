"""A build's diagrams are drawn while MkDocs renders its pages: known from the generated Markdown, drawn
in the background by Chromium processes, and stopped when the build fails."""

from __future__ import annotations

import os
import time
from pathlib import Path

import markdown
import pytest
from mermaid2.fence import fence_mermaid_custom
from mkdocs.config import load_config

from conftest import REPO_ROOT
from generator.checks.validate import validate_repository
from generator.model.site_map import item_path
from generator.output.background_drawing import BackgroundDrawing
from generator.output.diagram_delivery import DiagramDelivery
from generator.output.diagram_svg import fence_texts, take_diagrams
from generator.output.page_filter import sanitise_html
from generator.problems import CtoportalError
from generator.vcs.build import build_site


def _rendered(page_markdown: str) -> str:
    """The page as MkDocs renders it with the demo's Markdown extensions and the plugin's mermaid fence."""
    config = load_config(str(REPO_ROOT / "mkdocs.yml"))
    extensions = [e for e in config.markdown_extensions if e != "pymdownx.superfences"] + ["pymdownx.superfences"]
    configs = dict(config.mdx_configs)
    configs["pymdownx.superfences"] = {
        **configs.get("pymdownx.superfences", {}),
        "custom_fences": [{"name": "mermaid", "class": "mermaid", "format": fence_mermaid_custom}],
    }
    return sanitise_html(markdown.Markdown(extensions=extensions, extension_configs=configs).convert(page_markdown))


def test_the_diagrams_read_from_the_markdown_are_those_the_rendered_pages_carry():
    """Else every diagram would be drawn again after the pages, and a first build takes twice as long."""
    portal = validate_repository(REPO_ROOT / "mkdocs.yml").portal
    assert portal is not None
    sources = build_site(portal, REPO_ROOT, REPO_ROOT / "mkdocs.yml", since=None, version=None, history=False)
    items = {item_path(kind, item_id) for kind in ("initiative", "risk", "vendor") for item_id in portal.of_kind(kind)}
    pages = [path for path, text in sources.pages.items() if "```mermaid" in text and path not in items]
    assert len(pages) >= 5  # the demo's dashboards: roadmap, risks, vendors, ...
    for path in pages:
        carried: dict[str, str] = {}
        take_diagrams(_rendered(sources.pages[path]), carried)
        assert carried, path
        assert fence_texts(sources.pages[path]) == carried, path


def test_a_fenced_diagram_inside_a_block_is_read_without_its_indent():
    text = "!!! note\n\n    ```mermaid\n    graph LR\n      a --> b\n    ```\n"
    assert list(fence_texts(text).values()) == ["graph LR\n  a --> b\n"]


def _hanging_browser(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for Chromium that writes its process id and then draws nothing for a minute."""
    pids = tmp_path / "pids"
    pids.mkdir()
    script = tmp_path / "chromium"
    script.write_text(f'#!/bin/sh\necho > "{pids}/$$"\nexec sleep 60\n', encoding="utf-8")
    script.chmod(0o755)
    return script, pids


def _started(pids: Path, count: int) -> list[int]:
    for _ in range(200):
        found = [int(p.name) for p in pids.iterdir()]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{count} browsers did not start")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _gone(pids: list[int]) -> bool:
    """Whether the processes end within five seconds (a stopped browser ends at once)."""
    for _ in range(100):
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def test_diagrams_are_drawn_by_two_browsers_at_once_and_a_failed_build_stops_them(tmp_path):
    browser, pids = _hanging_browser(tmp_path)
    # Six large diagrams: three batches, two of them drawn at once.
    texts = {f"{n:064x}": f"graph LR\n  a{n} --> b{n}\n" + "  %% a long map\n" * 500 for n in range(6)}
    drawing = BackgroundDrawing(texts, tmp_path / "cache", browser, processes=2)
    started = _started(pids, 2)
    assert all(_alive(pid) for pid in started)
    drawing.stop()
    assert _gone(started)
    with pytest.raises(CtoportalError):  # the batch drawing when stopped
        drawing.wait()
    time.sleep(0.3)
    assert len(list(pids.iterdir())) == 2  # the batches not begun were dropped, not drawn


def test_the_build_starts_drawing_its_dashboards_diagrams_and_stops_when_it_fails(tmp_path):
    browser, pids = _hanging_browser(tmp_path)
    delivery = DiagramDelivery(tmp_path, browser, browser_pages=["risks/R-001.md"])
    fence = "```mermaid\ngraph LR\n  {0} --> b\n```\n"
    delivery.start_drawing({"risks/index.md": fence.format("a"), "risks/R-001.md": fence.format("c")})
    (pid,) = _started(pids, 1)
    assert delivery.drawing is not None and delivery.drawing.count == 1  # the item page's: the reader's browser
    delivery.stop_drawing()
    assert _gone([pid])
