"""``ctoportal serve`` from two checkouts of the code on the same client repository, in turn: seconds
from saving an edit (title, then owner) of one roadmap file to the served page showing it.

    git archive <base> generator | tar -x -C /tmp/base      # the code to compare with
    .venv/bin/python benchmarks/serve_side_by_side.py <clone of the demo> /tmp/base 3

The other checkout is imported instead of this one's editable install (``sitecustomize.py`` in it
takes the editable finder away); run it from outside the repository.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402

SITECUSTOMIZE = (
    'import sys\nsys.meta_path[:] = [f for f in sys.meta_path if "editable" not in '
    '(getattr(f, "__name__", "") + type(f).__module__ + repr(f)).lower()]\n'
)
FILE, PAGE = run.SERVE_TARGET["demo"]


def main(root: Path, other: Path, rounds: int) -> None:
    (other / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    source = root / FILE
    original = source.read_text(encoding="utf-8")
    codes = {"other": str(other), "this": str(run.ROOT)}
    results: dict[tuple[str, str], list[float]] = {(c, f): [] for c in codes for f in ("title", "owner")}
    budget = run.Budget(3600)
    try:
        for _ in range(rounds):
            for code, path in codes.items():
                run.ENV["PYTHONPATH"] = path
                for field in ("title", "owner"):
                    results[(code, field)].append(run.serve_rebuild(root, budget, (FILE, PAGE), field))
    finally:
        source.write_text(original, encoding="utf-8")
    print(f"load average {os.getloadavg()[0]:.1f}")
    for (code, field), times in results.items():
        print(f"  {code:5s} {field:5s} median {statistics.median(times):.2f} s  {[round(t, 2) for t in times]}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), int(sys.argv[3]))
