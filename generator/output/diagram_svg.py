"""Diagrams drawn at build time: every mermaid block of the built site becomes an inline SVG, drawn by
the vendored mermaid in the system Chromium (the one that prints the board pack), so the reader's
browser runs no diagram code, and diagrams print, go into the PDF and show without JavaScript.

One Chromium process per build draws every diagram not already in the cache (``.cache/ctoportal/
diagrams/`` beside ``mkdocs.yml``, one file per diagram named by the hash of its text, the mermaid
version and our settings), so a rebuild after an edit draws only the diagrams that changed.

Each diagram is drawn twice: for mkdocs-material's light scheme (``default``) and for its dark one
(``slate``), with mermaid's ``default`` and ``dark`` themes and our class colours adapted to each; the
site's stylesheet shows the one that matches the reader's scheme. Labels stay escaped: the mermaid
text is that of the page (labels as entity codes), mermaid runs with ``securityLevel: strict``, and
every SVG then goes through ``svg_publish.sanitise_svg`` (an allowlist of SVG elements and attributes,
no script, no event handler, no link off the site): one that does not pass is not published and the page
says so. Which pages get drawings and which draw in the browser: ``diagram_delivery``. Colours per
scheme: ``diagram_colours``. Decision and figures: docs/diagrams.md.

The cache is pruned after each whole build that succeeds (``prune_cache``): a drawing that no recent
build used is deleted, so the folder does not grow with every edit.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.output.diagram_colours import for_scheme
from generator.output.headless_chromium import browser_command, run, served
from generator.output.svg_publish import publishable
from generator.output.vendored_assets import MERMAID, ensure_asset
from generator.problems import CtoportalError

CACHE_DIR = Path(".cache") / "ctoportal" / "diagrams"
"""Where drawn diagrams are kept, relative to the folder of ``mkdocs.yml``."""
TIMEOUT = 600
BATCH = 40
BATCH_TEXT = 150_000
"""Diagrams drawn per Chromium process: at most ``BATCH`` of them and ``BATCH_TEXT`` characters of mermaid.
One process given a large portal's few hundred (L: 184 diagrams, 3.7 MB) or forty of its integration
maps (640 KB) sat idle until the timeout, while twenty of those maps drew in 47 s; each batch is
cached as soon as it is drawn."""
SCHEMES = ("default", "slate")
"""mkdocs-material's colour schemes, each with its own drawing."""
_THEMES = {"default": "default", "slate": "dark"}
RENDER_VERSION = "3"
"""Bump when the drawing page or the post-processing changes: older cache entries are then ignored."""
MERMAID_CONFIG = {"startOnLoad": False, "securityLevel": "strict", "fontSize": 14}
PLACEHOLDER = '<div class="ctp-svg-slot" data-ctp-svg="{key}"></div>'
_PLACEHOLDER = re.compile(r'<div class="ctp-svg-slot" data-ctp-svg="(?P<key>[0-9a-f]{64})"></div>')
_BLOCK = re.compile(r'<pre class="mermaid"><code>(?P<body>.*?)</code></pre>', re.S)


def _text_of(inner_html: str) -> str:
    """The text of a ``<pre class="mermaid"><code>`` as the browser reads it (its textContent)."""
    return html.unescape(re.sub(r"<[^>]*>", "", inner_html))


def diagram_key(text: str) -> str:
    payload = json.dumps([RENDER_VERSION, MERMAID.version, MERMAID_CONFIG, text], sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def take_diagrams(page_html: str, found: dict[str, str]) -> str:
    """The page with each mermaid block replaced by a placeholder; the blocks' texts go into ``found``
    by key. (No placeholder holds the word "mermaid": mermaid2's pass skips the page.)"""

    def replace(match: re.Match) -> str:
        text = _text_of(match.group("body"))
        key = diagram_key(text)
        found[key] = text
        return PLACEHOLDER.format(key=key)

    return _BLOCK.sub(replace, page_html)


_FENCE = re.compile(r"^(?P<indent>[ \t]*)```mermaid\n(?P<body>.*?)\n(?P=indent)```[ \t]*$", re.M | re.S)


def fence_texts(markdown: str) -> dict[str, str]:
    """The diagrams of a generated page's Markdown, by key, before MkDocs renders it: what
    ``take_diagrams`` will find in the page (mermaid2's fence writes the fence's lines, unescaped, and a
    newline). Known early so that they can be drawn while the pages are rendered; a text this gets wrong
    only costs time: ``drawn_diagrams`` draws what the cache then lacks."""
    texts: dict[str, str] = {}
    for match in _FENCE.finditer(markdown):
        indent = match.group("indent")
        body = match.group("body")
        if indent:
            body = "\n".join(line.removeprefix(indent) for line in body.split("\n"))
        texts[diagram_key(body + "\n")] = body + "\n"
    return texts


# -- the drawing --------------------------------------------------------------------------------------

_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self' 'unsafe-inline'">
<style>body{{margin:0;width:1400px}}</style></head>
<body><script src="mermaid.min.js"></script><script src="draw.js"></script></body></html>"""
_DRAW_JS = """(async function () {
  var jobs = %s;
  var out = {};
  var configs = %s;
  for (var i = 0; i < jobs.length; i++) {
    var job = jobs[i];
    mermaid.initialize(Object.assign({}, configs[job.theme]));
    try {
      var result = await mermaid.render("ctp-d-" + job.id, job.text);
      out[job.key + ":" + job.scheme] = {svg: result.svg};
    } catch (e) {
      out[job.key + ":" + job.scheme] = {error: String(e && e.message || e).slice(0, 300)};
      document.querySelectorAll("body > [id^=dctp-d-], body > [id^=ctp-d-]").forEach(function (n) { n.remove(); });
    }
  }
  var pre = document.createElement("pre");
  pre.id = "ctp-out";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
"""


@dataclass(frozen=True)
class Drawn:
    """One diagram drawn for both schemes, or why it could not be."""

    svgs: dict[str, str]
    """By scheme; empty when drawing failed."""
    error: str = ""


def _budget(diagrams: int) -> int:
    """Seconds one Chromium gets for a batch: a large flowchart takes about 2 s in both schemes."""
    return min(TIMEOUT, 60 + 10 * diagrams)


def _run_browser(browser: Path, work: Path, url: str, budget: int) -> subprocess.CompletedProcess[str]:
    """Chromium drawing the page, tried twice: now and then a headless Chromium never loads the page and
    sits idle (seen on a large portal's third batch, while the same page drew in 47 s by hand), so one
    that overruns its budget is stopped and started again with a fresh profile before the build fails."""
    for attempt in (1, 2):
        try:
            command = browser_command(
                browser, work / f"profile-{attempt}", "--virtual-time-budget=60000", "--dump-dom", url
            )
            return run(command, budget)
        except subprocess.TimeoutExpired:
            if attempt == 2:
                raise CtoportalError(
                    f"cannot draw the diagrams: {browser} did not finish in {budget} s, twice"
                ) from None
        except OSError as exc:
            raise CtoportalError(f"cannot draw the diagrams: {browser} did not start ({exc})") from None
    raise AssertionError("unreachable")


def draw(texts: dict[str, str], browser: Path) -> dict[str, Drawn]:
    """Draw ``texts`` (by key) in one Chromium process; every result sanitised."""
    if not texts:
        return {}
    configs = {theme: {**MERMAID_CONFIG, "theme": theme} for theme in _THEMES.values()}
    jobs = [
        {
            "key": key,
            "id": f"{key[:12]}-{scheme}",
            "scheme": scheme,
            "theme": _THEMES[scheme],
            "text": for_scheme(text, scheme),
        }
        for key, text in texts.items()
        for scheme in SCHEMES
    ]
    with tempfile.TemporaryDirectory(prefix="ctoportal-diagrams-") as work:
        folder = Path(work) / "page"
        folder.mkdir()
        shutil.copyfile(ensure_asset(MERMAID), folder / "mermaid.min.js")
        (folder / "index.html").write_text(_PAGE.format(), encoding="utf-8")
        # JSON inside a script file: "</script>" cannot end anything there.
        (folder / "draw.js").write_text(_DRAW_JS % (json.dumps(jobs), json.dumps(configs)), encoding="utf-8")
        with served(folder) as base:
            result = _run_browser(browser, Path(work), base + "index.html", _budget(len(texts)))
    match = re.search(r'<pre id="ctp-out">(.*?)</pre>', result.stdout, re.S)
    if result.returncode != 0 or not match:
        detail = (result.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise CtoportalError(f"cannot draw the diagrams: {browser} exited with {result.returncode} ({detail[0]})")
    out = json.loads(html.unescape(match.group(1)))
    drawn: dict[str, Drawn] = {}
    for key in texts:
        svgs: dict[str, str] = {}
        error = ""
        for scheme in SCHEMES:
            entry = out.get(f"{key}:{scheme}") or {"error": "not drawn"}
            if "svg" in entry:
                svgs[scheme] = entry["svg"]  # as mermaid wrote it: cached so, published through publishable()
            else:
                error = entry["error"]
        drawn[key] = Drawn(svgs if not error else {}, error)
    return drawn


# -- cache, site ------------------------------------------------------------------------------------


def _cache_file(cache: Path, key: str) -> Path:
    return cache / key[:2] / f"{key}.json"


def _published(drawn: Drawn) -> Drawn:
    return Drawn({s: publishable(svg) for s, svg in drawn.svgs.items()}, drawn.error)


def batches(texts: dict[str, str], text_limit: int = BATCH_TEXT) -> Iterator[dict[str, str]]:
    """``texts`` in the batches one Chromium draws (``BATCH``, ``text_limit``), in their order."""
    batch: dict[str, str] = {}
    size = 0
    for key, text in texts.items():
        if batch and (len(batch) == BATCH or size + len(text) > text_limit):
            yield batch
            batch, size = {}, 0
        batch[key] = text
        size += len(text)
    if batch:
        yield batch


def drawn_diagrams(texts: dict[str, str], cache: Path, browser: Path) -> tuple[dict[str, Drawn], int]:
    """Every diagram of ``texts`` drawn, from the cache where it can be; and how many were drawn now.
    Each is published as soon as it is read: the drawings as mermaid wrote them (a large portal's are
    tens of MB) are never all held at once."""
    found: dict[str, Drawn] = {}
    missing: dict[str, str] = {}
    for key, text in texts.items():
        try:
            entry = json.loads(_cache_file(cache, key).read_text(encoding="utf-8"))
            found[key] = _published(Drawn({s: entry["svgs"][s] for s in SCHEMES}))
        except (OSError, ValueError, KeyError, TypeError):
            missing[key] = text
    for batch in batches(missing):
        for key, result in draw_into_cache(batch, cache, browser).items():
            found[key] = _published(result)
    return found, len(missing)


def draw_into_cache(batch: dict[str, str], cache: Path, browser: Path) -> dict[str, Drawn]:
    """One batch drawn by one Chromium; each drawing kept in the cache as soon as it is made."""
    drawn = draw(batch, browser)
    for key, result in drawn.items():
        if result.svgs:
            path = _cache_file(cache, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"svgs": result.svgs}), encoding="utf-8")
    return drawn


def missing_from_cache(texts: dict[str, str], cache: Path) -> dict[str, str]:
    return {key: text for key, text in texts.items() if not _cache_file(cache, key).is_file()}


def figure(key: str, drawn: Drawn, page_dest: str) -> str:
    """The HTML that takes a placeholder's place: both drawings (the stylesheet shows the reader's
    scheme), a link to the drawing alone for a full-screen, zoomable view, or a note when it failed."""
    if not drawn.svgs:
        return '<p class="ctp-svg-failed"><em>This diagram could not be drawn (the build said why).</em></p>'
    depth = page_dest.count("/")
    full = "../" * depth + f"assets/ctoportal/diagrams/{key}.svg"
    parts = [f'<div class="ctp-svg ctp-svg-{scheme}">{drawn.svgs[scheme]}</div>' for scheme in SCHEMES]
    return (
        '<div class="ctp-svg-figure">'
        + "".join(parts)
        + f'<p class="ctp-svg-full"><a href="{full}" target="_blank" rel="noopener">'
        "Open this diagram full screen</a></p></div>"
    )


def standalone_svg(svg: str) -> str:
    """The light drawing as a file of its own (opened full screen: the browser zooms it)."""
    svg = (
        re.sub(r"<svg\b", '<svg xmlns="http://www.w3.org/2000/svg"', svg, count=1) if "xmlns=" not in svg[:400] else svg
    )
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + re.sub(
        r"(<svg\b[^>]*?)style=\"([^\"]*)\"", r'\1style="\2;background:#fff"', svg, count=1
    )


def fill_site(site_dir: Path, pages: dict[str, set[str]], drawn: dict[str, Drawn]) -> None:
    """Put the drawings into the pages built with placeholders, and each drawing alone into the site."""
    for dest, keys in pages.items():
        path = site_dir / dest
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        text = _PLACEHOLDER.sub(
            lambda m: figure(m.group("key"), drawn.get(m.group("key"), Drawn({}, "missing")), dest), text
        )
        path.write_text(text, encoding="utf-8")
    folder = site_dir / "assets" / "ctoportal" / "diagrams"
    for key, result in drawn.items():
        if result.svgs:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{key}.svg").write_text(standalone_svg(result.svgs["default"]), encoding="utf-8")


def records_folder(cache: Path) -> Path:
    """Beside the drawings' folder (whose entries only change when drawn): for each kind of build, the keys
    its last whole build used."""
    return cache.parent / "diagram-builds"


RECORD_DAYS = 30
"""A kind of build not made for this long keeps its drawings no more."""


def prune_cache(cache: Path, used: set[str], build_name: str) -> int:
    """Remove the drawings that no recent build uses; returns how many. This build's keys are recorded
    under ``build_name``, so that a client build and an internal build of the same repository, made in
    turn, do not delete each other's drawings."""
    records = records_folder(cache)
    records.mkdir(parents=True, exist_ok=True)
    (records / f"{build_name or 'build'}.json").write_text(json.dumps(sorted(used)), encoding="utf-8")
    keep = set(used)
    for record in records.glob("*.json"):
        try:
            if record.stat().st_mtime < time.time() - RECORD_DAYS * 86400:
                record.unlink()
                continue
            keep.update(str(key) for key in json.loads(record.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            continue  # unreadable: what it named goes unless another record names it
    removed = 0
    for entry in cache.glob("??/*.json"):
        if entry.stem not in keep:
            entry.unlink(missing_ok=True)
            removed += 1
    return removed
