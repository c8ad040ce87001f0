"""Stream mode: Gemba holds a websocket to DingTalk, no public URL needed.

The protocol (open-dingtalk/dingtalk-stream-sdk-python, implemented here on `websockets`
and `httpx`): register with the app key and secret at `/v1.0/gateway/connections/open` to
get an endpoint and a one-time ticket, connect to `endpoint?ticket=…`, acknowledge every
frame, echo `ping`'s data, and on `disconnect` move to a new connection.

DingTalk does not redeliver robot messages, so a message that arrives while no connection
is open is lost. Hence: on `disconnect` the new connection is opened before the old one is
let go (make-before-break); a connection that goes quiet is probed with a websocket ping and
replaced when the pong does not come (the idle watchdog); failed attempts are retried at
once and then with jittered exponential backoff.

A robot message is acknowledged only after `on_message` has stored it (the inbox, in a
worker thread, a few milliseconds); it is answered later by the inbox worker, in order per
conversation, so the socket keeps reading. A message that could not be stored is not
acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus

import httpx
import websockets
from websockets.asyncio.client import ClientConnection
from websockets.protocol import State

from adapters.dingtalk.errors import DingTalkError

log = logging.getLogger(__name__)

OPEN_CONNECTION_PATH = "/v1.0/gateway/connections/open"
BOT_MESSAGE_TOPIC = "/v1.0/im/bot/messages/get"
USER_AGENT = "gemba-dingtalk-stream/0.1"


class SilentConnection(Exception):
    """The connection stopped answering (no frame, no pong)."""


@dataclass
class StreamStats:
    """What the stream did; `gaps` are seconds from losing a connection to the next one open."""

    connections: int = 0
    messages: int = 0
    watchdog_reconnects: int = 0
    disconnects: int = 0
    gaps: list[float] = field(default_factory=list)


def backoff_delay(
    attempt: int, *, base: float = 0.5, cap: float = 30.0, rng: Callable[[], float] = random.random
) -> float:
    """Seconds to wait before the `attempt`-th retry (0: at once), jittered to spread clients.

    >>> backoff_delay(0), backoff_delay(1, rng=lambda: 0.0), backoff_delay(3, rng=lambda: 1.0)
    (0.0, 0.25, 2.0)
    >>> backoff_delay(20, rng=lambda: 1.0)
    30.0
    """
    if attempt <= 0:
        return 0.0
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return ceiling * (0.5 + 0.5 * rng())  # "equal jitter": never less than half the ceiling


def ack(frame: dict[str, Any], data: str) -> str:
    """The acknowledgement of `frame`, carrying `data` (a JSON string).

    >>> json.loads(ack({"headers": {"messageId": "m1"}}, '{"response": null}'))["headers"]
    {'contentType': 'application/json', 'messageId': 'm1'}
    """
    headers = frame.get("headers") or {}
    return json.dumps(
        {
            "code": 200,
            "headers": {"contentType": "application/json", "messageId": headers.get("messageId", "")},
            "message": "OK",
            "data": data,
        }
    )


class StreamClient:
    """Keeps one live Stream connection and hands each robot message to `on_message`.

    `on_message(payload, frame_id)` runs in a worker thread and is awaited before the frame
    is acknowledged; it gets the decoded robot message and the frame's `messageId`, and
    must be quick (store the message, not answer it).
    `idle_s` is the watchdog: after that long without a frame the connection is pinged and
    replaced if no pong comes within half of it.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        on_message: Callable[[dict[str, Any], str], object],
        api_url: str = "https://api.dingtalk.com",
        idle_s: float = 10.0,
        drain_s: float = 10.0,
        workers: int = 4,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.stats = StreamStats()
        self._client_id = client_id
        self._client_secret = client_secret
        self._on_message = on_message
        self._api_url = api_url.rstrip("/")
        self._idle_s = idle_s
        self._drain_s = drain_s
        self._workers = workers
        self._backoff = (backoff_base, backoff_cap, rng)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._sockets: set[ClientConnection] = set()
        self._lost_at: float | None = None

    @property
    def connected(self) -> bool:
        """Whether a connection to DingTalk is open now (for the readiness check)."""
        return any(ws.state is State.OPEN for ws in list(self._sockets))

    @property
    def reconnects(self) -> int:
        """Connections opened after the first one (after a disconnect, a silence, a failure)."""
        return max(0, self.stats.connections - 1)

    def stop(self) -> None:
        """Stop from any thread: close the connection and let `run` return."""
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)

    async def run(self) -> None:
        """Connect and reconnect until `stop()`."""
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        pool = ThreadPoolExecutor(self._workers, thread_name_prefix="gemba-dingtalk")
        failures = 0  # consecutive attempts that got no frame through
        async with httpx.AsyncClient(timeout=10.0) as http:
            try:
                while not self._stop.is_set():
                    try:
                        ws = await self._connect(http)
                    except Exception as error:  # registration or handshake: retry, never give up
                        failures += 1
                        delay = self._delay(failures)
                        log.warning("dingtalk stream: connecting failed (%s); retry in %.1f s", error, delay)
                        await self._sleep(delay)
                        continue
                    outcome = await self._serve(ws, pool)
                    failures = failures + 1 if outcome == "failed" else 0
                    await self._sleep(self._delay(failures))
            finally:
                for task in list(self._tasks):
                    task.cancel()
                await asyncio.gather(*self._tasks, return_exceptions=True)
                for ws in self._sockets:  # closings cut short by the stop
                    ws.transport.abort()
                pool.shutdown(wait=True)

    def _delay(self, failures: int) -> float:
        base, cap, rng = self._backoff
        return backoff_delay(failures - 1, base=base, cap=cap, rng=rng)  # the first retry is immediate

    async def _connect(self, http: httpx.AsyncClient) -> ClientConnection:
        endpoint, ticket = await self._register(http)
        ws = await websockets.connect(
            f"{endpoint}?ticket={quote_plus(ticket)}",
            ping_interval=None,  # the idle watchdog below pings only when the line is quiet
            max_size=2**23,
            open_timeout=10,
            close_timeout=2,
            user_agent_header=USER_AGENT,
        )
        self._sockets.add(ws)
        self.stats.connections += 1
        if self._lost_at is not None:
            self.stats.gaps.append(time.monotonic() - self._lost_at)
            self._lost_at = None
        log.info("dingtalk stream: connected (%s)", endpoint)
        return ws

    async def _register(self, http: httpx.AsyncClient) -> tuple[str, str]:
        body = {
            "clientId": self._client_id,
            "clientSecret": self._client_secret,
            "subscriptions": [{"type": "CALLBACK", "topic": BOT_MESSAGE_TOPIC}],
            "ua": USER_AGENT,
            "localIp": _local_ip(),
        }
        try:
            response = await http.post(self._api_url + OPEN_CONNECTION_PATH, json=body)
        except httpx.HTTPError as error:
            raise DingTalkError(OPEN_CONNECTION_PATH, "transport", str(error)) from None
        data = response.json() if response.content else {}
        if response.status_code >= 400 or not data.get("endpoint") or not data.get("ticket"):
            raise DingTalkError(
                OPEN_CONNECTION_PATH,
                str(data.get("code") or response.status_code),
                str(data.get("message") or "no endpoint or ticket"),
            )
        return str(data["endpoint"]), str(data["ticket"])

    async def _serve(self, ws: ClientConnection, pool: ThreadPoolExecutor) -> str:
        """Read frames until the connection ends: "disconnect", "healthy" (it worked, then
        closed), "failed" (closed before any frame) or "stopped"."""
        assert self._stop is not None
        got_frame = False
        stop_wait = asyncio.ensure_future(self._stop.wait())
        try:
            while True:
                receive = asyncio.ensure_future(self._receive(ws))
                done, _ = await asyncio.wait({receive, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
                if receive not in done:
                    receive.cancel()
                    await self._close(ws)
                    return "stopped"
                raw = receive.result()
                got_frame = True
                if await self._on_frame(ws, raw, pool) == "disconnect":
                    # Make before break: keep the old socket reading while the new one opens.
                    self.stats.disconnects += 1
                    self._lost_at = time.monotonic()
                    self._spawn(self._drain(ws, pool))
                    return "disconnect"
        except (websockets.ConnectionClosed, SilentConnection) as error:
            if isinstance(error, SilentConnection):
                self.stats.watchdog_reconnects += 1
                log.warning("dingtalk stream: connection silent for %.1f s; reconnecting", self._idle_s)
            else:
                log.warning("dingtalk stream: connection closed (%s); reconnecting", error)
            self._lost_at = time.monotonic()
            if isinstance(error, SilentConnection):
                ws.transport.abort()  # a silent peer will not take part in a closing handshake
            self._spawn(self._close(ws))
            return "healthy" if got_frame else "failed"
        finally:
            stop_wait.cancel()

    async def _drain(self, ws: ClientConnection, pool: ThreadPoolExecutor) -> None:
        with contextlib.suppress(websockets.ConnectionClosed, SilentConnection, TimeoutError):
            async with asyncio.timeout(self._drain_s):
                while True:
                    await self._on_frame(ws, await self._receive(ws), pool)
        await self._close(ws)

    async def _close(self, ws: ClientConnection) -> None:
        try:
            await ws.close()
        finally:
            self._sockets.discard(ws)

    async def _receive(self, ws: ClientConnection) -> str | bytes:
        while True:
            try:
                return await asyncio.wait_for(ws.recv(), self._idle_s)  # cancelling recv() loses nothing
            except TimeoutError:
                pong = await ws.ping()
                try:
                    await asyncio.wait_for(pong, self._idle_s / 2)
                except TimeoutError:
                    raise SilentConnection from None

    async def _on_frame(self, ws: ClientConnection, raw: str | bytes, pool: ThreadPoolExecutor) -> str:
        try:
            frame = json.loads(raw)
        except ValueError:
            log.warning("dingtalk stream: a frame that is not JSON: %r", raw[:200])
            return ""
        kind = frame.get("type")
        topic = (frame.get("headers") or {}).get("topic")
        if kind == "SYSTEM":
            await ws.send(ack(frame, frame.get("data") or "{}"))  # a ping's data (its opaque) comes back
            return "disconnect" if topic == "disconnect" else ""
        if kind == "CALLBACK":
            if topic == BOT_MESSAGE_TOPIC and not await self._store(frame, pool):
                return ""  # not stored, so not acknowledged
            await ws.send(ack(frame, json.dumps({"response": None})))
            return ""
        await ws.send(ack(frame, frame.get("data") or "{}"))  # events we did not ask for
        return ""

    async def _store(self, frame: dict[str, Any], pool: ThreadPoolExecutor) -> bool:
        """Hand a robot message to `on_message` and wait for it; whether it may be acknowledged
        (a payload that is not a JSON object is acknowledged and dropped)."""
        try:
            payload = json.loads(frame.get("data") or "{}")
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            log.warning("dingtalk stream: a robot message that is not a JSON object")
            return True
        self.stats.messages += 1
        frame_id = str((frame.get("headers") or {}).get("messageId") or "")
        try:
            await asyncio.get_running_loop().run_in_executor(pool, self._on_message, payload, frame_id)
        except Exception:  # the store is down: no ack for a message we could not keep
            log.exception("dingtalk stream: message %s could not be stored", payload.get("msgId"))
            return False
        return True

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _sleep(self, seconds: float) -> None:
        if seconds > 0 and self._stop is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), seconds)


def _local_ip() -> str:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # no packet is sent; picks the outgoing interface
            return str(probe.getsockname()[0])
    except OSError:
        return ""
