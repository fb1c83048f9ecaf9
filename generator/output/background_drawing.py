"""A build's diagrams drawn while MkDocs renders its pages, not after.

Drawing is Chromium's work, in processes of its own; rendering the pages is Python's. A build that first
renders every page and then draws spends both times one after the other (a large portal's first build:
about as long drawing as rendering). The diagrams' texts are known once ctoportal has generated the
pages' Markdown (``fence_texts``), so the build starts drawing them then, in batches, with up to
``PROCESSES`` Chromium processes at a time on threads that only wait for them, and the cache holds each
batch as it is drawn. When MkDocs has rendered the pages, ``DiagramDelivery.finish`` waits for what is
still being drawn and finds it all in the cache.

A failed build stops the drawing (``stop``): the browsers are ended, the batches not begun are dropped.
"""

from __future__ import annotations

import concurrent.futures
import os
from pathlib import Path

from generator.output.diagram_svg import BATCH_TEXT, batches, draw_into_cache
from generator.output.headless_chromium import stop_all

PROCESSES = max(1, min(2, os.cpu_count() or 1))
"""Chromium processes drawing at once: two where there are two cores (one renders the pages meanwhile);
more would only wait for the cores."""


class BackgroundDrawing:
    """``texts`` (by key; those the cache lacks) being drawn into ``cache``."""

    def __init__(self, texts: dict[str, str], cache: Path, browser: Path, processes: int = PROCESSES) -> None:
        self.count = len(texts)
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=processes, thread_name_prefix="ctoportal-draw")
        # The longest texts first (the slowest to draw): the last batches, drawn while the others finish,
        # are then the quick ones, and no process is left drawing a large map alone at the end.
        longest_first = dict(sorted(texts.items(), key=lambda item: -len(item[1])))
        # At least two batches per process, so that the processes finish together (each batch costs a
        # Chromium start, about a second: no smaller than that buys).
        limit = max(20_000, min(BATCH_TEXT, sum(map(len, texts.values())) // (2 * processes) + 1))
        self._batches = [self._pool.submit(draw_into_cache, b, cache, browser) for b in batches(longest_first, limit)]
        self._pool.shutdown(wait=False)

    def wait(self) -> None:
        """Until every batch is drawn; the first failure (``CtoportalError``) is raised here, once."""
        for batch in self._batches:
            batch.result()

    def stop(self) -> None:
        for batch in self._batches:
            batch.cancel()
        stop_all()
