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
every SVG then goes through ``sanitise_svg`` (an allowlist of SVG elements and attributes, no script,
no event handler, no link off the site): one that does not pass is not published and the page says
so. Decision and figures: docs/diagrams.md.
"""

from __future__ import annotations

import colorsys
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nh3

from generator.output.board_pack_pdf import _served, find_chromium
from generator.output.vendored_assets import MERMAID, ensure_asset
from generator.problems import CtoportalError

CACHE_DIR = Path(".cache") / "ctoportal" / "diagrams"
"""Where drawn diagrams are kept, relative to the folder of ``mkdocs.yml``."""
TIMEOUT = 600
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


# -- colours per scheme ---------------------------------------------------------------------------

_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def _rgb(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _hex(rgb: Iterable[float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def _relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_relative_luminance(_rgb(a)), _relative_luminance(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _with_lightness(colour: str, lightness: float, saturation: float | None = None) -> str:
    h, _l, s = colorsys.rgb_to_hls(*_rgb(colour))
    return _hex(colorsys.hls_to_rgb(h, lightness, s if saturation is None else min(s, saturation)))


def dark_class_style(style: str) -> str:
    """A ``classDef`` style for the dark scheme: the same hue (the colour's meaning), a dark fill, a
    light label and a stroke light enough to stand out on both the fill and the page."""
    parts = [p.strip() for p in style.split(",") if p.strip()]
    props = dict(p.split(":", 1) for p in parts if ":" in p)
    hue_from = props.get("stroke") or props.get("fill") or "#90a4ae"
    if not _HEX.fullmatch(hue_from.strip()):
        return style  # not a colour we can adapt (a name, a variable): left as written
    out = []
    for part in parts:
        name, _, value = part.partition(":")
        if name == "fill" and _HEX.fullmatch(value.strip()):
            value = _with_lightness(hue_from, 0.17, 0.55)
        elif name == "stroke" and _HEX.fullmatch(value.strip()):
            value = _with_lightness(hue_from, 0.66)
        elif name == "color" and _HEX.fullmatch(value.strip()):
            value = _with_lightness(hue_from, 0.93, 0.5)
        out.append(f"{name}:{value}")
    return ",".join(out)


_CLASSDEF = re.compile(r"^(?P<head>\s*classDef\s+\S+\s+)(?P<style>.*)$", re.M)
_LINKSTYLE = re.compile(r"^(?P<head>\s*linkStyle\s+\S+\s+)(?P<style>.*)$", re.M)


def for_scheme(text: str, scheme: str) -> str:
    """The diagram's text as drawn for ``scheme``: in the dark one, class and line colours adapted."""
    if scheme == "default":
        return text
    text = _CLASSDEF.sub(lambda m: m.group("head") + dark_class_style(m.group("style")), text)
    return _LINKSTYLE.sub(lambda m: m.group("head") + re.sub(
        r"stroke:(#[0-9a-fA-F]{3,6})", lambda s: "stroke:" + _with_lightness(s.group(1), 0.66), m.group("style")), text)


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


def _browser_command(browser: Path, profile: str, url: str) -> list[str]:
    command = [str(browser), "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-extensions", f"--user-data-dir={profile}",
               "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
               "--virtual-time-budget=60000", "--dump-dom", url]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")
    return command


def draw(texts: dict[str, str], browser: Path) -> dict[str, Drawn]:
    """Draw ``texts`` (by key) in one Chromium process; every result sanitised."""
    if not texts:
        return {}
    configs = {theme: {**MERMAID_CONFIG, "theme": theme} for theme in _THEMES.values()}
    jobs = [{"key": key, "id": f"{key[:12]}-{scheme}", "scheme": scheme, "theme": _THEMES[scheme],
             "text": for_scheme(text, scheme)}
            for key, text in texts.items() for scheme in SCHEMES]
    with tempfile.TemporaryDirectory(prefix="ctoportal-diagrams-") as work:
        folder = Path(work) / "page"
        folder.mkdir()
        shutil.copyfile(ensure_asset(MERMAID), folder / "mermaid.min.js")
        (folder / "index.html").write_text(_PAGE.format(), encoding="utf-8")
        # JSON inside a script file: "</script>" cannot end anything there.
        (folder / "draw.js").write_text(_DRAW_JS % (json.dumps(jobs), json.dumps(configs)), encoding="utf-8")
        profile = Path(work) / "profile"
        with _served(folder) as base:
            try:
                result = subprocess.run(_browser_command(browser, str(profile), base + "index.html"),
                                        capture_output=True, text=True, timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                raise CtoportalError(f"cannot draw the diagrams: {browser} did not finish in {TIMEOUT} s") from None
            except OSError as exc:
                raise CtoportalError(f"cannot draw the diagrams: {browser} did not start ({exc})") from None
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


_GEOMETRY = re.compile(r'(?P<name> (?:d|points|transform))="(?P<value>[^"]*)"')


def _rounded(svg: str) -> str:
    """Coordinates to one decimal (mermaid writes fifteen): a third of the bytes, the same picture."""
    return _GEOMETRY.sub(lambda m: f'{m.group("name")}="' + re.sub(r"(\.\d)\d+", r"\1", m.group("value")) + '"', svg)


_ENTITY = re.compile(r"&amp;#(\d{1,7});")


def _entities_as_text(svg: str) -> str:
    """Our labels carry every character but letters, digits and spaces as a mermaid entity code
    (``#183;``); mermaid turns it into ``&#183;`` meant for HTML, which in an SVG text (no HTML labels)
    it writes as those six characters. Given back as a character reference: text, never markup
    (a source ``&`` is itself a code, so this never decodes what the source wrote)."""
    return _ENTITY.sub(lambda m: f"&#{m.group(1)};" if int(m.group(1)) <= 0x10FFFF else m.group(0), svg)


MIN_SCALE = 0.8
"""Labels are drawn at 14 px: a diagram shrinks to fit its column down to this scale (11.2 px text),
then scrolls in its own box instead."""
_ROOT = re.compile(r"<svg\b[^>]*>")


def _sized(svg: str) -> str:
    """The root element sized from its viewBox: full width up to its drawn size, never below
    ``MIN_SCALE`` of it (mermaid's own ``width="100%"`` lets a phone shrink labels to 4 px)."""
    root = _ROOT.match(svg)
    box = re.search(r'viewbox="([^"]*)"', root.group(0), re.I) if root else None
    try:
        width = float(box.group(1).split()[2]) if box else 0.0
    except (IndexError, ValueError):
        width = 0.0
    if not root or width <= 0:
        return svg
    tag = re.sub(r'\s(?:width|style)="[^"]*"', "", root.group(0))
    tag = tag[:-1] + f' style="max-width:{width:.0f}px;min-width:{width * MIN_SCALE:.0f}px">'
    return tag + svg[root.end():]


# -- what may be in a published SVG -----------------------------------------------------------------

_SVG_TAGS = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
             "marker", "defs", "style", "title", "desc", "clipPath", "linearGradient", "stop",
             # HTML labels (mermaid wraps them there): text in a few plain elements.
             "foreignObject", "div", "span", "p", "br", "b", "strong", "i", "em"}
_SVG_ATTRIBUTES = {"id", "class", "style", "transform", "d", "x", "y", "x1", "x2", "y1", "y2", "dx", "dy", "cx",
                   "cy", "r", "rx", "ry", "width", "height", "viewBox", "points", "fill", "stroke",
                   "stroke-width", "stroke-dasharray", "fill-opacity", "stroke-opacity", "opacity",
                   "text-anchor", "dominant-baseline", "alignment-baseline", "font-size", "font-family",
                   "font-weight", "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits",
                   "role", "aria-roledescription", "aria-labelledby", "aria-describedby", "xmlns",
                   "preserveAspectRatio", "offset", "stop-color", "clip-path", "marker-end", "marker-start",
                   "stroke-linecap", "stroke-linejoin", "xmlns"}


def _style_is_safe(css: str) -> bool:
    """No import, no URL other than a reference inside the SVG itself, no expression/behaviour."""
    lowered = css.lower()
    if "@import" in lowered or "expression(" in lowered or "behavior" in lowered or "javascript:" in lowered:
        return False
    return all(re.fullmatch(r"\s*['\"]?#[A-Za-z0-9_-]+['\"]?\s*", u) for u in re.findall(r"url\(([^)]*)\)", lowered))


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "style" and not _style_is_safe(value):
        return None
    if attribute in ("marker-end", "marker-start", "clip-path") and not _style_is_safe(value):
        return None
    return value


def publishable(svg: str) -> str:
    """An SVG as mermaid wrote it, as the site publishes it: sanitised (every time, also from the cache,
    a file anyone on the machine could edit), smaller, labels as text, sized."""
    return _sized(_entities_as_text(sanitise_svg(_rounded(svg))))


def sanitise_svg(svg: str) -> str:
    """An SVG mermaid drew, reduced to the allowlist (nh3, as for every page): what is left draws and
    can do nothing else. A ``<style>`` is kept only if its rules fetch nothing."""
    for block in re.findall(r"<style[^>]*>(.*?)</style>", svg, re.S | re.I):
        if not _style_is_safe(block):
            svg = svg.replace(block, "")
    attributes = {tag: set(_SVG_ATTRIBUTES) for tag in _SVG_TAGS}
    return nh3.clean(svg, tags=_SVG_TAGS, attributes=attributes, clean_content_tags={"script"},
                     attribute_filter=_filter, url_schemes=set(), strip_comments=True, link_rel=None)


# -- cache, site ------------------------------------------------------------------------------------


def _cache_file(cache: Path, key: str) -> Path:
    return cache / key[:2] / f"{key}.json"


def drawn_diagrams(texts: dict[str, str], cache: Path, browser: Path) -> tuple[dict[str, Drawn], int]:
    """Every diagram of ``texts`` drawn, from the cache where it can be; and how many were drawn now."""
    found: dict[str, Drawn] = {}
    missing: dict[str, str] = {}
    for key, text in texts.items():
        try:
            entry = json.loads(_cache_file(cache, key).read_text(encoding="utf-8"))
            found[key] = Drawn({s: entry["svgs"][s] for s in SCHEMES})
        except (OSError, ValueError, KeyError, TypeError):
            missing[key] = text
    drawn = draw(missing, browser)
    for key, result in drawn.items():
        found[key] = result
        if result.svgs:
            path = _cache_file(cache, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"svgs": result.svgs}), encoding="utf-8")
    return {key: Drawn({s: publishable(svg) for s, svg in d.svgs.items()}, d.error)
            for key, d in found.items()}, len(missing)


def figure(key: str, drawn: Drawn, page_dest: str) -> str:
    """The HTML that takes a placeholder's place: both drawings (the stylesheet shows the reader's
    scheme), a link to the drawing alone for a full-screen, zoomable view, or a note when it failed."""
    if not drawn.svgs:
        return '<p class="ctp-svg-failed"><em>This diagram could not be drawn (the build said why).</em></p>'
    depth = page_dest.count("/")
    full = "../" * depth + f"assets/ctoportal/diagrams/{key}.svg"
    parts = [f'<div class="ctp-svg ctp-svg-{scheme}">{drawn.svgs[scheme]}</div>' for scheme in SCHEMES]
    return ('<div class="ctp-svg-figure">' + "".join(parts)
            + f'<p class="ctp-svg-full"><a href="{full}" target="_blank" rel="noopener">'
            'Open this diagram full screen</a></p></div>')


def standalone_svg(svg: str) -> str:
    """The light drawing as a file of its own (opened full screen: the browser zooms it)."""
    svg = re.sub(r"<svg\b", '<svg xmlns="http://www.w3.org/2000/svg"', svg, count=1) if "xmlns=" not in svg[:400] \
        else svg
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + re.sub(
        r"(<svg\b[^>]*?)style=\"([^\"]*)\"", r'\1style="\2;background:#fff"', svg, count=1)


def fill_site(site_dir: Path, pages: dict[str, set[str]], drawn: dict[str, Drawn]) -> None:
    """Put the drawings into the pages built with placeholders, and each drawing alone into the site."""
    for dest, keys in pages.items():
        path = site_dir / dest
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        text = _PLACEHOLDER.sub(lambda m: figure(m.group("key"), drawn.get(m.group("key"), Drawn({}, "missing")),
                                                 dest), text)
        path.write_text(text, encoding="utf-8")
    folder = site_dir / "assets" / "ctoportal" / "diagrams"
    for key, result in drawn.items():
        if result.svgs:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{key}.svg").write_text(standalone_svg(result.svgs["default"]), encoding="utf-8")


def chromium_or_none() -> Path | None:
    try:
        return find_chromium()
    except CtoportalError:
        return None


def script_tag(page_dest: str) -> str:
    return f'<script src="{"../" * page_dest.count("/")}{MERMAID.site_path}"></script>'


def with_script(page_html: str, page_dest: str) -> str:
    """The browser route: mermaid for this page only, at the end of mkdocs-material's ``<main>``: inside
    the container whose scripts instant navigation runs (and waits for) before the page's diagrams are
    drawn, outside the article (where no script ever is)."""
    head, found, tail = page_html.rpartition("</main>")
    if not found:
        return page_html.replace("</body>", script_tag(page_dest) + "</body>", 1)
    return head + script_tag(page_dest) + "</main>" + tail


class DiagramDelivery:
    """How a build's diagrams reach the reader: drawn here as SVG, or by mermaid in the reader's browser
    on the pages that have them (item pages, whose small diagrams are many; or every page when there is
    no Chromium). Pages without a diagram get no diagram code either way."""

    def __init__(self, root: Path, browser: Path | None, browser_pages: Iterable[str] = (),
                 only_cached: bool = False) -> None:
        self.cache = root / CACHE_DIR
        self.browser = browser
        self.browser_pages = frozenset(browser_pages)
        """Source paths (``risks/R-001.md``) whose diagrams the reader's browser draws."""
        self.only_cached = only_cached
        """``ctoportal serve`` after a save: no Chromium is started; a page with a diagram the cache does
        not hold (its text changed) has all its diagrams drawn by the reader's browser instead."""
        self.texts: dict[str, str] = {}
        self.pages: dict[str, set[str]] = {}
        self.scripted: set[str] = set()
        """Pages whose diagrams the reader's browser draws (by destination path)."""
        self.drawn_now = 0
        self.failed: list[str] = []

    def page(self, html_text: str, src_path: str, dest_path: str) -> str:
        if '<pre class="mermaid">' not in html_text:
            return html_text
        if self.browser is None or src_path in self.browser_pages:
            self.scripted.add(dest_path)
            return html_text
        found: dict[str, str] = {}
        taken = take_diagrams(html_text, found)
        if self.only_cached and not all(_cache_file(self.cache, key).is_file() for key in found):
            self.scripted.add(dest_path)
            return html_text
        html_text = taken
        self.texts.update(found)
        self.pages.setdefault(dest_path, set()).update(found)
        return html_text

    def page_done(self, page_html: str, dest_path: str) -> str:
        return with_script(page_html, dest_path) if dest_path in self.scripted else page_html

    def finish(self, site_dir: Path) -> None:
        """Draw what the cache does not hold and put every drawing in its page."""
        if not self.pages:
            return
        assert self.browser is not None
        drawn, self.drawn_now = drawn_diagrams(self.texts, self.cache, self.browser)
        self.failed = [f"{', '.join(sorted(d for d, keys in self.pages.items() if key in keys))}: {result.error}"
                       for key, result in drawn.items() if not result.svgs]
        fill_site(site_dir, self.pages, drawn)
        self.texts, self.pages = {}, {}
