"""Fixtures for the Slack app over real HTTP: a local Slack Web API, the app served by
uvicorn on port 0, and a client that signs requests exactly as Slack does."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn

from adapters.settings import Settings
from adapters.slack.app import SlackBot, build_slack_bot
from adapters.slack.server import http_app
from bot.inbox import process_due
from bot.outbox import deliver_due
from bot.services import Services
from tests.adapters.slack.mock_slack import TEAM, MockSlackApi

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CHANNEL = "C0LINE3"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's request signature: v0= + hex HMAC-SHA256 of "v0:{timestamp}:{body}"."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class SlackSide:
    """Slack as the app sees it: sends signed requests to the app over HTTP."""

    base_url: str
    secret: str = SIGNING_SECRET
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10))

    def send(
        self,
        body: bytes,
        *,
        content_type: str = "application/json",
        timestamp: int | None = None,
        signature: str | None = None,
        retry: int | None = None,
    ) -> httpx.Response:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or sign(self.secret, ts, body),
        }
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return self.http.post(f"{self.base_url}/slack/events", content=body, headers=headers)

    def event(
        self, event: dict[str, Any], *, event_id: str = "Ev01", retry: int | None = None
    ) -> httpx.Response:
        return self.send(json.dumps(event_body(event, event_id)).encode(), retry=retry)

    def command(self, body: bytes, *, retry: int | None = None) -> httpx.Response:
        return self.send(body, content_type="application/x-www-form-urlencoded", retry=retry)

    def interaction(self, payload: dict[str, Any]) -> httpx.Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.send(body, content_type="application/x-www-form-urlencoded")


def event_body(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    """An Events API envelope around `event`."""
    return {
        "token": "legacy",
        "team_id": TEAM,
        "api_app_id": "A0GEMBA",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1795000000,
        "authorizations": [{"team_id": TEAM, "user_id": "UGEMBA", "is_bot": True}],
    }


def command_body(
    command: str, text: str, *, api: MockSlackApi, trigger: str, user: str = "U0ANA", channel: str = CHANNEL
) -> bytes:
    """A slash command as Slack posts it (form-encoded)."""
    return urlencode(
        {
            "token": "legacy",
            "team_id": TEAM,
            "team_domain": "plant",
            "channel_id": channel,
            "channel_name": "line-3",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0GEMBA",
            "response_url": f"{api.url}response/{trigger}",
            "trigger_id": trigger,
        }
    ).encode()


def click(
    api: MockSlackApi, *, value: str, message_ts: str, action_id: str = "gemba_command:0", user: str = "U0BO"
) -> dict[str, Any]:
    """A `block_actions` payload: `user` pressed a button on the message `message_ts`."""
    trigger = "click-" + hashlib.sha256(f"{action_id}{message_ts}{value}{user}".encode()).hexdigest()[:12]
    return {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "plant"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0GEMBA",
        "trigger_id": trigger,
        "container": {"type": "message", "message_ts": message_ts, "channel_id": CHANNEL},
        "channel": {"id": CHANNEL, "name": "line-3"},
        "message": {"type": "message", "ts": message_ts, "text": "Andon card", "bot_id": "BGEMBA"},
        "response_url": f"{api.url}response/{trigger}",
        "actions": [
            {"type": "button", "action_id": action_id, "block_id": "b1", "value": value, "action_ts": "1.2"}
        ],
    }


@pytest.fixture
def slack_api() -> Iterator[MockSlackApi]:
    api = MockSlackApi(names={"U0ANA": "ana", "U0BO": "bo"}).start()
    yield api
    api.stop()


def settings_for(api: MockSlackApi, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": "xoxb-test-token",
        "slack_signing_secret": SIGNING_SECRET,
        "gemba_slack_api_url": api.url,
    }
    return Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]


@pytest.fixture
def bot(services: Services, slack_api: MockSlackApi) -> Iterator[SlackBot]:
    yield build_slack_bot(settings_for(slack_api), services)


@pytest.fixture
def slack(bot: SlackBot) -> Iterator[SlackSide]:
    """The app served over HTTP by uvicorn on a free port, and Slack's side of it."""
    with served(http_app(bot, SIGNING_SECRET)) as base_url:
        side = SlackSide(base_url)
        yield side
        side.http.close()


@pytest.fixture
def deliver(services: Services, bot: SlackBot) -> Any:
    """Process what the app accepted into the inbox, then deliver the outbox once; returns how
    many messages were sent."""

    def run() -> int:
        process_due(services.sessions, {"slack": bot.process}, services.now)
        return deliver_due(services.sessions, {"slack": bot.platform}, services.now())

    return run


class served:
    """Serve an ASGI app with uvicorn on 127.0.0.1 and a free port, in a thread."""

    def __init__(self, app: Any) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    def __enter__(self) -> str:
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        host, port = self._sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self._sock.close()
