"""A large portal's diagrams are drawn a batch at a time: one Chromium process for a few hundred of them
(L: 184 diagrams, 3.7 MB of mermaid) sat idle until its timeout, and the build failed."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.output import diagram_svg
from generator.output.diagram_svg import BATCH, BATCH_TEXT, Drawn, batches, drawn_diagrams
from generator.problems import CtoportalError


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


def _fake_browser(tmp_path: Path, hangs: int) -> Path:
    """A stand-in for Chromium that sits idle ``hangs`` times, then prints a page with nothing drawn."""
    count = tmp_path / "count"
    script = tmp_path / "chromium"
    script.write_text(
        "#!/bin/sh\n"
        f'n=$(cat "{count}" 2>/dev/null || echo 0); echo $((n + 1)) > "{count}"\n'
        f'if [ "$n" -lt {hangs} ]; then exec sleep 30; fi\n'
        "echo '<html><body><pre id=\"ctp-out\">{}</pre></body></html>'\n"
    )
    script.chmod(0o755)
    return script


def test_large_diagrams_go_fewer_to_a_batch_and_none_is_left_out():
    texts = {f"{n:064x}": "x" * (BATCH_TEXT // 10) for n in range(25)} | {"small": "graph LR\n  a --> b"}
    sizes = [len(batch) for batch in batches(texts)]
    assert sizes == [10, 10, 6] and sum(sizes) == len(texts)
    assert [k for batch in batches(texts) for k in batch] == list(texts)  # in their order
    huge = {"huge": "x" * (2 * BATCH_TEXT)}  # one diagram larger than a batch is drawn alone, not dropped
    assert list(batches(huge)) == [huge]


@pytest.mark.slow  # waits out a 2 s budget
def test_a_chromium_that_sits_idle_is_stopped_and_started_again_once(tmp_path, monkeypatch):
    monkeypatch.setattr(diagram_svg, "_budget", lambda diagrams: 2)
    drawn = diagram_svg.draw({"k" * 64: "graph LR\n  a --> b"}, _fake_browser(tmp_path, hangs=1))
    assert (tmp_path / "count").read_text().strip() == "2"  # the second Chromium answered
    assert drawn["k" * 64].error == "not drawn"  # the fake drew nothing: that diagram says so, the build goes on


@pytest.mark.slow  # waits out a 2 s budget twice
def test_a_chromium_idle_twice_fails_the_build_with_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(diagram_svg, "_budget", lambda diagrams: 2)
    with pytest.raises(CtoportalError, match="did not finish in 2 s, twice"):
        diagram_svg.draw({"k" * 64: "graph LR\n  a --> b"}, _fake_browser(tmp_path, hangs=2))
