"""Benchmark of the Slack HTTP endpoint: acknowledgement latency and sustained events/s.

Runs the real app (uvicorn, bolt, Gemba's store on SQLite with the sample plant, the
outbox worker) against a local Slack Web API, sends signed requests at a steady rate
(mentions, plus `/andon` commands, plus Slack-style retries of some of them), and
prints p50/p99 acknowledgement latency and the rate achieved. At the end it waits for
every answer to be delivered and checks that no event was lost or duplicated: one
`chat.postMessage` per distinct mention, one andon call and one card per `/andon`.

    .venv/bin/python -m evals.slack.bench [--rate 150] [--seconds 20]

Targets (issue 5): p99 ≤ 300 ms and ≥ 100 events/s on a 2-core machine. Not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import httpx
import uvicorn
from sqlalchemy import func, select

from adapters.settings import Settings
from adapters.slack.app import build_slack_bot
from adapters.slack.server import http_app
from bot.sample_plant.generate import generate
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import upgrade
from bot.store.models import AndonCall, OutboxMessage
from bot.worker import InboxWorker, OutboxWorker
from tests.adapters.slack.mock_slack import TEAM, MockSlackApi

SECRET = "bench-signing-secret"
CHANNELS = [f"C0BENCH{i}" for i in range(8)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=150, help="requests per second to send")
    parser.add_argument("--seconds", type=float, default=20, help="how long to send")
    parser.add_argument("--senders", type=int, default=16, help="concurrent HTTP connections")
    parser.add_argument("--andon-every", type=int, default=10, help="every n-th request is an /andon")
    parser.add_argument(
        "--retry-every", type=int, default=7, help="every n-th request is sent again as a retry"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        services = _services(Path(folder) / "bench.db")
        api = MockSlackApi().start()
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            slack_bot_token="xoxb-bench",
            slack_signing_secret=SECRET,
            gemba_slack_api_url=api.url,
        )
        workers: list[OutboxWorker | InboxWorker] = []

        def wake() -> None:
            for worker in workers:
                worker.wake()

        bot = build_slack_bot(settings, services, wake=wake)
        workers += [
            OutboxWorker(services, {"slack": bot.platform}, interval=0.5),
            InboxWorker(services, {"slack": bot.process}),
        ]
        for worker in workers:
            worker.start()
        with _Served(http_app(bot, SECRET)) as base_url:
            result = _run(base_url, api, args)
            delivered_by = time.perf_counter() + 120
            while _pending(services) and time.perf_counter() < delivered_by:
                time.sleep(0.2)
        for worker in reversed(workers):
            worker.stop()
        _report(result, services, api, args)
        api.stop()


def _services(path: Path) -> Services:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    tz = ZoneInfo("Asia/Shanghai")
    generate(engine, end=date(2026, 11, 21), seed=7, timezone=tz, weeks=2)
    return Services(sessions=make_sessions(engine), timezone=tz)


def _run(base_url: str, api: MockSlackApi, args: argparse.Namespace) -> dict[str, object]:
    total = int(args.rate * args.seconds)
    requests = [_request(i, api, args) for i in range(total)]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    local = threading.local()
    start = time.perf_counter() + 0.5

    def send(i: int) -> None:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(timeout=10)
        body, content_type, retry = requests[i]
        due = start + i / args.rate  # open loop: each request has its own send time
        time.sleep(max(0.0, due - time.perf_counter()))
        ts = str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": "v0="
            + hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest(),
        }
        if retry:
            headers["X-Slack-Retry-Num"] = "1"
        began = time.perf_counter()
        status = client.post(f"{base_url}/slack/events", content=body, headers=headers).status_code
        took = time.perf_counter() - began
        with lock:
            latencies.append(took)
            statuses[status] = statuses.get(status, 0) + 1

    with ThreadPoolExecutor(max_workers=args.senders) as pool:
        list(pool.map(send, range(total)))
    elapsed = time.perf_counter() - start
    return {"latencies": latencies, "statuses": statuses, "elapsed": elapsed, "requests": requests}


def _request(i: int, api: MockSlackApi, args: argparse.Namespace) -> tuple[bytes, str, bool]:
    # Every `retry_every`-th request repeats the request before it (a Slack retry).
    retry = i > 0 and i % args.retry_every == 0
    n = i - 1 if retry else i
    channel = CHANNELS[n % len(CHANNELS)]
    if n % args.andon_every == 0:
        body = urlencode(
            {
                "team_id": TEAM,
                "channel_id": channel,
                "user_id": f"U{n % 40:04d}",
                "user_name": f"user{n % 40}",
                "command": "/andon",
                "text": f"L3 WD-03 material shortage bench {n}",
                "response_url": f"{api.url}response/{n}",
                "trigger_id": f"bench-{n}",
            }
        ).encode()
        return body, "application/x-www-form-urlencoded", retry
    event = {
        "type": "event_callback",
        "team_id": TEAM,
        "event_id": f"EvBench{n}",
        "event": {
            "type": "app_mention",
            "user": f"U{n % 40:04d}",
            "text": "<@UGEMBA> help",
            "ts": f"1795{n:06d}.000100",
            "channel": channel,
        },
        "authorizations": [{"team_id": TEAM, "user_id": "UGEMBA"}],
    }
    return json.dumps(event).encode(), "application/json", retry


def _pending(services: Services) -> int:
    with services.sessions() as session:
        query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status != "sent")
        return int(session.scalar(query) or 0)


def _report(result: dict, services: Services, api: MockSlackApi, args: argparse.Namespace) -> None:
    latencies = sorted(result["latencies"])
    requests = result["requests"]
    ms = [x * 1000 for x in latencies]
    p50, p99 = statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    distinct = {body for body, _, _ in requests}
    andons = {b for b in distinct if b.startswith(b"team_id")}
    mentions = distinct - andons
    with services.sessions() as session:
        calls = int(
            session.scalar(select(func.count()).select_from(AndonCall).where(AndonCall.platform == "slack"))
        )
    posts = api.calls_to("chat.postMessage")
    answers = [p for p in posts if p.body.get("thread_ts")]
    cards = [p for p in posts if not p.body.get("thread_ts")]
    threads = [p.body["thread_ts"] for p in answers]
    retries = len(requests) - len(distinct)
    print(f"requests sent        {len(requests)} ({len(distinct)} distinct, {retries} retries)")
    print(f"statuses             {result['statuses']}")
    print(
        f"rate achieved        {len(requests) / result['elapsed']:.1f} requests/s (target rate {args.rate}/s)"
    )
    print(f"ack latency          p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms")
    duplicates = len(threads) - len(set(threads))
    print(f"mentions answered    {len(set(threads))} distinct of {len(mentions)}; duplicates {duplicates}")
    print(f"andon calls          {calls} recorded of {len(andons)} sent; cards posted {len(cards)}")
    print(f"outbox not yet sent  {_pending(services)}")
    ok = (
        len(set(threads)) == len(mentions) == len(threads)
        and calls == len(andons) == len(cards)
        and set(result["statuses"]) == {200}
    )
    print("no event lost or duplicated" if ok else "MISMATCH: events lost or duplicated")


class _Served:
    def __init__(self, app: object) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", backlog=2048))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    def __enter__(self) -> str:
        self._thread.start()
        while not self._server.started:
            time.sleep(0.01)
        host, port = self._sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)


if __name__ == "__main__":
    main()
