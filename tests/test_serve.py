"""``ctoportal serve`` rebuilds when a source file changes, as a consultant editing YAML expects."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.slow  # builds sites, drives git or takes seconds: outside the fast tier (README)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:  # a 404 page has a body too
        return exc.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


@contextlib.contextmanager
def _serving(root):
    """``ctoportal serve`` on a free port; yields its base URL; afterwards, no traceback in its output."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output


def test_serve_rebuilds_on_source_edit(make_repo):
    root = make_repo(
        {
            "risks/register.yaml": """\
        - id: R-001
          title: Ransomware at a clinic
          category: security
          owner: COO
          likelihood: 2
          impact: 2
        """
        }
    )
    with _serving(root) as base:
        url = base + "risks/R-001/"
        assert _wait_for(lambda: "Ransomware at a clinic" in _fetch(url)), "serve did not come up"
        register = root / "risks" / "register.yaml"
        register.write_text(register.read_text().replace("Ransomware at a clinic", "Ransomware at two clinics"))
        assert _wait_for(lambda: "Ransomware at two clinics" in _fetch(url)), "serve did not rebuild"


def test_serve_shows_the_problems_in_the_browser_and_recovers(make_repo):
    """An invalid save must not leave the browser waiting: every address shows the problems, located."""
    root = make_repo(
        {
            "risks/register.yaml": """\
        - id: R-001
          title: Ransomware at a clinic
          category: <script>alert(1)</script>
          owner: COO
          likelihood: 9
          impact: 2
        """
        }
    )
    with _serving(root) as base:
        url = base + "risks/R-001/"
        assert _wait_for(lambda: "likelihood must be 1-5, got 9" in _fetch(url)), "serve did not show the problems"
        page = _fetch(url)
        assert "risks/register.yaml:5:15" in page and "2 problems to fix" in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)</script>" not in page
        assert "likelihood must be 1-5" in _fetch(base)
        register = root / "risks" / "register.yaml"
        register.write_text(
            register.read_text()
            .replace("likelihood: 9", "likelihood: 2")
            .replace("<script>alert(1)</script>", "security")
        )
        assert _wait_for(lambda: "Ransomware at a clinic" in _fetch(url)), "serve did not recover"
