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


@dataclass(frozen=True)
class Update:
    """One snapshot of the feed; `version` grows by one with each new snapshot."""

    version: int
    payload: Any


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
        self._changed: asyncio.Condition | None = None
        self._task: asyncio.Task[None] | None = None
        self.polls = 0  # how many times the store was asked (benchmarks read it)

    @property
    def latest(self) -> Update | None:
        """The newest snapshot, or None before the first poll succeeded."""
        return self._latest

    async def start(self) -> None:
        """Take the first snapshot and start polling (on the running event loop)."""
        self._changed = asyncio.Condition()
        await self._poll_once(None)
        self._task = asyncio.create_task(self._run(), name="live-feed")

    async def stop(self) -> None:
        """Stop polling; clients waiting in `next` get None."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def next(self, after: int, timeout: float) -> Update | None:
        """The first snapshot newer than version `after`, or None after `timeout` seconds."""
        if self._changed is None:
            return None
        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: self._latest is not None and self._latest.version > after),
                    timeout,
                )
            except TimeoutError:
                return None
        return self._latest

    async def _run(self) -> None:
        marker: Hashable = None
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
        """Read the marker; publish a new snapshot if it differs from `known`. None on failure."""
        try:
            self.polls += 1
            marker = await asyncio.to_thread(self._marker)
            if marker == known and self._latest is not None:
                return marker
            payload = await asyncio.to_thread(self._snapshot)
        except Exception:  # the store is away for a moment: keep the last snapshot, try again
            log.warning("the live feed could not read the store", exc_info=True)
            return None
        version = self._latest.version + 1 if self._latest else 1
        self._latest = Update(version, payload)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        return marker
