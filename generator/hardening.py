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
from pathlib import Path

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_MARKER = '<meta name="ctoportal-hardened">'
_KNOWN_INLINE = re.compile(r"""(?:var palette=__md_get\("__palette"\);"""
                           r"""|var target=document\.getElementById\(location\.hash\.slice\(1\)\);"""
                           r"""|__md_scope=new URL\("[./]*",location\),__md_hash="""
                           r"""|var el=document\.querySelector\("\[data-md-component=outdated\]"\),base=new URL\("""
                           r"""|window\.mermaidConfig = \{default: \{)""")


def _policy(hashes: set[str]) -> str:
    scripts = " ".join(f"'sha256-{h}'" for h in sorted(hashes))
    return ("default-src 'self'; "
            f"script-src 'self' {scripts}; "
            "style-src 'self' 'unsafe-inline'; "  # mermaid styles its SVGs inline
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'")


def harden_site(site_dir: Path, content_security_policy: bool = True) -> list[str]:
    """Harden every page; returns where an unknown inline script was found (it stays blocked)."""
    pages = sorted(site_dir.rglob("*.html"))
    hashes: set[str] = set()
    unknown: list[str] = []
    texts = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if _MARKER in text:
            continue
        texts[page] = text
        for match in _INLINE_SCRIPT.finditer(text):
            if "application/json" in match.group("attrs"):
                continue  # data, never run
            if not _KNOWN_INLINE.match(match.group("body")):
                unknown.append(f"{page.relative_to(site_dir).as_posix()}: {match.group('body')[:60]!r}")
                continue
            digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
            hashes.add(base64.b64encode(digest).decode("ascii"))
    # A link to another site must not tell it which page of the portal the reader came from (page
    # addresses name risks and vendors): no Referer leaves the site.
    head = [_MARKER, '<meta name="robots" content="noindex, nofollow">', '<meta name="referrer" content="same-origin">']
    if content_security_policy:
        head.append(f'<meta http-equiv="Content-Security-Policy" content="{_policy(hashes)}">')
    insert = "".join(head)
    for page, text in texts.items():
        # Right after <head>, so the policy applies before any script or stylesheet in it.
        page.write_text(re.sub(r"<head>", "<head>" + insert, text, count=1, flags=re.I), encoding="utf-8")
    (site_dir / "robots.txt").write_text(ROBOTS_TXT, encoding="utf-8")
    return unknown
