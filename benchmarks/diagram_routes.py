"""Measure the two ways diagrams can reach the reader (docs/diagrams.md), side by side, on this machine.

    .venv/bin/python benchmarks/diagram_routes.py                 # the demo and S
    .venv/bin/python benchmarks/diagram_routes.py --sizes demo,S,M --skip-build M

(a) SVG drawn at build time by the system Chromium (cold: empty cache; warm: every drawing cached);
(b) mermaid.js in the reader's browser, loaded only by pages with a diagram (CTOPORTAL_DIAGRAMS=browser).
For each size: whole ``ctoportal build`` processes (unless --skip-build), then the diagrams themselves:
how many on dashboards and strategy pages (drawn at build time) and on item pages (drawn in the
browser), and what drawing them costs in Chromium, measured on the pages ctoportal generates (no
MkDocs); then page weight from the built site: what the Overview and the heaviest diagram page load
(the page, its scripts and stylesheets; the search index apart), uncompressed and gzip.
Also whether a Python package embedding a JavaScript engine can run mermaid at all.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import repository  # noqa: E402  (benchmarks/run.py: generated repositories, cached)

from generator.output import diagram_svg  # noqa: E402
from generator.output.vendored_assets import MERMAID  # noqa: E402

CTOPORTAL = str(Path(sys.executable).parent / "ctoportal")
FENCE = re.compile(r"```mermaid\n(.*?)\n```", re.S)


def build(root: Path, out: Path, route: str) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if route == "b":
        env["CTOPORTAL_DIAGRAMS"] = "browser"
    start = time.monotonic()
    result = subprocess.run([CTOPORTAL, "build", "-d", str(out)], cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{result.stderr[-2000:]}")
    return time.monotonic() - start


def generated_diagrams(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The mermaid texts of the pages ctoportal generates: (dashboards and strategy pages, item pages)."""
    from generator.checks.validate import validate_repository
    from generator.render.pages import item_path
    from generator.render.site import generate

    validation = validate_repository(root / "mkdocs.yml")
    portal = validation.portal
    sources = generate(portal)
    items = {item_path(kind, i) for kind in ("initiative", "risk", "vendor") for i in portal.of_kind(kind)}
    drawn, browser = {}, {}
    for path, markdown in sources.pages.items():
        for text in FENCE.findall(markdown if isinstance(markdown, str) else markdown.decode()):
            (browser if path in items else drawn)[diagram_svg.diagram_key(text + "\n")] = text + "\n"
    return drawn, browser


def draw_seconds(texts: dict[str, str], browser: Path) -> float:
    start = time.monotonic()
    diagram_svg.draw(texts, browser)
    return time.monotonic() - start


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """Bytes (uncompressed, gzip) of a page and the local scripts and stylesheets it loads."""
    text = page.read_text(encoding="utf-8")
    files = [page]
    for ref in re.findall(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"#?]+\.(?:js|css))"', text):
        target = (page.parent / ref).resolve()
        if target.is_file() and "search_index" not in target.name:
            files.append(target)
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, packed


def weights(site: Path) -> dict[str, tuple[int, int, str]]:
    out = {"Overview": (*page_weight(site, site / "index.html"), "index.html")}
    for name, marker in (
        ("heaviest page with drawn SVGs", "ctp-svg-figure"),
        ("heaviest page loading mermaid", 'class="mermaid"'),
    ):
        pages = [(page_weight(site, p), p) for p in site.rglob("index.html") if marker in p.read_text(encoding="utf-8")]
        if pages:
            (raw, packed), page = max(pages, key=lambda x: x[0][1])
            out[name] = (raw, packed, page.relative_to(site).as_posix())
    return out


def js_engines() -> list[str]:
    lines = []
    source = MERMAID.shipped.read_text(encoding="utf-8")
    try:
        from py_mini_racer import MiniRacer  # type: ignore[import-not-found]
    except ImportError:
        lines.append("mini-racer: not installed (pip install mini-racer to try it)")
    else:
        ctx = MiniRacer()
        ctx.eval("var window = globalThis, self = globalThis;")
        ctx.eval(source)
        ctx.eval(
            "var out = ''; mermaid.render('d', 'flowchart LR\\n a-->b').then(r => out = r.svg)"
            ".catch(e => out = 'error: ' + e);"
        )
        time.sleep(1)
        lines.append(f"mini-racer (V8): loads mermaid; render: {str(ctx.eval('out'))[:80]}")
    try:
        import quickjs  # type: ignore[import-not-found]
    except ImportError:
        lines.append("quickjs: not installed (pip install quickjs to try it)")
    else:
        try:
            quickjs.Context().eval(source)
            lines.append("quickjs: loads mermaid")
        except Exception as exc:  # noqa: BLE001 - the measurement is whether it can
            lines.append(f"quickjs: cannot load mermaid ({str(exc).splitlines()[0][:80]})")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="demo,S")
    parser.add_argument("--skip-build", default="", help="sizes to measure without whole builds (e.g. M)")
    args = parser.parse_args(argv)
    browser = diagram_svg.find_chromium()
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; browser {browser}; mermaid {MERMAID.version}"
    )
    for line in js_engines():
        print(line)
    for size in args.sizes.split(","):
        root = repository(size)
        print(f"\n== {size} ({root})")
        drawn, in_browser = generated_diagrams(root)
        small = dict(list(in_browser.items())[:60])
        print(f"diagrams: {len(drawn)} on dashboards/strategy pages, {len(in_browser)} on item pages")
        seconds = draw_seconds(drawn, browser)
        print(f"(a) drawing the dashboards' diagrams, both schemes, one Chromium: {seconds:.1f} s")
        if small:
            per = (draw_seconds(small, browser) - draw_seconds(dict(list(small.items())[:1]), browser)) / max(
                1, len(small) - 1
            )
            print(
                f"    an item page's diagram, both schemes: {per * 1000:.0f} ms each; all {len(in_browser)} "
                f"would add {per * len(in_browser):.0f} s to a cold build"
            )
        if size in args.skip_build.split(","):
            continue
        with tempfile.TemporaryDirectory(prefix="ctoportal-routes-") as work:
            cache = root / diagram_svg.CACHE_DIR
            shutil.rmtree(cache, ignore_errors=True)
            cold = build(root, Path(work) / "a", "a")
            warm = build(root, Path(work) / "a", "a")
            route_b = build(root, Path(work) / "b", "b")
            print(f"build: (a) cold {cold:.1f} s, warm {warm:.1f} s; (b) {route_b:.1f} s")
            for route in ("a", "b"):
                for name, (raw, packed, where) in weights(Path(work) / route).items():
                    print(f"({route}) {name} ({where}): {raw / 1e6:.2f} MB, {packed / 1e6:.2f} MB gzip")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
