"""Shared fixtures: small client repositories in temp dirs, the demo built for real, a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from generator.model.kinds import SOURCE_FOLDERS

from cli_process import run_forked

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

MINIMAL_MKDOCS = """\
site_name: Test portal
docs_dir: strategy
theme:
  name: material
plugins:
  - search
  - ctoportal:
      client: Test Client
      today: 2026-11-20
  - mermaid2
"""


def write_repo(root: Path, files: dict[str, str], mkdocs_yml: str = MINIMAL_MKDOCS) -> Path:
    """A client repository: mkdocs.yml plus the given source files (dedented)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    for folder in ("strategy", "roadmap", "risks", "vendors"):
        (root / folder).mkdir(exist_ok=True)
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def make_repo(tmp_path):
    return functools.partial(write_repo, tmp_path / "client")


def run_ctoportal(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m generator.cli ARGS``: a child forked from a helper that has the command imported, as
    good as a fresh interpreter and much cheaper (tests/cli_process.py says how, and when it starts a
    fresh interpreter instead)."""
    forked = run_forked(args, cwd, {**os.environ, **(env or {})}, timeout=600)
    if forked is not None:
        return forked
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def run_mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m mkdocs ARGS``, the plugin loaded by its entry point: run as ``run_ctoportal`` runs."""
    forked = run_forked(args, cwd, dict(os.environ), timeout=600, module="mkdocs")
    if forked is not None:
        return forked
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def demo_copy(tmp_path_factory) -> Path:
    """A copy of the demo client (the repository root's sources), safe to build into."""
    root = tmp_path_factory.mktemp("demo") / "client"
    root.mkdir()
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in SOURCE_FOLDERS:  # every kind's folder: decisions/, actions/, controls/, ai/, frameworks/ too
        shutil.copytree(REPO_ROOT / folder, root / folder)
    return root


@pytest.fixture(scope="session")
def demo_site(demo_copy) -> Path:
    """The demo portal built once with ``mkdocs build --strict``, as a user would."""
    result = run_mkdocs("build", "--strict", "-d", "site", cwd=demo_copy)
    assert result.returncode == 0, result.stderr[-3000:]
    return demo_copy / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def serve_dir():
    """Serve a folder over HTTP on loopback; returns the base URL."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (no downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_watch(browser):
    """A fresh page that records console errors and every request leaving loopback (then blocks it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # mkdocs-material renders each diagram into a *closed* shadow root; open it so tests can see the SVG.
    context.add_init_script(
        "const attach = Element.prototype.attachShadow;"
        "Element.prototype.attachShadow = function (init) {"
        "  return attach.call(this, Object.assign({}, init, {mode: 'open'})); };"
    )
    page = context.new_page()
    page.console_errors = []
    page.external_requests = []
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))

    def route(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            page.external_requests.append(url)
            route.abort()

    context.route("**/*", route)
    yield page
    context.close()
