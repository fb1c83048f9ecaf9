"""What every built portal carries, whatever generator wrote it: ``noindex`` (a client's strategy is
not for search engines), a robots.txt, no Referer to other sites, and a Content-Security-Policy that
the site itself satisfies.

The policy is the same on every page (pages are swapped in place by instant navigation), so it is
written after the whole site is built. It allows by hash only the inline scripts the theme and
mermaid2 are known to write: any other inline script (one that slipped in from source text) stays
blocked by the policy and is reported.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_MARKER = '<meta name="ctoportal-hardened">'
_MARKER_END = '<meta name="ctoportal-hardened-end">'
_OURS = re.compile(re.escape(_MARKER) + r".*?" + re.escape(_MARKER_END), re.S)
_PATH = r"[A-Za-z0-9._~/%-]*"
"""The variable part of the theme's scripts: a URL path (``../..``, ``/``), which cannot end a JS string."""
# The whole text of each inline script mkdocs-material 9.x writes that the portal needs (copied from its
# templates: partials/javascripts/base.html, palette.html, content.html, outdated.html, and our own
# outdated.html), with the relative path as the only variable part. A script must match one entirely.
_KNOWN_TEXTS = (
    '__md_scope=new URL("{PATH}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}',
    'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media)'
    '{var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?'
    "\"[data-md-color-media='(prefers-color-scheme: light)']\":\"[data-md-color-media='(prefers-color-scheme: dark)']\");"
    'palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute('
    '"data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent='
    'input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))'
    'document.body.setAttribute("data-md-color-"+key,value)}',
    "var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
    '(target.checked=target.name.startsWith("__tabbed_"))',
    'var el=document.querySelector("[data-md-component=outdated]"),base=new URL("{PATH}"),'
    'outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)',
    'var el=document.querySelector("[data-md-component=outdated]"),base=new URL("{PATH}",location),'
    'outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)',
)
_KNOWN_INLINE = re.compile(
    "(?:" + "|".join(re.escape(t).replace(re.escape("{PATH}"), _PATH) for t in _KNOWN_TEXTS) + r")\Z"
)


def _without_ours(text: str) -> str:
    """The page without what an earlier run inserted, recognised only right after the first <head>
    (where we put it and page text cannot be): a marker anywhere else in the page means nothing."""
    head = re.search(r"<head>", text, re.I)
    ours = _OURS.match(text, head.end()) if head else None
    return text[: head.end()] + text[ours.end() :] if head and ours else text


def _policy(hashes: set[str]) -> str:
    scripts = " ".join(f"'sha256-{h}'" for h in sorted(hashes))
    return (
        "default-src 'self'; "
        f"script-src 'self' {scripts}; "
        "style-src 'self' 'unsafe-inline'; "  # mermaid styles its SVGs inline
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )


def _pages(site_dir: Path, written_since: int | None = None) -> Iterator[tuple[Path, str]]:
    """Each page of the site with its text, one at a time (a large site is never held in memory);
    with ``written_since`` (nanoseconds), only the pages written since."""
    for page in sorted(site_dir.rglob("*.html")):
        if written_since is not None and page.stat().st_mtime_ns < written_since:
            continue
        text = _without_ours(page.read_text(encoding="utf-8"))
        yield page, text


def harden_site(
    site_dir: Path,
    content_security_policy: bool = True,
    also_known: tuple[str, ...] = (),
    written_since: int | None = None,
) -> list[str]:
    """Harden every page, every time; returns where an unknown inline script was found (it stays blocked).

    ``written_since`` (nanoseconds; ``ctoportal serve``, which writes no policy): only the pages written
    since then, the others being as an earlier run left them. Earlier is always safe (more work).

    ``also_known``: the exact texts of other inline scripts to allow (mermaid2's configuration, which
    the caller computes from mermaid2's own settings). A page hardened before (``mkdocs serve --dirty``
    keeps unchanged pages) has what we inserted right after ``<head>`` replaced, never skipped.

    Two passes, page by page: the policy (the same on every page) needs every page's scripts first,
    so the pages are read once to collect them and again to write them, never all held at once."""
    # The one policy of every page needs every page's scripts.
    written_since = None if content_security_policy else written_since
    hashes: set[str] = set()
    unknown: list[str] = []
    for page, text in _pages(site_dir, written_since):
        for match in _INLINE_SCRIPT.finditer(text):
            if "application/json" in match.group("attrs"):
                continue  # data, never run
            if not _KNOWN_INLINE.match(match.group("body")) and match.group("body") not in also_known:
                unknown.append(f"{page.relative_to(site_dir).as_posix()}: {match.group('body')[:60]!r}")
                continue
            digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
            hashes.add(base64.b64encode(digest).decode("ascii"))
    # A link to another site must not tell it which page of the portal the reader came from (page
    # addresses name risks and vendors): no Referer leaves the site.
    head = [_MARKER, '<meta name="robots" content="noindex, nofollow">', '<meta name="referrer" content="same-origin">']
    if content_security_policy:
        head.append(f'<meta http-equiv="Content-Security-Policy" content="{_policy(hashes)}">')
    insert = "".join(head) + _MARKER_END
    for page, text in _pages(site_dir, written_since):
        # Right after <head>, so the policy applies before any script or stylesheet in it.
        page.write_text(re.sub(r"<head>", "<head>" + insert, text, count=1, flags=re.I), encoding="utf-8")
    (site_dir / "robots.txt").write_text(ROBOTS_TXT, encoding="utf-8")
    return unknown
