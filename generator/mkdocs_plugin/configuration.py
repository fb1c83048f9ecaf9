"""What the portal sets in MkDocs' configuration, wherever the user has not: Markdown extensions, the theme's
features, palette and language, self-hosted scripts and styles, mermaid2's settings, the version selector,
and the page of problems a served site shows instead of the portal."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.config_options import ExtraScriptValue

from generator.model import i18n
from generator.model.i18n import N_
from generator.output.diagram_delivery import DiagramDelivery
from generator.output.vendored_assets import MERMAID
from generator.render.site import SiteSources

MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": True},
    "tables": {},
    "attr_list": {},
    "md_in_html": {},
    "admonition": {},
    "pymdownx.details": {},
}
THEME_FEATURES = [
    "navigation.tabs",
    "navigation.indexes",
    "navigation.top",
    "navigation.instant",
    "navigation.footer",
    "toc.follow",
    "search.highlight",
    "content.tooltips",
]
PALETTE: list[dict[str, Any]] = [
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-night", "name": N_("Switch to dark mode")},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-sunny", "name": N_("Switch to light mode")},
    },
]


def _theme_speaks(config, language: str | None) -> None:
    """Material's own words (Search, Table of contents, the lang of every page) follow ``theme.language``:
    when only the plugin's ``language`` is set, the theme speaks it too. A theme.language the user wrote
    is left alone, and so is a language Material has no words for (it would fail to build)."""
    if not language or config.theme.get("name") != "material":
        return
    if any(isinstance(u.get("theme"), dict) and "language" in u["theme"] for u in config.user_configs):
        return
    code = language.strip().replace("_", "-")
    for candidate in (code, code.split("-", 1)[0].lower()):
        if any((Path(d) / "partials" / "languages" / f"{candidate}.html").is_file() for d in config.theme.dirs):
            config.theme["language"] = candidate
            return


def _set_up(config, sources: SiteSources) -> None:
    """Fill in what the portal needs, leaving alone whatever the user configured."""
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, options)
    _set_up_mermaid_fence(config)
    theme = config.theme
    features = theme.get("features") or []
    theme["features"] = features + [f for f in THEME_FEATURES if f not in features]
    if theme.get("name") == "material":
        theme["font"] = False  # no Google Fonts: the portal makes no third-party request
        if not theme.get("palette"):
            # the toggle's name is shown as its tooltip: in the portal's language (set up inside the build's)
            theme["palette"] = [
                {**p, "toggle": {**p["toggle"], "name": i18n.gettext(p["toggle"]["name"])}} for p in PALETTE
            ]
    if not config.nav:
        config.nav = sources.nav.to_mkdocs()
    scripts = {str(s) for s in config.extra_javascript}
    # Not mermaid: only the pages with diagrams drawn in the browser load it (DiagramDelivery).
    for path in (
        "assets/ctoportal/tablesort.min.js",
        "assets/ctoportal/tablesort.number.min.js",
        "assets/ctoportal/ctoportal.js",
    ):
        if path not in scripts:
            config.extra_javascript.append(ExtraScriptValue(path))
    if "assets/ctoportal/ctoportal.css" not in config.extra_css:
        config.extra_css.append("assets/ctoportal/ctoportal.css")
    for path, _css in sources.stylesheets:
        if path not in config.extra_css:
            config.extra_css.append(path)
    mermaid2 = config.plugins.get("mermaid2")
    if mermaid2 is not None:
        arguments = mermaid2.config.setdefault("arguments", {})
        arguments.setdefault("securityLevel", "strict")
        arguments.setdefault("startOnLoad", False)
        # mermaid2 adds its own mermaid (from a CDN) to each page with a diagram unless it finds one in
        # extra_javascript; ours is in those pages' content instead (see DiagramDelivery.page).
        mermaid2._extra_javascript = MERMAID.site_path


def _take_over_mermaid2_pass(config, diagrams: DiagramDelivery | None) -> None:
    """mermaid2's per-page pass parses and re-serialises with BeautifulSoup every page that mentions
    "mermaid" (each item page: a third of a build's time) only to append its configuration script to the
    pages with diagrams drawn in the browser. ``DiagramDelivery`` appends that same script to exactly
    those pages, so the pass is taken out of this build's events."""
    mermaid2 = config.plugins.get("mermaid2")
    if (
        diagrams is None
        or mermaid2 is None
        or not mermaid2.activate_custom_loader
        or mermaid2.extra_javascript != MERMAID.site_path
    ):
        return
    mermaid2.mermaid_args["startOnLoad"] = False  # as mermaid2's pass sets it with its custom loader
    diagrams.browser_config = _mermaid2_scripts(config)[0]
    events = config.plugins.events["post_page"]
    if mermaid2.on_post_page in events:
        events.remove(mermaid2.on_post_page)


def _mermaid2_scripts(config) -> tuple[str, ...]:
    """The exact inline script mermaid2 writes on a page with a diagram (its settings as JavaScript)."""
    mermaid2 = config.plugins.get("mermaid2")
    if mermaid2 is None:
        return ()
    from mermaid2 import pyjs

    return (f"window.mermaidConfig = {{default: {pyjs.dumps(mermaid2.mermaid_args)}}};",)


THEME_OVERRIDES = Path(__file__).parent.parent / "output" / "theme_overrides"
THEME_PROBLEMS = Path(__file__).parent.parent / "output" / "theme_problems"


def _show_problems(config, problems) -> None:
    """Every page of the served site becomes the list of problems (see theme_problems/404.html)."""
    config.extra["ctoportal_problems"] = [
        {"where": f"{p.path}:{p.position.line}:{p.position.col}", "message": p.message, "hint": p.hint}
        for p in problems.errors
    ]
    config.nav = []
    config.theme.dirs.insert(0, str(THEME_PROBLEMS))


def _set_up_version_selector(config, version: str | None, as_of: str) -> None:
    """A build for a published version (``ctoportal publish`` and mike set MIKE_DOCS_VERSION) gets
    material's version selector, a note of the version on every page and a banner on older versions."""
    if not version:
        return
    if config.site_url and "mike" not in config.plugins:
        # As mike's own plugin does: canonical links and the sitemap point into the version's folder
        # (material's selector uses the sitemap to stay on the same page when switching versions).
        config.site_url = urljoin(config.site_url, f"{version}/")
    if config.theme.name != "material":
        return
    if "version" not in config.extra:
        config.extra["version"] = {"provider": "mike", "default": "latest", "alias": True}
    config.extra["ctoportal_version"] = {"name": version, "as_of": as_of}
    # After the user's custom_dir, so their own main.html still wins.
    config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))


def _set_up_mermaid_fence(config) -> None:
    from mermaid2.fence import fence_mermaid_custom  # only the MkDocs adapter knows about mermaid2

    if "pymdownx.superfences" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.superfences")
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = superfences.setdefault("custom_fences", [])
    if not any(f.get("name") == "mermaid" for f in fences):
        fences.append({"name": "mermaid", "class": "mermaid", "format": fence_mermaid_custom})
