"""A question's two vectors: the section model's is embedded alongside, with the same result."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from knowledge import FakeEmbedder, Library
from knowledge.embed import SectionEnsemble
from knowledge.embed_query import QueryEmbeddings, embed_query
from knowledge.keywords import content_words


class RecordingSections(FakeEmbedder):
    """A section model that records the thread and the texts it embedded queries on."""

    def __init__(self) -> None:
        super().__init__(32, "sections")
        self.threads: list[int] = []
        self.texts: list[str] = []

    def embed_queries(self, texts):  # type: ignore[no-untyped-def,override]
        self.threads.append(threading.get_ident())
        self.texts += texts
        return super().embed_queries(texts)


def test_the_section_vector_is_the_section_models_vector_of_the_content_words() -> None:
    sections = RecordingSections()
    ensemble = SectionEnsemble(FakeEmbedder(64, "lines"), sections)
    question = "What should I do when a part runs out at station 4?"
    units, around = embed_query(question, ensemble)
    assert np.array_equal(units, FakeEmbedder(64, "lines").embed_queries([question])[0])
    expected = ensemble.weight * FakeEmbedder(32, "sections").embed_queries([content_words(question)])[0]
    assert around is not None and np.array_equal(around, expected)
    assert sections.texts == ["part runs station 4"] and sections.threads != [threading.get_ident()]


def test_remembered_vectors_are_shared_and_read_only() -> None:
    sections = RecordingSections()
    queries = QueryEmbeddings(SectionEnsemble(FakeEmbedder(64, "lines"), sections), size=1)
    first = queries("stop the line")
    again = queries("stop the line")
    assert again[0] is first[0] and again[1] is first[1] and len(sections.texts) == 1
    assert not first[0].flags.writeable
    queries("call the leader")  # the cache holds one query: the first is forgotten
    queries("stop the line")
    assert len(sections.texts) == 3


def test_search_ranks_alike_with_the_vectors_embedded_first_or_alongside(docs: Path, tmp_path: Path) -> None:
    ensemble = SectionEnsemble(FakeEmbedder(64, "lines"), FakeEmbedder(32, "sections"))
    library = Library([docs], tmp_path / "index", ensemble, bundled=False)
    for question in ("which part number is missing, water spider", "怎么追问为什么", "steps"):
        alongside = library.search(question, k=5)
        library.queries.clear()
        vectors = embed_query(question, ensemble)
        library.queries.remember(question, vectors)  # embedded first, then searched
        first = library.search(question, k=5)
        assert [(h.chunk.id, h.score, h.line) for h in alongside] == [
            (h.chunk.id, h.score, h.line) for h in first
        ]
