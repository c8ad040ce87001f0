"""Serving the Slack app: HTTP (one ASGI endpoint under uvicorn) or Socket Mode.

HTTP: `POST /slack/events` takes events, slash commands and interactivity, translated by
bolt's Starlette adapter (`to_bolt_request` / `to_starlette_response`); `App.dispatch`
runs in a worker thread, so one slow request never stalls the event loop. With OAuth,
`GET /slack/install` and `GET /slack/oauth_redirect` install Gemba into a workspace.

Socket Mode: slack-sdk's built-in client (no extra dependency) keeps a websocket to
Slack opened with the app-level token; no public URL is needed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import signal
import socket
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from types import FrameType
from typing import Protocol

import uvicorn
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.request.internals import parse_body
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.health import health_routes
from adapters.slack.app import SlackBot
from adapters.slack.inbound import PLATFORM

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_AGE_S = 300


class Startable(Protocol):
    """Background work of the server process (the inbox and outbox workers, the scheduler)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


def http_app(bot: SlackBot, signing_secret: str, *, health: Sequence[BaseRoute] = ()) -> Starlette:
    """The ASGI app: `POST /slack/events`, the OAuth routes when configured, and `health`
    (`/healthz`, `/readyz`, `/metrics`; a bare `/healthz` and `/readyz` when not given).

    Each acknowledged request is reported to the services' observer with its latency."""

    async def events(request: Request) -> Response:
        started = time.monotonic()
        response = await _events(request)
        if response.status_code < 400:
            bot.services.observer.event_acked(PLATFORM, time.monotonic() - started)
        return response

    async def _events(request: Request) -> Response:
        body = await request.body()
        if not _integer(request.headers.get("x-slack-request-timestamp")):
            return JSONResponse({"error": "invalid request"}, status_code=401)
        try:
            # JSON that is no object (`[]`, `"x"`, `1`) would break bolt before its checks.
            is_object = isinstance(parse_body(body.decode(), request.headers.get("content-type")), dict)
            bolt_request = to_bolt_request(request, body) if is_object else None
        except ValueError:  # not UTF-8, or a payload that is not JSON
            bolt_request = None
        if bolt_request is None:
            signed = is_signed(signing_secret, request.headers, body, time.time())
            return JSONResponse(
                {"error": "malformed request" if signed else "invalid request"},
                status_code=400 if signed else 401,
            )
        return to_starlette_response(await run_in_threadpool(bot.app.dispatch, bolt_request))

    routes: list[BaseRoute] = [
        Route(EVENTS_PATH, events, methods=["POST"]),
        *(health or health_routes([], None)),
    ]
    flow = bot.app.oauth_flow
    if flow is not None:

        async def install(request: Request) -> Response:
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(await run_in_threadpool(flow.handle_installation, bolt_request))

        async def redirect(request: Request) -> Response:
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(await run_in_threadpool(flow.handle_callback, bolt_request))

        routes += [
            Route(flow.install_path, install, methods=["GET"]),
            Route(flow.redirect_uri_path, redirect, methods=["GET"]),
        ]
    return Starlette(routes=routes)


def serve_http(
    bot: SlackBot,
    signing_secret: str,
    background: Sequence[Startable],
    *,
    host: str = "0.0.0.0",
    port: int = 3000,
    sock: socket.socket | None = None,
    health: Sequence[BaseRoute] = (),
) -> None:
    """Serve HTTP until interrupted; background work runs for as long. Uvicorn's own log
    lines go through Gemba's logging (text or JSON)."""
    config = uvicorn.Config(
        http_app(bot, signing_secret, health=health),
        host=host,
        port=port,
        log_config=None,
        log_level="warning",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    _run_with(background, lambda: server.run(sockets=[sock] if sock else None))


def socket_mode_handler(bot: SlackBot, app_token: str) -> SocketModeHandler:
    """bolt's Socket Mode adapter on slack-sdk's built-in websocket client; it opens the
    connection with `apps.connections.open` on the configured Web API URL."""
    return SocketModeHandler(bot.app, app_token=app_token, concurrency=10)


def serve_socket_mode(
    bot: SlackBot,
    app_token: str,
    background: Sequence[Startable],
    *,
    handler: SocketModeHandler | None = None,
) -> None:
    """Connect to Slack over Socket Mode and serve until SIGINT or SIGTERM (with `handler`
    when given, e.g. one a readiness check watches)."""
    handler = handler or socket_mode_handler(bot, app_token)
    stop = threading.Event()

    def stop_on(signum: int, frame: FrameType | None) -> None:
        stop.set()

    def run() -> None:
        handler.connect()
        log.info("connected to Slack in Socket Mode")
        previous = {s: signal.signal(s, stop_on) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            stop.wait()
        finally:
            for s, handler_before in previous.items():
                signal.signal(s, handler_before)
            handler.close()

    _run_with(background, run)


def _run_with(background: Sequence[Startable], run: Callable[[], None]) -> None:
    """Run `run` with the background work started; stop it in reverse order after, so the
    inbox worker (last) finishes its answers before the outbox worker (first) stops."""
    for item in background:
        item.start()
    try:
        run()
    finally:
        for item in reversed(background):
            item.stop()


def is_signed(secret: str, headers: Mapping[str, str], body: bytes, now: float) -> bool:
    """Whether `body` carries Slack's signature (over the raw bytes, checked in constant
    time) and a timestamp within 5 minutes of `now`. bolt checks decodable requests; this
    is for those it cannot decode, to tell a forged request (401) from a malformed one (400).

    >>> body = b"token=x"
    >>> mac = hmac.new(b"s", b"v0:100:" + body, hashlib.sha256).hexdigest()
    >>> is_signed("s", {"x-slack-request-timestamp": "100", "x-slack-signature": "v0=" + mac}, body, 150)
    True
    >>> is_signed("s", {"x-slack-request-timestamp": "100", "x-slack-signature": "v0=" + mac}, body, 401)
    False
    """
    timestamp = headers.get("x-slack-request-timestamp", "")
    if not secret or not _integer(timestamp) or abs(now - int(timestamp)) > MAX_AGE_S:
        return False
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), headers.get("x-slack-signature", "").encode())


def _integer(value: str | None) -> bool:
    return value is not None and value.strip().lstrip("-").isdigit()
