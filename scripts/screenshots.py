"""Screenshots of the built portal for review: overview, board pack, roadmap, risks, vendors and every
diagram page, on a laptop (1440x900) and a phone (390x844), in the light and the dark scheme: the whole
page (NAME-WIDTH[-dark].png) and what the reader sees first (NAME-WIDTH[-dark]-first.png).

    .venv/bin/python scripts/screenshots.py            # builds the demo into a temp folder first
    .venv/bin/python scripts/screenshots.py --site DIR # an already built site
    .venv/bin/python scripts/screenshots.py --language fr --locale fr_CH --page overview --page board-pack
                                                       # the demo in French (NAME-fr-WIDTH[-dark].png)

Writes PNG files into screenshots/ (ignored by git). Uses Debian's /usr/bin/chromium and serves the
site on 127.0.0.1; any request to another host is blocked and reported.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from generator.model.kinds import SOURCE_FOLDERS

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "overview": "",
    "board-pack": "board-pack/",
    "roadmap": "roadmap/",
    "timeline": "roadmap/timeline/",
    "dependencies": "roadmap/dependencies/",
    "traceability": "roadmap/traceability/",
    "risks": "risks/",
    "heatmap": "risks/heatmap/",
    "board-summary": "risks/board-summary/",
    "vendors": "vendors/",
    "spend": "vendors/spend/",
    "renewals": "vendors/renewals/",
    "integrations": "vendors/integrations/",
    "budget": "budget/",
    "compliance": "compliance/",
    "initiative": "roadmap/immutable-backups/",
    "risk": "risks/R-001/",
    "decisions": "decisions/",
    "decision": "decisions/D-004/",
    "plan": "decisions/plan/",
    "due-soon": "decisions/due-soon/",
    "stopped": "decisions/stopped/",
    "value": "decisions/value/",
    "goals": "strategy/goals/",
    "framework": "compliance/hipaa-security/",
    "readiness": "compliance/readiness/",
    "controls": "controls/",
    "control": "controls/awareness-training/",
    "ai-register": "ai/",
    "ai-use": "ai/radiograph-reader-pilot/",
}
SCREENS = {"desktop": (1440, 900), "phone": (390, 844)}
_RENDERED = "() => document.querySelectorAll('article pre.mermaid').length === 0"


def build_demo(into: Path, language: str | None = None, locale: str | None = None) -> Path:
    for name in ("mkdocs.yml", *SOURCE_FOLDERS):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, into / name)
    config = into / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if language:  # the theme's language, as a client's portal sets it: Material's menus and ctoportal's words
        text = text.replace("  name: material\n", f"  name: material\n  language: {language}\n", 1)
    if locale:
        text = text.replace("      currency:", f"      locale: {locale}\n      currency:", 1)
    config.write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=into, check=True)
    return into / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> str:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def shoot(site: Path, out: Path, only: list[str] | None, suffix: str = "") -> list[str]:
    out.mkdir(exist_ok=True)
    base = serve(site)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        runs = [(screen, scheme) for scheme in ("light", "dark") for screen in SCREENS]
        for width_name, scheme in runs:
            width, height = SCREENS[width_name]
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(base)
                    else (problems.append(f"blocked {route.request.url}"), route.abort())
                ),
            )
            page = context.new_page()
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
            for name, path in PAGES.items():
                if only and name not in only:
                    continue
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.wait_for_function(_RENDERED, timeout=30_000)
                page.wait_for_timeout(300)
                target = out / f"{name}{suffix}-{width_name}{'-dark' if scheme == 'dark' else ''}.png"
                page.screenshot(path=str(target), full_page=True)
                page.screenshot(path=str(target.with_name(target.stem + "-first.png")))
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
            context.close()
        browser.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build the demo)")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--page", action="append", choices=sorted(PAGES), help="only these pages")
    parser.add_argument("--language", help="build the demo in this language (theme.language: fr, de, es, nl)")
    parser.add_argument("--locale", help="and write dates, numbers and money as this locale does (fr_CH)")
    args = parser.parse_args()
    if args.site and (args.language or args.locale):
        parser.error("--language and --locale build the demo: not with --site")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_demo(Path(tmp), args.language, args.locale)
        problems = shoot(site, args.out, args.page, f"-{args.language}" if args.language else "")
    for problem in problems:
        print("problem:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
