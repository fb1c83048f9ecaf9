"""The ``ctoportal`` command in a child process forked from the test process: a real process (its own
exit status, standard streams, working directory and environment; a crash kills the child, not the
tests) without paying for a fresh interpreter and its imports each time (about 0.3 s of CPU a call,
most of the fast tier's time when every test started ``python -m generator.cli``).

``run_forked`` gives what ``subprocess.run([python, "-m", "generator.cli", ...], capture_output=True,
text=True)`` gives, or None when a fresh interpreter is the honest choice: the test process runs other
threads (forking them is unsafe), the environment changes how Python starts (``PYTHON*``, locale), or
the command runs MkDocs or mike (build, serve, publish, whose plugins and logging are process-wide
and are best proven in the process a user runs). The child starts from the test process's state: a
test that patches Python objects (``monkeypatch.setattr``) and expects the command not to see the patch
must use a fresh interpreter (``CTOPORTAL_TEST_FRESH=1`` forces one for every call, to compare).
"""

from __future__ import annotations

import io
import locale
import logging
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
import traceback
import warnings
from pathlib import Path

FRESH_ENV = "CTOPORTAL_TEST_FRESH"
FRESH_COMMANDS = frozenset({"build", "serve", "publish"})
"""Commands that run MkDocs or mike: always a fresh interpreter."""
_STARTUP_ENV = ("PYTHON", "LC_", "LANG")

_DEFAULT_FILTERS = list(warnings.filters)
_SHOW_WARNING = warnings.showwarning
_SHOW_WARNMSG = getattr(warnings, "_showwarnmsg_impl", None)
"""What a fresh interpreter starts with, taken when the tests import this module (before any test
records warnings or captures logs)."""


def fork_allowed(args: tuple[str, ...], env: dict[str, str]) -> bool:
    if os.environ.get(FRESH_ENV) or not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    command = next((a for a in args if not a.startswith("-")), "")
    if command in FRESH_COMMANDS:
        return False
    changed = {k for k, v in env.items() if os.environ.get(k) != v} | {k for k in os.environ if k not in env}
    return not any(k.startswith(_STARTUP_ENV) for k in changed)


def _child(args: tuple[str, ...], cwd: Path, env: dict[str, str], out: int, err: int) -> None:
    """Runs in the child: point the standard streams at the pipes, then do what ``python -m generator.cli``
    does. Never returns."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        for fd in (null, out, err):
            os.close(fd)
        import faulthandler

        faulthandler.disable()  # pytest's: a fresh interpreter does not dump tracebacks on a crash
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        encoding = locale.getpreferredencoding(False)
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding=encoding)
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding=encoding,
                                      errors="strict")
        sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)), encoding=encoding,
                                      errors="backslashreplace", line_buffering=True)
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
        root = logging.getLogger()
        for handler in root.handlers[:]:  # pytest's log capture: a fresh interpreter has none
            root.removeHandler(handler)
        root.setLevel(logging.WARNING)
        warnings.filters[:] = _DEFAULT_FILTERS
        warnings.showwarning = _SHOW_WARNING
        if _SHOW_WARNMSG is not None:
            warnings._showwarnmsg_impl = _SHOW_WARNMSG  # type: ignore[attr-defined]
        sys.argv = [str(Path(__file__).resolve().parent.parent / "generator" / "cli" / "__main__.py"), *args]
        from generator.cli import main

        try:
            status = main(list(args))
        except SystemExit as exc:
            status = exc.code
        if status is None:
            code = 0
        elif isinstance(status, int):
            code = status & 0xFF
        else:
            print(status, file=sys.stderr)
            code = 1
    except BaseException:  # what Python prints for an uncaught exception, and its status
        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                code = 120  # Python's status when flushing the standard streams at exit fails
        os._exit(code)


def run_forked(args: tuple[str, ...], cwd: Path, env: dict[str, str],
               timeout: float) -> subprocess.CompletedProcess | None:
    if not fork_allowed(args, env):
        return None
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(out_r)
        os.close(err_r)
        _child(args, cwd, env, out_w, err_w)
    os.close(out_w)
    os.close(err_w)
    chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                for fd in chunks:
                    os.close(fd)
                raise subprocess.TimeoutExpired([sys.executable, "-m", "generator.cli", *args], timeout)
            for key, _ in selector.select(remaining):
                data = os.read(key.fd, 65536)
                if data:
                    chunks[key.fd].append(data)
                else:
                    selector.unregister(key.fd)
                    os.close(key.fd)
    _, status = os.waitpid(pid, 0)
    encoding = locale.getpreferredencoding(False)

    def text(fd: int) -> str:  # as subprocess.run(text=True) decodes: universal newlines
        return b"".join(chunks[fd]).decode(encoding).replace("\r\n", "\n").replace("\r", "\n")

    return subprocess.CompletedProcess([sys.executable, "-m", "generator.cli", *args],
                                       os.waitstatus_to_exitcode(status), text(out_r), text(err_r))
