"""The system Chromium, run headless by ctoportal: to draw diagrams (``diagram_svg``) and to print the board
pack (``board_pack_pdf``). One place for how it is found, how it is started and what it may reach.

Chromium only ever loads a folder served here on 127.0.0.1: every other host is unreachable to it
(``--host-resolver-rules``), so nothing a build draws or prints fetches anything from elsewhere. Each run
has a profile of its own, so runs side by side do not share state.

Runs are recorded while they last, so that a build that fails can stop the drawings it started in the
background (``stop_all``) instead of leaving browsers behind it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.problems import CtoportalError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
"""Names looked for on PATH, in this order; then ``FALLBACK``."""
FALLBACK = Path("/usr/bin/chromium")
INSTALL_HINT = (
    "install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) "
    "or Google Chrome, or put one on PATH"
)


def find_chromium(environ: dict[str, str] | None = None) -> Path:
    """Chromium or Chrome on PATH (or at /usr/bin/chromium); a clear error naming what to install."""
    path = (environ if environ is not None else os.environ).get("PATH", "")
    for name in BROWSERS:
        found = shutil.which(name, path=path)
        if found:
            return Path(found)
    if FALLBACK.is_file() and os.access(FALLBACK, os.X_OK):
        return FALLBACK
    raise CtoportalError(
        f"cannot print the board pack: no Chromium or Chrome found (looked for "
        f"{', '.join(BROWSERS)} on PATH and {FALLBACK}); {INSTALL_HINT}"
    )


def chromium_or_none() -> Path | None:
    try:
        return find_chromium()
    except CtoportalError:
        return None


def browser_command(browser: Path, profile: str | Path, *task: str) -> list[str]:
    """The command line of one headless run: ``task`` is what it does (``--dump-dom``, ``--print-to-pdf=``,
    ...) ending with the URL it loads."""
    command = [
        str(browser),
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        # Only the folder served on 127.0.0.1: every other host is unreachable, so nothing is fetched.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        *task,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run its sandbox as root (containers, CI)
    return command


_running: set[subprocess.Popen[str]] = set()
_lock = threading.Lock()


def run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """``subprocess.run(command, capture_output=True, text=True, timeout=timeout)``, recorded while it
    runs so that ``stop_all`` can end it. Raises ``subprocess.TimeoutExpired`` (the browser is killed
    first) and ``OSError`` as ``subprocess.run`` does."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        with _lock:
            _running.add(process)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
        finally:
            with _lock:
                _running.discard(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def stop_all() -> None:
    """End every run still going (a build that failed while diagrams were drawn beside it)."""
    with _lock:
        running = list(_running)
    for process in running:
        process.kill()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
