"""What leaves the build: byte-identical for the same commit and SOURCE_DATE_EPOCH, and nothing in any
page or stylesheet that would make a browser fetch from another host."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import run_ctoportal

_CSS_URL = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*['"]?([^'")\s]+)""", re.I)
_JS_IMPORT = re.compile(r"""\bimport\s*(?:\(|[^'"]*from\s*)\s*['"]([^'"]+)['"]""")


def _fetches(site: Path):
    """Every URL a browser would load from the built site: resources, not links a reader may follow."""
    for html in site.rglob("*.html"):
        doc = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in doc.find_all(["script", "img", "iframe", "source", "audio", "video", "embed", "object"]):
            for attr in ("src", "data", "srcset"):
                if tag.get(attr):
                    yield html, tag[attr]
        for link in doc.find_all("link"):
            rel = " ".join(link.get("rel", []))
            if rel not in ("canonical", "alternate", "author", "license", "next", "prev") and link.get("href"):
                yield html, link["href"]
        for style in doc.find_all("style"):
            for url in _CSS_URL.findall(style.get_text()):
                yield html, url
        for tag in doc.find_all(style=True):
            for url in _CSS_URL.findall(tag["style"]):
                yield html, url
        for script in doc.find_all("script", src=False):
            for url in _JS_IMPORT.findall(script.get_text()):
                yield html, url
    for css in site.rglob("*.css"):
        for url in _CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            yield css, url


@pytest.mark.slow
def test_no_page_or_stylesheet_fetches_from_another_host(demo_site):
    offsite = [
        (str(p.relative_to(demo_site)), url)
        for p, url in _fetches(demo_site)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I) and not url.startswith("data:")
    ]
    assert offsite == []


@pytest.mark.slow
def test_no_google_fonts_or_cdn_anywhere_in_pages(demo_site):
    for html in demo_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for host in ("fonts.googleapis", "fonts.gstatic", "unpkg.com", "jsdelivr", "cdnjs", "googletagmanager"):
            assert host not in text, (html, host)


def _digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_same_commit_and_epoch_build_byte_identical(demo_copy, tmp_path):
    sites = []
    for name, seed in (("one", "1"), ("two", "2")):  # other hash seeds, as on another machine: no set order shows
        root = tmp_path / name
        shutil.copytree(demo_copy, root, ignore=shutil.ignore_patterns("site"))
        result = run_ctoportal(
            "build", "-d", "site", cwd=root, env={"SOURCE_DATE_EPOCH": "1790000000", "PYTHONHASHSEED": seed}
        )
        assert result.returncode == 0, result.stderr[-2000:]
        sites.append(_digest(root / "site"))
    assert sites[0] == sites[1]


@pytest.mark.slow
def test_env_values_in_mkdocs_yml_need_the_allowlist(make_repo):
    from conftest import MINIMAL_MKDOCS

    config = MINIMAL_MKDOCS.replace(
        "site_name: Test portal", "site_name: Test portal\nsite_author: !ENV [DEPLOY_TOKEN, nobody]"
    )
    root = make_repo({}, mkdocs_yml=config)
    result = run_ctoportal("validate", cwd=root, env={"DEPLOY_TOKEN": "s3cret"})
    assert (
        "mkdocs.yml:2:14: error: !ENV DEPLOY_TOKEN would publish the value of an environment variable" in result.stdout
    )
    assert run_ctoportal("build", "-d", "site", cwd=root, env={"DEPLOY_TOKEN": "s3cret"}).returncode == 1
    assert not (root / "site").exists()
    allowed = config.replace("      today: 2026-11-20", "      today: 2026-11-20\n      env_allowlist: [DEPLOY_TOKEN]")
    (root / "mkdocs.yml").write_text(allowed)
    assert run_ctoportal("validate", cwd=root).returncode == 0


def test_csp_allows_only_the_theme_inline_scripts(tmp_path):
    from generator.output.site_policy import harden_site

    (tmp_path / "index.html").write_text(
        '<html><head><script>__md_scope=new URL(".",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
        '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,'
        'a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script></head><body>'
        "<h1>x</h1><script>alert(1)</script></body></html>"
    )
    unknown = harden_site(tmp_path)
    assert unknown == ["index.html: 'alert(1)'"]
    html = (tmp_path / "index.html").read_text()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert policy.count("'sha256-") == 1  # the theme's script only; the injected one stays blocked
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert (tmp_path / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
