"""Real git repositories for the versioning tests: a client repository, commits, a bare remote."""

from __future__ import annotations

import json
import shlex
import subprocess
import textwrap
from pathlib import Path

from conftest import run_ctoportal, write_repo

EPOCH = {"SOURCE_DATE_EPOCH": "1795000000"}  # 2026-11-18 UTC: the recorded publish date

CLIENT_FILES = {
    "strategy/index.md": """\
        # Strategy

        Keep the clinics open.
        """,
    "risks/register.yaml": """\
        # The register. Appetite: 12.
        - id: R-001
          title: Backups fail
          category: operational
          owner: IT lead
          likelihood: 3
          impact: 4
          mitigations: [backup]
        """,
    "roadmap/initiatives.yaml": """\
        - id: backup
          title: Tested backups
          status: planned
          start: 2026-10
          end: 2026-12
          owner: Jordan
        - id: ehr
          title: EHR migration
          status: planned
          start: 2027-02
          end: 2027-06
          depends_on: [backup]
        """,
    "vendors/vendors.yaml": """\
        - id: datto
          name: Datto
          category: Backup
          cost: {amount: 1000, per: month}
          contract: {end: 2027-06-30, notice_days: 60}
        """,
}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def configure(repo: Path) -> None:
    git(repo, "config", "user.name", "Dana Whitfield")
    git(repo, "config", "user.email", "dana@example.com")
    git(repo, "config", "commit.gpgsign", "false")


def init_client(root: Path, files: dict[str, str] | None = None, message: str = "Start the portal") -> Path:
    write_repo(root, CLIENT_FILES if files is None else files)
    git(root, "init", "--quiet", "--initial-branch=main")
    configure(root)
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", message)
    return root


def commit(repo: Path, message: str, files: dict[str, str]) -> str:
    for relpath, text in files.items():
        path = repo / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def edit(repo: Path, relpath: str, old: str, new: str) -> None:
    path = repo / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relpath}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_remote(repo: Path) -> Path:
    """A bare repository as the remote ``origin``, with main pushed."""
    remote = repo.parent / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "--quiet", "origin", "main")
    return remote


def clone(remote: Path, target: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(remote), str(target)], check=True)
    configure(target)
    return target


# -- publishing -------------------------------------------------------------------------------------------


def publish(repo: Path, *args: str, ok: bool = True):
    """``ctoportal publish`` as a user runs it, with a fixed publish date."""
    result = run_ctoportal("publish", *args, cwd=repo, env=EPOCH)
    if ok:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def published(repo: Path, ref: str = "gh-pages") -> dict[str, dict]:
    """versions.json on ``ref``, by version name."""
    return {v["version"]: v for v in json.loads(git(repo, "show", f"{ref}:versions.json"))}


def install_hook(repo: Path, name: str, work: str, *, when: str = "", once: bool) -> Path:
    """A shell hook in ``repo``: if ``when`` (shell lines that exit 0 to skip) lets it, it runs ``work``
    (the first time only, if ``once``)."""
    hooks = repo / ".git" / "hooks"
    git(repo, "config", "core.hooksPath", str(hooks))  # whatever a global config says
    marker = shlex.quote(str(hooks / f"{name}.ran"))
    guard = f"[ -e {marker} ] && exit 0\ntouch {marker}\n" if once else ""
    path = hooks / name
    path.write_text(f"#!/bin/sh\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\n{when}\n{guard}{work}\n")
    path.chmod(0o755)
    return path


def push_while_b_pushes(b: Path, other_push: str, *, once: bool = True) -> Path:
    """Run ``other_push`` when B's push has already looked at the remote: the remote refuses B's update."""
    return install_hook(b, "pre-push", f"{other_push} >&2 || exit 1", when="cat >/dev/null", once=once)


def push_pages(repo: Path) -> str:
    return f"git -C {shlex.quote(str(repo))} push --quiet origin gh-pages"
