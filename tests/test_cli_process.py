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
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


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
            assert sorted(p.name for p in (cwd / "new-client").rglob("*")) == \
                sorted(p.name for p in (cwd / "new-client-2").rglob("*"))
            fresh_out = fresh.stdout.replace("new-client-2", "new-client")
        else:
            fresh = _fresh(args, cwd, env)
            fresh_out = fresh.stdout
        assert (forked.returncode, forked.stdout) == (fresh.returncode, fresh_out), args
        if args == ("validate", "--debug"):  # the traceback's frames differ (the fork starts inside pytest)
            assert "Traceback" in forked.stderr and forked.stderr.splitlines()[-1] == fresh.stderr.splitlines()[-1]
        else:
            assert forked.stderr == fresh.stderr.replace("new-client-2", "new-client"), args


def test_a_forked_command_that_crashes_reports_the_signal_and_the_tests_go_on(tmp_path, monkeypatch):
    import os
    import signal

    import generator.cli

    monkeypatch.setattr(generator.cli, "main", lambda argv: os.kill(os.getpid(), signal.SIGSEGV))
    result = run_forked(("validate",), tmp_path, dict(os.environ), timeout=60)
    assert result is not None and result.returncode == -signal.SIGSEGV


def test_commands_that_run_mkdocs_or_change_how_python_starts_get_a_fresh_interpreter():
    import os

    env = dict(os.environ)
    assert fork_allowed(("validate",), env) and fork_allowed(("--debug", "diff", "HEAD~1"), env)
    assert not any(fork_allowed((command,), env) for command in ("build", "serve", "publish"))
    assert not fork_allowed(("--debug", "build"), env)
    assert not fork_allowed(("validate",), {**env, "PYTHONIOENCODING": "latin-1"})
    assert not fork_allowed(("validate",), {**env, "LC_ALL": "POSIX" if env.get("LC_ALL") == "C" else "C"})
