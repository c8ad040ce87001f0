"""`Library`: the object the chat core holds — playbook folders, an index on disk, an embedder.

Constructing a `Library` reads nothing and loads no model. The first search (or
`ensure_index`) brings the index up to date with the folders — only new or changed
text is embedded — and keeps it in memory for every later query. An index whose
fingerprint (see `knowledge.freshness`) matches is loaded as it is; the index shipped
with Gemba serves the bundled playbooks, and lends its vectors to a library that adds
folders of its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from knowledge.answer import Summarise, lean_answer
from knowledge.chunk import chunk
from knowledge.embed import DEFAULT_EMBEDDER, Embedder, make_embedder
from knowledge.errors import KnowledgeError
from knowledge.freshness import BUNDLED as BUNDLED  # where it was first defined; still imported from here
from knowledge.freshness import (
    CHUNKER,
    SHIPPED_INDEX,
    fingerprint,
    fresh_index,
    index_candidates,
    library_folders,
    record,
)
from knowledge.index import BuildReport, FaissIndex, Progress, build
from knowledge.keywords import KeywordIndex
from knowledge.load import MAX_BYTES, load_all
from knowledge.search import QueryEmbeddings, query_language, search
from knowledge.types import SEP, Citation, Hit, Language, LeanAnswer

#: What each andon / problem category is about, to find its playbook.
LINK_TOPICS: dict[str, tuple[str, str]] = {
    "material": ("andon response to a material shortage", "物料短缺安灯响应"),
    "quality": ("andon response to a quality defect", "质量缺陷安灯响应"),
    "equipment": ("andon response to a machine breakdown", "设备故障安灯响应"),
    "safety": ("andon response to a safety issue", "安全问题安灯响应"),
    "5s": ("5S audit of the work area", "5S 审核"),
    "process": ("standard work for the process", "标准作业"),
}


#: Asked once at warm-up, one per language, to load every model a question needs.
WARM_UP_QUESTIONS = ("how do we start?", "怎么开始？")


class Library:
    """Playbooks searchable in English and Chinese, with lean answers and citations.

    `folders` are extra document folders; the bundled playbooks come first unless
    `bundled=False`. `embedder` is an `Embedder` or a setting such as "e5-small".
    `translations=False` scores every section on its own text only (see `knowledge.search`).
    `shipped` is the index built of the bundled playbooks when Gemba was installed (None:
    none); it is used as it is when it is up to date for exactly this library's folders and
    embedder, and its vectors are reused when `index_dir` has no index yet.
    """

    def __init__(
        self,
        folders: Sequence[str | Path] = (),
        index_dir: str | Path = ".gemba/index",
        embedder: Embedder | str = DEFAULT_EMBEDDER,
        *,
        bundled: bool = True,
        max_bytes: int = MAX_BYTES,
        summarise: Summarise | None = None,
        translations: bool = True,
        shipped: Path | None = SHIPPED_INDEX,
    ) -> None:
        self.folders = library_folders(folders, bundled=bundled)
        self.index_dir = Path(index_dir)
        self.candidates = index_candidates(self.index_dir, bundled=bundled, shipped=shipped)
        self.shipped = self.candidates[0] if len(self.candidates) > 1 else None
        self._embedder_spec = embedder
        self._embedder: Embedder | None = embedder if not isinstance(embedder, str) else None
        self.max_bytes = max_bytes
        self.summarise = summarise
        self.translations = translations
        self._index: FaissIndex | None = None
        self._keywords: KeywordIndex | None = None
        self._queries: QueryEmbeddings | None = None
        self._lock = threading.RLock()
        self.last_report: BuildReport | None = None
        #: The index folder loaded: `index_dir` or the shipped index (None until loaded).
        self.in_use: Path | None = None

    @property
    def embedder(self) -> Embedder:
        """The embedder (created on first use; its model loads on the first text)."""
        if self._embedder is None:
            self._embedder = make_embedder(str(self._embedder_spec), cache_dir=self.index_dir / "cache")
        return self._embedder

    @property
    def queries(self) -> QueryEmbeddings:
        """The embedder's query vectors, recent ones remembered (`knowledge.search.QueryEmbeddings`)."""
        if self._queries is None:
            self._queries = QueryEmbeddings(self.embedder)
        return self._queries

    @property
    def embedder_name(self) -> str:
        """The embedder's name, without creating it."""
        if self._embedder is not None:
            return self._embedder.name
        return str(self._embedder_spec)

    def up_to_date(self) -> Path | None:
        """The index folder built from exactly these folders and this embedder — the shipped
        index or `index_dir` — or None when the index must be built. Loads nothing.

        Raises `KnowledgeError` ("missing_folder") when a folder does not exist.
        """
        return fresh_index(self.folders, self.embedder_name, self.candidates)

    def ensure_index(self, progress: Progress | None = None, *, rebuild: bool = False) -> BuildReport:
        """Bring the index on disk up to date with the folders and load it.

        An index whose fingerprint matches is loaded as it is (`BuildReport.up_to_date`).
        Otherwise only chunks whose text changed are embedded. A damaged index is rebuilt.
        An index built by another embedder raises `KnowledgeError` ("embedder_mismatch")
        unless `rebuild` is true. Returns what was done.
        """
        started = time.perf_counter()
        with self._lock:
            current = fingerprint(self.folders, self.embedder_name)
            fresh = None if rebuild else self.up_to_date()
            if fresh is not None:
                try:
                    index = FaissIndex.load(fresh, embedder=self.embedder_name)
                except KnowledgeError:
                    fresh = None  # damaged since: built again below
                else:
                    report = BuildReport(chunks=len(index), reused=len(index), up_to_date=True)
                    report.documents = len({c.source for c in index.chunks})
                    report.problems = list(index.problems)
                    return self._finish(index, fresh, report, started)
            previous = None if rebuild else self._previous()
            documents, problems = load_all(self.folders, max_bytes=self.max_bytes)
            chunks = [c for document in documents for c in chunk(document)]
            problem_texts = [f"{p.code}: {p.message}" for p in problems]
            if previous is not None and previous.chunker == CHUNKER and previous.chunks == chunks:
                index, report = previous, BuildReport(chunks=len(chunks), reused=len(chunks))
            else:
                index, report = build(chunks, self.embedder, previous=previous, progress=progress)
            index.problems = problem_texts
            index.save(self.index_dir)
            record(self.index_dir, current)
            report.documents = len(documents)
            report.problems = problem_texts
            return self._finish(index, self.index_dir, report, started)

    def _previous(self) -> FaissIndex | None:
        """The index whose vectors a build reuses: `index_dir`'s, else the shipped one (same
        embedder only). Raises `KnowledgeError` when `index_dir` holds another embedder's."""
        try:
            return FaissIndex.load(self.index_dir, embedder=self.embedder_name)
        except KnowledgeError as error:
            if error.code == "embedder_mismatch":
                raise
        if self.shipped is None:
            return None
        try:
            return FaissIndex.load(self.shipped, embedder=self.embedder_name)
        except KnowledgeError:
            return None

    def _finish(self, index: FaissIndex, folder: Path, report: BuildReport, started: float) -> BuildReport:
        report.seconds = time.perf_counter() - started
        self.in_use = folder
        self._use(index)
        self.last_report = report
        return report

    def warm_up(self) -> BuildReport:
        """Bring the index up to date and load it (`ensure_index`), then load every model a
        question needs by answering one in each language, so the first real question waits
        for nothing (`knowledge.embed.LOADS` counts the loads)."""
        report = self.ensure_index()
        for question in WARM_UP_QUESTIONS:
            self.search(question, k=1)
        return report

    def _use(self, index: FaissIndex) -> None:
        self._keywords = KeywordIndex([c.embed_text() for c in index.chunks])
        index.unit_lengths()  # works out the units' lengths and kinds now, not on the first question
        index.partners()  # and which sections translate each other
        self._index = index

    def _loaded(self) -> tuple[FaissIndex, KeywordIndex]:
        with self._lock:
            if self._index is None or self._keywords is None:
                self.ensure_index()
            assert self._index is not None and self._keywords is not None
            return self._index, self._keywords

    def search(
        self, query: str, k: int = 5, language: str | None = None, document: str | None = None
    ) -> list[Hit]:
        """The `k` best chunks for `query`, best first, each with a score and citation.

        `language` ("en"/"zh") and `document` (part of a title or file name) filter the
        chunks. Raises `KnowledgeError` for an empty query or an unsupported language.
        """
        query_language(query)
        index, keywords = self._loaded()
        return search(
            query,
            index=index,
            keywords=keywords,
            embedder=self.embedder,
            k=k,
            language=language,
            document=document,
            translations=self.translations,
            queries=self.queries,
        )

    def answer(self, question: str, language: Language | None = None) -> LeanAnswer | None:
        """A lean answer to a how-to question, preferring playbooks in `language`.

        `language` defaults to the question's language. Returns None when nothing matches.
        """
        language = language or query_language(question)
        hits = self.search(question, k=5, language=language) or self.search(question, k=5)
        if not hits:
            return None
        answer = lean_answer(question, hits, language, summarise=self.summarise)
        if answer is not None:
            full = self.section(answer.citation)
            if full and full != answer.full_text:
                answer = lean_answer(
                    question,
                    [h for h in hits if h.citation == answer.citation] or hits,
                    language,
                    full_text=full,
                    summarise=self.summarise,
                )
        return answer

    def section(self, citation: Citation) -> str:
        """The whole text of a cited section (all its parts and subsections), or ""."""
        index, _ = self._loaded()
        parts = [
            c.text
            for c in index.chunks
            if (c.source == citation.source and c.section[: len(citation.section)] == citation.section)
            or (c.source == citation.source and _base(c.section) == citation.section)
        ]
        return "\n\n".join(parts)

    def link(self, category: str, text: str, language: Language) -> Citation | None:
        """The playbook section that matches an andon call or problem (category and free text).

        Known categories ("material", "quality", "equipment", "safety", "5s", "process")
        steer the search; for others the text alone must match well. Never raises.
        """
        topic = LINK_TOPICS.get(category)
        query = f"{topic[1] if language == 'zh' else topic[0]}: {text}" if topic else text
        try:
            hits = self.search(query, k=1, language=language) or self.search(query, k=1)
        except KnowledgeError:
            return None
        if not hits:
            return None
        return Citation(hits[0].chunk.title, (), hits[0].chunk.source, hits[0].chunk.language)

    def status(self) -> dict[str, Any]:
        """What is indexed: embedder, dimension, documents, chunks, build time, problems, staleness."""
        folder = self.index_dir
        try:
            folder = self.in_use or self.up_to_date() or self.index_dir
            index = self._index or FaissIndex.load(folder)
        except KnowledgeError as error:
            return {
                "state": error.code,
                "message": error.message,
                "hint": error.hint,
                "index_dir": str(folder),
                "folders": [str(f) for f in self.folders],
            }
        documents, _ = load_all(self.folders, max_bytes=self.max_bytes)
        indexed = {c.source: c.doc_hash for c in index.chunks}
        current = {d.path: d.content_hash for d in documents}
        stale = sorted(set(indexed.items()) ^ set(current.items()))
        state = "ready"
        if index.embedder != self.embedder_name:
            state = "embedder_mismatch"
        elif stale:
            state = "stale"
        return {
            "state": state,
            "index_dir": str(folder),
            "folders": [str(f) for f in self.folders],
            "embedder": index.embedder,
            "configured_embedder": self.embedder_name,
            "dim": index.dim,
            "documents": len(set(indexed)),
            "chunks": len(index),
            "built_at": index.built_at,
            "languages": {lang: sum(1 for c in index.chunks if c.language == lang) for lang in ("en", "zh")},
            "changed_files": sorted({path for path, _ in stale}),
            "problems": index.problems,
        }


def _base(section: tuple[str, ...]) -> tuple[str, ...]:
    """A section path without a trailing part number: ("Steps (2)",) -> ("Steps",)."""
    if section and section[-1].endswith(")") and " (" in section[-1]:
        return (*section[:-1], section[-1].rsplit(" (", 1)[0])
    return section


def citation_text(citation: Citation) -> str:
    """ "document › section" of a citation.

    >>> citation_text(Citation("5 Whys", ("Steps",), "5-whys.en.md", "en"))
    '5 Whys › Steps'
    """
    return SEP.join((citation.document, *citation.section))
