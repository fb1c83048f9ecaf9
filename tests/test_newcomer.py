"""A newcomer's first five minutes: the README's commands as written, no Node.js, a build that says
what it did in a few lines."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pty
import re
import shutil
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest

from large_portal import write_large_repo
from conftest import REPO_ROOT, run_ctoportal
from generator.output.vendored_assets import ASSETS, VENDOR_DIR, ensure_asset
from generator.problems import CtoportalError

VENDOR_ONLY = ("node", "nodejs", "npm", "npx", "corepack")


def _readme_commands() -> list[str]:
    """The commands of the README's first code block, without their comments."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line.split("   #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_ci_runs_exactly_the_readme_test_command():
    build_command, test_command = _readme_commands()
    ci_lines = [
        line.strip()
        for line in (REPO_ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert "pytest" in test_command and "ctoportal build" in build_command
    assert ci_lines[-1] == test_command
    # A stock Debian/Ubuntu python3 refuses `pip install` outside a virtual environment (PEP 668).
    for command in (build_command, test_command):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install ")
    assert not any(re.search(r"\b(nodejs|npm)\b", line) for line in ci_lines)  # no Node.js anywhere in CI


def test_shipped_assets_are_the_pinned_files_with_their_licences():
    notice = (VENDOR_DIR / "THIRD_PARTY.md").read_text(encoding="utf-8")
    for asset in ASSETS:
        assert hashlib.sha256(asset.shipped.read_bytes()).hexdigest() == asset.sha256, asset.shipped
        assert ensure_asset(asset) == asset.shipped
        assert f"`{asset.shipped.name}`" in notice and asset.version in notice
    licences = sorted(p.name for p in (VENDOR_DIR / "licenses").iterdir())
    assert licences == ["mermaid-LICENSE", "tablesort-LICENCE"]
    for name in licences:
        assert f"`licenses/{name}`" in notice
        assert "Permission is hereby granted, free of charge" in (VENDOR_DIR / "licenses" / name).read_text()
    # Only the files the site serves are shipped, nothing else from the tarballs.
    shipped = sorted(p.name for p in VENDOR_DIR.iterdir() if p.is_file())
    assert shipped == sorted(["THIRD_PARTY.md", *{a.shipped.name for a in ASSETS}])


def test_an_altered_asset_is_never_served():
    for asset in ASSETS:
        tampered = dataclasses.replace(asset, sha256=hashlib.sha256(b"something else").hexdigest())
        with pytest.raises(CtoportalError, match="refusing to serve it; reinstall ctoportal"):
            ensure_asset(tampered)


def test_licence_is_an_spdx_expression_with_its_files():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    files = project["project"]["license-files"]
    assert "LICENSE" in files and (REPO_ROOT / "LICENSE").is_file()
    assert any(list(REPO_ROOT.glob(pattern)) for pattern in files if "vendor" in pattern)
    setuptools = next(r for r in project["build-system"]["requires"] if r.startswith("setuptools"))
    assert setuptools == "setuptools>=77.0.3"  # the first to read PEP 639's `license` and `license-files`


# -- what `ctoportal build` prints ---------------------------------------------------------------------

SUMMARY = [
    r"validated 4 goals, 20 initiatives, 21 risks, 27 vendors, 18 decisions, 21 actions, 28 controls, 8 AI uses, "
    r"1 framework and 6 strategy pages: no problems",
    r"portal built: \d+ pages in site/ in \d+\.\d s",
    r"to look at it: ctoportal serve, then open http://127\.0\.0\.1:8000",
]


@pytest.mark.slow
def test_build_of_the_demo_prints_a_short_summary(demo_copy, tmp_path):
    demo_copy = Path(shutil.copytree(demo_copy, tmp_path / "client", ignore=shutil.ignore_patterns("site")))
    result = run_ctoportal("build", cwd=demo_copy, env={"CI": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no MkDocs chatter, no MERMAID2 lines, no progress bar in CI
    lines = result.stdout.splitlines()
    assert len(lines) == len(SUMMARY), result.stdout
    for pattern, line in zip(SUMMARY, lines):
        assert re.fullmatch(pattern, line), line
    pages = int(re.search(r"(\d+) pages", lines[1]).group(1))
    assert pages == len(list((demo_copy / "site").rglob("index.html")))  # one index.html a page
    assert (demo_copy / "site/index.html").is_file()


@pytest.mark.slow
def test_build_verbose_shows_the_detail(demo_copy, tmp_path):
    result = run_ctoportal("build", "--verbose", "-d", str(tmp_path / "site"), cwd=demo_copy, env={"CI": "true"})
    assert result.returncode == 0, result.stderr
    assert "Building page" in result.stderr and "MERMAID2" in result.stderr
    assert result.stdout.splitlines()[0].startswith("validated 4 goals")


@pytest.mark.slow
def test_build_shows_warnings_and_counts_them(make_repo, tmp_path):
    root = make_repo(
        {
            "strategy/index.md": "# Strategy\n",
            "risks/register.yaml": """\
        - id: R-001
          title: Backups fail
          category: operational
          owner: IT lead
          likelihood: 2
          impact: 2
          review: 2026-01-01
        """,
        }
    )
    result = run_ctoportal("build", cwd=root, env={"CI": "true"})
    assert result.returncode == 0, result.stderr
    assert "risks/register.yaml:7:11: warning: risk R-001 review is overdue" in result.stderr
    assert result.stdout.splitlines()[0] == (
        "validated 0 goals, 0 initiatives, 1 risk, 0 vendors and 1 strategy page: 1 warning (above)"
    )
    assert len(result.stderr.splitlines()) <= 3


def _run_on_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[str, bytes]:
    """Run with stderr on a pseudo-terminal, as in a person's shell; returns stdout and what the terminal got."""
    controller, terminal = pty.openpty()
    received = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                return
            if not chunk:
                return
            received.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=terminal, env=env, text=True)
    os.close(terminal)
    stdout, _ = process.communicate(timeout=600)
    reader.join(timeout=10)
    os.close(controller)
    assert process.returncode == 0, bytes(received).decode(errors="replace")[-2000:]
    return stdout, bytes(received)


@pytest.mark.slow
def test_build_on_a_terminal_shows_a_progress_bar_then_clears_it(tmp_path):
    # A portal of some 400 pages: its pages are still being read and built after the bar's first 2 s
    # (the demo can finish its pages sooner, and then there is no bar to see).
    repo = write_large_repo(tmp_path / "large")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    stdout, terminal = _run_on_terminal(
        [sys.executable, "-m", "generator.cli", "build", "-d", str(tmp_path / "s")], repo, env
    )
    bars = re.findall(rb"\r\[[#.]{30}\] +(\d+)% (?:reading|building) pages", terminal)
    # Drawn at most every 0.1 s, so the last drawing may fall short of 100%; it only ever goes forward.
    assert bars and [int(b) for b in bars] == sorted(int(b) for b in bars) and int(bars[-1]) >= 50, terminal[-500:]
    assert terminal.endswith(b"\r\x1b[K")  # the bar is gone before the summary
    assert stdout.splitlines()[0].startswith("validated ")
    # ...but not in CI, even on a terminal
    _, terminal = _run_on_terminal(
        [sys.executable, "-m", "generator.cli", "build", "-d", str(tmp_path / "t")], repo, {**env, "CI": "true"}
    )
    assert not re.search(rb"\r\[[#.]{30}\]", terminal)  # its warnings, but no bar


# -- the README's first command on a stock machine -----------------------------------------------------


def _stock_path(folder: Path) -> str:
    """/usr/bin and /bin as on a stock Debian, without Node.js: every program there but node and npm."""
    folder.mkdir()
    for program in Path("/usr/bin").iterdir():
        if program.name not in VENDOR_ONLY:
            (folder / program.name).symlink_to(program)
    return str(folder)


def _fresh_clone(target: Path) -> Path:
    """The working tree's files (tracked and new, nothing ignored) committed into a new repository."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO_ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        if (REPO_ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, target / name)
    git = ["git", "-c", "user.name=New", "-c", "user.email=new@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run(["git", "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-qm", "clone"], cwd=target, check=True)
    return target


@pytest.mark.slow
@pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="needs the system's python3")
def test_readme_first_command_builds_the_demo_with_a_stock_python3(tmp_path):
    clone = _fresh_clone(tmp_path / "clone")
    path = _stock_path(tmp_path / "bin")
    env = {k: v for k, v in os.environ.items() if k in ("HOME", "LANG", "TERM") or k.startswith("PIP_")}
    env.update(PATH=path, CI="true")
    assert shutil.which("npm", path=path) is None and shutil.which("node", path=path) is None
    build_command = _readme_commands()[0]
    result = subprocess.run(
        ["bash", "-c", build_command], cwd=clone, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "externally-managed-environment" not in result.stderr
    assert "license" not in result.stderr.lower()  # setuptools' deprecation of `license = {text = ...}`
    assert (clone / "site/index.html").is_file()
    assert (clone / "site/assets/ctoportal/mermaid.min.js").read_bytes() == ASSETS[0].shipped.read_bytes()
    summary = result.stdout.splitlines()[-3:]
    assert summary[0].startswith("validated 4 goals") and summary[1].startswith("portal built:")
    assert summary[2].startswith("to look at it: .venv/bin/ctoportal serve")
    # The build needs no network: again, with none at all (a network namespace of its own).
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        shutil.rmtree(clone / "site")
        offline = subprocess.run(
            ["unshare", "-rn", ".venv/bin/ctoportal", "build"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert offline.returncode == 0, offline.stderr[-3000:]
        assert offline.stderr == "" and (clone / "site/index.html").is_file()
