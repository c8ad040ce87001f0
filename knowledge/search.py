"""Search stage: dense (FAISS) and keyword (BM25) scores fused, with a document-level score.

A candidate chunk (from the dense pool, the BM25 pool, or any section of the five
documents that match best) scores

    dense + DOCUMENT_WEIGHT * best dense score in its document + KEYWORD_WEIGHT * BM25 / top BM25
          + LENGTH_WEIGHT * log(1 + words in the best unit)
          + SECTION_LENGTH_WEIGHT * log(1 + words in the chunk)

where dense is the chunk's best unit (the whole section or one line,
`knowledge.chunk.units`; with the default `SectionEnsemble` a unit's score includes its whole
section's similarity by a second model), plus ANSWER_KIND_BONUS when that unit states the kind of fact
the question asks for (a time, a role: `knowledge.answer_kind`). The document term lets
the best document's most relevant section win over a stray line elsewhere; BM25, scaled to
[0, 1] per query, breaks ties towards the query's words. On the 110-case eval this beat
reciprocal rank fusion (MRR@10 0.706 against 0.684 with use-m3). A section whose document
has a translation (`knowledge.pair`) then scores the mean of that and its translation's
score (`_with_translations`).

The weights were chosen on both eval sets together (evals/knowledge/cases.jsonl, 110
cases, and heldout.jsonl, 48 cases written later by someone who had not seen this code);
evals/knowledge/unseen/ (60 cases on 10 documents the project had not seen) was never used
to choose them. README.md (Evaluations and benchmarks) gives the figures.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np
from threadpoolctl import ThreadpoolController

from knowledge.answer_kind import asked_kinds
from knowledge.embed import Embedder, SectionEnsemble
from knowledge.errors import KnowledgeError
from knowledge.index import FaissIndex
from knowledge.keywords import KeywordIndex, content_words
from knowledge.load import detect_language
from knowledge.types import Chunk, Hit, Language

KEYWORD_WEIGHT = 0.1
#: Per log(1 + words) of the chunk's best-matching unit: of two sections matching on the
#: same point (a step and its one-line restatement in a summary), the fuller statement wins.
#: 0.01-0.025 all helped on the eval (MRR@10 0.701 -> 0.72-0.74); 0.03 starts to cost recall.
LENGTH_WEIGHT = 0.02
#: Per log(1 + words) of the whole chunk: a fuller section is likelier to hold the answer
#: (the document-length prior of classic IR); it keeps one-line restatements in a summary
#: section from outranking the section that explains the point.
SECTION_LENGTH_WEIGHT = 0.04
#: Added to a unit that states the kind of fact the question asks for (a time, a role).
ANSWER_KIND_BONUS = 0.08
DOCUMENT_WEIGHT = 0.5
#: How many of the best documents have every section scored, not only the pooled ones.
TOP_DOCUMENTS = 5
#: Unfiltered searches prefer text in the query's language when both versions match.
SAME_LANGUAGE_BONUS = 0.1
MAX_QUERY_CHARS = 1000
#: How many recent queries keep their vectors (`QueryEmbeddings`): a repeated question, or
#: the same andon category's link query, is not embedded again.
QUERY_CACHE_SIZE = 512
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


@functools.lru_cache(maxsize=4096)  # the same chunks are compared again and again
def squashed(text: str) -> str:
    """`text` lower-cased with everything but letters and digits removed, to compare texts.

    >>> squashed("Stop the line, NOW!")
    'stopthelinenow'
    """
    return re.sub(r"\W+", "", text.lower())


@functools.lru_cache(maxsize=4096)
def _shingles(text: str) -> frozenset[str]:
    norm = squashed(text)
    return frozenset(norm[i : i + 4] for i in range(max(1, len(norm) - 3)))


def near_duplicate(a: str, b: str, threshold: float = 0.9) -> bool:
    """Whether two texts are the same but for punctuation, case or a few characters.

    >>> near_duplicate("Stop the line. Call the leader!", "stop the line, call the leader")
    True
    >>> near_duplicate("Stop the line.", "Restart the line after the check.")
    False
    """
    norm_a, norm_b = squashed(a), squashed(b)
    if norm_a == norm_b:
        return True
    if min(len(norm_a), len(norm_b)) < threshold * max(len(norm_a), len(norm_b)):
        return False  # lengths differ too much for that much overlap
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / max(1, len(sa | sb)) >= threshold


def allowed_rows(index: FaissIndex, language: str | None, document: str | None) -> np.ndarray | None:
    """Rows passing the filters, ascending (None: all rows). `document` matches a title or file name."""
    if not language and not document:
        return None
    passing = index.languages() == language if language else np.ones(len(index), bool)
    if document:
        wanted = document.lower()
        names = ((c.title.lower(), c.source.lower().rsplit("/", 1)[-1]) for c in index.chunks)
        passing &= np.asarray([wanted in title or wanted in file for title, file in names], bool)
    return np.flatnonzero(passing)


def _distinct(rows: list[int], chunks: Sequence[Chunk], k: int) -> list[int]:
    """The first `k` of `rows` (best first) whose text is not a near-duplicate of one kept before."""
    kept: list[int] = []
    for row in rows:
        if not any(near_duplicate(chunks[row].text, chunks[other].text) for other in kept):
            kept.append(row)
            if len(kept) == k:
                break
    return kept


class QueryVectors:
    """A query's vector for the units (`units`) and, with a `SectionEnsemble`, its vector for
    the sections (`sections()`), which another thread may still be working out.

    Both are read-only: a remembered query's vectors are shared (`QueryEmbeddings`).

    >>> vectors = QueryVectors(np.ones(2, np.float32), lambda: np.zeros(3, np.float32))
    >>> vectors.sections().tolist(), vectors.units.flags.writeable
    ([0.0, 0.0, 0.0], False)
    """

    def __init__(self, units: np.ndarray, sections: Callable[[], np.ndarray | None] = lambda: None) -> None:
        units.setflags(write=False)
        self.units = units
        self._pending: Callable[[], np.ndarray | None] | None = sections
        self._sections: np.ndarray | None = None

    def sections(self) -> np.ndarray | None:
        """The vector for the sections (None without a second model), waited for on the first call."""
        if self._pending is not None:
            around = self._pending()
            if around is not None:
                around.setflags(write=False)
            self._sections, self._pending = around, None
        return self._sections


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
    translations: bool = True,
    queries: QueryEmbeddings | None = None,
) -> list[Hit]:
    """The `k` best chunks for `query`, best first, near-duplicates removed.

    With `translations`, a section that has a translation (`knowledge.pair`) is scored
    together with it (`_with_translations`). `queries` remembers recent query vectors (by
    default each query is embedded). Raises `KnowledgeError` for an empty query or one in a
    language other than English or Chinese.
    """
    # One query is a few small matrix products: BLAS threads gain nothing and, on a small
    # machine, fight the embedders' own threads (measured: p95 120 ms instead of 20 ms).
    with _blas().limit(limits=1, user_api="blas"):
        embed = queries or QueryEmbeddings(embedder, size=0)
        return _search(query, index, keywords, embed, k, language, document, pool, translations)


def embed_query(query: str, embedder: Embedder) -> QueryVectors:
    """The query's vector for the units and, with a `SectionEnsemble`, for the sections, the
    latter perhaps still being worked out (`SectionEnsemble.start_both_queries`).

    The section model reads only the question's content words (`content_words`): as good on
    the three evals, and 29% fewer tokens to embed, which is what its time grows with.
    """
    if not isinstance(embedder, SectionEnsemble):
        return QueryVectors(embedder.embed_queries([query])[0])
    vectors, around = embedder.start_both_queries([query], [content_words(query) or query])
    return QueryVectors(vectors[0], lambda: around()[0])


class QueryEmbeddings:
    """`embed_query` for one embedder, remembering the vectors of the last `size` queries.

    Most of a search's time is embedding the query (`evals/knowledge/bench.py`), so a query
    asked again skips it. A query is remembered once both its vectors are there (a failed
    embedding is not).

    >>> from knowledge.embed import FakeEmbedder
    >>> queries = QueryEmbeddings(FakeEmbedder(), size=2)
    >>> first = queries("stop the line")
    >>> first.sections() is None and queries("stop the line").units is first.units
    True
    """

    def __init__(self, embedder: Embedder, size: int = QUERY_CACHE_SIZE) -> None:
        self.embedder = embedder
        self.size = size
        self._known: OrderedDict[str, QueryVectors] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, query: str) -> QueryVectors:
        """The vectors of `query` (see `embed_query`)."""
        with self._lock:
            known = self._known.get(query)
            if known is not None:
                self._known.move_to_end(query)
                return known
        started = embed_query(query, self.embedder)

        def finish() -> np.ndarray | None:
            around = started.sections()
            self._remember(query, started)
            return around

        return QueryVectors(started.units, finish)

    def _remember(self, query: str, vectors: QueryVectors) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._known[query] = vectors
            self._known.move_to_end(query)
            while len(self._known) > self.size:
                self._known.popitem(last=False)

    def clear(self) -> None:
        """Forget every remembered query."""
        with self._lock:
            self._known.clear()


def _lexical(
    raw: np.ndarray, keyword: np.ndarray, candidates: np.ndarray, outside: np.ndarray, languages: np.ndarray
) -> np.ndarray:
    """BM25 of each candidate scaled to [0, 1]: by the best allowed row (`keyword` is `raw` with
    the rows outside the filters at -1), or, for a translation `outside` them, by the best row
    in its language."""
    lexical = np.clip(raw[candidates], 0, None) / max(float(keyword.max()) if len(keyword) else 0.0, 1e-9)
    if outside.any():
        for lang in set(languages[candidates[outside]].tolist()):
            these = outside & (languages[candidates] == lang)
            best = float(raw[languages == lang].max())
            lexical[these] = np.clip(raw[candidates[these]], 0, None) / max(best, 1e-9)
    return lexical


def _with_translations(
    fused: np.ndarray, candidates: np.ndarray, partners: np.ndarray, languages: np.ndarray, asked_in: str
) -> np.ndarray:
    """Scores where a section that has a translation among the candidates scores the mean of
    its own score and its translation's.

    Scores in the question's language run higher than scores across languages, so the
    translation's score is first moved to the section's side by the mean gap between the two
    languages over the pairs scored: a section with a translation neither gains nor loses
    against one without, and an English question finds a Chinese section through its English
    version. (MRR@10 without and with: 0.786 -> 0.829 on cases.jsonl, first reading; 0.711 ->
    0.820 on heldout.jsonl; 0.818 -> 0.828 on the documents never seen.)
    """
    position = np.full(len(partners), -1, np.int64)
    position[candidates] = np.arange(len(candidates))
    mate = partners[candidates]
    at = np.where(mate >= 0, position[np.maximum(mate, 0)], -1)
    mine_at = np.flatnonzero(at >= 0)
    if not len(mine_at):
        return fused
    theirs_at = at[mine_at]
    asked = languages[candidates[mine_at]] == asked_in
    # gap: how much higher the question-language side of a pair scores, on average
    gap = float(np.mean(np.where(asked, 1.0, -1.0) * (fused[mine_at] - fused[theirs_at])))
    moved = fused[theirs_at] + np.where(asked, gap, -gap)
    combined = fused.copy()
    combined[mine_at] = (fused[mine_at] + moved) / 2
    return combined


@functools.cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _search(
    query: str,
    index: FaissIndex,
    keywords: KeywordIndex,
    embed: QueryEmbeddings,
    k: int,
    language: str | None,
    document: str | None,
    pool: int,
    translations: bool,
) -> list[Hit]:
    asked_in = query_language(query)
    query = query.strip()[:MAX_QUERY_CHARS]
    rows = allowed_rows(index, language, document)
    if (rows is not None and not len(rows)) or not len(index) or k <= 0:
        return []
    pool = max(pool, 4 * k)
    vectors = embed(query)
    vector = vectors.units
    # What needs only the unit vector is done while the section model works on its own thread.
    _, dense_rows = index.search(vector, pool, rows)
    raw_keyword = keywords.scores(query)
    keyword = raw_keyword
    if rows is not None:
        keyword = np.full(len(raw_keyword), -1.0, np.float32)
        keyword[rows] = raw_keyword[rows]
    top = np.argpartition(-keyword, pool)[:pool] if len(keyword) > pool else np.arange(len(keyword))
    kinds = asked_kinds(query)
    bonus = ANSWER_KIND_BONUS * index.units_stating(kinds) if kinds else None
    around = vectors.sections()
    candidates = np.union1d(dense_rows, top[keyword[top] > 0]).astype(np.int64)
    if around is not None:
        candidates = np.union1d(candidates, index.nearest_sections(around, pool, rows)).astype(np.int64)
    dense, best_unit = index.best_units(vector, candidates, bonus, around)
    best_of: dict[str, float] = {}
    for row, score in zip(candidates.tolist(), dense.tolist(), strict=True):
        source = index.chunks[row].source
        best_of[source] = max(best_of.get(source, -1.0), score)
    # Every section of the best documents competes, not only those the two pools caught.
    leaders = set(sorted(best_of, key=lambda s: -best_of[s])[:TOP_DOCUMENTS])
    siblings = index.rows_of(leaders)
    if rows is not None:
        siblings = np.intersect1d(siblings, rows)
    # Translations of the candidates are scored too (`_with_translations`), wherever they are.
    partners = index.partners() if translations else np.full(len(index), -1, np.int64)
    paired = partners[np.union1d(candidates, siblings)]
    extra = np.setdiff1d(np.union1d(siblings, paired[paired >= 0]), candidates)
    if len(extra):
        candidates = np.concatenate([candidates, extra])
        extra_dense, extra_unit = index.best_units(vector, extra, bonus, around)
        dense = np.concatenate([dense, extra_dense])
        best_unit = np.concatenate([best_unit, extra_unit])
        for row, score in zip(extra.tolist(), extra_dense.tolist(), strict=True):
            source = index.chunks[row].source
            if source not in leaders:  # a translation's document: its best section among those scored
                best_of[source] = max(best_of.get(source, -1.0), score)
    in_document = np.asarray([best_of[index.chunks[r].source] for r in candidates.tolist()], np.float32)
    languages = index.languages()
    outside = np.zeros(len(candidates), bool) if rows is None else ~np.isin(candidates, rows)
    fused = (
        dense
        + DOCUMENT_WEIGHT * in_document
        + KEYWORD_WEIGHT * _lexical(raw_keyword, keyword, candidates, outside, languages)
        + LENGTH_WEIGHT * np.log1p(index.unit_lengths()[best_unit])
        + SECTION_LENGTH_WEIGHT * np.log1p(index.chunk_lengths()[candidates])
    )
    fused = _with_translations(fused, candidates, partners, languages, asked_in)
    # Translations outside the filters were scored, but are not results.
    candidates, fused, dense, best_unit = (a[~outside] for a in (candidates, fused, dense, best_unit))
    if not language:
        fused = fused + SAME_LANGUAGE_BONUS * (languages[candidates] == asked_in)
    score_of = dict(zip(candidates.tolist(), fused.tolist(), strict=True))
    dense_of = dict(zip(candidates.tolist(), dense.tolist(), strict=True))
    unit_of = dict(zip(candidates.tolist(), best_unit.tolist(), strict=True))
    ranked = sorted(score_of, key=lambda r: (-score_of[r], r))
    return [
        Hit(
            index.chunks[row],
            round(score_of[row], 6),
            rank,
            round(dense_of[row], 4),
            index.unit_line(unit_of[row]),
        )
        for rank, row in enumerate(_distinct(ranked, index.chunks, k), 1)
    ]
