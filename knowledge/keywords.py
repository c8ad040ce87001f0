"""Keyword side of search: bilingual tokens (rjieba for Chinese, light stemming for English) and BM25."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence

import bm25s
import numpy as np
import rjieba

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_STOP_EN_WORDS = """
a an the and or of to in on at for by with from is are was were be been do does did doing how what
when where who whom which why we our us you your i me my it its this that these those there can could
should would will shall may might must if then than as about into after before up down out over
again any all each some such no not only own same so too very just have has had get got run
"""
_STOP_ZH_WORDS = """
的 了 和 与 及 或 是 在 把 被 就 都 也 要 会 能 吗 呢 吧 啊 么 怎么 怎样 如何 什么 哪些 哪个 谁 为什么
我们 你们 他们 我 你 他 她 它 这 那 这个 那个 一个 一下 应该 需要 可以 时候 时 里 中 上 下 给 对 由
请问 还 该 做 是否 有没有 有 没有 多少 几
"""
STOP_EN = frozenset(_STOP_EN_WORDS.split())
STOP_ZH = frozenset(_STOP_ZH_WORDS.split())
_SUFFIXES = (
    "ational",
    "ization",
    "iveness",
    "fulness",
    "ousness",
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
)


def stem(word: str) -> str:
    """A light English stemmer: strip a common suffix, keep at least three letters.

    >>> [stem(w) for w in ("audits", "auditing", "shortages", "changeover", "boxes", "is")]
    ['audit', 'audit', 'shortag', 'changeov', 'box', 'is']
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _kept(text: str) -> Iterator[tuple[bool, list[str]]]:
    """Per run of Chinese characters or of letters and digits: (whether it is Chinese, its
    words that are not stop words, as written)."""
    for run in _RUNS.findall(text):
        if _HAN.match(run):
            yield True, [w for w in rjieba.cut(run) if w.strip() and w not in STOP_ZH]
        else:
            yield False, [] if run.lower().replace("’", "'") in STOP_EN else [run]


def tokens(text: str) -> list[str]:
    """Search tokens of English and Chinese text, stop words dropped.

    >>> tokens("How do we run the 5 Whys?")
    ['5', 'why']
    >>> tokens("物料短缺安灯怎么处理？")
    ['物料', '短缺', '安灯', '处理']
    """
    out: list[str] = []
    for chinese, words in _kept(text):
        out += words if chinese else [stem(w.lower().replace("’", "'").split("'")[0]) for w in words]
    return out


def content_words(text: str) -> str:
    """`text` with its stop words dropped and the rest as written: what a question is about.

    >>> content_words("What should I do when a part runs out at station 4?")
    'part runs station 4'
    >>> content_words("物料短缺安灯怎么处理？")
    '物料短缺安灯处理'
    """
    return " ".join("".join(words) for _, words in _kept(text) if words)


class KeywordIndex:
    """BM25 (bm25s) over the chunks' tokens; built in memory when an index is loaded."""

    def __init__(self, texts: Sequence[str]) -> None:
        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        self.size = len(texts)
        self._bm25 = bm25s.BM25()
        corpus = [tokens(t) or [""] for t in texts]
        if corpus:
            self._bm25.index(corpus, show_progress=False)
        self._vocab = set(self._bm25.vocab_dict) if corpus else set()

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for `query` (zeros when no query word is known)."""
        known = [t for t in tokens(query) if t in self._vocab and t]
        if not known or not self.size:
            return np.zeros(self.size, np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
