"""A large portal's diagrams are drawn a batch at a time: one Chromium process for a few hundred of them
(L: 184 diagrams, 3.7 MB of mermaid) sat idle until its timeout, and the build failed."""

from __future__ import annotations

from pathlib import Path

from generator.output import diagram_svg
from generator.output.diagram_svg import BATCH, Drawn, drawn_diagrams


def test_diagrams_are_drawn_a_batch_at_a_time_and_each_batch_is_cached(tmp_path, monkeypatch):
    batches: list[int] = []

    def draw(texts: dict[str, str], browser: Path) -> dict[str, Drawn]:
        batches.append(len(texts))
        return {key: Drawn({"light": f"<svg>{key}</svg>", "dark": f"<svg>{key}</svg>"}) for key in texts}

    monkeypatch.setattr(diagram_svg, "draw", draw)
    monkeypatch.setattr(diagram_svg, "SCHEMES", ("light", "dark"))
    monkeypatch.setattr(diagram_svg, "_published", lambda drawn: drawn)
    texts = {f"{n:064x}": f"graph LR\n  a{n} --> b{n}" for n in range(2 * BATCH + 5)}
    found, drawn_now = drawn_diagrams(texts, tmp_path, Path("/usr/bin/chromium"))
    assert batches == [BATCH, BATCH, 5] and drawn_now == len(texts) and set(found) == set(texts)
    found, drawn_now = drawn_diagrams(texts, tmp_path, Path("/usr/bin/chromium"))  # all cached now
    assert batches == [BATCH, BATCH, 5] and drawn_now == 0 and set(found) == set(texts)
