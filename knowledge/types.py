"""Data of the knowledge pipeline: documents, chunks, hits and lean answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Language = Literal["en", "zh"]

#: How a section path is joined in citations: "Andon response › Material shortage".
SEP = " › "


@dataclass(frozen=True)
class Document:
    """One loaded file: its text (Markdown-like, headings as `#`), language and hash."""

    path: str
    title: str
    text: str
    language: Language
    content_hash: str


@dataclass(frozen=True)
class Chunk:
    """A piece of a document under one heading path, with the metadata search needs."""

    id: str
    text: str
    title: str
    section: tuple[str, ...]
    language: Language
    source: str
    content_hash: str
    doc_hash: str

    @property
    def citation(self) -> str:
        """ "document › section" as shown to users."""
        return SEP.join((self.title, *self.section))

    def embed_text(self) -> str:
        """The text that is embedded: the heading path gives the body its context."""
        return f"{self.citation}\n{self.text}"


@dataclass(frozen=True)
class Citation:
    """Where an answer comes from: a document and a section of it."""

    document: str
    section: tuple[str, ...]
    source: str
    language: Language

    def __str__(self) -> str:
        return SEP.join((self.document, *self.section))


@dataclass(frozen=True)
class Hit:
    """A ranked search result: the chunk, its fused score and its rank (1-based).

    `line` is the line of the chunk that matched the query best ("" when the section as a
    whole did).
    """

    chunk: Chunk
    score: float
    rank: int
    dense_score: float = 0.0
    line: str = ""

    @property
    def citation(self) -> Citation:
        """The chunk's document and section."""
        c = self.chunk
        return Citation(c.title, c.section, c.source, c.language)


@dataclass(frozen=True)
class LeanAnswer:
    """A short answer: 3–6 key points extracted from the best chunk, with citations.

    `full_text` is the whole section the points come from, for "show me more"; `focus`
    is the position in `points` of the one that answers the question most directly.
    """

    points: list[str]
    citation: Citation
    full_text: str
    language: Language
    more: list[Citation] = field(default_factory=list)
    focus: int | None = None

    @property
    def source(self) -> str:
        """The file the answer comes from."""
        return self.citation.source
