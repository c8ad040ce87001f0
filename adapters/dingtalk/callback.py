"""HTTP callback mode: DingTalk POSTs each robot message to `/dingtalk/callback`.

The `timestamp` and `sign` headers are checked before anything else (the body is not even
read otherwise); the request is answered at once and the reply goes out afterwards through
the message's session webhook, like in Stream mode.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from adapters.dingtalk.respond import Responder
from adapters.dingtalk.sign import verify

log = logging.getLogger(__name__)

CALLBACK_PATH = "/dingtalk/callback"
MAX_BODY_BYTES = 1_000_000


def callback_app(
    responder: Responder, *, app_secret: str, wall_clock: Callable[[], float] = time.time
) -> Starlette:
    """The Starlette app answering `POST /dingtalk/callback` (and `GET /healthz`)."""

    async def callback(request: Request) -> JSONResponse:
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
        if not isinstance(payload, dict):
            return JSONResponse({"errcode": 400, "errmsg": "not a message"}, status_code=400)
        # An empty answer now; the reply follows through the session webhook (or the OpenAPI).
        return JSONResponse({}, background=BackgroundTask(_answer, responder, payload))

    async def healthz(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[Route(CALLBACK_PATH, callback, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])]
    )


def _answer(responder: Responder, payload: dict[str, Any]) -> None:
    try:
        responder.answer(payload)
    except Exception:  # logged with the message id; the server keeps serving
        log.exception("dingtalk callback: answering message %s failed", payload.get("msgId"))
