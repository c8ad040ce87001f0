"""A local DingTalk on port 0: the HTTP APIs and the Stream websocket Gemba uses, recording
every request, answering like DingTalk does (shapes from the DingTalk docs and the
open-dingtalk/dingtalk-stream-sdk-python source)."""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import socket
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from websockets.asyncio.server import ServerConnection, serve

from adapters.dingtalk.sign import sign
from tests.adapters.processes import wait_until

APP_KEY = "ding-app-key"
APP_SECRET = "ding-app-secret"
ROBOT_CODE = "ding-robot"


@dataclass
class Call:
    """One request DingTalk received."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    status: int = 200


def serve_in_thread(app: Any) -> tuple[str, Callable[[], None]]:
    """Run an ASGI app on 127.0.0.1:<free port> in a thread; returns its URL and a stop function."""
    sock = socket.socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # accepted sockets inherit it: no 40 ms stalls
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", ws="none", http="h11"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait_until(lambda: server.started)

    def stop() -> None:
        server.should_exit = True
        thread.join(10)
        sock.close()

    return f"http://127.0.0.1:{port}", stop


class FakeDingTalk:
    """api.dingtalk.com, oapi.dingtalk.com, session webhooks and the Stream gateway, locally."""

    def __init__(
        self,
        robot_secrets: dict[str, str] | None = None,
        robot_limit: int = 20,
        robot_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.calls: list[Call] = []
        self.timeline: list[tuple[str, Any]] = []  # ("frame", sent frame) / ("ack", ack) / ("call", Call)
        self.acks: list[dict[str, Any]] = []
        self.issued_tickets: list[str] = []
        self.used_tickets: list[str] = []
        self.down = False  # the message APIs answer 503, as in an outage
        self.expired_sessions: set[str] = set()
        self.robot_secrets = robot_secrets or {}
        self.robot_limit = robot_limit
        self.robot_clock = robot_clock  # a test may swap in its fake clock (seconds)
        self.robot_accepted: list[tuple[float, Call]] = []  # custom robot messages that got through
        self.robot_throttled = 0  # "send too fast" answers
        self._robot_counted: defaultdict[str, list[float]] = defaultdict(list)
        self._robot_blocked_until: dict[str, float] = {}
        self.files: dict[str, bytes] = {}  # downloadCode → the bytes of a picture sent to the robot
        self._downloads: dict[str, bytes] = {}  # download URL key → bytes
        self._tokens: set[str] = set()
        self._ids = itertools.count(1)
        self._connections: list[ServerConnection] = []
        self._moving: set[ServerConnection] = set()
        self._silent: set[ServerConnection] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fake-dingtalk", daemon=True)
        self.base_url = ""
        self.ws_url = ""

    # Life cycle ---------------------------------------------------------------------------

    def start(self) -> FakeDingTalk:
        self.base_url, self._stop_http = serve_in_thread(self._app())
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        async def close_all() -> None:
            for connection in list(self._connections):
                if connection in self._silent:
                    connection.transport.abort()
                else:
                    await connection.close()
            self._ws_server.close()
            await self._ws_server.wait_closed()

        self._call(close_all())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
        self._stop_http()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start_ws() -> None:
            self._ws_server = await serve(self._stream, "127.0.0.1", 0, ping_interval=None, compression=None)
            port = self._ws_server.sockets[0].getsockname()[1]
            self.ws_url = f"ws://127.0.0.1:{port}/connect"

        self._loop.run_until_complete(start_ws())
        self._ready.set()
        self._loop.run_forever()

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    # What the tests look at ---------------------------------------------------------------

    def calls_to(self, path: str) -> list[Call]:
        """Requests to `path` (a session webhook's path is /session/<id>)."""
        return [call for call in list(self.calls) if call.path == path]

    def robot_messages(self, path: str) -> list[dict[str, Any]]:
        """The decoded msgParam of each robot OpenAPI message sent to `path`."""
        return [{**c.body, "msgParam": json.loads(c.body["msgParam"])} for c in self.calls_to(path)]

    def send_picture(self, content: bytes) -> str:
        """Hold a picture a person sends to the robot; returns its `downloadCode`."""
        code = f"dc-{uuid.uuid4().hex[:12]}"
        self.files[code] = content
        return code

    @property
    def open_connections(self) -> int:
        return sum(1 for c in self._connections if c.state.name == "OPEN")

    # Stream controls (from the test thread) -------------------------------------------------

    def send_callback(self, payload: dict[str, Any], topic: str = "/v1.0/im/bot/messages/get") -> str:
        """Send a robot message as a CALLBACK frame on the newest connection; returns the frame id."""
        frame_id = f"frame-{next(self._ids)}"
        frame = {
            "specVersion": "1.0",
            "type": "CALLBACK",
            "headers": {
                "messageId": frame_id,
                "topic": topic,
                "contentType": "application/json",
                "time": str(int(time.time() * 1000)),
                "appId": APP_KEY,
            },
            "data": json.dumps(payload, ensure_ascii=False),
        }
        self._send_newest(frame)
        return frame_id

    def ping(self) -> str:
        opaque = uuid.uuid4().hex
        frame_id = f"ping-{next(self._ids)}"
        self._send_newest(
            {
                "specVersion": "1.0",
                "type": "SYSTEM",
                "headers": {"messageId": frame_id, "topic": "ping", "contentType": "application/json"},
                "data": json.dumps({"opaque": opaque}),
            }
        )
        return opaque

    def disconnect(self) -> None:
        """Ask the client to move (DingTalk closes the old connection once it has)."""

        async def send() -> None:
            connection = self._connections[-1]
            self._moving.add(connection)
            await connection.send(
                json.dumps(
                    {
                        "specVersion": "1.0",
                        "type": "SYSTEM",
                        "headers": {
                            "messageId": f"sys-{next(self._ids)}",
                            "topic": "disconnect",
                            "contentType": "application/json",
                        },
                        "data": json.dumps({"reason": "server maintenance"}),
                    }
                )
            )

        self._call(send())

    def go_silent(self) -> None:
        """The newest connection stops reading and answering, like a dead NAT entry."""

        async def silence() -> None:
            connection = self._connections[-1]
            self._silent.add(connection)
            connection.transport.pause_reading()

        self._call(silence())

    def _send_newest(self, frame: dict[str, Any]) -> None:
        async def send() -> None:
            live = [c for c in self._connections if c not in self._moving and c not in self._silent]
            self.timeline.append(("frame", frame))
            await live[-1].send(json.dumps(frame, ensure_ascii=False))

        self._call(send())

    # The Stream gateway ---------------------------------------------------------------------

    async def _stream(self, connection: ServerConnection) -> None:
        ticket = parse_qs(urlparse(connection.request.path).query).get("ticket", [""])[0]
        if ticket not in self.issued_tickets or ticket in self.used_tickets:
            await connection.close(4001, "invalid ticket")
            return
        self._connections.append(connection)
        self.used_tickets.append(ticket)
        for old in list(self._moving):  # the client has moved: let the old connection go
            if old.state.name == "OPEN":
                await old.close()
        try:
            async for raw in connection:
                self.acks.append(json.loads(raw))
                self.timeline.append(("ack", self.acks[-1]))
        except Exception:
            pass

    # Custom robots' limit: 20 sends in any 60 seconds, then 10 minutes blocked ----------------

    def _robot_may_send(self, token: str) -> bool:
        now = self.robot_clock()
        if now < self._robot_blocked_until.get(token, -math.inf):
            return False
        counted = self._robot_counted[token] = [t for t in self._robot_counted[token] if now - t < 60]
        if len(counted) >= self.robot_limit:
            self._robot_blocked_until[token] = now + 600
            return False
        counted.append(now)
        return True

    # The HTTP APIs --------------------------------------------------------------------------

    def _app(self) -> Starlette:
        async def record(request: Request) -> Call:
            raw = await request.body()
            content_type = request.headers.get("content-type", "")
            body: Any = (
                json.loads(raw)
                if raw and "json" in content_type
                else {"bytes": len(raw), "content_type": content_type}
            )
            call = Call(request.url.path, dict(request.query_params), dict(request.headers), body)
            self.calls.append(call)
            self.timeline.append(("call", call))
            return call

        async def open_connection(request: Request) -> JSONResponse:
            call = await record(request)
            if call.body.get("clientId") != APP_KEY or call.body.get("clientSecret") != APP_SECRET:
                return JSONResponse({"code": "InvalidAuthentication", "message": "bad app"}, 401)
            ticket = uuid.uuid4().hex
            self.issued_tickets.append(ticket)
            return JSONResponse({"endpoint": self.ws_url, "ticket": ticket})

        async def access_token(request: Request) -> JSONResponse:
            call = await record(request)
            if call.body != {"appKey": APP_KEY, "appSecret": APP_SECRET}:
                return JSONResponse({"code": "invalidClientSecret", "message": "bad secret"}, 400)
            token = f"token-{next(self._ids)}"
            self._tokens.add(token)
            return JSONResponse({"accessToken": token, "expireIn": 7200})

        def authorized(call: Call) -> bool:
            return call.headers.get("x-acs-dingtalk-access-token") in self._tokens

        def unavailable(call: Call) -> JSONResponse | None:
            if not self.down:
                return None
            call.status = 503
            return JSONResponse({"code": "ServiceUnavailable", "message": "outage"}, 503)

        async def group_send(request: Request) -> JSONResponse:
            call = await record(request)
            if (outage := unavailable(call)) is not None:
                return outage
            if not authorized(call):
                return JSONResponse({"code": "InvalidAuthentication", "message": "token"}, 401)
            return JSONResponse({"processQueryKey": f"pqk-{next(self._ids)}"})

        async def user_send(request: Request) -> JSONResponse:
            call = await record(request)
            if (outage := unavailable(call)) is not None:
                return outage
            if not authorized(call):
                return JSONResponse({"code": "InvalidAuthentication", "message": "token"}, 401)
            return JSONResponse(
                {
                    "processQueryKey": f"pqk-{next(self._ids)}",
                    "invalidStaffIdList": [],
                    "flowControlledStaffIdList": [],
                }
            )

        async def media_upload(request: Request) -> JSONResponse:
            call = await record(request)
            if call.query.get("access_token") not in self._tokens:
                return JSONResponse({"errcode": 40014, "errmsg": "invalid access_token"})
            return JSONResponse({"errcode": 0, "errmsg": "ok", "media_id": f"@media-{next(self._ids)}"})

        async def file_download(request: Request) -> JSONResponse:
            call = await record(request)
            if (outage := unavailable(call)) is not None:
                return outage
            if not authorized(call):
                return JSONResponse({"code": "InvalidAuthentication", "message": "token"}, 401)
            content = self.files.get(call.body.get("downloadCode", ""))
            if content is None or call.body.get("robotCode") != ROBOT_CODE:
                call.status = 400
                return JSONResponse({"code": "invalidParameter", "message": "downloadCode"}, 400)
            key = uuid.uuid4().hex
            self._downloads[key] = content
            return JSONResponse({"downloadUrl": f"{self.base_url}/download/{key}"})

        async def downloaded(request: Request) -> Response:
            call = await record(request)
            content = self._downloads.get(request.path_params["key"])
            if content is None:
                call.status = 404
                return Response(b"", 404)
            return Response(content, media_type="image/jpeg")

        async def session(request: Request) -> JSONResponse:
            call = await record(request)
            if (outage := unavailable(call)) is not None:
                return outage
            if request.path_params["sid"] in self.expired_sessions:
                return JSONResponse({"errcode": 300001, "errmsg": "session expired"})
            return JSONResponse({"errcode": 0, "errmsg": "ok"})

        async def robot_send(request: Request) -> JSONResponse:
            call = await record(request)
            token = call.query.get("access_token", "")
            secret = self.robot_secrets.get(token)
            if secret is None:
                return JSONResponse({"errcode": 300001, "errmsg": "token is not exist"})
            timestamp = call.query.get("timestamp", "")
            if not timestamp or call.query.get("sign") != sign(secret, timestamp):
                return JSONResponse({"errcode": 310000, "errmsg": "sign not match"})
            if abs(time.time() * 1000 - int(timestamp)) > 3_600_000:
                return JSONResponse({"errcode": 310000, "errmsg": "timestamp expired"})
            if not self._robot_may_send(token):
                self.robot_throttled += 1
                return JSONResponse(
                    {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
                )
            self.robot_accepted.append((self.robot_clock(), call))
            return JSONResponse({"errcode": 0, "errmsg": "ok"})

        return Starlette(
            routes=[
                Route("/v1.0/gateway/connections/open", open_connection, methods=["POST"]),
                Route("/v1.0/oauth2/accessToken", access_token, methods=["POST"]),
                Route("/v1.0/robot/groupMessages/send", group_send, methods=["POST"]),
                Route("/v1.0/robot/oToMessages/batchSend", user_send, methods=["POST"]),
                Route("/media/upload", media_upload, methods=["POST"]),
                Route("/v1.0/robot/messageFiles/download", file_download, methods=["POST"]),
                Route("/download/{key}", downloaded, methods=["GET"]),
                Route("/session/{sid}", session, methods=["POST"]),
                Route("/robot/send", robot_send, methods=["POST"]),
            ]
        )
