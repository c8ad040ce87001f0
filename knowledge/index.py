"""Index stage: chunk vectors in a FAISS `IndexFlatIP`, saved with their metadata.

On disk, `index_dir/CURRENT` names the version folder in use. A build writes a new
version folder completely, then replaces `CURRENT` atomically, so a reader never sees
a half-written index. Each version records the embedder and dimension that built it
and checksums of its files, so a wrong embedder or a damaged file is detected.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from knowledge.embed import Embedder
from knowledge.errors import KnowledgeError
from knowledge.types import Chunk

FORMAT = 1
#: Bump when chunking changes, so old vectors are not reused for new chunks.
CHUNKER = "headings-1"
Progress = Callable[[int, int], None]


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _chunk_from(data: dict[str, Any]) -> Chunk:
    return Chunk(**{**data, "section": tuple(data["section"])})


@dataclass
class BuildReport:
    """What a build did: chunks embedded anew, chunks reused from the previous index."""

    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


class FaissIndex:
    """Normalised chunk vectors in a FAISS inner-product index, plus the chunks themselves."""

    def __init__(self, embedder: str, dim: int, chunks: Sequence[Chunk], vectors: np.ndarray,
                 *, problems: Sequence[str] = (), built_at: float | None = None, chunker: str = CHUNKER) -> None:
        if len(chunks) != len(vectors):
            raise ValueError("one vector per chunk")
        self.embedder = embedder
        self.dim = dim
        self.chunks = list(chunks)
        self.problems = list(problems)
        self.built_at = built_at or time.time()
        self.chunker = chunker
        self.faiss = faiss.IndexFlatIP(dim)
        if len(vectors):
            self.faiss.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def __len__(self) -> int:
        return len(self.chunks)

    def vectors(self) -> np.ndarray:
        """All vectors, one row per chunk."""
        if not len(self):
            return np.zeros((0, self.dim), np.float32)
        return self.faiss.reconstruct_n(0, len(self))

    def search(self, query: np.ndarray, k: int, allowed: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, row numbers) of the `k` nearest chunks, optionally only among `allowed` rows."""
        k = min(k, len(self))
        if k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        params = None
        if allowed is not None:
            params = faiss.SearchParameters()
            params.sel = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        scores, rows = self.faiss.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        keep = rows[0] >= 0
        return scores[0][keep], rows[0][keep]

    def save(self, index_dir: Path) -> Path:
        """Write this index as a new version of `index_dir` and make it current, atomically."""
        index_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=index_dir))
        try:
            faiss.write_index(self.faiss, str(staging / "vectors.faiss"))
            (staging / "chunks.json").write_text(
                json.dumps([asdict(c) for c in self.chunks], ensure_ascii=False), encoding="utf-8")
            manifest = {
                "format": FORMAT, "chunker": CHUNKER, "embedder": self.embedder, "dim": self.dim,
                "count": len(self), "built_at": self.built_at, "problems": self.problems,
                "files": sorted({c.source for c in self.chunks}),
                "checksums": {name: _sha(staging / name) for name in ("vectors.faiss", "chunks.json")},
            }
            (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
            for name in ("vectors.faiss", "chunks.json", "manifest.json"):
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
                "missing_index", f"no playbook index in {index_dir}", path=str(index_dir),
                hint="Run `gemba knowledge index` to build it.", hint_zh="请运行 `gemba knowledge index` 建立索引。",
            )
        version = index_dir / pointer.read_text(encoding="utf-8").strip()
        try:
            manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
            for name, checksum in manifest["checksums"].items():
                if _sha(version / name) != checksum:
                    raise ValueError(f"{name} does not match its checksum")
            if manifest.get("format") != FORMAT:
                raise ValueError(f"format {manifest.get('format')} is not {FORMAT}")
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise KnowledgeError(
                "corrupt_index", f"the playbook index in {index_dir} is damaged: {error}", path=str(index_dir),
                hint="Run `gemba knowledge index --rebuild`.", hint_zh="请运行 `gemba knowledge index --rebuild`。",
            ) from error
        if embedder is not None and manifest["embedder"] != embedder:
            raise KnowledgeError(
                "embedder_mismatch",
                f"the index in {index_dir} was built with embedder {manifest['embedder']} "
                f"(dimension {manifest['dim']}), but the configured embedder is {embedder}",
                path=str(index_dir),
                hint="Run `gemba knowledge index --rebuild` to re-embed every document with the configured "
                "embedder, or set GEMBA_EMBEDDER back to " + manifest["embedder"] + ".",
                hint_zh="请运行 `gemba knowledge index --rebuild` 用当前模型重建索引，或将 GEMBA_EMBEDDER 改回 "
                + manifest["embedder"] + "。",
            )
        try:
            chunks = [_chunk_from(c) for c in json.loads((version / "chunks.json").read_text("utf-8"))]
            vectors_index = faiss.read_index(str(version / "vectors.faiss"))
            if vectors_index.ntotal != len(chunks) or vectors_index.d != manifest["dim"]:
                raise ValueError("vector count or dimension does not match the chunks")
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
            raise KnowledgeError(
                "corrupt_index", f"the playbook index in {index_dir} is damaged: {error}", path=str(index_dir),
                hint="Run `gemba knowledge index --rebuild`.", hint_zh="请运行 `gemba knowledge index --rebuild`。",
            ) from error
        index = cls.__new__(cls)
        index.embedder, index.dim, index.chunks = manifest["embedder"], manifest["dim"], chunks
        index.problems, index.built_at, index.faiss = manifest.get("problems", []), manifest["built_at"], vectors_index
        index.chunker = manifest.get("chunker", "")
        return index


def build(chunks: Sequence[Chunk], embedder: Embedder, *, previous: FaissIndex | None = None,
          progress: Progress | None = None, batch: int = 32) -> tuple[FaissIndex, BuildReport]:
    """Embed `chunks` into a new index, reusing vectors of unchanged chunks from `previous`.

    A chunk is unchanged when its text hash and section path are the same and `previous`
    was built by the same embedder and chunker.
    """
    started = time.perf_counter()
    reuse: dict[tuple[str, str], int] = {}
    old_vectors = None
    if (previous is not None and previous.embedder == embedder.name
            and previous.chunker == CHUNKER):
        reuse = {(c.content_hash, c.citation): row for row, c in enumerate(previous.chunks)}
        old_vectors = previous.vectors()
    todo = [i for i, c in enumerate(chunks) if (c.content_hash, c.citation) not in reuse]
    dim = embedder.dim
    vectors = np.zeros((len(chunks), dim), np.float32)
    if old_vectors is not None:
        for i, c in enumerate(chunks):
            row = reuse.get((c.content_hash, c.citation))
            if row is not None:
                vectors[i] = old_vectors[row]
    done = len(chunks) - len(todo)
    if progress:
        progress(done, len(chunks))
    for start in range(0, len(todo), batch):
        rows = todo[start:start + batch]
        vectors[rows] = embedder.embed_passages([chunks[i].embed_text() for i in rows])
        done += len(rows)
        if progress:
            progress(done, len(chunks))
    index = FaissIndex(embedder.name, dim, chunks, vectors)
    report = BuildReport(chunks=len(chunks), embedded=len(todo), reused=len(chunks) - len(todo),
                         seconds=time.perf_counter() - started)
    return index, report
