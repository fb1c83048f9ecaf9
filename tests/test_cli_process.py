"""The forked ``ctoportal`` (tests/cli_process.py) answers exactly as a fresh interpreter does, so the
tests that use it through ``run_ctoportal`` prove what a user running the command would see."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cli_process import fork_allowed, run_forked
from conftest import write_repo

RISKS = """\
- id: R-001
  title: Ransomware
  category: security
  owner: COO
  likelihood: 7
  impact: 2
"""


def _fresh(args: tuple[str, ...], cwd, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.slow
def test_forked_and_fresh_runs_print_the_same_and_exit_the_same(tmp_path):
    import os

    invalid = write_repo(tmp_path / "invalid", {"risks/register.yaml": RISKS})
    cases = [
        (("validate",), invalid, {"NO_COLOR": "1"}),  # located errors and hints, status 1
        (("validate", "--format", "json"), invalid, {}),
        (("validate", "--debug"), tmp_path, {}),  # a traceback on stderr
        (("validate", "--no-such-option"), invalid, {}),  # argparse's usage error, status 2
        (("init", "new-client", "--client", "Acme"), tmp_path, {}),
    ]
    for args, cwd, extra in cases:
        env = {**os.environ, **extra}
        forked = run_forked(args, cwd, env, timeout=120)
        assert forked is not None, args
        if args[0] == "init":  # it creates the folder: run the fresh one into a second folder
            fresh = _fresh(("init", "new-client-2", "--client", "Acme"), cwd, env)
            assert sorted(p.name for p in (cwd / "new-client").rglob("*")) == sorted(
                p.name for p in (cwd / "new-client-2").rglob("*")
            )
            fresh_out = fresh.stdout.replace("new-client-2", "new-client")
        else:
            fresh = _fresh(args, cwd, env)
            fresh_out = fresh.stdout
        assert (forked.returncode, forked.stdout) == (fresh.returncode, fresh_out), args
        if args == ("validate", "--debug"):  # the frames below main differ (runpy's vs the helper's)
            assert "Traceback" in forked.stderr and forked.stderr.splitlines()[-1] == fresh.stderr.splitlines()[-1]
        else:
            assert forked.stderr == fresh.stderr.replace("new-client-2", "new-client"), args

    valid = write_repo(tmp_path / "valid", {"risks/register.yaml": RISKS.replace("likelihood: 7", "likelihood: 3")})
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
    forked = run_forked(("build", "-d", "forked"), valid, env, timeout=300)
    fresh = _fresh(("build", "-d", "fresh"), valid, env)
    assert forked is not None and forked.returncode == fresh.returncode == 0, forked.stderr
    for stream in ("stdout", "stderr"):
        assert _without_times(getattr(forked, stream).replace("forked/", "fresh/")) == _without_times(
            getattr(fresh, stream)
        ), stream
    assert _files(valid / "forked") == _files(valid / "fresh")

    # ``python -m mkdocs build --strict``: the plugin loaded by its entry point, as a user's MkDocs loads it
    forked = run_forked(("build", "--strict", "-d", "mk-forked"), valid, env, timeout=300, module="mkdocs")
    fresh = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "mk-fresh"],
        cwd=valid,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert forked is not None and forked.returncode == fresh.returncode == 0, forked.stderr
    for stream in ("stdout", "stderr"):
        assert _without_times(getattr(forked, stream).replace("mk-forked", "mk-fresh")) == _without_times(
            getattr(fresh, stream)
        ), stream
    assert _files(valid / "mk-forked") == _files(valid / "mk-fresh") == _files(valid / "fresh")


def _files(site) -> dict:
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _without_times(text: str) -> str:
    import re

    text = re.sub(r"(ctoportal-[a-z]+-)[0-9]+", r"\1PID", text)  # a temporary folder named by the process id
    text = re.sub(r" at 0x[0-9a-f]+>", " at ADDRESS>", text)  # mermaid2 logs its fence function's repr
    return re.sub(r"[0-9.]+ ?(?:seconds|s)\b", "N s", text)


def test_the_command_sees_nothing_the_tests_changed(tmp_path, monkeypatch):
    """The child comes from a helper process that never ran a test: a test's patching does not reach it."""
    import os

    import generator.cli

    monkeypatch.setattr(generator.cli, "main", lambda argv: 99)
    result = run_forked(("validate",), tmp_path, dict(os.environ), timeout=60)
    assert result is not None and result.returncode == 2
    assert result.stderr.startswith("ctoportal: error: no mkdocs.yml in this directory")


def test_serve_and_an_environment_that_changes_how_python_starts_get_a_fresh_interpreter(monkeypatch):
    import os

    monkeypatch.delenv("CTOPORTAL_TEST_FRESH", raising=False)
    env = dict(os.environ)
    assert fork_allowed(("validate",), env) and fork_allowed(("--debug", "build", "-d", "site"), env)
    assert not fork_allowed(("serve",), env) and not fork_allowed(("--debug", "serve"), env)
    assert not fork_allowed(("validate",), {**env, "PYTHONIOENCODING": "latin-1"})
    assert not fork_allowed(("validate",), {**env, "LC_ALL": "POSIX" if env.get("LC_ALL") == "C" else "C"})
