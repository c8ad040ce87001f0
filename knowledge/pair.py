"""Pair stage: find the sections of a document that translate the sections of another.

A bilingual library holds many documents twice (`andon.en.md`, `andon.zh.md`). Search scores
such a pair of sections together (`knowledge.search`): a section is judged by its own text
and by its translation, which gives a question two phrasings to match and lets an English
question find the Chinese section through the English one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

import numpy as np

from knowledge.types import Chunk

LANGUAGE_TAGS = ("en", "zh")


def translation_key(source: str) -> str | None:
    """The name a document shares with its translations: its path without the language tag and
    the extension; None for a file name without a language tag.

    >>> translation_key("/p/andon.en.md"), translation_key("/p/andon.zh.html"), translation_key("/p/notes.md")
    ('/p/andon', '/p/andon', None)
    """
    path = PurePath(source)
    parts = path.name.split(".")
    middle = parts[1:-1]
    if not any(part.lower() in LANGUAGE_TAGS for part in middle):
        return None
    kept = [parts[0], *(part for part in middle if part.lower() not in LANGUAGE_TAGS)]
    return str(path.with_name(".".join(kept)))


def pair_translations(chunks: Sequence[Chunk], signatures: np.ndarray) -> np.ndarray:
    """Row of each chunk's translation, -1 where it has none.

    Two documents are translations when their file names differ only by the language tag
    (`a.en.md`, `a.zh.txt`) and their languages differ. Their sections pair up when each is
    the other's most similar section by `signatures` (one row per chunk; the dot product of
    two rows is their similarity), so a translation that adds, drops or reorders sections
    still pairs the sections that match.
    """
    partners = np.full(len(chunks), -1, np.int64)
    documents: dict[str, dict[str, list[int]]] = {}
    sources: dict[str, set[str]] = {}
    for row, c in enumerate(chunks):
        key = translation_key(c.source)
        if key is not None:
            documents.setdefault(key, {}).setdefault(c.language, []).append(row)
            sources.setdefault(key, set()).add(c.source)
    for key, by_language in documents.items():
        if len(by_language) != 2 or len(sources[key]) != 2:
            continue  # one language only, or several files of one language: nothing certain to pair
        a, b = (np.asarray(rows, np.int64) for rows in by_language.values())
        similarity = signatures[a] @ signatures[b].T
        best_b = similarity.argmax(axis=1)
        best_a = similarity.argmax(axis=0)
        for i, j in enumerate(best_b.tolist()):
            if best_a[j] == i:
                partners[a[i]], partners[b[j]] = b[j], a[i]
    return partners
