"""Background work of a server process: delivering the outbox, on a timer, in a thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from bot.outbox import ChatPlatform, deliver_due
from bot.services import Services

log = logging.getLogger(__name__)


class OutboxWorker:
    """Delivers due outbox messages every `interval` seconds until stopped."""

    def __init__(
        self, services: Services, platforms: Mapping[str, ChatPlatform], interval: float = 1.0
    ) -> None:
        self._services = services
        self._platforms = dict(platforms)
        self._interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="gemba-outbox", daemon=True)

    def start(self) -> None:
        """Start delivering in the background."""
        self._thread.start()

    def wake(self) -> None:
        """Deliver now rather than at the next tick (after a command wrote to the outbox)."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the current round."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                deliver_due(self._services.sessions, self._platforms, self._services.now())
            except Exception:  # a broken round must not end delivery for good
                log.exception("outbox delivery round failed")
            self._wake.wait(self._interval)
            self._wake.clear()
