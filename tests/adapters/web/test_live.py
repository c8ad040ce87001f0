"""The live feed: one poller publishes to every waiting client, and says when the store is away."""

from __future__ import annotations

import asyncio
import threading

from adapters.web.live import STALE_AFTER_FAILURES, LiveFeed


class Store:
    """A change marker that the test moves, and that can be made to fail like a lost database."""

    def __init__(self) -> None:
        self.marker, self.reachable, self.snapshots = 0, True, 0

    def read_marker(self) -> int:
        if not self.reachable:
            raise ConnectionError("the database went away")
        return self.marker

    def snapshot(self) -> str:
        self.snapshots += 1
        return f"board at {self.marker}"


def test_every_client_gets_each_change_once_and_hears_when_the_store_is_away() -> None:
    store = Store()

    async def scenario() -> None:
        feed = LiveFeed(store.read_marker, store.snapshot, interval_s=0.01)
        await feed.start()
        try:
            first = feed.latest
            assert first is not None and first.payload == "board at 0" and first.store_ok
            waiting = [asyncio.create_task(feed.next(first.version, timeout=10)) for _ in range(50)]
            await asyncio.sleep(0.05)
            store.marker = 1
            updates = await asyncio.gather(*waiting)
            assert {(u.payload, u.store_ok) for u in updates if u} == {("board at 1", True)}
            assert len([u for u in updates if u]) == 50
            assert store.snapshots == 2  # one per change, not one per client

            store.reachable = False
            stale = await feed.next(updates[0].version, timeout=10)  # type: ignore[union-attr]
            assert stale is not None and not stale.store_ok and stale.payload == "board at 1"
            assert feed.polls >= STALE_AFTER_FAILURES

            store.reachable = True
            back = await feed.next(stale.version, timeout=10)
            assert back is not None and back.store_ok and back.payload == "board at 1"

            feed.close()
            assert await feed.next(back.version, timeout=10) is None and feed.closed
        finally:
            await feed.stop()

    # Its own thread: the browser tests' Playwright keeps an event loop running in this one.
    failures: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if failures:
        raise failures[0]
    assert not thread.is_alive()
