"""Write the Markdown ctoportal generates for a repository as a plain MkDocs project (not timed).

    python benchmarks/plain_site.py REPO/mkdocs.yml OUT

OUT/mkdocs.yml has the same theme, features, Markdown extensions, scripts, stylesheets, navigation and
plugins (search, mermaid2) that ctoportal sets up, so `mkdocs build` in OUT is the floor a ctoportal
build is compared with: everything but ctoportal's own work.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.mkdocs_plugin.configuration import MARKDOWN_EXTENSIONS, PALETTE, THEME_FEATURES
from generator.render.site import generate, write_tree
from generator.checks.validate import validate_repository


def main(argv: list[str]) -> int:
    config, out = Path(argv[0]), Path(argv[1])
    validation = validate_repository(config)
    if validation.portal is None or validation.problems.errors:
        print("the sources are not valid", file=sys.stderr)
        return 1
    sources = generate(validation.portal)
    docs = out / "docs"
    write_tree(sources, docs)
    for path, css in sources.stylesheets:
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(css, encoding="utf-8")
    # As ctoportal sets it up: mermaid is not in extra_javascript (only pages with a diagram load it), so
    # mermaid2's per-page pass parses the pages with a diagram, not every page.
    scripts = [
        "assets/ctoportal/tablesort.min.js",
        "assets/ctoportal/tablesort.number.min.js",
        "assets/ctoportal/ctoportal.js",
    ]
    css = ["assets/ctoportal/ctoportal.css", *(path for path, _ in sources.stylesheets)]
    extensions = [{name: options} for name, options in MARKDOWN_EXTENSIONS.items()]
    # JSON is YAML; the mermaid fence needs a Python name, added as a YAML line after it.
    text = "\n".join(
        [
            "site_name: plain",
            "docs_dir: docs",
            "theme: " + json.dumps({"name": "material", "features": THEME_FEATURES, "font": False, "palette": PALETTE}),
            "plugins: "
            + json.dumps(["search", {"mermaid2": {"arguments": {"securityLevel": "strict", "startOnLoad": False}}}]),
            "extra_javascript: " + json.dumps(scripts),
            "extra_css: " + json.dumps(css),
            "nav: " + json.dumps(sources.nav.to_mkdocs()),
            "markdown_extensions: ",
            *(f"  - {json.dumps(e)}" for e in extensions),
            "  - pymdownx.superfences:",
            "      custom_fences:",
            "        - name: mermaid",
            "          class: mermaid",
            "          format: !!python/name:mermaid2.fence.fence_mermaid_custom",
            "",
        ]
    )
    (out / "mkdocs.yml").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
