"""Search stage: dense (FAISS) and keyword (BM25) rankings fused by reciprocal rank fusion."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from knowledge.embed import Embedder
from knowledge.errors import KnowledgeError
from knowledge.index import FaissIndex
from knowledge.keywords import KeywordIndex
from knowledge.load import detect_language
from knowledge.types import Chunk, Hit, Language

RRF_K = 60
DENSE_WEIGHT = 1.0
KEYWORD_WEIGHT = 1.0
MAX_QUERY_CHARS = 1000
_OTHER_SCRIPTS = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f"
    r"\u3040-\u30ff\u1100-\u11ff\uac00-\ud7af]"
)
_LETTER = re.compile(r"[^\W\d_]")


def query_language(query: str) -> Language:
    """The language of a query, "en" or "zh"; raises `KnowledgeError` for an empty query or another language.

    >>> query_language("物料短缺怎么办"), query_language("5 Whys steps?")
    ('zh', 'en')
    >>> query_language("¿Cómo hacemos una auditoría 5S?")
    Traceback (most recent call last):
    knowledge.errors.KnowledgeError: only English and Chinese questions are supported
    """
    text = query.strip()
    if not text or not _LETTER.search(text):
        raise KnowledgeError(
            "empty_query",
            "the query is empty",
            hint="Type a question, e.g. how do we run a 5 Whys?",
            hint_zh="请输入问题，例如：物料短缺安灯怎么处理？",
        )
    letters = _LETTER.findall(text)
    foreign = len(_OTHER_SCRIPTS.findall(text))
    accented = sum(1 for ch in letters if ord(ch) < 0x2E80 and unicodedata.decomposition(ch).startswith("00"))
    accented += sum(1 for ch in letters if ch in "ßøæœđł¿¡")
    if foreign * 2 > len(letters) - foreign or accented >= 2 or "¿" in text or "¡" in text:
        raise KnowledgeError(
            "unsupported_language",
            "only English and Chinese questions are supported",
            hint="Please ask in English or Chinese.",
            hint_zh="请用中文或英文提问。",
        )
    return detect_language(text)


def _norm(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _shingles(text: str) -> set[str]:
    norm = _norm(text)
    return {norm[i : i + 4] for i in range(max(1, len(norm) - 3))}


def near_duplicate(a: str, b: str, threshold: float = 0.9) -> bool:
    """Whether two texts are the same but for punctuation, case or a few characters.

    >>> near_duplicate("Stop the line. Call the leader!", "stop the line, call the leader")
    True
    >>> near_duplicate("Stop the line.", "Restart the line after the check.")
    False
    """
    if _norm(a) == _norm(b):
        return True
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / max(1, len(sa | sb)) >= threshold


def allowed_rows(chunks: Sequence[Chunk], language: str | None, document: str | None) -> list[int] | None:
    """Row numbers passing the filters (None: all rows). `document` matches a title or file name."""
    if not language and not document:
        return None
    wanted = (document or "").lower()
    return [
        row
        for row, c in enumerate(chunks)
        if (not language or c.language == language)
        and (not wanted or wanted in c.title.lower() or wanted in c.source.lower().rsplit("/", 1)[-1])
    ]


def search(
    query: str,
    *,
    index: FaissIndex,
    keywords: KeywordIndex,
    embedder: Embedder,
    k: int = 5,
    language: str | None = None,
    document: str | None = None,
    pool: int = 50,
) -> list[Hit]:
    """The `k` best chunks for `query`, best first, near-duplicates removed.

    Raises `KnowledgeError` for an empty query or one in a language other than English or Chinese.
    """
    query_language(query)
    query = query.strip()[:MAX_QUERY_CHARS]
    rows = allowed_rows(index.chunks, language, document)
    if (rows is not None and not rows) or not len(index) or k <= 0:
        return []
    pool = max(pool, 4 * k)
    vector = embedder.embed_queries([query])[0]
    dense_scores, dense_rows = index.search(vector, pool, rows)
    keyword = keywords.scores(query)
    if rows is not None:
        mask = np.full(len(keyword), -1.0, np.float32)
        mask[rows] = keyword[rows]
        keyword = mask
    top = np.argsort(-keyword, kind="stable")[:pool]
    keyword_rows = [int(r) for r in top if keyword[r] > 0]
    fused: dict[int, float] = {}
    dense_of: dict[int, float] = {}
    for rank, (row, score) in enumerate(zip(dense_rows.tolist(), dense_scores.tolist(), strict=True)):
        fused[row] = fused.get(row, 0.0) + DENSE_WEIGHT / (RRF_K + rank + 1)
        dense_of[row] = score
    for rank, row in enumerate(keyword_rows):
        fused[row] = fused.get(row, 0.0) + KEYWORD_WEIGHT / (RRF_K + rank + 1)
    hits: list[Hit] = []
    kept: list[tuple[str, set[str]]] = []
    for row in sorted(fused, key=lambda r: (-fused[r], r)):
        chunk = index.chunks[row]
        norm = _norm(chunk.text)
        shingles: set[str] | None = None
        duplicate = False
        for other_norm, other_shingles in kept:
            if norm == other_norm:
                duplicate = True
                break
            if min(len(norm), len(other_norm)) < 0.9 * max(len(norm), len(other_norm)):
                continue  # lengths differ too much for 90% overlap
            shingles = shingles or _shingles(chunk.text)
            if len(shingles & other_shingles) / max(1, len(shingles | other_shingles)) >= 0.9:
                duplicate = True
                break
        if duplicate:
            continue
        kept.append((norm, shingles or _shingles(chunk.text)))
        hits.append(Hit(chunk, round(fused[row], 6), len(hits) + 1, round(dense_of.get(row, 0.0), 4)))
        if len(hits) == k:
            break
    return hits
