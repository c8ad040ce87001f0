"""How far Gemba instances go on this machine: events/s and questions/s, end to end.

Starts `--instances` real `gemba serve slack` processes (HTTP) on one PostgreSQL store
holding the sample plant, against a local Slack Web API, and sends them signed Slack events
round-robin from `--senders` concurrent connections, as fast as they are acknowledged:

1. *events*: mentions answered by a command ("status", every tenth an andon call): the
   rate of acknowledgements, their p50/p99 latency, and the rate of answers posted to Slack;
2. *questions*: data questions (those of `evals/nl2sql/plant.jsonl`), answered by the
   nl2sql rules over the plant's tables: the rate of answers posted to Slack, and how each
   was answered (read from the instances' `/metrics`).

    .venv/bin/python -m evals.ops.capacity [--instances 1] [--events 600] [--questions 200]

Prints the figures and the machine's CPU count and load. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

from bot.sample_plant.generate import generate
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from tests.adapters.processes import free_port, is_up, stop, wait_until
from tests.adapters.slack.conftest import SIGNING_SECRET, SlackSide
from tests.adapters.slack.mock_slack import MockSlackApi

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
STORE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
QUESTIONS = ROOT / "evals" / "nl2sql" / "plant.jsonl"
CHANNELS = 16


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--instances", type=int, default=1, help="gemba serve slack processes")
    parser.add_argument("--events", type=int, default=600, help="command mentions to send")
    parser.add_argument("--questions", type=int, default=200, help="data questions to send")
    parser.add_argument("--senders", type=int, default=16, help="concurrent connections sending")
    parser.add_argument("--store", default="", help="PostgreSQL URL to use (default: a scratch database)")
    args = parser.parse_args()

    with _store(args.store) as store_url, _slack() as api, _instances(args.instances, store_url, api) as urls:
        sides = [SlackSide(url) for url in urls]
        print(f"{args.instances} instance(s) of gemba serve slack on PostgreSQL; {_machine()}")
        commands = [("andon L3 WD-03 no parts" if n % 10 == 0 else "status") for n in range(args.events)]
        _run("events", commands, sides, api, args.senders, urls)
        questions = [json.loads(line)["question"] for line in QUESTIONS.read_text().splitlines() if line]
        asked = [questions[n % len(questions)] for n in range(args.questions)]
        _run("questions", asked, sides, api, args.senders, urls)
        print(f"/metrics of {urls[0]} (Gemba's own lines):")
        for line in httpx.get(f"{urls[0]}/metrics", timeout=10).text.splitlines():
            if line.startswith("gemba_") and not line.startswith(
                ("gemba_ack_seconds_bucket", "gemba_answer_seconds_bucket")
            ):
                print(f"  {line}")
        for side in sides:
            side.http.close()


def _run(
    name: str, texts: list[str], sides: list[SlackSide], api: MockSlackApi, senders: int, urls: list[str]
) -> None:
    """Send `texts` as mentions round-robin over the instances; print rates and latencies."""
    tag = f"{name}-{time.monotonic_ns()}"
    before = _answers_by_path(urls)
    posted_before = _replies(api, tag)
    latencies: list[float] = []
    lock = threading.Lock()

    def send(n: int) -> None:
        event = {
            "type": "app_mention",
            "user": f"U{n % 50:04d}",
            "text": f"<@UGEMBA> {texts[n]}",
            "ts": f"{1796000000 + n}.{n:06d}",
            "channel": f"C{tag[-6:]}{n % CHANNELS:02d}",
        }
        started = time.monotonic()
        response = sides[n % len(sides)].event(event, event_id=f"Ev{tag}{n}")
        elapsed = time.monotonic() - started
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code} {response.text}")
        with lock:
            latencies.append(elapsed)

    started = time.monotonic()
    with ThreadPoolExecutor(senders) as pool:
        list(pool.map(send, range(len(texts))))
    acked_in = time.monotonic() - started
    wait_until(lambda: _replies(api, tag) - posted_before >= len(texts), timeout=max(120, len(texts)))
    answered_in = time.monotonic() - started
    after = _answers_by_path(urls)
    paths = {
        path: int(after[path] - before.get(path, 0)) for path in after if after[path] > before.get(path, 0)
    }
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(
        f"{name:9}: {len(texts)} sent; acknowledged {len(texts) / acked_in:6.1f}/s "
        f"(p50 {statistics.median(ordered) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms); "
        f"answered end to end {len(texts) / answered_in:6.1f}/s ({answered_in:.1f} s); by path {paths}"
    )


def _replies(api: MockSlackApi, tag: str) -> int:
    channel_prefix = f"C{tag[-6:]}"
    with api._lock:
        return sum(1 for m in api.messages if m.channel.startswith(channel_prefix) and m.thread_ts)


def _answers_by_path(urls: list[str]) -> Counter[str]:
    """Answers so far, by path, summed over the instances' /metrics."""
    total: Counter[str] = Counter()
    for url in urls:
        for family in text_string_to_metric_families(httpx.get(f"{url}/metrics", timeout=10).text):
            if family.name == "gemba_answers":
                for sample in family.samples:
                    if sample.name.endswith("_total"):
                        total[sample.labels["path"]] += int(sample.value)
    return total


@contextmanager
def _store(url: str) -> Iterator[str]:
    """`url`, or a scratch PostgreSQL database with the sample plant (dropped at the end)."""
    if url:
        yield url
        return
    name = f"gemba_capacity_{os.getpid()}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        engine = make_engine(STORE_URL.format(name=name))
        upgrade(engine)
        generate(engine, end=date.today(), weeks=4)
        engine.dispose()
        yield STORE_URL.format(name=name)
    finally:
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": name},
            )
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


@contextmanager
def _slack() -> Iterator[MockSlackApi]:
    api = MockSlackApi().start()
    try:
        yield api
    finally:
        api.stop()


@contextmanager
def _instances(count: int, store_url: str, api: MockSlackApi) -> Iterator[list[str]]:
    """`count` `gemba serve slack` processes on `store_url`, each in a folder of its own."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GEMBA_DATABASE_URL": store_url,
        "SLACK_BOT_TOKEN": "xoxb-capacity",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "GEMBA_SLACK_API_URL": api.url,
        "GEMBA_EMBEDDER": "fake",
        "GEMBA_LOG_LEVEL": "WARNING",
    }
    processes: list[subprocess.Popen[bytes]] = []
    urls = []
    with tempfile.TemporaryDirectory() as folder:
        try:
            for n in range(count):
                port, cwd = free_port(), Path(folder) / f"instance{n}"
                cwd.mkdir()
                command = [
                    sys.executable,
                    "-c",
                    "from adapters.cli.main import main; main()",
                    "serve",
                    "slack",
                ]
                processes.append(
                    subprocess.Popen(
                        [*command, "--port", str(port), "--host", "127.0.0.1"],
                        env=env,
                        cwd=cwd,
                        stdout=subprocess.DEVNULL,
                    )
                )
                urls.append(f"http://127.0.0.1:{port}")
            for process, url in zip(processes, urls, strict=True):
                _wait_ready(process, url)
            yield urls
        finally:
            for process in processes:
                stop(process, signal.SIGINT)


def _wait_ready(process: subprocess.Popen[bytes], url: str) -> None:
    def ready() -> bool:
        return is_up(url) and httpx.get(f"{url}/readyz", timeout=30).status_code == 200

    wait_until(lambda: ready() or process.poll() is not None, timeout=180)
    if process.poll() is not None:
        raise SystemExit(f"an instance did not start (exit {process.returncode})")


def _machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPU(s), load average {load} before the run"


if __name__ == "__main__":
    main()
