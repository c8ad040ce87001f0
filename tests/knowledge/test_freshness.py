"""An index is rebuilt only when its playbooks or its embedder change; the shipped index
serves the bundled playbooks as it is and lends its vectors to a library with more folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import FakeEmbedder, KnowledgeError, Library
from knowledge.freshness import BUNDLED, fingerprint, recorded


def _written(index_dir: Path) -> tuple[str, int, int]:
    """Which version is current, and the inode and modification time of its folder."""
    version = (index_dir / "CURRENT").read_text()
    stat = (index_dir / version).stat()
    return version, stat.st_ino, stat.st_mtime_ns


def test_the_fingerprint_follows_the_files_and_the_embedder(docs: Path) -> None:
    before = fingerprint([docs], "fake")
    assert fingerprint([docs], "fake") == before
    assert fingerprint([docs], "fake-64") != before, "another embedder"
    path = docs / "material.en.md"
    text = path.read_text("utf-8")
    path.write_text(text + "5. Thank the water spider.\n", encoding="utf-8")
    assert fingerprint([docs], "fake") != before, "a playbook changed"
    path.write_text(text, encoding="utf-8")
    assert fingerprint([docs], "fake") == before, "the same bytes again"
    (docs / "material.en.md").rename(docs / "shortage.en.md")
    assert fingerprint([docs], "fake") != before, "a playbook renamed"
    (docs / ".notes.md").write_text("hidden files are not indexed", encoding="utf-8")
    (docs / "shortage.en.md").rename(docs / "material.en.md")
    assert fingerprint([docs], "fake") == before


def test_an_unchanged_library_is_not_rebuilt(library: Library, docs: Path) -> None:
    first = library.ensure_index()
    assert not first.up_to_date and first.embedded == 3
    assert recorded(library.index_dir) == fingerprint([docs], "fake")
    written = _written(library.index_dir)
    again = Library([docs], library.index_dir, FakeEmbedder(), bundled=False)
    assert again.up_to_date() == library.index_dir
    report = again.ensure_index()
    assert report.up_to_date and (report.embedded, report.reused, report.documents) == (0, 3, 2)
    assert _written(library.index_dir) == written, "the index on disk was left as it was"
    assert again.search("water spider")[0].chunk.title == "Andon response: material shortage"


def test_a_changed_playbook_or_embedder_is_rebuilt(library: Library, docs: Path) -> None:
    library.ensure_index()
    written = _written(library.index_dir)
    (docs / "new.md").write_text("# Red tag\n## Steps\n1. Tag unneeded items.\n", encoding="utf-8")
    changed = Library([docs], library.index_dir, FakeEmbedder(), bundled=False)
    assert changed.up_to_date() is None
    report = changed.ensure_index()
    assert not report.up_to_date and (report.embedded, report.reused) == (1, 3)
    assert _written(library.index_dir) != written
    other = Library([docs], library.index_dir, FakeEmbedder(dim=64, name="fake-64"), bundled=False)
    assert other.up_to_date() is None
    with pytest.raises(KnowledgeError) as caught:
        other.ensure_index()
    assert caught.value.code == "embedder_mismatch"
    assert other.ensure_index(rebuild=True).embedded == 4
    assert other.up_to_date() == library.index_dir


def test_a_damaged_index_with_a_matching_fingerprint_is_rebuilt(library: Library, docs: Path) -> None:
    library.ensure_index()
    version = library.index_dir / (library.index_dir / "CURRENT").read_text()
    (version / "chunks.json").write_text("{not json")
    fresh = Library([docs], library.index_dir, FakeEmbedder(), bundled=False)
    report = fresh.ensure_index()
    assert not report.up_to_date and report.embedded == 3
    assert fresh.search("part number")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled playbooks indexed as `make setup` does, with the fake embedder."""
    folder = tmp_path_factory.mktemp("shipped")
    report = Library([], folder, FakeEmbedder(), shipped=None).ensure_index()
    assert report.embedded == report.chunks > 0
    return folder


def test_the_shipped_index_serves_the_bundled_playbooks_as_it_is(shipped: Path, tmp_path: Path) -> None:
    written = _written(shipped)
    library = Library([], tmp_path / "own", FakeEmbedder(), shipped=shipped)
    assert library.up_to_date() == shipped
    report = library.ensure_index()
    assert report.up_to_date and report.embedded == 0 and library.in_use == shipped
    assert not (tmp_path / "own").exists(), "nothing is copied or built"
    assert _written(shipped) == written
    assert library.status()["state"] == "ready" and library.status()["index_dir"] == str(shipped)
    assert library.search("5 whys root cause")


def test_the_shipped_vectors_are_reused_for_a_library_with_more_folders(
    shipped: Path, docs: Path, tmp_path: Path
) -> None:
    library = Library([docs], tmp_path / "own", FakeEmbedder(), shipped=shipped)
    assert library.up_to_date() is None
    report = library.ensure_index()
    assert report.embedded == 3, "only the plant's own documents are embedded"
    assert report.reused == report.chunks - 3 and library.in_use == tmp_path / "own"
    other = Library([], tmp_path / "other", FakeEmbedder(dim=64, name="fake-64"), shipped=shipped)
    assert other.up_to_date() is None, "the shipped index is of another embedder"
    assert other.ensure_index().embedded == other.last_report.chunks  # type: ignore[union-attr]


def test_the_bundled_playbooks_are_the_shipped_ones() -> None:
    assert Library([]).folders == [BUNDLED] and any(BUNDLED.glob("*.md"))
