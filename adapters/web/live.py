"""The live feed behind server-sent events: one poller per server process, shared by every client.

Andon calls change in other processes too (the Slack or DingTalk server, the console), so the
web server cannot wait to be told: every `interval_s` one task asks the store for a cheap
change marker and, only when it moved (or every `refresh_s` anyway), builds a new snapshot.
Clients wait on the feed (`next`) and never query the store themselves: a hundred open
boards cost the same store work as one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


# After this many failed polls in a row, clients are told the store is out of reach (their
# page then shows itself offline rather than a board that may be stale).
STALE_AFTER_FAILURES = 3


@dataclass(frozen=True)
class Update:
    """One snapshot of the feed; `version` grows by one with each new snapshot.

    `store_ok` is False when the store could not be read for a while: `payload` is then the
    last snapshot read, which may be stale.
    """

    version: int
    payload: Any
    store_ok: bool = True


class LiveFeed:
    """Polls `marker()` and, when it changes, publishes `snapshot()` to every waiting client.

    Both callables are blocking store reads; they run in a worker thread, never on the event
    loop. `start()` and `stop()` are called by the app's lifespan.
    """

    def __init__(
        self,
        marker: Callable[[], Hashable],
        snapshot: Callable[[], Any],
        *,
        interval_s: float = 0.4,
        refresh_s: float = 30.0,
    ) -> None:
        self._marker, self._snapshot = marker, snapshot
        self.interval_s, self.refresh_s = interval_s, refresh_s
        self._latest: Update | None = None
        # Set when a snapshot is published, then replaced by a fresh one for the next.
        self._published: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False  # set by `close()`: streams end so the server can stop at once
        self.polls = 0  # how many times the store was asked (benchmarks read it)
        self._failures = 0  # polls failed in a row

    @property
    def latest(self) -> Update | None:
        """The newest snapshot, or None before the first poll succeeded."""
        return self._latest

    async def start(self) -> None:
        """Take the first snapshot and start polling (on the running event loop)."""
        self._published = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        marker = await self._poll_once(None)
        self._task = asyncio.create_task(self._run(marker), name="live-feed")

    async def stop(self) -> None:
        """Stop polling; clients waiting in `next` get None."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def close(self) -> None:
        """End every client's wait (`next` returns None and `closed` is true): the server is
        stopping. Safe to call from any thread, e.g. a signal handler."""
        if self._loop is None:
            self.closed = True
            return
        self._loop.call_soon_threadsafe(self._close_now)

    def _close_now(self) -> None:
        self.closed = True
        if self._published is not None:
            self._published.set()

    async def next(self, after: int, timeout: float) -> Update | None:
        """The first snapshot newer than version `after`, or None after `timeout` seconds or
        once the feed is closed."""
        try:
            async with asyncio.timeout(timeout):
                while self._latest is None or self._latest.version <= after:
                    if self._published is None or self.closed:
                        return None
                    await self._published.wait()
        except TimeoutError:
            return None
        return self._latest

    async def _run(self, marker: Hashable) -> None:
        refreshed = time.monotonic()
        while True:
            await asyncio.sleep(self.interval_s)
            force = time.monotonic() - refreshed >= self.refresh_s
            new_marker = await self._poll_once(None if force else marker)
            if new_marker is not None:
                if new_marker != marker or force:
                    refreshed = time.monotonic()
                marker = new_marker

    async def _poll_once(self, known: Hashable) -> Hashable:
        """Read the marker; publish a new snapshot if it differs from `known` (or the last
        update said the store was out of reach). None on failure."""
        self.polls += 1
        try:
            marker = await asyncio.to_thread(self._marker)
            if marker == known and self._latest is not None and self._latest.store_ok:
                self._failures = 0
                return marker
            payload = await asyncio.to_thread(self._snapshot)
        except Exception:  # the store is away: keep the last snapshot, try again
            self._failures += 1
            if self._failures == 1:
                log.warning("the live feed could not read the store", exc_info=True)
            if self._failures == STALE_AFTER_FAILURES and self._latest is not None:
                self._publish(self._latest.payload, store_ok=False)
            return None
        if self._failures >= STALE_AFTER_FAILURES:
            log.warning("the live feed reads the store again")
        self._failures = 0
        self._publish(payload, store_ok=True)
        return marker

    def _publish(self, payload: Any, *, store_ok: bool) -> None:
        version = self._latest.version + 1 if self._latest else 1
        self._latest = Update(version, payload, store_ok)
        if self._published is not None:
            published, self._published = self._published, asyncio.Event()
            published.set()
