"""Socket Mode against a local websocket server that sends Slack envelopes."""

from __future__ import annotations

import json
import queue
import threading
from typing import Any

from sqlalchemy import func, select
from websockets.sync.server import ServerConnection, serve

from adapters.slack.app import SlackBot
from adapters.slack.server import socket_mode_handler
from bot.services import Services
from bot.store.models import AndonCall
from tests.adapters.slack.conftest import CHANNEL, event_body
from tests.adapters.slack.mock_slack import TEAM, MockSlackApi


def _envelope(envelope_id: str, kind: str, payload: dict[str, Any], retry: int = 0) -> str:
    return json.dumps(
        {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry,
            "retry_reason": "timeout" if retry else "",
        }
    )


def test_socket_mode_acks_every_envelope_and_processes_retries_once(
    bot: SlackBot, slack_api: MockSlackApi, services: Services, deliver
) -> None:
    mention = {"type": "app_mention", "user": "U0ANA", "text": "<@UGEMBA> help", "ts": "1795000900.000900"}
    event = event_body(mention | {"channel": CHANNEL}, "EvSocket")
    command = {
        "team_id": TEAM,
        "channel_id": CHANNEL,
        "user_id": "U0ANA",
        "user_name": "ana",
        "command": "/andon",
        "text": "L3 WD-03 material shortage",
        "response_url": f"{slack_api.url}response/sock",
        "trigger_id": "sock-trigger-1",
    }
    envelopes = [
        _envelope("e-1", "events_api", event),
        _envelope("e-2", "events_api", event, retry=1),  # Slack's retry of the same event
        _envelope("e-3", "slash_commands", command),
        _envelope("e-4", "slash_commands", command, retry=1),
    ]
    acks: queue.Queue[dict[str, Any]] = queue.Queue()

    def session(websocket: ServerConnection) -> None:
        websocket.send(json.dumps({"type": "hello", "num_connections": 1}))
        for envelope in envelopes:
            websocket.send(envelope)
        try:
            for text in websocket:
                acks.put(json.loads(text))
        except Exception:  # the client hung up
            pass

    before = _count(services)
    with serve(session, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        slack_api.socket_url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}/link"
        handler = socket_mode_handler(bot, "xapp-test")
        handler.connect()
        try:
            got = [acks.get(timeout=20) for _ in envelopes]
        finally:
            handler.close()
            server.shutdown()

    assert sorted(a["envelope_id"] for a in got) == ["e-1", "e-2", "e-3", "e-4"]
    assert slack_api.calls_to("apps.connections.open")[0].token == "xapp-test"
    deliver()
    assert _count(services) == before + 1
    posts = slack_api.calls_to("chat.postMessage")
    assert len(posts) == 2  # one answer to the mention, one andon card
    assert {p.body.get("thread_ts") for p in posts} == {"1795000900.000900", None}
    assert len([c for c in slack_api.calls if c.path == "response/sock"]) == 1


def _count(services: Services) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(AndonCall))
