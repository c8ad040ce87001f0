"""Knowledge: lean playbooks retrieved from a bilingual (English/Chinese) vector index, with citations.

Pipeline: load → chunk → embed → index → search → answer; `Library` puts it together.

The names below are imported on first use, so `import knowledge.answer_kind` (the chat
core's question classifier) does not load FAISS and NumPy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, for type checkers ("X as X": re-exported)
    from knowledge.embed import E5Embedder as E5Embedder
    from knowledge.embed import Embedder as Embedder
    from knowledge.embed import FakeEmbedder as FakeEmbedder
    from knowledge.embed import SentenceTransformerEmbedder as SentenceTransformerEmbedder
    from knowledge.embed import UseEmbedder as UseEmbedder
    from knowledge.embed import make_embedder as make_embedder
    from knowledge.errors import KnowledgeError as KnowledgeError
    from knowledge.freshness import BUNDLED as BUNDLED
    from knowledge.library import Library as Library
    from knowledge.types import Chunk as Chunk
    from knowledge.types import Citation as Citation
    from knowledge.types import Document as Document
    from knowledge.types import Hit as Hit
    from knowledge.types import LeanAnswer as LeanAnswer

_HOMES = {
    "E5Embedder": "knowledge.embed",
    "Embedder": "knowledge.embed",
    "FakeEmbedder": "knowledge.embed",
    "SentenceTransformerEmbedder": "knowledge.embed",
    "UseEmbedder": "knowledge.embed",
    "make_embedder": "knowledge.embed",
    "KnowledgeError": "knowledge.errors",
    "BUNDLED": "knowledge.freshness",
    "Library": "knowledge.library",
    "Chunk": "knowledge.types",
    "Citation": "knowledge.types",
    "Document": "knowledge.types",
    "Hit": "knowledge.types",
    "LeanAnswer": "knowledge.types",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'knowledge' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
