"""DingTalk Stream mode: messages handled per second, and the reconnect gap after `disconnect`.

Runs Gemba's Stream client against the local DingTalk of the tests (real websocket, real
HTTP) on a private copy of the sample plant. Prints figures; not a test.

    .venv/bin/python -m evals.dingtalk.bench [--messages 300] [--disconnects 20]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from adapters.dingtalk.openapi import DingTalkAPI
from adapters.dingtalk.platform import DingTalkPlatform
from adapters.dingtalk.respond import Responder
from adapters.dingtalk.stream import StreamClient
from bot.sample_plant.generate import generate
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import upgrade
from bot.worker import InboxWorker, OutboxWorker
from tests.adapters.dingtalk.conftest import robot_message
from tests.adapters.dingtalk.fake_dingtalk import APP_KEY, APP_SECRET, ROBOT_CODE, FakeDingTalk, wait_until

TZ = ZoneInfo("Asia/Shanghai")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=300, help="messages to send (mixed commands)")
    parser.add_argument("--disconnects", type=int, default=20, help="disconnects to measure")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'gemba.db'}")
        upgrade(engine)
        generate(engine, end=date.today(), seed=7, timezone=TZ)
        services = Services(sessions=make_sessions(engine), timezone=TZ, default_language="zh")
        dingtalk = FakeDingTalk().start()
        api = DingTalkAPI(
            client_id=APP_KEY,
            client_secret=APP_SECRET,
            robot_code=ROBOT_CODE,
            api_url=dingtalk.base_url,
            oapi_url=dingtalk.base_url,
        )
        worker = OutboxWorker(services, {"dingtalk": DingTalkPlatform(api)}, interval=0.05)

        def wake() -> None:
            inbox_worker.wake()
            worker.wake()

        responder = Responder(services, wake=wake)
        inbox_worker = InboxWorker(services, {"dingtalk": responder.process}, interval=0.05)
        worker.start()
        inbox_worker.start()
        client = StreamClient(
            client_id=APP_KEY,
            client_secret=APP_SECRET,
            on_message=responder.accept,
            api_url=dingtalk.base_url,
        )
        thread = threading.Thread(target=asyncio.run, args=(client.run(),), daemon=True)
        thread.start()
        wait_until(lambda: client.stats.connections == 1)
        try:
            print(
                "messages: help, status, problems, line status, andon call (20 % write a record and a card);"
                " each is acked, handled on SQLite and answered through the session webhook"
            )
            throughput(dingtalk, args.messages, groups=1)
            throughput(dingtalk, args.messages, groups=8)
            reconnects(dingtalk, client, args.disconnects)
        finally:
            client.stop()
            thread.join(15)
            inbox_worker.stop()
            worker.stop()
            api.close()
            dingtalk.stop()
            engine.dispose()


def throughput(dingtalk: FakeDingTalk, count: int, groups: int) -> None:
    texts = ["帮助", "状态", "问题列表", "状态 L3", "安灯 L3 WD-03 缺料"]
    payloads = []
    for i in range(count):
        payload = robot_message(
            dingtalk.base_url,
            texts[i % len(texts)],
            msg_id=f"bench-{groups}-{i}",
            session=f"b{groups}-{i}",
            staff_id=f"u{i % 7}",
        )
        payload["conversationId"] = f"cidBench{i % groups}=="
        payloads.append(payload)
    answered = len(dingtalk.calls)
    started = time.perf_counter()
    for payload in payloads:
        dingtalk.send_callback(payload)
    wait_until(
        lambda: sum(c.path.startswith(f"/session/b{groups}-") for c in dingtalk.calls[answered:]) >= count,
        timeout=600,
    )
    elapsed = time.perf_counter() - started
    where = "one group (answered strictly in order)" if groups == 1 else f"{groups} groups"
    print(f"throughput, {where}: {count} messages in {elapsed:.2f} s = {count / elapsed:.0f} messages/s")


def reconnects(dingtalk: FakeDingTalk, client: StreamClient, count: int) -> None:
    server_gaps = []
    for i in range(count):
        tickets = len(dingtalk.used_tickets)
        sent = time.perf_counter()
        dingtalk.disconnect()
        wait_until(lambda n=tickets: len(dingtalk.used_tickets) > n)
        server_gaps.append(time.perf_counter() - sent)
        session = f"after-{i}"
        dingtalk.send_callback(robot_message(dingtalk.base_url, "帮助", session=session))
        wait_until(lambda s=session: dingtalk.calls_to(f"/session/{s}"))
    gaps = client.stats.gaps[-count:]
    print(
        f"reconnect after disconnect ({count} times): new connection open "
        f"{1000 * statistics.median(gaps):.1f} ms median, {1000 * max(gaps):.1f} ms max after the "
        f"disconnect frame (client clock); {1000 * statistics.median(server_gaps):.1f} ms median, "
        f"{1000 * max(server_gaps):.1f} ms max from the server sending it to the new ticket in use; "
        "the old connection keeps reading meanwhile (make-before-break)"
    )


if __name__ == "__main__":
    main()
