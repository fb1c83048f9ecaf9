"""The ``ctoportal`` command in a real process that does not pay for a fresh interpreter and its imports
each time (about 0.3 s of CPU for ``validate``, over 1 s for ``build`` with MkDocs, Material and
mermaid2: most of the fast tier's time when every test started ``python -m generator.cli``); ``python
-m mkdocs`` the same way.

A helper process (the zygote) is started once per test session from a fresh interpreter: it imports
the command and MkDocs, runs nothing else and never sees a test. For each command it forks a child that
takes the test's working directory, environment and standard streams and runs the module as ``python
-m`` would (``runpy``). The child is as fresh as a new interpreter (no pytest, no state
left by earlier tests or their monkeypatching), with its own exit status; a crash kills the child only.

``run_forked`` gives what ``subprocess.run([python, "-m", "generator.cli", ...], capture_output=True,
text=True)`` gives, or None when a fresh interpreter is the honest choice: the environment changes how
Python starts (``PYTHON*``, locale), the command is ``serve`` (a server: tests start it themselves),
another command is running (tests racing two commands from threads), the platform cannot fork, or
``CTOPORTAL_TEST_FRESH=1`` asks for fresh interpreters (to compare).
"""

from __future__ import annotations

import json
import locale
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

FRESH_ENV = "CTOPORTAL_TEST_FRESH"
FRESH_COMMANDS = frozenset({"serve"})
_STARTUP_ENV = ("PYTHON", "LC_", "LANG")
_PRELOAD = (
    "generator.cli",
    "mkdocs.commands.build",
    "mkdocs.config",
    "mkdocs.plugins",
    "material",
    "mermaid2.plugin",
    "generator.mkdocs_plugin",
    "generator.render.site",
    "generator.publish.operations",
)


def fork_allowed(args: tuple[str, ...], env: dict[str, str]) -> bool:
    if os.environ.get(FRESH_ENV) or not hasattr(os, "fork") or not hasattr(socket, "send_fds"):
        return False
    command = next((a for a in args if not a.startswith("-")), "")
    if command in FRESH_COMMANDS:
        return False
    changed = {k for k, v in env.items() if os.environ.get(k) != v} | {k for k in os.environ if k not in env}
    return not any(k.startswith(_STARTUP_ENV) for k in changed)


# -- the zygote's side -----------------------------------------------------------------------------------


def _child(request: dict, fds: list[int]) -> None:
    """In the forked child: become ``python -m MODULE ARGS`` in the test's folder. Never returns."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        import io

        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.path[0] = os.getcwd()  # what ``-m`` puts first
        sys.argv = ["-m", *request["args"]]  # runpy puts the module's file first, as ``-m`` does
        encoding = locale.getpreferredencoding(False)
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding=encoding)
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding=encoding)
        sys.stderr = io.TextIOWrapper(
            io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
            encoding=encoding,
            errors="backslashreplace",
            line_buffering=True,
        )
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
        import runpy

        try:
            runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
            status = 0
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
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                code = 120  # Python's status when flushing the standard streams at exit fails
        os._exit(code)


def _zygote(fd: int) -> None:
    import importlib

    for name in _PRELOAD:
        importlib.import_module(name)
    conn = socket.socket(fileno=fd)
    conn.sendall(b"ready")
    while True:
        message, fds, _, _ = socket.recv_fds(conn, 1 << 22, 3)
        if not message:
            return
        pid = os.fork()
        if pid == 0:
            conn.close()
            _child(json.loads(message), fds)
        for passed in fds:
            os.close(passed)
        conn.sendall(json.dumps({"pid": pid}).encode())
        _, status = os.waitpid(pid, 0)
        conn.sendall(json.dumps({"status": status}).encode())


# -- the tests' side -------------------------------------------------------------------------------------

_zygote_conn: socket.socket | None = None
_in_flight = threading.Lock()
"""The zygote runs one command at a time: a call made while another runs (tests racing two publishes
from threads) gets a fresh interpreter, so the two still run at the same time."""


def _stop(conn: socket.socket, process: subprocess.Popen) -> None:
    """At the end of the session: the zygote reads the end of its connection and exits. Waiting for it
    counts its CPU time (and its children's) in the test run's, as ``/usr/bin/time`` reports it."""
    conn.close()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _connection() -> socket.socket | None:
    global _zygote_conn
    if _zygote_conn is None:
        import atexit

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        process = subprocess.Popen(
            [sys.executable, __file__, str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parent.parent,
        )
        theirs.close()
        atexit.register(_stop, ours, process)
        ours.settimeout(120)
        try:
            ready = ours.recv(16) == b"ready"
        except OSError:
            ready = False
        if not ready:
            process.kill()
            return None
        ours.settimeout(None)
        _zygote_conn = ours
    return _zygote_conn


def run_forked(
    args: tuple[str, ...], cwd: Path, env: dict[str, str], timeout: float, module: str = "generator.cli"
) -> subprocess.CompletedProcess | None:
    """``python -m MODULE ARGS`` (``generator.cli`` or ``mkdocs``) in a child of the zygote, or None."""
    if not fork_allowed(args, env) or not _in_flight.acquire(blocking=False):
        return None
    try:
        return _run(module, args, cwd, env, timeout)
    finally:
        _in_flight.release()


def _run(
    module: str, args: tuple[str, ...], cwd: Path, env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess | None:
    global _zygote_conn
    conn = _connection()
    if conn is None:
        return None
    null = os.open(os.devnull, os.O_RDONLY)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    try:
        request = json.dumps({"module": module, "args": list(args), "cwd": str(cwd), "env": env}).encode()
        socket.send_fds(conn, [request], [null, out_w, err_w])
        pid = json.loads(conn.recv(1 << 16))["pid"]
    except (OSError, ValueError, KeyError):  # the zygote is gone: a fresh interpreter this time, a new zygote next
        _zygote_conn = None
        for fd in (null, out_r, out_w, err_r, err_w):
            os.close(fd)
        return None
    for fd in (null, out_w, err_w):
        os.close(fd)
    chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                conn.recv(1 << 16)
                for fd in list(selector.get_map()):
                    os.close(fd)
                raise subprocess.TimeoutExpired([sys.executable, "-m", module, *args], timeout)
            for key, _ in selector.select(remaining):
                data = os.read(key.fd, 65536)
                if data:
                    chunks[key.fd].append(data)
                else:
                    selector.unregister(key.fd)
                    os.close(key.fd)
    status = json.loads(conn.recv(1 << 16))["status"]
    encoding = locale.getpreferredencoding(False)

    def text(fd: int) -> str:  # as subprocess.run(text=True) decodes: universal newlines
        return b"".join(chunks[fd]).decode(encoding).replace("\r\n", "\n").replace("\r", "\n")

    return subprocess.CompletedProcess(
        [sys.executable, "-m", module, *args], os.waitstatus_to_exitcode(status), text(out_r), text(err_r)
    )


if __name__ == "__main__":
    _zygote(int(sys.argv[1]))
