"""Index builds: batches embedded side by side give the index that one chunk at a time gives."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from knowledge.chunk import units
from knowledge.embed import E5Embedder, FakeEmbedder, SectionEnsemble
from knowledge.index import build
from knowledge.types import Chunk


def _chunks(count: int) -> list[Chunk]:
    return [
        Chunk(
            str(n),
            f"## Step {n}\n- check part {n} at station {n % 7}\n- call the leader after {n} minutes",
            f"Doc {n // 5}",
            (f"Step {n}",),
            "en" if n % 2 else "zh",
            f"doc-{n // 5}.md",
            f"h{n}",
            "d",
        )
        for n in range(count)
    ]


class SlowThreads(FakeEmbedder):
    """A fake that records which threads embedded, and how many calls ran at once."""

    def __init__(self, dim: int, name: str) -> None:
        super().__init__(dim, name)
        self.threads: set[int] = set()
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def embed_passages(self, texts):  # type: ignore[no-untyped-def,override]
        with self._lock:
            self.threads.add(threading.get_ident())
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            threading.Event().wait(0.02)  # long enough for the other workers to start
            return super().embed_passages(texts)
        finally:
            with self._lock:
                self.running -= 1


def test_batches_on_several_threads_build_the_index_one_chunk_at_a_time_builds() -> None:
    chunks = _chunks(23)
    lines = SlowThreads(64, "lines")
    together, report = build(chunks, SectionEnsemble(lines, FakeEmbedder(32, "sections")), batch=4, workers=3)
    alone, _ = build(
        chunks, SectionEnsemble(FakeEmbedder(64, "lines"), FakeEmbedder(32, "sections")), batch=1, workers=1
    )
    assert lines.most > 1 and len(lines.threads) > 1  # the batches did run side by side
    assert report.embedded == 23
    assert np.array_equal(together.owners, alone.owners)
    assert np.array_equal(together.vectors(), alone.vectors())
    assert np.array_equal(together.sections, alone.sections)
    expected = [u.text for c in chunks for u in units(c)]
    direct = FakeEmbedder(64, "lines").embed_passages(expected).astype(np.float16)
    assert np.array_equal(together.vectors(), direct)


def test_progress_counts_every_chunk_once_and_ends_at_the_total() -> None:
    chunks = _chunks(10)
    seen: list[tuple[int, int]] = []
    first, _ = build(chunks[:4], FakeEmbedder())
    build(chunks, FakeEmbedder(), previous=first, batch=3, progress=lambda d, t: seen.append((d, t)))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1] == (10, 10)
    assert seen[0][0] == 4 + 3  # the 4 reused chunks count as done from the start


def test_the_e5_engine_embeds_side_by_side_as_it_does_alone() -> None:
    texts = [f"passage {n}: stop the line and call the leader within {n} minutes" for n in range(6)]
    embedder = E5Embedder()
    alone = embedder.embed_passages(texts)
    results: dict[int, np.ndarray] = {}

    def embed(half: int) -> None:
        results[half] = embedder.embed_passages(texts[half * 3 : half * 3 + 3])

    workers = [threading.Thread(target=embed, args=(half,)) for half in (0, 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert np.concatenate([results[0], results[1]]) == pytest.approx(alone, abs=1e-6)
