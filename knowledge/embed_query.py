"""Embed stage for a question: its vector for the units now, its section vector alongside.

With a `SectionEnsemble`, the section model's query (E5) is most of a search's time
(`evals/knowledge/bench.py`). It runs on a thread of its own, started first, while the
search embeds the query for the units and looks up the unit vectors and the keywords; the
search waits for it only where it needs the section vector. The engine releases the GIL,
so on two cores the two halves run side by side. While they do, the search reserves a core
(`knowledge.cores.CORES`), so the engine takes one core fewer instead of waiting for one.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from knowledge.embed import Embedder, SectionEnsemble
from knowledge.keywords import content_words

#: How many recent queries keep their vectors (`QueryEmbeddings`): a repeated question, or
#: the same andon category's link query, is not embedded again.
QUERY_CACHE_SIZE = 512

QueryVectors = tuple[np.ndarray, np.ndarray | None]


@functools.cache
def _section_queries() -> ThreadPoolExecutor:
    """The thread that embeds section queries (one: the E5 engine takes one query at a time)."""
    return ThreadPoolExecutor(1, thread_name_prefix="gemba-section-query")


class PendingVectors:
    """A query's vector for the units (`units`), and its section vector when `sections()` is asked."""

    def __init__(self, units: np.ndarray, sections: Future[np.ndarray] | np.ndarray | None) -> None:
        self.units = units
        self._sections = sections

    def sections(self) -> np.ndarray | None:
        """The section vector (None without a section model); waits for it if it is being embedded."""
        if isinstance(self._sections, Future):
            self._sections = self._sections.result()
        return self._sections


def start_embedding(query: str, embedder: Embedder) -> PendingVectors:
    """The query's unit vector, with its section vector under way (see the module's docstring).

    The section model reads only the question's content words (`content_words`): as good on
    the three evals, and 29% fewer tokens to embed, which is what its time grows with.
    """
    if not isinstance(embedder, SectionEnsemble):
        return PendingVectors(embedder.embed_queries([query])[0], None)
    text = content_words(query) or query
    sections = _section_queries().submit(lambda: embedder.embed_section_queries([text])[0])
    return PendingVectors(embedder.embed_queries([query])[0], sections)


def embed_query(query: str, embedder: Embedder) -> QueryVectors:
    """The query's vector for the units and, with a `SectionEnsemble`, for the sections."""
    pending = start_embedding(query, embedder)
    return pending.units, pending.sections()


class QueryEmbeddings:
    """`start_embedding` for one embedder, remembering the vectors of the last `size` queries.

    Most of a search's time is embedding the query, so a query asked again skips it. The
    vectors handed out are read-only: they are shared.

    >>> from knowledge.embed import FakeEmbedder
    >>> queries = QueryEmbeddings(FakeEmbedder(), size=2)
    >>> queries("stop the line")[0] is queries("stop the line")[0]
    True
    """

    def __init__(self, embedder: Embedder, size: int = QUERY_CACHE_SIZE) -> None:
        self.embedder = embedder
        self.size = size
        self._recent: OrderedDict[str, QueryVectors] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, query: str) -> PendingVectors:
        """The vectors of `query`: remembered ones at once, or new ones under way."""
        with self._lock:
            known = self._recent.get(query)
            if known is not None:
                self._recent.move_to_end(query)
                return PendingVectors(*known)
        pending = start_embedding(query, self.embedder)
        if self.size > 0:
            return _Remembered(pending, query, self)
        return pending

    def remember(self, query: str, vectors: QueryVectors) -> None:
        """Keep `vectors` as those of `query` (read-only), forgetting the oldest beyond `size`."""
        for array in vectors:
            if array is not None:
                array.setflags(write=False)
        with self._lock:
            self._recent[query] = vectors
            self._recent.move_to_end(query)
            while len(self._recent) > self.size:
                self._recent.popitem(last=False)

    def __call__(self, query: str) -> QueryVectors:
        """The vectors of `query` (see `embed_query`)."""
        pending = self.start(query)
        return pending.units, pending.sections()

    def clear(self) -> None:
        """Forget every remembered query."""
        with self._lock:
            self._recent.clear()


class _Remembered(PendingVectors):
    """Pending vectors that are remembered by their `QueryEmbeddings` once complete."""

    def __init__(self, pending: PendingVectors, query: str, owner: QueryEmbeddings) -> None:
        super().__init__(pending.units, pending._sections)
        self._query = query
        self._owner: QueryEmbeddings | None = owner

    def sections(self) -> np.ndarray | None:
        """The section vector; the first call also remembers the query's vectors."""
        vector = super().sections()
        if self._owner is not None:
            self._owner.remember(self._query, (self.units, vector))
            self._owner = None
        return vector
