"""The keyword side: BM25 over an inverted index of the chunks' tokens."""

from __future__ import annotations

import math

import numpy as np

from knowledge.keywords import KeywordIndex

TEXTS = [
    "Pull the andon cord and state the part number.",
    "The water spider refills the supermarket.",
    "Audit the area: red tag every unneeded item, then audit again next week.",
    "物料短缺时拉下安灯，报出零件号。",
    "",
]


def _lucene_bm25(tf: int, df: int, length: int, average: float, documents: int) -> float:
    idf = math.log(1 + (documents - df + 0.5) / (df + 0.5))
    return idf * tf / (1.5 * (0.25 + 0.75 * length / average) + tf)


def test_scores_are_lucene_bm25_of_the_query_words_in_each_chunk() -> None:
    index = KeywordIndex(TEXTS)
    lengths = [6, 4, 10, 7, 1]  # tokens without stop words; an empty chunk counts one
    average = sum(lengths) / len(lengths)
    scores = index.scores("how do we audit?")
    assert np.flatnonzero(scores).tolist() == [2]
    assert math.isclose(scores[2], _lucene_bm25(2, 1, 10, average, 5), rel_tol=1e-6)
    both = index.scores("andon part number 零件号")
    expected = 3 * _lucene_bm25(1, 1, 6, average, 5)  # andon, part, number
    assert math.isclose(both[0], expected, rel_tol=1e-6)
    assert both[3] > 0 and both[1] == both[2] == both[4] == 0


def test_unknown_and_repeated_words() -> None:
    index = KeywordIndex(TEXTS)
    assert not index.scores("forklift battery").any()
    once, twice = index.scores("supermarket")[1], index.scores("supermarket supermarket")[1]
    assert math.isclose(twice, 2 * once, rel_tol=1e-6)
    assert not KeywordIndex([]).scores("andon").size
