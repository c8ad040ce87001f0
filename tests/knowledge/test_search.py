from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from knowledge import FakeEmbedder, KnowledgeError, Library


def test_hits_are_ranked_with_scores_and_citations(library: Library) -> None:
    hits = library.search("which part number is missing, water spider", k=3)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert hits[0].citation.document == "Andon response: material shortage"
    assert str(hits[0].citation).startswith("Andon response: material shortage › ")
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


def test_chinese_query_finds_chinese_text(library: Library) -> None:
    assert library.search("怎么追问为什么", k=1)[0].chunk.title == "5 个为什么"


@pytest.mark.parametrize(("language", "expected"), [("en", {"en"}), ("zh", {"zh"})])
def test_language_filter(library: Library, language: str, expected: set[str]) -> None:
    hits = library.search("part 为什么", k=10, language=language)
    assert hits and {h.chunk.language for h in hits} == expected


def test_document_filter(library: Library) -> None:
    hits = library.search("steps", k=10, document="whys")
    assert hits and {h.chunk.source.rsplit("/", 1)[-1] for h in hits} == {"whys.zh.md"}
    assert library.search("steps", document="no such playbook") == []


def test_near_duplicate_chunks_are_returned_once(docs: Path, tmp_path: Path) -> None:
    (docs / "copy.md").write_text(
        "# Copy of material\n\n## Steps\n1. Pull the andon and state the part number!\n"
        "2. The water spider checks the supermarket.\n3. Deliver the part to the point "
        "of use.\n4. Record the cause before closing the call.\n",
        encoding="utf-8",
    )
    library = Library([docs], tmp_path / "i", FakeEmbedder(), bundled=False)
    hits = library.search("water spider supermarket part number", k=5)
    step_texts = [h for h in hits if "water spider checks" in h.chunk.text]
    assert len(step_texts) == 1


@pytest.mark.parametrize("query", ["", "   ", "???", "12345"])
def test_empty_query_is_refused_with_a_hint(library: Library, query: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        library.search(query)
    assert caught.value.code == "empty_query" and caught.value.hint


@pytest.mark.parametrize(
    "query",
    ["Как проводить аудит 5S?", "¿Cómo hacemos una auditoría?", "5なぜ分析のやり方は？", "안돈 대응 방법"],
)
def test_third_language_is_refused(library: Library, query: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        library.search(query)
    assert caught.value.code == "unsupported_language"
    assert "English or Chinese" in caught.value.hint and "中文" in caught.value.hint_in("zh")


def test_construction_reads_nothing(tmp_path: Path) -> None:
    library = Library([tmp_path / "not-there-yet"], tmp_path / "index", "e5-small")
    assert not (tmp_path / "index").exists()
    assert library.embedder_name == "e5-small"


def test_the_best_documents_other_sections_are_ranked_with_it(docs: Path, tmp_path: Path) -> None:
    # "Purpose" shares no word with the query, but belongs to the document that matches best,
    # so it ranks above unrelated documents.
    library = Library([docs], tmp_path / "i", FakeEmbedder(), bundled=False)
    hits = library.search("water spider supermarket part number", k=3)
    assert [h.chunk.title for h in hits[:2]] == ["Andon response: material shortage"] * 2


def test_best_unit_and_its_length_in_words(library: Library) -> None:
    index, _ = library._loaded()
    rows = list(range(len(index)))
    vector = FakeEmbedder().embed_queries(["deliver the part"])[0]
    scores, units = index.best_units(vector, rows)
    starts = index._starts()
    assert all(starts[r] <= u < starts[r + 1] for r, u in zip(rows, units.tolist(), strict=True))
    assert scores.tolist() == index.score_rows(vector, rows).tolist()
    lengths = index.unit_lengths()
    assert len(lengths) == index.faiss.ntotal
    by_text = dict(zip((c.text for c in index.chunks), starts[:-1].tolist(), strict=True))
    steps = next(i for t, i in by_text.items() if "Deliver the part" in t)
    assert lengths[steps + 3] == 4  # "Deliver the part to the point of use.": deliver, part, point, use
    whys = next(i for t, i in by_text.items() if "到现场" in t)
    assert lengths[whys + 1] == 5  # 到现场查看零件和设备: 到 现场 查看 零件 设备
