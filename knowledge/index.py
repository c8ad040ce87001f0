"""Index stage: chunk vectors in a FAISS inner-product index (float16 storage), saved with their metadata.

On disk, `index_dir/CURRENT` names the version folder in use. A build writes a new
version folder completely, then replaces `CURRENT` atomically, so a reader never sees
a half-written index. Each version records the embedder and dimension that built it
and checksums of its files, so a wrong embedder or a damaged file is detected.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

import faiss
import numpy as np
from threadpoolctl import ThreadpoolController

from knowledge.chunk import units
from knowledge.embed import Embedder, SectionEnsemble
from knowledge.errors import KnowledgeError
from knowledge.freshness import CHUNKER, FORMAT  # part of an index's fingerprint
from knowledge.keywords import tokens
from knowledge.pair import pair_translations
from knowledge.types import Chunk

_DATA_FILES = ("vectors.faiss", "sections.npy", "chunks.json")
Progress = Callable[[int, int], None]


#: From this many unit vectors on, they are searched through an HNSW graph instead of a scan.
GRAPH_FROM = 20_000


def _unit_index(dim: int, count: int) -> faiss.Index:
    """An inner-product index for `count` vectors, stored as float16.

    float16 halves the memory of float32 and was measured 4-5x faster per scan on 60,000
    vectors of 512 dimensions (a scan is memory-bound); scores change by < 1e-3. Up to
    `GRAPH_FROM` vectors every search scans them all. Above, an HNSW graph finds the nearest
    ones approximately: on the 10,000-chunk benchmark (60,067 vectors) 1.0 ms per query
    instead of 7.8 ms, with 97% of the 50 nearest chunks the same. Search re-scores the
    chunks it finds exactly, so only which chunks enter the pool is approximate.
    """
    kind = "SQfp16" if count < GRAPH_FROM else "HNSW32,SQfp16"
    return faiss.index_factory(dim, kind, faiss.METRIC_INNER_PRODUCT)


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _chunk_from(data: dict[str, Any]) -> Chunk:
    return Chunk(**{**data, "section": tuple(data["section"])})


def _section_index(sections: np.ndarray | None, chunks: int) -> faiss.Index | None:
    """Section vectors, one per chunk, in a flat float16 inner-product index (None without them).

    A search scans them all: as float16 in FAISS, half the memory of float32 and, on
    10,000 sections, 4 ms of CPU per query with NumPy in float32 against 1 ms.
    """
    if sections is None or not sections.shape[1]:
        return None
    if len(sections) != chunks:
        raise ValueError("one section vector per chunk")
    index = faiss.index_factory(sections.shape[1], "SQfp16", faiss.METRIC_INNER_PRODUCT)
    if len(sections):
        index.add(np.ascontiguousarray(sections, dtype=np.float32))
    return index


def _float16_rows(index: faiss.Index, dim: int) -> np.ndarray:
    """The vectors of a float16 FAISS index, as stored (a view, not a copy)."""
    store = index.storage if isinstance(index, faiss.IndexHNSW) else index
    codes = cast(Any, faiss.downcast_index(store)).codes  # float16 values, as bytes
    raw = faiss.rev_swig_ptr(codes.data(), codes.size()) if codes.size() else np.zeros(0, np.uint8)
    return raw.view(np.float16).reshape(index.ntotal, dim)


def _inner_products(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """`query`'s inner product with each row of the float16 matrix `vectors`, as float32.

    FAISS scores them from a copy in a flat float16 index, converting with SIMD instructions;
    NumPy converts float16 to float32 one value at a time, which was a third of a search's
    own time: 1,400 unit vectors of 512 dimensions took 0.5 ms here against 1.2 ms. The sums
    run in another order than NumPy's, so scores differ from its by < 1e-6.

    >>> rows = np.asarray([[1, 0], [0.5, 0.5], [0, 1]], np.float16)
    >>> _inner_products(rows, np.asarray([2, 4], np.float32)).tolist()
    [2.0, 3.0, 4.0]
    """
    if not len(vectors):
        return np.zeros(0, np.float32)
    faiss.omp_set_num_threads(1)  # one query: threads only add contention on a busy box
    scan = faiss.IndexScalarQuantizer(
        vectors.shape[1], faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
    )
    scan.add_sa_codes(np.ascontiguousarray(vectors, dtype=np.float16).view(np.uint8))
    scores, found = scan.search(np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1), len(vectors))
    out = np.empty(len(vectors), np.float32)
    out[found[0]] = scores[0]  # they come best first: each goes back to its row
    return out


@dataclass
class BuildReport:
    """What a build did: chunks embedded anew, chunks reused from the previous index;
    `up_to_date` when nothing was built (the index's fingerprint matched)."""

    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    up_to_date: bool = False


class FaissIndex:
    """Normalised vectors in a FAISS inner-product index, plus the chunks they belong to.

    Each chunk has several vectors (its units, see `knowledge.chunk.units`); `owners[i]`
    is the chunk row of vector `i`. With a `SectionEnsemble`, `sections` holds a second
    vector per chunk (the whole section, by the second model), added to each unit's score.
    """

    def __init__(
        self,
        embedder: str,
        dim: int,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        owners: Sequence[int] | np.ndarray | None = None,
        *,
        problems: Sequence[str] = (),
        built_at: float | None = None,
        chunker: str = CHUNKER,
        sections: np.ndarray | None = None,
    ) -> None:
        self.owners = np.asarray(owners if owners is not None else range(len(chunks)), dtype=np.int64)
        if len(self.owners) != len(vectors):
            raise ValueError("one owner per vector")
        self.embedder = embedder
        self.dim = dim
        self.chunks = list(chunks)
        self.problems = list(problems)
        self.built_at = built_at or time.time()
        self.chunker = chunker
        self._forget_derived()
        if len(self.owners) and np.any(np.diff(self.owners) < 0):
            raise ValueError("a chunk's vectors must be contiguous, in chunk order")
        self._sections = _section_index(sections, len(self.chunks))
        self.faiss = _unit_index(dim, len(vectors))
        if len(vectors):
            self.faiss.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def _forget_derived(self) -> None:
        """Drop what is worked out from the chunks and vectors on first use."""
        self._unit_starts: np.ndarray | None = None
        self._by_source: dict[str, np.ndarray] | None = None
        self._facts: tuple[np.ndarray, dict[str, np.ndarray]] | None = None
        self._partners: np.ndarray | None = None
        self._languages: np.ndarray | None = None
        self._stored: np.ndarray | None = None
        self._section_rows: np.ndarray | None = None
        self._lines: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self.chunks)

    def languages(self) -> np.ndarray:
        """Language of each chunk ("en" or "zh")."""
        if self._languages is None or len(self._languages) != len(self.chunks):
            self._languages = np.asarray([c.language for c in self.chunks], dtype="<U2")
        return self._languages

    def vectors(self) -> np.ndarray:
        """All vectors, one row per unit (float16, as stored: a view, not a copy)."""
        if self._stored is None:
            self._stored = _float16_rows(self.faiss, self.dim)
        return self._stored

    @property
    def sections(self) -> np.ndarray:
        """Section vectors, one row per chunk (float16, as stored; no columns when there are none)."""
        if self._sections is None:
            return np.zeros((len(self.chunks), 0), np.float16)
        if self._section_rows is None:
            self._section_rows = _float16_rows(self._sections, self._sections.d)
        return self._section_rows

    def _starts(self) -> np.ndarray:
        """Vector id of each chunk's first unit, and the total at the end (owners are sorted)."""
        starts = self._unit_starts
        if starts is None or len(starts) != len(self.chunks) + 1:
            starts = np.searchsorted(self.owners, np.arange(len(self.chunks) + 1))
            self._unit_starts = starts
        return starts

    def unit_vectors(self, row: int) -> np.ndarray:
        """The stored vectors of chunk `row`'s units (float16), in unit order."""
        starts = self._starts()
        return self.vectors()[starts[row] : starts[row + 1]]

    def search(
        self, query: np.ndarray, k: int, allowed: Sequence[int] | np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(scores, chunk rows) of the `k` nearest chunks, best first, optionally only among `allowed` rows.

        A chunk scores as its best-matching unit.
        """
        if not self.faiss.ntotal or k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        faiss.omp_set_num_threads(1)  # one query: threads only add contention on a busy box
        graph = isinstance(self.faiss, faiss.IndexHNSW)
        ids = None if allowed is None else self._unit_ids(np.asarray(allowed, dtype=np.int64))
        if graph and ids is not None and len(ids) < GRAPH_FROM:
            # A few documents or one language of a small library: scoring them all is exact and cheap.
            scores_of, best = self.best_units(query, np.asarray(allowed, dtype=np.int64))
            order = np.argsort(-scores_of, kind="stable")[:k]
            return scores_of[order], self.owners[best[order]]
        depth = min(self.faiss.ntotal, k * 8)
        params = (
            cast(Any, faiss).SearchParametersHNSW(efSearch=max(depth, 64))
            if graph
            else faiss.SearchParameters()
        )
        if ids is not None:
            members = np.zeros(self.faiss.ntotal, bool)
            members[ids] = True
            bitmap = np.packbits(members, bitorder="little")  # kept alive until the search is done
            params.sel = faiss.IDSelectorBitmap(self.faiss.ntotal, faiss.swig_ptr(bitmap))
        scores, ids = self.faiss.search(query.reshape(1, -1).astype(np.float32), depth, params=params)
        found = ids[0] >= 0
        owners = self.owners[ids[0][found]]
        # Results come best first, so a chunk's first occurrence is its best unit.
        rows, first = np.unique(owners, return_index=True)
        order = np.argsort(first, kind="stable")[:k]
        return scores[0][found][first[order]].astype(np.float32), rows[order].astype(np.int64)

    def _unit_ids(self, rows: np.ndarray) -> np.ndarray:
        """Vector ids of the units of the chunks in `rows`, chunk by chunk."""
        starts = self._starts()
        counts = starts[rows + 1] - starts[rows]
        first_of_each = np.repeat(starts[rows] - np.cumsum(counts) + counts, counts)
        return (first_of_each + np.arange(counts.sum())).astype(np.int64)

    def nearest_sections(
        self, section_query: np.ndarray, k: int, allowed: Sequence[int] | np.ndarray | None = None
    ) -> np.ndarray:
        """Rows of the `k` chunks whose section vectors match `section_query` best, best first
        (none without section vectors), optionally only among `allowed` rows."""
        sections = self._sections
        if sections is None or k <= 0 or not sections.ntotal:
            return np.zeros(0, np.int64)
        faiss.omp_set_num_threads(1)  # one query: threads only add contention on a busy box
        params = faiss.SearchParameters()
        if allowed is not None:
            members = np.zeros(sections.ntotal, bool)
            members[np.asarray(allowed, dtype=np.int64)] = True
            bitmap = np.packbits(members, bitorder="little")  # kept alive until the search is done
            params.sel = faiss.IDSelectorBitmap(sections.ntotal, faiss.swig_ptr(bitmap))
        wanted = np.ascontiguousarray(section_query, dtype=np.float32).reshape(1, -1)
        _, rows = sections.search(wanted, min(k, sections.ntotal), params=params)
        return rows[0][rows[0] >= 0].astype(np.int64)

    def rows_of(self, sources: set[str]) -> np.ndarray:
        """Chunk rows of the documents (source paths) in `sources`, ascending."""
        by_source = self._by_source
        if by_source is None:
            groups: dict[str, list[int]] = {}
            for row, c in enumerate(self.chunks):
                groups.setdefault(c.source, []).append(row)
            by_source = {source: np.asarray(r, np.int64) for source, r in groups.items()}
            self._by_source = by_source
        found = [by_source[s] for s in sources if s in by_source]
        return np.sort(np.concatenate(found)) if found else np.zeros(0, np.int64)

    def _unit_facts(self) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """(words in each unit's body, unit mask per answer kind), worked out once from the chunks."""
        facts = self._facts
        if facts is None or len(facts[0]) != self.faiss.ntotal:
            all_units = [u for c in self.chunks for u in units(c)]
            if len(all_units) != self.faiss.ntotal:  # built by another chunker: no evidence
                empty = np.zeros(self.faiss.ntotal, np.float32)
                return empty, {}
            lengths = np.asarray([len(tokens(u.body)) for u in all_units], np.float32)
            kinds = {k for u in all_units for k in u.kinds}
            masks = {k: np.asarray([k in u.kinds for u in all_units]) for k in sorted(kinds)}
            facts = self._facts = (lengths, masks)
        return facts

    def unit_lengths(self) -> np.ndarray:
        """Content words (`knowledge.keywords.tokens`) in each unit's own text, heading path excluded."""
        return self._unit_facts()[0]

    def chunk_lengths(self) -> np.ndarray:
        """Content words in each chunk's text."""
        return self.unit_lengths()[self._starts()[:-1]] if len(self.chunks) else np.zeros(0, np.float32)

    def units_stating(self, kinds: Iterable[str]) -> np.ndarray:
        """Per unit: whether it states a fact of any of `kinds` ("time", "person")."""
        masks = self._unit_facts()[1]
        stating = np.zeros(self.faiss.ntotal, bool)
        for kind in kinds:
            if kind in masks:
                stating |= masks[kind]
        return stating

    def partners(self) -> np.ndarray:
        """Row of each chunk's translation, -1 for none (`knowledge.pair`), worked out once.

        Sections are compared by their whole-section vectors (and section vectors, if any).
        """
        partners = self._partners
        if partners is None or len(partners) != len(self.chunks):
            whole = self.vectors()[self._starts()[:-1]].astype(np.float32)
            signatures = np.hstack([whole, self.sections])
            partners = self._partners = pair_translations(self.chunks, signatures)
        return partners

    def best_units(
        self,
        query: np.ndarray,
        rows: Sequence[int] | np.ndarray,
        bonus: np.ndarray | None = None,
        section_query: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(score, vector id) of the best unit of each chunk in `rows` for `query`, in that order.

        A unit scores its exact inner product with `query`, plus `bonus[vector id]` if given,
        plus its section vector's inner product with `section_query` if both are there.
        """
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        counts = self._starts()[rows + 1] - self._starts()[rows]
        ids = self._unit_ids(rows)
        unit_scores = _inner_products(self.vectors()[ids], query)
        if bonus is not None:
            unit_scores = unit_scores + bonus[ids]
        best = np.maximum.reduceat(unit_scores, np.cumsum(counts) - counts)  # every chunk has a unit
        # each chunk's first unit that scores its best
        at_best = np.flatnonzero(unit_scores == np.repeat(best, counts))
        group = np.repeat(np.arange(len(rows)), counts)[at_best]
        first = at_best[np.concatenate([[True], group[1:] != group[:-1]])]
        if section_query is not None and self.sections.shape[1]:
            best = best + _inner_products(self.sections[rows], section_query)
        return best.astype(np.float32), ids[first].astype(np.int64)

    def unit_line(self, vector_id: int) -> str:
        """The line a unit stands for, or "" when it is its chunk's whole section."""
        row = int(self.owners[vector_id])
        position = vector_id - int(self._starts()[row])
        if not position:
            return ""
        pieces = self._lines.get(row)
        if pieces is None:  # the lines of the chunks found are worked out again, once each
            pieces = self._lines[row] = [u.body for u in units(self.chunks[row])]
        return pieces[position] if position < len(pieces) else ""  # another chunker: no line

    def score_rows(self, query: np.ndarray, rows: Sequence[int]) -> np.ndarray:
        """Exact score (best unit) of each chunk in `rows` for `query`, in that order."""
        return self.best_units(query, rows)[0]

    def save(self, index_dir: Path) -> Path:
        """Write this index as a new version of `index_dir` and make it current, atomically."""
        index_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=index_dir))
        try:
            faiss.write_index(self.faiss, str(staging / "vectors.faiss"))
            np.save(staging / "sections.npy", self.sections.astype(np.float16))
            (staging / "chunks.json").write_text(
                json.dumps(
                    {"chunks": [asdict(c) for c in self.chunks], "owners": self.owners.tolist()},
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
            manifest = {
                "format": FORMAT,
                "chunker": CHUNKER,
                "embedder": self.embedder,
                "dim": self.dim,
                "section_dim": int(self.sections.shape[1]),
                "count": len(self),
                "built_at": self.built_at,
                "problems": self.problems,
                "files": sorted({c.source for c in self.chunks}),
                "checksums": {name: _sha(staging / name) for name in _DATA_FILES},
            }
            (staging / "manifest.json").write_text(
                json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8"
            )
            for name in (*_DATA_FILES, "manifest.json"):
                with (staging / name).open("rb") as handle:
                    os.fsync(handle.fileno())
            version = index_dir / f"v-{time.time_ns()}"
            staging.rename(version)
            pointer = index_dir / ".CURRENT.tmp"
            pointer.write_text(version.name, encoding="utf-8")
            os.replace(pointer, index_dir / "CURRENT")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        for old in index_dir.glob("v-*"):
            if old.name != version.name:
                shutil.rmtree(old, ignore_errors=True)
        return version

    @classmethod
    def load(cls, index_dir: Path, *, embedder: str | None = None) -> FaissIndex:
        """Read the current version of `index_dir`.

        Raises `KnowledgeError`: "missing_index" (nothing built yet), "corrupt_index"
        (damaged or unreadable files) or "embedder_mismatch" (built by another embedder).
        """
        pointer = index_dir / "CURRENT"
        if not pointer.is_file():
            raise KnowledgeError(
                "missing_index",
                f"no playbook index in {index_dir}",
                path=str(index_dir),
                hint="Run `gemba knowledge index` to build it.",
                hint_zh="请运行 `gemba knowledge index` 建立索引。",
            )
        version = index_dir / pointer.read_text(encoding="utf-8").strip()
        try:
            manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
            for name, checksum in manifest["checksums"].items():
                if _sha(version / name) != checksum:
                    raise ValueError(f"{name} does not match its checksum")
            if manifest.get("format") != FORMAT:
                raise ValueError(
                    f"it was written by another version of Gemba (format {manifest.get('format')}, "
                    f"this version reads {FORMAT})"
                )
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise KnowledgeError(
                "corrupt_index",
                f"the playbook index in {index_dir} is damaged: {error}",
                path=str(index_dir),
                hint="Run `gemba knowledge index --rebuild`.",
                hint_zh="请运行 `gemba knowledge index --rebuild`。",
            ) from error
        if embedder is not None and manifest["embedder"] != embedder:
            raise KnowledgeError(
                "embedder_mismatch",
                f"the index in {index_dir} was built with embedder {manifest['embedder']} "
                f"(dimension {manifest['dim']}), but the configured embedder is {embedder}",
                path=str(index_dir),
                hint="Run `gemba knowledge index --rebuild` to re-embed every document with the configured "
                "embedder, or set GEMBA_EMBEDDER back to " + manifest["embedder"] + ".",
                hint_zh="请运行 `gemba knowledge index --rebuild` 用当前模型重建索引，"
                "或将 GEMBA_EMBEDDER 改回 " + manifest["embedder"] + "。",
            )
        try:
            stored = json.loads((version / "chunks.json").read_text("utf-8"))
            chunks = [_chunk_from(c) for c in stored["chunks"]]
            owners = np.asarray(stored["owners"], dtype=np.int64)
            vectors_index = faiss.read_index(str(version / "vectors.faiss"))
            sections = np.load(version / "sections.npy", allow_pickle=False).astype(np.float32)
            if sections.shape != (len(chunks), manifest["section_dim"]):
                raise ValueError("section vectors do not match the chunks")
            if vectors_index.ntotal != len(owners) or vectors_index.d != manifest["dim"]:
                raise ValueError("vector count or dimension does not match the chunks")
            if len(owners) and (owners.min() < 0 or owners.max() >= len(chunks)):
                raise ValueError("vectors point outside the chunks")
            if len(owners) and np.any(np.diff(owners) < 0):
                raise ValueError("the vectors of a chunk are not contiguous")
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
            raise KnowledgeError(
                "corrupt_index",
                f"the playbook index in {index_dir} is damaged: {error}",
                path=str(index_dir),
                hint="Run `gemba knowledge index --rebuild`.",
                hint_zh="请运行 `gemba knowledge index --rebuild`。",
            ) from error
        index = cls.__new__(cls)
        index.embedder, index.dim, index.chunks, index.owners = (
            manifest["embedder"],
            manifest["dim"],
            chunks,
            owners,
        )
        index.problems, index.built_at, index.faiss = (
            manifest.get("problems", []),
            manifest["built_at"],
            vectors_index,
        )
        index.chunker = manifest.get("chunker", "")
        index._forget_derived()
        index._sections = _section_index(sections, len(chunks))
        return index


#: Chunks per embedding call: enough to stream each model's weights once for many texts.
BATCH_CHUNKS = 32


def _workers() -> int:
    """Embedding threads: one per core, each running its own batch on one core."""
    return max(1, min(os.cpu_count() or 1, 4))


def build(
    chunks: Sequence[Chunk],
    embedder: Embedder,
    *,
    previous: FaissIndex | None = None,
    progress: Progress | None = None,
    batch: int = BATCH_CHUNKS,
    workers: int | None = None,
) -> tuple[FaissIndex, BuildReport]:
    """Embed `chunks` (each as its units) into a new index, reusing vectors from `previous`.

    A chunk is reused when its text hash and section path are unchanged and `previous`
    was built by the same embedder and chunker; `progress(done, total)` counts chunks.
    The chunks to embed go in batches of `batch` chunks to `workers` threads (default one
    per core), each batch on one core: the models run in C or NumPy and release the GIL,
    and side-by-side single-core batches keep both cores busy where one multi-threaded
    call waits at every step for a core another process took.
    """
    started = time.perf_counter()
    ensemble = embedder if isinstance(embedder, SectionEnsemble) else None
    unit_vectors: list[np.ndarray | None] = [None] * len(chunks)
    section_vectors: list[np.ndarray | None] = [None] * len(chunks)
    todo: list[int] = []
    reuse: dict[tuple[str, str], int] = {}
    if previous is not None and previous.embedder == embedder.name and previous.chunker == CHUNKER:
        reuse = {(c.content_hash, c.citation): row for row, c in enumerate(previous.chunks)}
    for row, c in enumerate(chunks):
        old = reuse.get((c.content_hash, c.citation))
        if old is None or previous is None:
            todo.append(row)
            continue
        unit_vectors[row] = previous.unit_vectors(old)
        if ensemble is not None:
            section_vectors[row] = previous.sections[old]
    total = len(chunks)
    done = total - len(todo)

    def embed_batch(rows: list[int]) -> tuple[list[int], np.ndarray, np.ndarray | None]:
        texts = [[u.text for u in units(chunks[row])] for row in rows]
        vectors = embedder.embed_passages([t for unit_texts in texts for t in unit_texts])
        whole = ensemble.embed_sections([unit_texts[0] for unit_texts in texts]) if ensemble else None
        return [len(unit_texts) for unit_texts in texts], vectors, whole

    batches = [todo[i : i + max(1, batch)] for i in range(0, len(todo), max(1, batch))]
    if batches:
        # NumPy's BLAS on one thread per batch: the batches themselves run side by side.
        with _blas().limit(limits=1, user_api="blas"), ThreadPoolExecutor(workers or _workers()) as pool:
            for rows, (counts, vectors, whole) in zip(batches, pool.map(embed_batch, batches), strict=True):
                ends = np.cumsum(counts).tolist()
                for position, (row, end, count) in enumerate(zip(rows, ends, counts, strict=True)):
                    unit_vectors[row] = vectors[end - count : end]
                    if whole is not None:
                        section_vectors[row] = whole[position]
                done += len(rows)
                if progress:
                    progress(done, total)
    if progress:
        progress(total, total)
    dim = embedder.dim
    parts = [v for v in unit_vectors if v is not None]
    vectors = np.concatenate(parts) if parts else np.zeros((0, dim), np.float32)
    owners = np.repeat(np.arange(total), [len(v) if v is not None else 0 for v in unit_vectors])
    sections = None
    if ensemble is not None:
        sections = np.zeros((total, ensemble.section_dim), np.float32)
        for row, vector in enumerate(section_vectors):
            if vector is not None:
                sections[row] = vector
    index = FaissIndex(embedder.name, dim, chunks, vectors, owners, sections=sections)
    report = BuildReport(
        chunks=total, embedded=len(todo), reused=total - len(todo), seconds=time.perf_counter() - started
    )
    return index, report


@functools.cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()
