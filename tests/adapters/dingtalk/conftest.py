"""Fixtures for the DingTalk adapter: a local DingTalk, the API client, a running Stream client."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from adapters.dingtalk.openapi import DingTalkAPI
from adapters.dingtalk.platform import DingTalkPlatform
from adapters.dingtalk.respond import Responder
from adapters.dingtalk.stream import StreamClient
from bot.services import Services
from bot.worker import InboxWorker, OutboxWorker
from tests.adapters.dingtalk.fake_dingtalk import APP_KEY, APP_SECRET, ROBOT_CODE, FakeDingTalk
from tests.adapters.processes import wait_until

GROUP = "cidLine3Group=="
_ids = itertools.count(1)


@pytest.fixture
def dingtalk() -> Iterator[FakeDingTalk]:
    fake = FakeDingTalk(robot_secrets={"robot-token-leads": "SEC-leads"}).start()
    yield fake
    fake.stop()


@pytest.fixture
def api(dingtalk: FakeDingTalk) -> Iterator[DingTalkAPI]:
    client = DingTalkAPI(
        client_id=APP_KEY,
        client_secret=APP_SECRET,
        robot_code=ROBOT_CODE,
        api_url=dingtalk.base_url,
        oapi_url=dingtalk.base_url,
    )
    yield client
    client.close()


@pytest.fixture
def responder(services: Services, api: DingTalkAPI) -> Iterator[Responder]:
    """The responder with running inbox and outbox workers, as `gemba serve dingtalk` has them."""
    delivery = OutboxWorker(services, {"dingtalk": DingTalkPlatform(api)}, interval=0.05)
    responder = Responder(services, wake=lambda: (inbox_worker.wake(), delivery.wake()))
    inbox_worker = InboxWorker(services, {"dingtalk": responder.process}, interval=0.05)
    delivery.start()
    inbox_worker.start()
    yield responder
    inbox_worker.stop()
    delivery.stop()


@pytest.fixture
def start_stream(dingtalk: FakeDingTalk, responder: Responder) -> Iterator[Callable[..., StreamClient]]:
    """Start a Stream client against the fake (options override the defaults); stopped after the test."""
    running: list[tuple[StreamClient, threading.Thread]] = []

    def start(**options: Any) -> StreamClient:
        client = StreamClient(
            client_id=APP_KEY,
            client_secret=APP_SECRET,
            on_message=responder.accept,
            api_url=dingtalk.base_url,
            **{"idle_s": 30.0, **options},
        )
        thread = threading.Thread(target=asyncio.run, args=(client.run(),), daemon=True)
        thread.start()
        running.append((client, thread))
        wait_until(lambda: client.stats.connections == 1)
        return client

    yield start
    for client, thread in running:
        client.stop()
        thread.join(15)


def robot_message(
    base_url: str,
    text: str,
    *,
    msg_id: str | None = None,
    staff_id: str = "u-wang",
    nick: str = "王工",
    group: bool = True,
    session: str = "s-1",
    session_valid: bool = True,
) -> dict[str, Any]:
    """A robot message payload as DingTalk sends it (a group @-message by default)."""
    now_ms = int(time.time() * 1000)
    payload: dict[str, Any] = {
        "msgId": msg_id or f"msg{next(_ids):06d}",
        "msgtype": "text",
        "text": {"content": f" {text}"},  # DingTalk leaves a space where the @mention was
        "createAt": now_ms,
        "conversationType": "2" if group else "1",
        "conversationId": GROUP if group else "cidPrivateWang==",
        "senderId": f"$:LWCP_v1:${staff_id}",
        "senderStaffId": staff_id,
        "senderNick": nick,
        "chatbotCorpId": "ding-corp",
        "chatbotUserId": "$:LWCP_v1:$bot",
        "robotCode": ROBOT_CODE,
        "isAdmin": False,
        "sessionWebhook": f"{base_url}/session/{session}",
        "sessionWebhookExpiredTime": now_ms + (3_600_000 if session_valid else -60_000),
    }
    if group:
        payload.update(
            conversationTitle="3号线班组", isInAtList=True, atUsers=[{"dingtalkId": "$:LWCP_v1:$bot"}]
        )
    return payload
