"""Retrieval evaluation: run question cases through search and score them against gold snippets.

A case is a dict with `id` and `question`, optionally `gold_snippets` (short verbatim
strings from the answering passage), `language` (of the question), `tier`, and
`doc_language` (search only documents in that language: how cross-lingual cases are run).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.errors import KnowledgeError
from knowledge.types import Hit

Search = Callable[..., list[Hit]]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def is_hit(chunk_text: str, gold_snippets: Iterable[str]) -> bool:
    """Whether a chunk contains any gold snippet (whitespace and case do not matter).

    >>> is_hit("1. Stop   the line.\\n2. Call", ["stop the line"])
    True
    >>> is_hit("Call the leader", ["stop the line"])
    False
    """
    text = _squash(chunk_text)
    return any(_squash(s) in text for s in gold_snippets if s.strip())


def first_hit_rank(chunks: list[str], gold_snippets: list[str]) -> int | None:
    """1-based rank of the first chunk containing a gold snippet, or None.

    >>> first_hit_rank(["a", "b c", "c"], ["c"])
    2
    """
    for rank, text in enumerate(chunks, 1):
        if is_hit(text, gold_snippets):
            return rank
    return None


@dataclass
class Scores:
    """recall@1, recall@5 and MRR@10 of a group of cases."""

    cases: int = 0
    ranks: list[int | None] = field(default_factory=list)

    def add(self, rank: int | None) -> None:
        """Count one case whose first hit is at `rank`."""
        self.cases += 1
        self.ranks.append(rank)

    def as_dict(self) -> dict[str, float | int]:
        """The figures, rounded to three places.

        >>> s = Scores(); s.add(1); s.add(3); s.add(None); s.as_dict()
        {'cases': 3, 'recall@1': 0.333, 'recall@5': 0.667, 'mrr@10': 0.444}
        """
        n = max(1, self.cases)
        return {
            "cases": self.cases,
            "recall@1": round(sum(1 for r in self.ranks if r == 1) / n, 3),
            "recall@5": round(sum(1 for r in self.ranks if r is not None and r <= 5) / n, 3),
            "mrr@10": round(sum(1 / r for r in self.ranks if r is not None and r <= 10) / n, 3),
        }


def read_cases(path: Path) -> list[dict[str, Any]]:
    """Cases from a JSONL file; raises `KnowledgeError` ("bad_cases") naming the bad line."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            if not isinstance(case, dict) or "id" not in case or not str(case.get("question", "")).strip():
                raise ValueError("each line needs an id and a question")
        except ValueError as error:
            raise KnowledgeError(
                "bad_cases",
                f"{path}:{number}: {error}",
                path=str(path),
                hint="Each line must be a JSON object with id and question.",
            ) from error
        cases.append(case)
    return cases


def evaluate(
    cases: list[dict[str, Any]], search: Search, k: int = 10
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Run every case; return (prediction lines, scores overall / by language / by tier).

    Scores are computed over the cases that have `gold_snippets`; a case whose query is
    rejected (empty, other language) gets no chunks.
    """
    predictions: list[dict[str, Any]] = []
    groups: dict[str, Scores] = {}
    for case in cases:
        try:
            hits = search(case["question"], k=k, language=case.get("doc_language") or None)
        except KnowledgeError as error:
            hits = []
            predictions.append({"id": case["id"], "chunks": [], "error": error.message})
        else:
            predictions.append(
                {
                    "id": case["id"],
                    "chunks": [h.chunk.text for h in hits],
                    "citations": [h.chunk.citation for h in hits],
                }
            )
        gold = case.get("gold_snippets") or []
        if not gold:
            continue
        rank = first_hit_rank([h.chunk.text for h in hits], gold)
        keys = ["overall", f"language:{case.get('language', '?')}"]
        if case.get("tier"):
            keys.append(f"tier:{case['tier']}")
        for key in keys:
            groups.setdefault(key, Scores()).add(rank)
    return predictions, {key: scores.as_dict() for key, scores in groups.items()}
