"""validate, the C-loader floor and check-jsonschema on the same files, run one after the other in turn:
medians of wall time and of CPU time (user + system). On a shared machine CPU time is the figure to read.

    .venv/bin/python benchmarks/validate_cpu.py L 3      # size (demo, S, M, L, XL), runs
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402


def main(size: str, runs: int) -> None:
    root = run.repository(size)
    tool = run.check_jsonschema()
    with tempfile.TemporaryDirectory(prefix="ctoportal-schemas-") as schemas:
        subprocess.run([run.CTOPORTAL, "schema", "-o", schemas], check=True, stdout=subprocess.DEVNULL, env=run.ENV)
        commands = {
            "validate": [run.CTOPORTAL, "validate", "-f", str(root / "mkdocs.yml")],
            "C-loader floor": [run.PY, "-c", run.C_FLOOR, str(root)],
        }
        if tool:
            commands["check-jsonschema"] = run.jsonschema_cmd(tool, root, Path(schemas))
        results: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.monotonic()
                code = subprocess.run(
                    command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=run.ENV
                ).returncode
                wall = time.monotonic() - start
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if code != 0:
                    raise SystemExit(f"{name} failed with exit status {code}")
                results[name][0].append(wall)
                results[name][1].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    floor_wall, floor_cpu = (statistics.median(v) for v in results["C-loader floor"])
    print(f"{size} (runs={runs}, load average {os.getloadavg()[0]:.1f})")
    for name, (walls, cpus) in results.items():
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        print(
            f"  {name:17s} wall {wall:6.2f} s ({wall / floor_wall:.1f}x floor)  "
            f"CPU {cpu:6.2f} s ({cpu / floor_cpu:.1f}x floor)"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "S", int(sys.argv[2]) if len(sys.argv) > 2 else 3)
