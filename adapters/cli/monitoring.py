"""Health checks and metrics of a server process, wired from the settings and its services."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry
from starlette.routing import Route

from adapters.health import (
    ReadinessCheck,
    SideListener,
    flag_set,
    health_routes,
    migrations_current,
    store_reachable,
)
from adapters.metrics import BACKLOG_CACHE_S, BacklogCollector, PrometheusObserver, metrics_registry
from adapters.settings import Settings
from bot.services import Services
from bot.store.migrate import current_revision, head_revision


@dataclass
class Monitoring:
    """A process's metrics registry, its observer (already handed to the services) and its
    readiness checks; `add_check` appends the platform's own."""

    registry: CollectorRegistry
    observer: PrometheusObserver
    checks: list[ReadinessCheck] = field(default_factory=list)

    def add_check(self, check: ReadinessCheck) -> None:
        """Add a readiness check (e.g. "platform": the websocket is connected)."""
        self.checks.append(check)

    def routes(self) -> list[Route]:
        """`/healthz`, `/readyz` and `/metrics` for the server's own Starlette app."""
        return health_routes(self.checks, self.registry)

    def side_listener(self, settings: Settings, *, host: str = "0.0.0.0") -> SideListener | None:
        """The routes on `GEMBA_HEALTH_PORT`, for a server without HTTP; None when it is 0."""
        if not settings.gemba_health_port:
            return None
        return SideListener(self.routes(), host=host, port=settings.gemba_health_port)


def build_monitoring(
    services: Services, *, index_loaded: threading.Event | None, backlog_cache_s: float = BACKLOG_CACHE_S
) -> Monitoring:
    """Metrics and readiness for a server on `services`, whose observer becomes the Prometheus one.

    Checks: "store" (reachable), "migrations" (at head), and "index" (the playbook index is
    loaded) when playbooks are configured, i.e. when `index_loaded` is given. The store's
    backlog gauges are read at most every `backlog_cache_s` seconds.
    """
    registry = metrics_registry()
    observer = PrometheusObserver(registry)
    services.observer = observer
    registry.register(BacklogCollector(services.sessions, services.now, cache_s=backlog_cache_s))
    engine = services.sessions.kw["bind"]
    checks: Sequence[ReadinessCheck] = [
        store_reachable(engine),
        migrations_current(engine, current_revision, head_revision()),
    ]
    monitoring = Monitoring(registry, observer, list(checks))
    if index_loaded is not None:
        monitoring.add_check(flag_set("index", index_loaded, "the playbook index is loading"))
    return monitoring
