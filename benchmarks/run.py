"""Run the ctoportal benchmarks and print one table (issue "Fast at every size").

    .venv/bin/python benchmarks/run.py                  # S only
    .venv/bin/python benchmarks/run.py --sizes S,M --runs 3 --timeout 1800
    .venv/bin/python benchmarks/run.py --sizes S,M,L --only validate,check-jsonschema   # some figures

Repositories are generated once (benchmarks/generate.py, seeded) into benchmarks/.cache/ (git-ignored).
Every figure is a whole process (interpreter start included), run --runs times; the table shows the
median time and the largest peak memory (max RSS of the process tree's largest process). A size has a
time budget (--timeout seconds); a figure that does not finish in what is left prints "over budget".
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
BIN = Path(sys.executable).parent
CTOPORTAL = str(BIN / "ctoportal")
MKDOCS = str(BIN / "mkdocs")
PY = sys.executable
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))

# Runs a command and prints its peak memory: RUSAGE_CHILDREN of this fresh process covers only it.
MEASURE = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
)

# The parse floor: ruamel's C safe loader over the same YAML files, in one process.
C_FLOOR = (
    "import sys, pathlib\n"
    "from ruamel.yaml import YAML\n"
    "yaml = YAML(typ='safe', pure=False)\n"
    "root = pathlib.Path(sys.argv[1])\n"
    "for folder in ('strategy', 'roadmap', 'risks', 'vendors'):\n"
    "    for path in sorted((root / folder).glob('*.yaml')):\n"
    "        yaml.load(path.read_bytes())\n"
)


class OverBudget(Exception):
    pass


class Budget:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise OverBudget()
        return left


def measure(cmd: list[str], budget: Budget, cwd: Path | None = None) -> tuple[float, float]:
    """(seconds, peak MB) of one whole-process run; raises OverBudget when it does not finish in time."""
    left = budget.left()  # before starting it: out of budget, nothing is started (and left running)
    start = time.monotonic()
    proc = subprocess.Popen(
        [PY, "-c", MEASURE, *cmd], stdout=subprocess.PIPE, text=True, cwd=cwd, env=ENV, start_new_session=True
    )
    try:
        out, _ = proc.communicate(timeout=left)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise OverBudget() from None
    seconds = time.monotonic() - start
    rss, rc = out.split()
    if rc != "0":
        raise RuntimeError(f"{' '.join(cmd)} failed with exit status {rc}")
    return seconds, int(rss) / 1024


def repeat(cmd: list[str], runs: int, budget: Budget, cwd: Path | None = None, before=None) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        seconds, peak = measure(cmd, budget, cwd)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


# The page serve is timed on: a file whose title is edited, and the served page showing it.
SERVE_TARGET = {"demo": ("roadmap/pm-platform-decision.yaml", "roadmap/pm-platform-decision/")}
DEFAULT_TARGET = ("roadmap/init-00000.yaml", "roadmap/init-00000/")


def repository(size: str) -> Path:
    root = CACHE / size
    if size == "demo" and not (root / ".git").is_dir():
        # The demo in the repository root, as committed (a clone, so serve can edit it safely).
        shutil.rmtree(root, ignore_errors=True)
        CACHE.mkdir(exist_ok=True)
        subprocess.run(["git", "clone", "-q", str(ROOT), str(root)], check=True)
    if not (root / ".git").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        CACHE.mkdir(exist_ok=True)
        print(f"generating {size} into {root} ...", file=sys.stderr)
        subprocess.run([PY, str(HERE / "generate.py"), size, str(root)], check=True)
    return root


def check_jsonschema() -> str | None:
    for candidate in (BIN / "check-jsonschema", shutil.which("check-jsonschema")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


def jsonschema_cmd(tool: str, root: Path, schemas: Path) -> list[str]:
    """One shell process checking every source kind against its exported schema."""
    kinds = (
        ("goals", "strategy/goals.yaml"),
        ("initiative", "roadmap/*.yaml"),
        ("risk", "risks/*.yaml"),
        ("vendor", "vendors/*.yaml"),
    )
    script = " && ".join(
        f"{tool} -q --schemafile {schemas}/{name}.schema.json {root}/{pattern}" for name, pattern in kinds
    )
    return ["sh", "-c", script]


def serve_rebuild(root: Path, budget: Budget, target: tuple[str, str], field: str = "title") -> float:
    """Seconds from editing one roadmap file (its ``field``) to the served page showing the edit."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    source = root / target[0]
    original = source.read_text(encoding="utf-8")
    proc = subprocess.Popen(
        [CTOPORTAL, "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/{target[1]}"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8", "replace")
        except OSError:
            return ""

    try:
        while not page():
            budget.left()
            time.sleep(0.2)
        time.sleep(1)  # let the watcher settle after the first build
        marker = f"Edited {time.time_ns()}"
        source.write_text(
            re.sub(rf"^{field}: .*$", f"{field}: {marker}", original, count=1, flags=re.M), encoding="utf-8"
        )
        start = time.monotonic()
        while marker not in page():
            budget.left()
            time.sleep(0.1)
        return time.monotonic() - start
    finally:
        source.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


LOCAL_REF = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"#?]+)', re.I)


def page_weight(site: Path, html: Path) -> int:
    """Bytes of the page plus the local scripts and stylesheets it loads (a static count)."""
    text = html.read_text(encoding="utf-8", errors="replace")
    total = len(text.encode("utf-8"))
    seen = set()
    for ref in LOCAL_REF.findall(text):
        if "://" in ref or ref.startswith("//"):
            continue
        target = (html.parent / ref).resolve()
        if target in seen or not target.is_file() or target.suffix not in (".js", ".css"):
            continue
        seen.add(target)
        total += target.stat().st_size
    return total


def weights(site: Path) -> tuple[int, str, int]:
    overview = page_weight(site, site / "index.html")
    heaviest, name = 0, "-"
    for html in site.rglob("*.html"):
        if 'class="mermaid"' in html.read_text(encoding="utf-8", errors="replace"):
            weight = page_weight(site, html)
            if weight > heaviest:
                heaviest, name = weight, str(html.parent.relative_to(site))
    return overview, name, heaviest


def bench_size(size: str, runs: int, timeout: float, tmp: Path, only: set[str] | None = None) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    root = repository(size)
    config = str(root / "mkdocs.yml")
    budget = Budget(timeout)
    site = tmp / f"site-{size}"

    def row(name: str, fn) -> object:
        if only is not None and not any(name.startswith(prefix) for prefix in only):
            return None
        try:
            value = fn()
        except OverBudget:
            rows.append((name, "over budget"))
            return None
        except RuntimeError as exc:
            rows.append((name, f"failed ({exc})"))
            return None
        rows.append((name, value[0]))
        return value[1] if len(value) > 1 else None

    def validate():
        t, mb = repeat([CTOPORTAL, "validate", "--strict", "-f", config], runs, budget)
        floor, _ = repeat([PY, "-c", C_FLOOR, str(root)], runs, budget)
        return (f"{t:.2f} s ({mb:.0f} MB); C-loader floor {floor:.2f} s -> {t / floor:.1f}x",)

    def schema_check():
        tool = check_jsonschema()
        if tool is None:
            return ("skipped: check-jsonschema not installed (pip install check-jsonschema)",)
        schemas = tmp / "schemas"
        subprocess.run([CTOPORTAL, "schema", "-o", str(schemas)], check=True, stdout=subprocess.DEVNULL, env=ENV)
        t, _ = repeat(jsonschema_cmd(tool, root, schemas), runs, budget)
        return (f"{t:.2f} s (4 processes, one per source kind)",)

    def build():
        t, mb = repeat(
            [CTOPORTAL, "build", "-f", config, "-d", str(site)],
            runs,
            budget,
            before=lambda: shutil.rmtree(site, ignore_errors=True),
        )
        pages = sum(1 for _ in site.rglob("*.html"))
        return (f"{t:.1f} s, {mb:.0f} MB peak, {pages} pages, {1000 * t / pages:.0f} ms/page", t)

    build_time = None

    def plain():
        plain_dir = tmp / f"plain-{size}"
        shutil.rmtree(plain_dir, ignore_errors=True)
        subprocess.run([PY, str(HERE / "plain_site.py"), config, str(plain_dir)], check=True, env=ENV)
        t, mb = repeat([MKDOCS, "build", "-q", "-f", str(plain_dir / "mkdocs.yml")], runs, budget)
        ratio = f" -> ctoportal is {build_time / t:.2f}x" if build_time else ""
        return (f"{t:.1f} s, {mb:.0f} MB peak{ratio}",)

    def serve():
        target = SERVE_TARGET.get(size, DEFAULT_TARGET)
        times = [serve_rebuild(root, budget, target) for _ in range(runs)]
        return (f"{statistics.median(times):.1f} s (edit of the title in {target[0]} to the page changing)",)

    def serve_owner():
        target = SERVE_TARGET.get(size, DEFAULT_TARGET)
        times = [serve_rebuild(root, budget, target, "owner") for _ in range(runs)]
        return (
            f"{statistics.median(times):.1f} s (edit of the owner in {target[0]}: pages re-rendered only "
            f"where it shows)",
        )

    def diff():
        count = subprocess.run(
            ["git", "-C", str(root), "rev-list", "--count", "--first-parent", "HEAD"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        base = f"HEAD~{min(100, int(count) - 1)}"  # HEAD~N follows first parents only
        t, mb = repeat([CTOPORTAL, "diff", "-f", config, base, "HEAD"], runs, budget)
        return (f"{t:.2f} s ({mb:.0f} MB), {base}..HEAD",)

    def export():
        out = tmp / f"exports-{size}"
        t, mb = repeat(
            [CTOPORTAL, "export", "-f", config, "-o", str(out)],
            runs,
            budget,
            before=lambda: shutil.rmtree(out, ignore_errors=True),
        )
        return (f"{t:.1f} s ({mb:.0f} MB)",)

    def weight():
        if not (site / "index.html").exists():
            raise RuntimeError("no built site")
        overview, name, heaviest = weights(site)
        return (f"Overview {overview / 1024:.0f} KB; heaviest diagram page {name}/ {heaviest / 1024:.0f} KB",)

    row("validate --strict", validate)
    row("check-jsonschema", schema_check)
    build_time = row("build", build)
    row("plain mkdocs build", plain)
    row("serve rebuild", serve)
    row("serve rebuild (owner)", serve_owner)
    row("diff", diff)
    row("export (downloads)", export)
    row("page weight (HTML+JS+CSS)", weight)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="S", help="comma-separated: demo, S, M, L, XL (default: S)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is shown (default: 3)")
    parser.add_argument("--timeout", type=float, default=1200, help="time budget per size in seconds (default: 1200)")
    parser.add_argument(
        "--only",
        help="comma-separated figures to run, by the start of their name "
        "(e.g. validate,check-jsonschema,serve); default: all",
    )
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",") if name.strip()} if args.only else None
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    sizes = ["demo" if s == "DEMO" else s for s in sizes]
    sys.path.insert(0, str(HERE))
    from generate import SIZES

    for size in sizes:
        if size not in SIZES and size != "demo":
            parser.error(f"unknown size {size!r}; choose from {', '.join(SIZES)}")
    # A process killed over budget may still be going away while the folder is removed.
    with tempfile.TemporaryDirectory(prefix="ctoportal-bench-", ignore_cleanup_errors=True) as tmp:
        for size in sizes:
            rows = bench_size(size, args.runs, args.timeout, Path(tmp), only)
            if size == "demo":
                what = "the demo in the repository root"
            else:
                what = "{} initiatives / {} risks / {} vendors".format(*SIZES[size])
            print(f"\n{size}: {what} (runs={args.runs}, budget {args.timeout:.0f} s)")
            print("| figure | result |\n|---|---|")
            for name, value in rows:
                print(f"| {name} | {value} |")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
