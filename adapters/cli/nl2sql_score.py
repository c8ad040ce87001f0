"""Scoring data-question cases: each case's outcome, and the figures over many.

An outcome is one of:
- `correct`: answered, and the result equals the gold result (or a case that expects a
  refusal was refused or asked back);
- `wrong`: answered with SQL whose result is not the gold result — a *confidently wrong*
  answer, the worst thing Gemba can do;
- `asked back`: Gemba offered readings to choose from instead of answering;
- `refused`: Gemba said it could not answer (not understood, no such data, checker refusal);
- `no gold`: the case has no gold to compare with.

A result equals the gold when its rows are the gold rows (as multisets, or in order when the
gold orders and limits), or when the gold's columns are found among its columns with those
rows: "list the singers" answered with each singer's name and age is right. A rate Gemba shows
in percent (a `…_pct` column) is the gold's fraction of one: 13.09% is 0.1309.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import product
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from nl2sql import NL2SQL, NL2SQLError
from nl2sql.execute import execute

OUTCOMES = ("correct", "wrong", "asked back", "refused")
#: The rows an answer may bring when scored: the row cap limits what a chat shows ("the first
#: 1,000 rows"), not what the question asks, so results are compared whole.
SCORED_ROWS = 100_000
_HAN = re.compile(r"[\u3400-\u9fff]")


def score_case(nl2sql: NL2SQL, engine: Engine, case: dict[str, Any], default_now: datetime) -> dict[str, Any]:
    """Answer one case and judge it; the prediction record (id, sql, outcome, error)."""
    now = datetime.fromisoformat(case["now"]) if case.get("now") else default_now
    record: dict[str, Any] = {"id": case["id"], "question": case["question"], "sql": None}
    rows = None
    try:
        answer = nl2sql.answer(case["question"], now=now, context=case.get("context"))
        if answer.choices:
            record["error"] = "clarification: " + " | ".join(answer.choices)
        else:
            record["sql"], rows = answer.sql, answer.rows
            record["columns"] = answer.columns
    except NL2SQLError as error:
        record["error"] = f"{error.code}: {error.reason}"
        record["sql"] = error.sql
    except Exception as error:  # a broken case must not stop the run
        record["error"] = f"unexpected: {type(error).__name__}: {error}"
    record["outcome"] = _outcome(case, record, rows, engine)
    return record


def score_file(
    nl2sql: NL2SQL, engine: Engine, cases: Path, predictions: Path, default_now: datetime, tally: Tally
) -> Tally:
    """Score every case of a JSONL file, write the predictions, and count the outcomes in
    `tally` (overall, by language and by tier) and in the file's own tally, returned."""
    own = Tally()
    nl2sql = replace(nl2sql, row_cap=SCORED_ROWS)
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with predictions.open("w", encoding="utf-8") as out:
        for line in cases.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            record = score_case(nl2sql, engine, case, default_now)
            own.add(record["outcome"])
            tally.add(record["outcome"], f"language {language_of(case)}", f"tier {case.get('tier', '-')}")
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return own


def _outcome(
    case: dict[str, Any], record: dict[str, Any], rows: list[list[Any]] | None, engine: Engine
) -> str:
    answered = rows is not None and "error" not in record
    if case.get("expect") == "refuse":
        return "wrong" if answered else "correct"
    if not case.get("gold_sql"):
        return "no gold"
    if answered:
        assert rows is not None
        return (
            "correct" if same_result(case["gold_sql"], rows, engine, record.get("columns", ())) else "wrong"
        )
    return "asked back" if record.get("error", "").startswith("clarification") else "refused"


def same_result(gold_sql: str, rows: list[list[Any]], engine: Engine, columns: Sequence[str] = ()) -> bool:
    """Whether `rows` answer like the gold SQL's result (see the module docstring); `columns`
    names them, a rate in percent (`…_pct`) being the gold's fraction of one."""
    raw = execute(engine, gold_sql, timeout_s=30, row_cap=SCORED_ROWS).rows
    gold = [_row(r) for r in raw]
    percent = [
        _row(v * 100 if isinstance(v, int | float) and not isinstance(v, bool) else v for v in r) for r in raw
    ]
    got = [_row(r) for r in rows]
    ordered = bool(re.search(r"\border\s+by\b", gold_sql, re.I) and re.search(r"\blimit\b", gold_sql, re.I))
    if _equal(gold, got, ordered):
        return True
    if not gold or len(got) != len(gold) or len(got[0]) < len(gold[0]):
        return False
    # Each gold column is one of ours with the same values (or in percent, where ours is a rate in
    # percent and the gold's a fraction of one); try the combinations of those.
    pct = {j for j, name in enumerate(columns) if str(name).endswith("_pct")}
    candidates = [
        [
            (j, version)
            for j in range(len(got[0]))
            for version in ((gold, percent) if j in pct else (gold,))
            if Counter(r[j] for r in got) == Counter(g[i] for g in version)
        ]
        for i in range(len(gold[0]))
    ]
    picks = (picked for picked in product(*candidates) if len({j for j, _v in picked}) == len(picked))
    return any(
        _equal(
            [tuple(version[n][i] for i, (_j, version) in enumerate(picked)) for n in range(len(gold))],
            [tuple(r[j] for j, _v in picked) for r in got],
            ordered,
        )
        for picked in picks
    )


def _equal(gold: list[tuple[Any, ...]], got: list[tuple[Any, ...]], ordered: bool) -> bool:
    return gold == got if ordered else Counter(gold) == Counter(got)


def _row(row: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(_cents(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in row)


def _cents(value: float) -> float:
    """`value` to two places, halves away from zero as SQL's ROUND does (61.125 → 61.13, where
    Python's `round` gives 61.12). Rounded to 6 places first: the same sum added in another order
    (0.125 and 0.12500000000000003) must not fall on two sides of a cent.

    >>> _cents(61.125), _cents(0.12500000000000003), _cents(-2.675)
    (61.13, 0.13, -2.68)
    """
    return float(Decimal(repr(round(float(value), 6))).quantize(Decimal("0.01"), ROUND_HALF_UP))


def language_of(case: dict[str, Any]) -> str:
    """The case's language: as given, or Chinese when the question has Han characters."""
    return str(case.get("language") or ("zh" if _HAN.search(case["question"]) else "en"))


@dataclass
class Tally:
    """Outcomes counted overall and by group (language, tier, database)."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, outcome: str, *groups: str) -> None:
        """Count `outcome` under "overall" and each of `groups`; cases without gold are not counted."""
        if outcome == "no gold":
            return
        for group in ("overall", *groups):
            self.counts.setdefault(group, Counter())[outcome] += 1

    def lines(self) -> list[str]:
        """One line a group: accuracy, and the shares answered, asked back, refused, confidently wrong."""
        lines = []
        for group in sorted(self.counts, key=lambda g: (g != "overall", g)):
            c = self.counts[group]
            n = sum(c.values())
            answered = c["correct"] + c["wrong"]

            def share(k: int, n: int = n) -> str:
                return f"{100 * k / n:.1f}%"

            lines.append(
                f"{group:>20}: {c['correct']}/{n} = {share(c['correct'])} correct · answered "
                f"{share(answered)} · asked back {share(c['asked back'])} · refused {share(c['refused'])}"
                f" · confidently wrong {share(c['wrong'])}"
            )
        return lines

    def to_json(self) -> str:
        """The counts as JSON, for scripts that compare runs."""
        return json.dumps({g: dict(c) for g, c in self.counts.items()}, sort_keys=True)
