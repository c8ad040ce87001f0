"""HTTP callback mode: DingTalk POSTs each robot message to `/dingtalk/callback`.

The `timestamp` and `sign` headers are checked before anything else (the body is not even
read otherwise). A robot message is stored in the inbox before the 200 goes out (a 503 when
the store cannot take it); the reply follows through the outbox, like in Stream mode.
Signed bodies that are no robot message (not JSON, not an object, no `msgtype`) get a 400.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from adapters.dingtalk.respond import PLATFORM, Responder
from adapters.dingtalk.sign import verify
from adapters.health import health_routes
from bot.observe import Observer

log = logging.getLogger(__name__)

CALLBACK_PATH = "/dingtalk/callback"
MAX_BODY_BYTES = 1_000_000


def callback_app(
    responder: Responder,
    *,
    app_secret: str,
    wall_clock: Callable[[], float] = time.time,
    health: Sequence[BaseRoute] = (),
    observer: Observer | None = None,
) -> Starlette:
    """The Starlette app answering `POST /dingtalk/callback`, and `health` (`/healthz`,
    `/readyz`, `/metrics`; a bare `/healthz` and `/readyz` when not given). Each stored
    message's 200 is reported to `observer` with its latency."""

    async def callback(request: Request) -> JSONResponse:
        started = time.monotonic()
        response = await _callback(request)
        if response.status_code < 400 and observer is not None:
            observer.event_acked(PLATFORM, time.monotonic() - started)
        return response

    async def _callback(request: Request) -> JSONResponse:
        headers, now_ms = request.headers, int(wall_clock() * 1000)
        if not verify(app_secret, headers.get("timestamp"), headers.get("sign"), now_ms=now_ms):
            log.warning(
                "dingtalk callback from %s refused: bad or stale signature",
                request.client.host if request.client else "?",
            )
            return JSONResponse({"errcode": 401, "errmsg": "invalid signature"}, status_code=401)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return JSONResponse({"errcode": 413, "errmsg": "too large"}, status_code=413)
        try:
            payload = json.loads(body)
        except ValueError:
            return JSONResponse({"errcode": 400, "errmsg": "not JSON"}, status_code=400)
        if not isinstance(payload, dict) or not isinstance(payload.get("msgtype"), str):
            return JSONResponse({"errcode": 400, "errmsg": "not a robot message"}, status_code=400)
        try:
            await run_in_threadpool(responder.accept, payload)
        except Exception:  # the store is down: no 200 for a message we could not keep
            log.exception("dingtalk callback: message %s could not be stored", payload.get("msgId"))
            return JSONResponse({"errcode": 503, "errmsg": "try again later"}, status_code=503)
        return JSONResponse({})  # the reply follows through the outbox

    return Starlette(
        routes=[Route(CALLBACK_PATH, callback, methods=["POST"]), *(health or health_routes([], None))]
    )
