"""Knowledge benchmark: search latency on 10,000 chunks, indexing throughput, warm-up, memory.

    .venv/bin/python -m evals.knowledge.bench [--embedder use-m3] [--chunks 10000] [--queries 200]
        [--workdir DIR]

Synthetic chunks are built from the bundled playbooks' lines (shuffled into new
sections under made-up titles), half English, half Chinese. With `--workdir`, a rerun
reuses the documents and the index (and times no indexing).

The index is built in a child process, so that the memory reported is that of a process
serving searches (a build holds every new vector while it runs); the build's wall time, CPU
time (all its threads) and peak memory are printed. Then the index is loaded afresh and
warmed up (`Library.warm_up`, as a server does at start); then the first question's latency
is printed, and every query is timed with the query-vector cache emptied before it (each
includes embedding the query), then asked twice and timed the second time (the vectors
remembered). The time the embedding alone takes is printed too,
because on a small machine it is most of the total and varies with the machine's load,
and so is the process CPU time per search, which does not. Memory is the resident size of
this process with the index and models loaded.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from knowledge import Library
from knowledge.embed import DEFAULT_EMBEDDER
from knowledge.evaluate import read_cases
from knowledge.library import BUNDLED
from knowledge.search import embed_query, query_language

HERE = Path(__file__).resolve().parent


def rss_mb() -> float:
    """Resident memory of this process, MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def synthetic_docs(folder: Path, chunks: int, seed: int = 7) -> None:
    """Write documents holding about `chunks` sections of 4–6 playbook lines each."""
    rng = random.Random(seed)
    lines = {"en": [], "zh": []}  # type: dict[str, list[str]]
    for path in BUNDLED.glob("*.md"):
        language = "zh" if path.name.endswith(".zh.md") else "en"
        lines[language] += [ln for ln in path.read_text("utf-8").splitlines() if re.match(r"^(\d+\.|-) ", ln)]
    per_doc = 20
    for d in range(chunks // per_doc):
        language = "zh" if d % 2 else "en"
        head = f"# {'作业指导' if language == 'zh' else 'Playbook'} {d}\n"
        sections = [
            f"## {'章节' if language == 'zh' else 'Section'} {s}\n"
            + "\n".join(rng.sample(lines[language], rng.randint(4, 6)))
            for s in range(per_doc)
        ]
        (folder / f"doc-{d:04d}.{language}.md").write_text(head + "\n\n".join(sections) + "\n", "utf-8")


def timed(call: Callable[..., object], *args: object, **kwargs: object) -> float:
    """Milliseconds `call(*args, **kwargs)` took."""
    started = time.perf_counter()
    call(*args, **kwargs)
    return (time.perf_counter() - started) * 1000


def report_timings(label: str, timings: list[float]) -> None:
    """Print p50, p95 and max of `timings` (ms)."""
    timings = sorted(timings)
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"{label}: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")


def main(argv: list[str] | None = None) -> None:
    """Build the synthetic index, then time queries and report memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default=DEFAULT_EMBEDDER)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--workdir", type=Path, default=None, help="keep the documents and index here (a rerun reuses them)"
    )
    args = parser.parse_args(argv)
    base = rss_mb()
    print("load average (1, 5, 15 min) at start: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = args.workdir or Path(tmp_dir)
        docs = tmp / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        synthetic_docs(docs, args.chunks)
        context = multiprocessing.get_context("spawn")
        with context.Pool(1) as pool:
            built = pool.apply(build_index, (docs, tmp / "index", args.embedder))
        chunks, documents, embedded, seconds, cpu_seconds, peak_mb = built
        print(
            f"indexed {chunks} chunks ({documents} documents, {embedded} embedded) in "
            f"{seconds:.1f} s, {cpu_seconds:.1f} s CPU: {embedded / max(seconds, 1e-9):.1f} chunks/s "
            f"({embedded / max(cpu_seconds, 1e-9):.1f} per CPU second) with {args.embedder}; "
            f"peak memory of the build {peak_mb:.0f} MB"
        )
        fresh = Library([docs], tmp / "index", args.embedder, bundled=False)
        started, started_cpu = time.perf_counter(), time.process_time()
        fresh.warm_up()
        print(
            f"warm-up (load, check, BM25 build, models): {time.perf_counter() - started:.1f} s, "
            f"{time.process_time() - started_cpu:.1f} s CPU"
        )
        questions = [c["question"] for c in read_cases(HERE / "cases.jsonl")]
        questions = (questions * (args.queries // len(questions) + 1))[: args.queries]
        print(f"first question after the warm-up: {timed(fresh.search, questions[0], k=10):.1f} ms")
        size = len(fresh._loaded()[0])
        print(f"search over {size} chunks, k=10, {len(questions)} queries:")
        queries = fresh.queries

        def cold(question: str, **kwargs: object) -> float:
            queries.clear()
            return timed(fresh.search, question, k=10, **kwargs)

        cpu: list[float] = []

        def cold_cpu(question: str) -> float:
            queries.clear()
            started = time.process_time()
            wall = timed(fresh.search, question, k=10)
            cpu.append((time.process_time() - started) * 1000)
            return wall

        report_timings("  all chunks, each query embedded", [cold_cpu(q) for q in questions])
        report_timings("  of which process CPU time", cpu)
        report_timings(
            "  chunks in the question's language",
            [cold(q, language=query_language(q)) for q in questions],
        )

        def again(question: str) -> float:
            fresh.search(question, k=10)
            return timed(fresh.search, question, k=10)

        report_timings("  asked again (query vectors remembered)", [again(q) for q in questions])
        embedding_cpu: list[float] = []

        def embedding(question: str) -> float:
            started = time.process_time()
            wall = timed(lambda: embed_query(question, fresh.embedder).sections())  # both vectors
            embedding_cpu.append((time.process_time() - started) * 1000)
            return wall

        report_timings("  embedding the query alone", [embedding(q) for q in questions])
        report_timings("  of which process CPU time", embedding_cpu)
        print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"memory (RSS): {rss_mb():.0f} MB for the process with the loaded index and models "
            f"({rss_mb() - base:.0f} MB above the interpreter with packages imported), peak {peak:.0f} MB"
        )


def build_index(docs: Path, index_dir: Path, embedder: str) -> tuple[int, int, int, float, float, float]:
    """Bring the index of `docs` up to date (run in a child process): chunks, documents, chunks
    embedded, wall seconds, CPU seconds of the process, its peak memory (MB)."""
    started = time.process_time()
    report = Library([docs], index_dir, embedder, bundled=False).ensure_index()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu = time.process_time() - started
    return report.chunks, report.documents, report.embedded, report.seconds, cpu, peak


if __name__ == "__main__":
    main()
