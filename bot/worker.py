"""Background work of a server process, each on a timer in its own thread: processing the
inbox, delivering the outbox, and running the scheduled jobs (escalations, reminders, the
weekly digest)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bot import inbox
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


class InboxWorker(_Ticker):
    """Processes the inbox (see `bot.inbox`) in a pool of `workers` threads: claims the due
    head of each lane, runs its platform's handler, renews the leases of the events in hand
    every round, and after a restart picks up what was accepted but not processed.

    `wake()` after accepting an event makes it start at once. `stop()` lets the events in
    hand finish (their answers go to the outbox) before it returns. Four threads by default:
    on SQLite more of them only queue for its one write lock, and delay the acknowledgements
    (which write too): at 150 requests/s, the slowest acknowledgement took 2.1 s with 4
    threads and 3.1 s with 8 (`evals/slack/bench.py`).
    """

    name = "gemba-inbox"
    PRUNE_EVERY_S = 3600.0

    def __init__(
        self,
        services: Services,
        handlers: Mapping[str, inbox.Handler],
        *,
        workers: int = 4,
        interval: float = 1.0,
        lease: timedelta = inbox.LEASE,
        max_attempts: int = inbox.MAX_ATTEMPTS,
    ) -> None:
        super().__init__(min(interval, lease.total_seconds() / 3))
        self._services = services
        self._handlers = dict(handlers)
        self._workers = workers
        self._lease = lease
        self._max_attempts = max_attempts
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gemba-inbox")
        self._in_hand: dict[int, inbox.InboxItem] = {}
        self._lock = threading.Lock()
        self._pruned_at = 0.0
        self._renewed_at = time.monotonic()

    def tick(self) -> None:
        now = self._services.now()
        with self._lock:
            in_hand = list(self._in_hand.values())
        # Renew every third of the lease, not on every wake (each accepted event wakes us).
        if in_hand and time.monotonic() - self._renewed_at >= self._lease.total_seconds() / 3:
            self._renewed_at = time.monotonic()
            inbox.renew(self._services.sessions, in_hand, now, self._lease)
        if time.monotonic() - self._pruned_at > self.PRUNE_EVERY_S:
            self._pruned_at = time.monotonic()
            inbox.prune(self._services.sessions, now)
        free = self._workers - len(in_hand)
        if free <= 0:
            return
        items = inbox.claim_due(
            self._services.sessions,
            list(self._handlers),
            now,
            lease=self._lease,
            limit=free,
            max_attempts=self._max_attempts,
        )
        for item in items:
            with self._lock:
                self._in_hand[item.id] = item
            self._pool.submit(self._run, item)

    def idle(self) -> bool:
        """Whether no event is being processed by this worker."""
        with self._lock:
            return not self._in_hand

    def stop(self, timeout: float = 5.0) -> None:
        """Stop claiming, then wait for the events in hand."""
        super().stop(timeout)
        self._pool.shutdown(wait=True)

    def _run(self, item: inbox.InboxItem) -> None:
        try:
            inbox.process(
                self._services.sessions,
                item,
                self._handlers[item.platform],
                self._services.now,
                max_attempts=self._max_attempts,
            )
        finally:
            with self._lock:
                self._in_hand.pop(item.id, None)
            self.wake()  # the lane's next event, if any
