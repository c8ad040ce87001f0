"""Benchmark: p50/p95 of question → checked SQL and question → answer on the sample plant.

With charts on, an answer carries a lazy `Chart`; the PNG is drawn when an adapter reads it,
so its drawing time is printed as a line of its own.

Run: `.venv/bin/python -m evals.nl2sql.bench [--db sqlite:////tmp/plant.db] [--rounds 5]`.
The questions are those of `plant.jsonl`; the catalog is built once (as a running Gemba
has it cached), then every question is timed `rounds` times after one warm-up pass.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from adapters.cli.wiring import build_nl2sql
from adapters.settings import Settings
from bot.sample_plant.generate import generate, has_plant_data
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from nl2sql import Answer, NL2SQLError

CASES = Path(__file__).with_name("plant.jsonl")


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms   (n={len(ordered)})"


def _timed_as_answered(stage: Callable[[str], object]) -> Callable[[str], object]:
    """`stage`, where a question asked back or refused counts as answered: that is its answer."""

    def run(question: str) -> object:
        try:
            return stage(question)
        except NL2SQLError as error:
            return error

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="sqlite:////tmp/plant.db")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    engine = make_engine(args.db)
    upgrade(engine)
    if not has_plant_data(engine):
        generate(engine, end=date(2026, 11, 21), seed=7)
    nl2sql = build_nl2sql(Settings(gemba_database_url=args.db), engine, data_url=args.db, refresh=True)
    assert nl2sql is not None
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()]
    now = datetime.fromisoformat(cases[0]["now"])
    stages = {
        "question → checked SQL": _timed_as_answered(lambda q: nl2sql.sql_for(q, now=now)),
        "question → answer": _timed_as_answered(lambda q: nl2sql.answer(q, now=now)),
    }
    for charts in (False, True):
        nl2sql.charts = charts
        for name, run in stages.items():
            if charts and name != "question → answer":
                continue
            for case in cases:  # warm-up: regexes, caches, connection pool
                run(case["question"])
            samples = []
            for _ in range(args.rounds):
                for case in cases:
                    started = time.perf_counter()
                    run(case["question"])
                    samples.append(time.perf_counter() - started)
            label = f"{name} (with charts)" if charts else name
            print(f"{label:<36} {_percentiles(samples)}")
    # Charts are drawn lazily, when an adapter reads `png`: time that drawing on its own.
    drawn = []
    for case in cases:
        answer = stages["question → answer"](case["question"])
        if isinstance(answer, Answer) and answer.chart is not None:
            started = time.perf_counter()
            answer.chart.png  # noqa: B018 (drawn on first access)
            drawn.append(time.perf_counter() - started)
    if drawn:
        print(f"{'chart PNG, drawn when sent':<36} {_percentiles(drawn)}")


if __name__ == "__main__":
    main()
