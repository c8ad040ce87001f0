from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from knowledge import FakeEmbedder, KnowledgeError, Library
from knowledge.index import FaissIndex


def test_missing_index_is_built_on_first_search(library: Library) -> None:
    with pytest.raises(KnowledgeError) as caught:
        FaissIndex.load(library.index_dir)
    assert caught.value.code == "missing_index" and "gemba knowledge index" in caught.value.hint
    assert library.search("water spider supermarket")[0].chunk.title == "Andon response: material shortage"
    assert (library.index_dir / "CURRENT").is_file()


def test_incremental_reindex_embeds_only_changed_text(library: Library, docs: Path) -> None:
    first = library.ensure_index()
    assert first.embedded == first.chunks == 3
    again = Library([docs], library.index_dir, FakeEmbedder(), bundled=False).ensure_index()
    assert again.embedded == 0 and again.reused == 3
    path = docs / "whys.zh.md"
    path.write_text(path.read_text("utf-8") + "4. 确认对策有效。\n", encoding="utf-8")
    (docs / "new.md").write_text("# Red tag\n## Steps\n1. Tag unneeded items.\n", encoding="utf-8")
    changed = Library([docs], library.index_dir, FakeEmbedder(), bundled=False).ensure_index()
    assert (changed.embedded, changed.reused) == (2, 2)


def test_stale_index_is_reported_and_refreshed(library: Library, docs: Path) -> None:
    library.ensure_index()
    (docs / "material.en.md").unlink()
    fresh = Library([docs], library.index_dir, FakeEmbedder(), bundled=False)
    status = fresh.status()
    assert status["state"] == "stale" and any("material" in f for f in status["changed_files"])
    assert all(h.chunk.language == "zh" for h in fresh.search("water spider"))
    assert fresh.status()["state"] == "ready"


def test_embedder_mismatch_is_refused_with_the_fix(library: Library, docs: Path) -> None:
    library.ensure_index()
    other = Library([docs], library.index_dir, FakeEmbedder(dim=64, name="fake-64"), bundled=False)
    with pytest.raises(KnowledgeError) as caught:
        other.search("part number")
    message = str(caught.value)
    assert caught.value.code == "embedder_mismatch" and "fake" in message and "fake-64" in message
    assert "gemba knowledge index --rebuild" in caught.value.hint
    assert other.status()["state"] == "embedder_mismatch"
    report = other.ensure_index(rebuild=True)
    assert report.embedded == 3 and other.search("part number")


@pytest.mark.parametrize(
    "damage", ["truncate_vectors", "garble_chunks", "drop_manifest", "drop_sections", "older_format"]
)
def test_corrupt_index_is_detected_and_rebuilt(library: Library, docs: Path, damage: str) -> None:
    library.ensure_index()
    version = library.index_dir / (library.index_dir / "CURRENT").read_text()
    if damage == "truncate_vectors":
        data = (version / "vectors.faiss").read_bytes()
        (version / "vectors.faiss").write_bytes(data[: len(data) // 2])
    elif damage == "garble_chunks":
        (version / "chunks.json").write_text("{not json")
    elif damage == "drop_sections":
        (version / "sections.npy").unlink()
    elif damage == "older_format":  # an index written before an upgrade of Gemba
        manifest = json.loads((version / "manifest.json").read_text())
        (version / "manifest.json").write_text(json.dumps({**manifest, "format": 1}))
    else:
        (version / "manifest.json").unlink()
    with pytest.raises(KnowledgeError) as caught:
        FaissIndex.load(library.index_dir)
    assert caught.value.code == "corrupt_index"
    fresh = Library([docs], library.index_dir, FakeEmbedder(), bundled=False)
    assert fresh.ensure_index().embedded == 3
    assert fresh.search("part number")


def test_writes_are_atomic_and_old_versions_removed(library: Library, docs: Path) -> None:
    library.ensure_index()
    first = (library.index_dir / "CURRENT").read_text()
    (docs / "new.md").write_text("# New\nText.\n")
    Library([docs], library.index_dir, FakeEmbedder(), bundled=False).ensure_index()
    second = (library.index_dir / "CURRENT").read_text()
    assert first != second
    assert sorted(p.name for p in library.index_dir.iterdir()) == ["CURRENT", "FINGERPRINT", second]
    manifest = json.loads((library.index_dir / second / "manifest.json").read_text())
    assert manifest["embedder"] == "fake" and manifest["dim"] == 256


def test_failed_build_leaves_the_current_index_readable(library: Library, docs: Path) -> None:
    library.ensure_index()
    current = (library.index_dir / "CURRENT").read_text()

    class Broken(FakeEmbedder):
        def embed_passages(self, texts):  # type: ignore[no-untyped-def,override]
            raise RuntimeError("model crashed mid-way")

    (docs / "new.md").write_text("# New\nText.\n")
    with pytest.raises(RuntimeError):
        Library([docs], library.index_dir, Broken(), bundled=False).ensure_index()
    assert (library.index_dir / "CURRENT").read_text() == current
    assert len(FaissIndex.load(library.index_dir, embedder="fake")) == 3


def _index_of_units(unit_counts: list[int], dim: int = 16, seed: int = 3) -> tuple[FaissIndex, np.ndarray]:
    from knowledge.types import Chunk

    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(sum(unit_counts), dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    owners = np.repeat(np.arange(len(unit_counts)), unit_counts)
    chunks = [
        Chunk(f"c{i}", f"text {i}", f"Doc {i % 3}", (), "en", f"d{i % 3}.md", "h", "d")
        for i in range(len(unit_counts))
    ]
    return FaissIndex("fake", dim, chunks, vectors, owners), vectors


def test_a_chunk_scores_as_its_best_unit_in_search_and_in_score_rows() -> None:
    counts = [1, 4, 2, 6, 3, 1, 5]
    index, vectors = _index_of_units(counts)
    query = vectors[7] + 0.3 * vectors[2]
    query = (query / np.linalg.norm(query)).astype(np.float32)
    owners = np.repeat(np.arange(len(counts)), counts)
    exact = np.array([(vectors[owners == row] @ query).max() for row in range(len(counts))])
    scores, rows = index.search(query, 4)
    assert rows.tolist() == np.argsort(-exact)[:4].tolist()
    assert np.allclose(scores, exact[rows], atol=2e-3)  # vectors are stored as float16
    assert np.allclose(index.score_rows(query, [6, 0, 3]), exact[[6, 0, 3]], atol=2e-3)
    _, allowed_rows = index.search(query, 10, allowed=[0, 2, 5])
    assert sorted(allowed_rows.tolist()) == [0, 2, 5]
    assert index.rows_of({"d1.md"}).tolist() == [1, 4]


def test_vectors_of_a_chunk_must_be_contiguous() -> None:
    from knowledge.types import Chunk

    chunks = [Chunk(f"c{i}", "t", "D", (), "en", "d.md", "h", "d") for i in range(2)]
    with pytest.raises(ValueError, match="contiguous"):
        FaissIndex("fake", 4, chunks, np.eye(4, dtype=np.float32)[:3], [0, 1, 0])


def test_a_large_index_searches_a_graph_and_finds_what_a_full_scan_finds(tmp_path: Path) -> None:
    from knowledge.index import GRAPH_FROM

    index, vectors = _index_of_units([4] * (GRAPH_FROM // 2))  # twice the units a scan may have
    assert "HNSW" in type(index.faiss).__name__
    index.save(tmp_path / "index")
    loaded = FaissIndex.load(tmp_path / "index")
    every_row = np.arange(len(loaded))
    rng = np.random.default_rng(5)
    for near in rng.choice(len(vectors), 20, replace=False):
        query = vectors[near] + 0.05 * rng.standard_normal(16).astype(np.float32)
        full_scan = loaded.score_rows(query, every_row)
        scores, rows = loaded.search(query, 10)
        assert rows[0] == int(np.argmax(full_scan)) == near // 4
        assert np.allclose(scores, full_scan[rows], atol=2e-3)
    query = vectors[281]
    few = [3, 70, 4000]  # a small filter is scored exactly, not through the graph
    _, rows = loaded.search(query, 5, allowed=few)
    assert rows.tolist() == sorted(few, key=lambda r: -loaded.score_rows(query, [r])[0])
    half = every_row[::2]  # a large filter is searched through the graph
    _, rows = loaded.search(query, 5, allowed=half)
    assert len(rows) == 5 and set(rows.tolist()) <= set(half.tolist())
