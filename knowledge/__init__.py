"""Knowledge: lean playbooks retrieved from a bilingual (English/Chinese) vector index, with citations.

Pipeline: load → chunk → embed → index → search → answer; `Library` puts it together.
"""

from knowledge.embed import (
    E5Embedder,
    Embedder,
    FakeEmbedder,
    SentenceTransformerEmbedder,
    UseEmbedder,
    make_embedder,
)
from knowledge.errors import KnowledgeError
from knowledge.library import BUNDLED, Library
from knowledge.types import Chunk, Citation, Document, Hit, LeanAnswer

__all__ = [
    "BUNDLED",
    "Chunk",
    "Citation",
    "Document",
    "E5Embedder",
    "Embedder",
    "FakeEmbedder",
    "Hit",
    "KnowledgeError",
    "LeanAnswer",
    "Library",
    "SentenceTransformerEmbedder",
    "UseEmbedder",
    "make_embedder",
]
