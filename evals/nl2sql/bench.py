"""Benchmark: p50/p95 of question → checked SQL and question → answer on the sample plant.

With charts on, an answer carries a lazy `Chart`; the PNG is drawn when an adapter reads it,
so its drawing time is printed as a line of its own.

Run: `.venv/bin/python -m evals.nl2sql.bench [--db sqlite:////tmp/plant.db] [--rounds 5]`.
The questions are those of `plant.jsonl`; the catalog is built once (as a running Gemba
has it cached), then every question is timed `rounds` times after one warm-up pass.

With `--scale 1 10 100` the bench builds the sample plant at each scale (`gemba demo-data
--scale N`: N times the lines, so N times every table), caches each database under
`--cache` (built once, then reused; the store's migrations are applied at every run, so new
indexes reach a cached database), and prints one row a scale — question → answer p50, p95
and worst over the questions, each question's figure the median of its `rounds` timings, and
the same p50 and p95 of CPU time — then the five slowest questions of each scale.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from adapters.cli.wiring import build_nl2sql
from adapters.settings import Settings
from bot.sample_plant.generate import generate, has_plant_data
from bot.sample_plant.schema import production
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from nl2sql import NL2SQL, Answer, NL2SQLError

CASES = Path(__file__).with_name("plant.jsonl")
END = date(2026, 11, 21)
SEED = 7


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _percentiles(samples: list[float]) -> str:
    return (
        f"p50 {statistics.median(samples) * 1000:6.2f} ms   p95 {_p95(samples) * 1000:6.2f} ms"
        f"   (n={len(samples)})"
    )


def _timed_as_answered(stage: Callable[[str], object]) -> Callable[[str], object]:
    """`stage`, where a question asked back or refused counts as answered: that is its answer."""

    def run(question: str) -> object:
        try:
            return stage(question)
        except NL2SQLError as error:
            return error

    return run


def _cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()]


def _answerer(engine: Engine, url: str) -> NL2SQL:
    upgrade(engine)
    if not has_plant_data(engine):
        generate(engine, end=END, seed=SEED)
    nl2sql = build_nl2sql(Settings(gemba_database_url=url), engine, data_url=url, refresh=True)
    assert nl2sql is not None
    return nl2sql


def plant_at_scale(scale: int, cache: Path) -> str:
    """The URL of a SQLite sample plant `scale` times the size, built once under `cache`.

    It is built in a file of its own and renamed when complete, so an interrupted build is
    never taken for a cached one.
    """
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"plant-{END:%Y%m%d}-seed{SEED}-x{scale}.db"
    if not target.exists():
        partial = target.with_suffix(".partial")
        for leftover in cache.glob(f"{partial.name}*"):
            leftover.unlink()
        engine = make_engine(f"sqlite:///{partial}")
        upgrade(engine)
        started = time.perf_counter()
        counts = generate(engine, end=END, seed=SEED, scale=scale)
        engine.dispose()
        partial.rename(target)
        print(f"built {target} in {time.perf_counter() - started:.0f} s: {sum(counts.rows.values()):,} rows")
    return f"sqlite:///{target}"


def per_question(
    nl2sql: NL2SQL, cases: list[dict[str, Any]], rounds: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Each question's median wall time and median CPU time question → answer over `rounds`,
    after one warm-up pass. SQLite runs in the process, so its CPU time is the whole cost of a
    question, and it does not grow when other jobs share the cores (the wall time does)."""
    run = _timed_as_answered(lambda q: nl2sql.answer(q, now=datetime.fromisoformat(cases[0]["now"])))
    for case in cases:
        run(case["question"])
    wall: dict[str, list[float]] = {case["question"]: [] for case in cases}
    cpu: dict[str, list[float]] = {case["question"]: [] for case in cases}
    for _ in range(rounds):
        for case in cases:
            started, started_cpu = time.perf_counter(), time.process_time()
            run(case["question"])
            wall[case["question"]].append(time.perf_counter() - started)
            cpu[case["question"]].append(time.process_time() - started_cpu)
    return (
        {question: statistics.median(times) for question, times in wall.items()},
        {question: statistics.median(times) for question, times in cpu.items()},
    )


def scale_table(scales: list[int], cache: Path, rounds: int) -> None:
    """Print question → answer p50, p95 and worst at each scale, then each scale's slowest five."""
    cases = _cases()
    slowest: dict[int, list[tuple[float, str]]] = {}
    print(
        f"{'scale':>5} {'production rows':>16} {'p50 ms':>8} {'p95 ms':>8} {'worst ms':>9}"
        f" {'CPU p50':>8} {'CPU p95':>8}"
    )
    for scale in scales:
        url = plant_at_scale(scale, cache)
        engine = make_engine(url)
        nl2sql = _answerer(engine, url)
        nl2sql.charts = False
        with engine.connect() as connection:
            rows = connection.scalar(select(func.count()).select_from(production))
        medians, cpu = per_question(nl2sql, cases, rounds)
        engine.dispose()
        figures, cpu_figures = list(medians.values()), list(cpu.values())
        print(
            f"{scale:>4}× {rows:>16,} {statistics.median(figures) * 1000:8.1f} "
            f"{_p95(figures) * 1000:8.1f} {max(figures) * 1000:9.1f} "
            f"{statistics.median(cpu_figures) * 1000:8.1f} {_p95(cpu_figures) * 1000:8.1f}",
            flush=True,
        )
        slowest[scale] = sorted(((t, q) for q, t in medians.items()), reverse=True)[:5]
    for scale, worst in slowest.items():
        print(f"\nslowest at {scale}×:")
        for seconds, question in worst:
            print(f"  {seconds * 1000:8.1f} ms  {question}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="sqlite:////tmp/plant.db")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--scale", type=int, nargs="+", help="build the sample plant at these scales and print a table"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path.home() / ".cache" / "gemba" / "bench",
        help="folder of the databases --scale builds (default ~/.cache/gemba/bench)",
    )
    args = parser.parse_args()
    if args.scale:
        scale_table(args.scale, args.cache, args.rounds)
        return
    engine = make_engine(args.db)
    nl2sql = _answerer(engine, args.db)
    cases = _cases()
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
