"""What a build does per page beyond plain MkDocs (issue "Fast at every size"): no page is parsed again
by mermaid2's BeautifulSoup pass (its configuration script is appended by ctoportal, the same text), and
the diagram cache keeps only what recent builds use."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import time
from pathlib import Path

import pytest

from generator.output import diagram_svg
from generator.output.diagram_delivery import DiagramDelivery, with_inline_script

PAGE = '<h2>Neighbours</h2><pre class="mermaid"><code>flowchart LR\n  n0["a"]\n</code></pre>'
BUILT = "<body><main><article>x</article></main><footer></footer></body>"
CONFIG = 'window.mermaidConfig = {default: {"securityLevel": "strict"}};'


# -- fast -----------------------------------------------------------------------------------------------


def test_only_pages_drawn_in_the_browser_get_the_mermaid_configuration(tmp_path):
    delivery = DiagramDelivery(tmp_path, Path("/usr/bin/chromium"), ["risks/R-001.md"])
    delivery.browser_config = CONFIG
    delivery.page(PAGE, "risks/R-001.md", "risks/R-001/index.html")
    delivery.page(PAGE, "roadmap/dependencies.md", "roadmap/dependencies/index.html")
    item = delivery.page_done(BUILT, "risks/R-001/index.html")
    # As mermaid2 wrote it: the last element of the body, after the page's own mermaid script.
    assert item.endswith(f"<footer></footer><script>{CONFIG}</script></body>")
    assert item.count("mermaid.min.js") == 1 and item.index("mermaid.min.js") < item.index("mermaidConfig")
    assert delivery.page_done(BUILT, "roadmap/dependencies/index.html") == BUILT  # drawn at build time
    assert delivery.page_done(BUILT, "index.html") == BUILT  # no diagram
    assert with_inline_script("<p>no body</p>", CONFIG) == "<p>no body</p>"


def _entry(cache: Path, key: str) -> Path:
    path = diagram_svg._cache_file(cache, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"svgs": {s: "<svg></svg>" for s in diagram_svg.SCHEMES}}), encoding="utf-8")
    return path


def test_the_cache_keeps_what_recent_builds_used_and_nothing_else(tmp_path):
    cache = tmp_path / "diagrams"
    a, b, c, d = (_entry(cache, ch * 64) for ch in "abcd")
    # The internal build used a and b; then the client build uses a and c.
    assert diagram_svg.prune_cache(cache, {"a" * 64, "b" * 64}, "internal") == 2
    assert a.exists() and b.exists() and not c.exists() and not d.exists()
    c = _entry(cache, "c" * 64)
    assert diagram_svg.prune_cache(cache, {"a" * 64, "c" * 64}, "client") == 0  # b: the internal build's
    assert a.exists() and b.exists() and c.exists()
    # The internal build is made again after an edit: it now uses only a, so b goes.
    assert diagram_svg.prune_cache(cache, {"a" * 64}, "internal") == 1
    assert not b.exists() and a.exists() and c.exists()
    # A kind of build not made for a long time keeps its drawings no more.
    old = time.time() - (diagram_svg.RECORD_DAYS + 1) * 86400
    os.utime(diagram_svg.records_folder(cache) / "client.json", (old, old))
    assert diagram_svg.prune_cache(cache, {"a" * 64}, "internal") == 1
    assert a.exists() and not c.exists()
    # A damaged record keeps nothing alive and breaks nothing.
    (diagram_svg.records_folder(cache) / "other.json").write_text("{not json", encoding="utf-8")
    assert diagram_svg.prune_cache(cache, {"a" * 64}, "internal") == 0 and a.exists()


# -- slow: a real build -----------------------------------------------------------------------------


def _client(make_repo, dependency_title: str) -> Path:
    return make_repo(
        {
            "strategy/goals.yaml": "- id: g1\n  title: Keep every clinic open\n",
            "roadmap/initiatives.yaml": (
                "- id: a\n  title: First step\n  status: in-progress\n  start: 2026-Q3\n  end: 2027-Q1\n  goals: [g1]\n"
                f"- id: b\n  title: {dependency_title}\n  status: planned\n  depends_on: [a]\n  end: 2027-Q3\n"
                "  goals: [g1]\n"
            ),
        }
    )


def _build(root: Path, monkeypatch) -> int:
    """Build in this process; returns how many pages mermaid2 parsed with BeautifulSoup."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    import mermaid2.plugin

    parsed = []

    class Counting(mermaid2.plugin.BeautifulSoup):  # type: ignore[misc, name-defined]
        def __init__(self, *args, **kwargs):
            parsed.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(mermaid2.plugin, "BeautifulSoup", Counting)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return len(parsed)


@pytest.mark.slow
def test_no_page_is_parsed_again_and_the_cache_follows_the_sources(make_repo, monkeypatch):
    root = _client(make_repo, "Second step")
    assert _build(root, monkeypatch) == 0
    site = root / "site"
    item = (site / "roadmap" / "a" / "index.html").read_text(encoding="utf-8")
    # The item page draws its diagram itself, configured as mermaid2 would, and the policy allows that script.
    config = re.findall(r"<script>(window\.mermaidConfig = .*?)</script>", item, re.S)
    assert len(config) == 1 and item.rindex("mermaidConfig") > item.rindex("</main>")
    digest = base64.b64encode(hashlib.sha256(config[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in item
    for path in ("index.html", "roadmap/dependencies/index.html"):
        assert "mermaidConfig" not in (site / path).read_text(encoding="utf-8"), path
    cache = root / ".cache" / "ctoportal" / "diagrams"
    first = {p.stem for p in cache.glob("??/*.json")}
    assert first
    # A title changes: the dashboards' diagrams that show it are drawn again, the old drawings leave the cache.
    _client(make_repo, "Second step, renamed")
    assert _build(root, monkeypatch) == 0
    second = {p.stem for p in cache.glob("??/*.json")}
    assert second and second != first
    assert second == set(json.loads(next((diagram_svg.records_folder(cache)).glob("*.json")).read_text()))
    assert "Second step, renamed" in (site / "roadmap" / "dependencies" / "index.html").read_text(encoding="utf-8")


def test_a_build_after_a_serve_in_the_same_process_is_a_whole_build_again(make_repo, monkeypatch):
    """MkDocs keeps a plugin instance for the life of the process: one that served must not make a later
    build draw only what its cache holds (nor skip pruning, nor take serve's partial rebuilds)."""
    from mkdocs.config import load_config

    from generator.sources import located_yaml
    from generator.vcs import item_history

    monkeypatch.setattr(located_yaml, "_parse_cache", None)  # serve turns these on for its process
    monkeypatch.setattr(item_history, "_remembered", None)
    root = _client(make_repo, "Second step")
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["ctoportal"]
    config.plugins.on_startup(command="serve", dirty=False)
    plugin.served = True  # as after serve's first build
    assert plugin.serve_pages is not None
    config.plugins.on_startup(command="build", dirty=False)
    assert plugin.serve_pages is None and plugin.served is False
