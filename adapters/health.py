"""`/healthz`, `/readyz` and `/metrics` for every Gemba server, from one list of checks.

- `GET /healthz`: the process answers HTTP (200 `{"ok": true}`); a load balancer or
  Kubernetes liveness probe restarts the process when this fails.
- `GET /readyz`: every named readiness check passes (200), or 503 naming the checks that
  fail and why; a load balancer sends no traffic to an instance that is not ready.
- `GET /metrics`: the process's Prometheus registry in the text exposition format.

HTTP servers (Slack over HTTP, DingTalk callbacks, the web board) add `health_routes(...)` to
their Starlette app; servers that hold a websocket instead (Slack Socket Mode, DingTalk
Stream) run a `SideListener` on a port of its own.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

log = logging.getLogger(__name__)

MAX_DETAIL_CHARS = 200

Probe = Callable[[], str | None]
"""Returns None when all is well, else what is wrong (short; no secrets). May raise."""


@dataclass(frozen=True)
class ReadinessCheck:
    """A named condition for taking traffic, e.g. "store" or "migrations"."""

    name: str
    probe: Probe

    def run(self) -> str | None:
        """None when ready, else why not (a raised exception is reported, not raised)."""
        try:
            return self.probe()
        except Exception as error:
            return f"{type(error).__name__}: {error}".splitlines()[0][:MAX_DETAIL_CHARS]


def store_reachable(engine: Engine) -> ReadinessCheck:
    """ "store": a `SELECT 1` on Gemba's store succeeds."""

    def probe() -> str | None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return None

    return ReadinessCheck("store", probe)


def migrations_current(engine: Engine, current: Callable[[Engine], str | None], head: str) -> ReadinessCheck:
    """ "migrations": the store is at `head` (`current(engine)` reads its revision)."""

    def probe() -> str | None:
        revision = current(engine)
        return None if revision == head else f"the store is at {revision}, this Gemba needs {head}"

    return ReadinessCheck("migrations", probe)


def flag_set(name: str, flag: threading.Event, waiting: str) -> ReadinessCheck:
    """`name`: ready once `flag` is set (e.g. the playbook index loaded); `waiting` says what is awaited."""
    return ReadinessCheck(name, lambda: None if flag.is_set() else waiting)


def readiness(checks: Sequence[ReadinessCheck]) -> tuple[bool, dict[str, str]]:
    """Run every check; whether all pass, and each check's "ok" or failure.

    >>> readiness([ReadinessCheck("a", lambda: None), ReadinessCheck("b", lambda: "down")])
    (False, {'a': 'ok', 'b': 'down'})
    """
    results = {check.name: check.run() or "ok" for check in checks}
    return all(result == "ok" for result in results.values()), results


def health_routes(checks: Sequence[ReadinessCheck], registry: CollectorRegistry | None) -> list[Route]:
    """The `/healthz`, `/readyz` and (with a registry) `/metrics` routes for a Starlette app."""

    async def healthz(request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def readyz(request: Request) -> Response:
        ready, results = await run_in_threadpool(readiness, checks)
        if not ready:
            failing = [name for name, result in results.items() if result != "ok"]
            log.warning("not ready: %s", ", ".join(f"{name} ({results[name]})" for name in failing))
            return JSONResponse({"ready": False, "failing": failing, "checks": results}, status_code=503)
        return JSONResponse({"ready": True, "checks": results})

    async def metrics(request: Request) -> Response:
        assert registry is not None
        body = await run_in_threadpool(generate_latest, registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    routes = [Route("/healthz", healthz, methods=["GET"]), Route("/readyz", readyz, methods=["GET"])]
    if registry is not None:
        routes.append(Route("/metrics", metrics, methods=["GET"]))
    return routes


class SideListener:
    """`health_routes` on a port of their own, served in a background thread, for servers
    that have no HTTP server of their own (Socket Mode, DingTalk Stream). `start()` returns
    once the port is bound; `stop()` closes it."""

    def __init__(self, routes: Sequence[Route], *, host: str, port: int) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._host, self._port = host, port
        config = uvicorn.Config(
            Starlette(routes=list(routes)), log_config=None, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name="gemba-health", daemon=True)

    @property
    def port(self) -> int:
        """The port it listens on (the one the OS chose, when asked for port 0)."""
        return int(self._sock.getsockname()[1])

    def start(self) -> None:
        """Bind the port and serve in the background."""
        self._sock.bind((self._host, self._port))
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        log.info("health and metrics on http://%s:%s/readyz", self._host, self.port)

    def stop(self) -> None:
        """Stop serving."""
        self._server.should_exit = True
        self._thread.join(5)
        self._sock.close()

    def _serve(self) -> None:
        self._server.run(sockets=[self._sock])
