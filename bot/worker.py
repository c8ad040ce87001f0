"""Background work of a server process, each on a timer in its own thread: delivering the
outbox, and running the scheduled jobs (escalations, reminders, the weekly digest)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from datetime import timedelta

from bot.outbox import LEASE, MAX_ATTEMPTS, ChatPlatform, deliver_due
from bot.scheduler import Scheduler
from bot.services import Services

log = logging.getLogger(__name__)


class _Ticker:
    """Calls `tick()` every `interval` seconds (or at once after `wake()`) until stopped."""

    name = "gemba-worker"

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)

    def start(self) -> None:
        """Start working in the background."""
        self._thread.start()

    def wake(self) -> None:
        """Work now rather than at the next tick."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the current round."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def tick(self) -> None:
        raise NotImplementedError

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # a broken round must not end the work for good
                log.exception("%s round failed", self.name)
            self._wake.wait(self._interval)
            self._wake.clear()


class OutboxWorker(_Ticker):
    """Delivers due outbox messages every `interval` seconds until stopped."""

    name = "gemba-outbox"

    def __init__(
        self,
        services: Services,
        platforms: Mapping[str, ChatPlatform],
        interval: float = 1.0,
        *,
        max_attempts: int = MAX_ATTEMPTS,
        lease: timedelta = LEASE,
    ) -> None:
        super().__init__(interval)
        self._services = services
        self._platforms = dict(platforms)
        self._max_attempts = max_attempts
        self._lease = lease

    def tick(self) -> None:
        deliver_due(
            self._services.sessions,
            self._platforms,
            self._services.now(),
            max_attempts=self._max_attempts,
            lease=self._lease,
        )


class SchedulerWorker(_Ticker):
    """Runs the scheduler's due jobs every `interval` seconds; wakes the outbox worker
    after a round that ran something, so escalations go out at once."""

    name = "gemba-scheduler"

    def __init__(
        self, scheduler: Scheduler, interval: float = 20.0, outbox: OutboxWorker | None = None
    ) -> None:
        super().__init__(interval)
        self.scheduler = scheduler
        self._outbox = outbox

    def tick(self) -> None:
        if self.scheduler.run_due() and self._outbox is not None:
            self._outbox.wake()
