"""The few git operations ctoportal needs, run with ``git`` in a given folder (never the process's cwd)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from generator.problems import CtoportalError


class GitError(CtoportalError):
    pass


def git(root: Path, *args: str, check: bool = True, input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run git in ``root``; output as bytes so blobs and archives pass through untouched."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, input=input, timeout=300)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if check and result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args)} failed: {stderr}")
    return result


def git_text(root: Path, *args: str) -> str:
    return git(root, *args).stdout.decode("utf-8", "replace").strip()


def work_tree(path: Path) -> Path | None:
    """The top folder of the git work tree holding ``path``, or None outside any repository."""
    result = git(path, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        return None
    return Path(result.stdout.decode().strip())


def require_work_tree(path: Path) -> Path:
    top = work_tree(path)
    if top is None:
        raise GitError(f"{path} is not inside a git repository")
    return top


def resolve(root: Path, rev: str) -> str | None:
    """The full commit id ``rev`` names, or None if it names no commit here."""
    if rev.startswith("-"):
        return None  # never let a revision be read as an option
    result = git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    return result.stdout.decode().strip() or None if result.returncode == 0 else None


def require_commit(root: Path, rev: str) -> str:
    commit = resolve(root, rev)
    if commit is None:
        raise GitError(f"{rev!r} is not a commit in this repository")
    return commit


def has_commit(root: Path, sha: str) -> bool:
    return git(root, "cat-file", "-e", f"{sha}^{{commit}}", check=False).returncode == 0


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    return git(root, "merge-base", "--is-ancestor", ancestor, descendant, check=False).returncode == 0


def count_commits(root: Path, range_spec: str) -> int:
    return int(git_text(root, "rev-list", "--count", range_spec) or 0)


def branch_commit(root: Path, ref: str) -> str | None:
    """The commit a full ref (``refs/heads/gh-pages``) points at, or None when it does not exist."""
    result = git(root, "rev-parse", "--verify", "--quiet", ref, check=False)
    return result.stdout.decode().strip() or None if result.returncode == 0 else None


def has_remote(root: Path, remote: str) -> bool:
    return remote in git_text(root, "remote").split()


def remote_branch_commit(root: Path, remote: str, branch: str) -> str | None:
    """Ask the remote itself (not the local remote-tracking ref) where ``branch`` stands."""
    result = git(root, "ls-remote", "--heads", "--", remote, f"refs/heads/{branch}", check=False)
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"cannot reach remote {remote!r}: {stderr}")
    line = result.stdout.decode().strip()
    return line.split()[0] if line else None


def set_branch(root: Path, ref: str, sha: str | None) -> None:
    """Point the full ref ``ref`` at ``sha``, or delete it when ``sha`` is None."""
    if sha is None:
        if branch_commit(root, ref) is not None:
            git(root, "update-ref", "-d", ref)
    else:
        git(root, "update-ref", ref, sha)


def fetch_remote_branch(root: Path, remote: str, branch: str) -> str:
    """Fetch the remote's ``branch`` (no local branch changes) and return the commit it points at."""
    result = git(root, "fetch", "--quiet", "--", remote, f"refs/heads/{branch}", check=False)
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git fetch {remote} {branch} failed: {stderr}")
    return git_text(root, "rev-parse", "--verify", "FETCH_HEAD^{commit}")


def fetch_commit(root: Path, remote: str, sha: str) -> bool:
    """Fetch one commit (and what it needs) by its id; False if the remote refuses or does not have it."""
    return git(root, "fetch", "--quiet", "--no-tags", "--", remote, sha, check=False).returncode == 0


def merge_base(root: Path, a: str, b: str) -> str | None:
    """The newest commit both ``a`` and ``b`` descend from, or None if they share no history."""
    result = git(root, "merge-base", a, b, check=False)
    return result.stdout.decode().strip() or None if result.returncode == 0 else None


def show_file(root: Path, rev: str, path: str) -> bytes | None:
    result = git(root, "show", f"{rev}:{path}", check=False)
    return result.stdout if result.returncode == 0 else None


def prefix_in_repo(path: Path) -> str:
    """Where ``path`` stands inside its work tree, as git writes it (``clients/acme/`` or ``''``)."""
    return git_text(path, "rev-parse", "--show-prefix")


def extract_tree(root: Path, rev: str, subfolder: str, target: Path) -> None:
    """Write the files of ``rev:subfolder`` into ``target`` (a snapshot of the sources at a revision)."""
    treeish = f"{rev}:{subfolder.rstrip('/')}" if subfolder.strip("/") else rev
    archive = git(root, "archive", "--format=tar", treeish).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter=_inside_target)


def _inside_target(member: tarfile.TarInfo, target: str) -> tarfile.TarInfo | None:
    """The "data" filter (no absolute paths, nothing leaving target, no devices), except that a member it
    refuses, such as an absolute symbolic link committed to the repository, is left out of the snapshot
    rather than failing the whole command: a link there is not a source file the portal reads."""
    try:
        return tarfile.data_filter(member, target)
    except tarfile.FilterError:
        return None


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str
    """Author date, ISO 8601 with offset."""
    subject: str
    email: str = ""
    """The author's address (``log_by_name`` only), to tell a bot from a person; never shown."""

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def day(self) -> str:
        return self.date[:10]


_LOG_FORMAT = "%H%x1f%an%x1f%aI%x1f%s%x1e"


def log(root: Path, *paths: str, rev: str = "HEAD", limit: int | None = None, reverse: bool = False) -> list[Commit]:
    """Commits reachable from ``rev`` touching ``paths`` (newest first unless ``reverse``)."""
    args = ["log", f"--format={_LOG_FORMAT}", "--no-color"]
    if limit is not None:
        args.append(f"--max-count={limit}")
    args += [rev, "--", *paths]
    out = git(root, *args).stdout.decode("utf-8", "replace")
    commits = []
    for record in out.split("\x1e"):
        record = record.strip("\n")
        if record:
            sha, author, date, subject = record.split("\x1f", 3)
            commits.append(Commit(sha, author, date, subject))
    return commits[::-1] if reverse else commits


_NAMED_LOG_FORMAT = "%H%x1f%aN%x1f%aI%x1f%aE%x1f%s%x1e"


def log_by_name(root: Path, *paths: str, rev: str = "HEAD", limit: int | None = None) -> list[Commit]:
    """Like ``log``, newest first, with each author as ``.mailmap`` names them (``%aN``, ``%aE``)."""
    args = ["log", f"--format={_NAMED_LOG_FORMAT}", "--no-color"]
    if limit is not None:
        args.append(f"--max-count={limit}")
    out = git(root, *args, rev, "--", *paths).stdout.decode("utf-8", "replace")
    commits = []
    for record in out.split("\x1e"):
        if record := record.strip("\n"):
            sha, author, date, email, subject = record.split("\x1f", 4)
            commits.append(Commit(sha, author, date, subject, email))
    return commits


def commit_date(root: Path, rev: str) -> dt.date:
    """The day ``rev`` was committed (committer date, in the committer's time zone)."""
    return dt.date.fromisoformat(git_text(root, "log", "-1", "--format=%cI", rev, "--")[:10])


def changed_files(root: Path, base: str, head: str | None, *pathspecs: str) -> list[str]:
    """Files matching ``pathspecs`` that differ between ``base`` and ``head`` (None: the working tree),
    as paths from the top of the repository."""
    if not pathspecs:
        return []
    revs = [base] if head is None else [base, head]
    out = git_text(root, "diff", "--name-only", "--no-renames", *revs, "--", *pathspecs)
    return [line for line in out.splitlines() if line]


def files_at(root: Path, rev: str, *folders: str) -> dict[str, str]:
    """Path -> blob id of every file under ``folders`` at ``rev`` (paths relative to ``root``)."""
    result = git(root, "ls-tree", "-r", "-z", rev, "--", *folders, check=False)
    if result.returncode != 0:
        return {}
    files = {}
    for entry in result.stdout.decode("utf-8", "replace").split("\0"):
        if entry:
            meta, path = entry.split("\t", 1)
            mode, kind, blob = meta.split()
            if kind == "blob":
                files[path] = blob
    return files


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Many blobs in one git process (``cat-file --batch``), by id."""
    if not blobs:
        return {}
    out = git(root, "cat-file", "--batch", input=("\n".join(blobs) + "\n").encode()).stdout
    contents, pos = {}, 0
    for blob in blobs:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].decode().split()
        size = int(header[2])
        contents[blob] = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return contents
