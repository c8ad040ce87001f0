"""The inbox keeps every accepted event and has it processed exactly once: deduplicated on
arrival, claimed by compare-and-set (real parallel processes on SQLite, PostgreSQL and
MariaDB), in order within a lane, retried after a failure, taken over after a crash."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import inbox
from bot.inbox import Done, InboxItem, LeaseLost
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.migrate import upgrade
from bot.store.models import Event, InboxEvent
from tests.conftest import FakeClock, reset

EVENTS = 60
PROCESSES = 4


@pytest.fixture
def store(any_store_url: str) -> Iterator[tuple[str, sessionmaker[Session]]]:
    engine = make_engine(any_store_url)
    upgrade(engine)
    try:
        yield any_store_url, make_sessions(engine)
    finally:
        reset(engine)
        engine.dispose()


@pytest.fixture
def sessions(store: tuple[str, sessionmaker[Session]]) -> sessionmaker[Session]:
    return store[1]


def _accept(
    sessions: sessionmaker[Session], key: str, now: datetime, lane: str = "c1", **payload: object
) -> bool:
    return inbox.accept(
        sessions, platform="test", event_key=key, kind="message", lane=lane, payload=dict(payload), now=now
    )


def _record(session: Session, item: InboxItem, now: datetime, actor: str = "worker") -> None:
    """What a handler does: one row per processing (the audit trail stands in for a change)."""
    session.add(
        Event(
            at=now,
            actor=actor,
            record_kind="inbox-test",
            record_id=item.id,
            action=str(item.payload.get("n")),
        )
    )


def _processed(sessions: sessionmaker[Session]) -> list[int]:
    with sessions() as session:
        return list(
            session.scalars(
                select(Event.record_id).where(Event.record_kind == "inbox-test").order_by(Event.id)
            )
        )


def _status(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        rows = session.execute(select(InboxEvent.status, func.count()).group_by(InboxEvent.status)).all()
    return {status: count for status, count in rows}


def test_a_redelivered_event_is_stored_once(sessions: sessionmaker[Session], clock: FakeClock) -> None:
    now = clock().replace(tzinfo=None)
    assert _accept(sessions, "Ev1", now, n=1)
    assert not _accept(sessions, "Ev1", now, n=1)
    assert _accept(sessions, "Ev2", now, n=2)
    assert inbox.accept(
        sessions, platform="other", event_key="Ev1", kind="message", lane="c1", payload={}, now=now
    ), "ids are per platform"
    assert _status(sessions) == {"pending": 3}


def test_events_of_one_lane_are_processed_in_order_and_lanes_side_by_side(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    now = clock().replace(tzinfo=None)
    for n, lane in enumerate(["a", "a", "b", "a", "b"]):
        _accept(sessions, f"Ev{n}", now, lane=lane, n=n)
    first = inbox.claim_due(sessions, ["test"], now)
    assert sorted(item.payload["n"] for item in first) == [0, 2], "one head per lane"
    assert inbox.claim_due(sessions, ["test"], now) == [], "the heads are taken; the rest wait their turn"
    order: list[int] = []

    def handler(item: InboxItem, done: Done) -> None:
        order.append(int(item.payload["n"]))
        with transaction(sessions) as session:
            _record(session, item, now)
            done(session)

    for item in first:
        assert inbox.process(sessions, item, handler, lambda: now)
    inbox.process_due(sessions, {"test": handler}, lambda: now)
    assert [n for n in order if n in (0, 1, 3)] == [0, 1, 3]
    assert [n for n in order if n in (2, 4)] == [2, 4]
    assert _status(sessions) == {"done": 5}


def test_a_failed_event_is_retried_after_a_backoff_and_is_a_dead_letter_after_max_attempts(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    now = clock().replace(tzinfo=None)
    _accept(sessions, "EvBad", now, n=1)
    _accept(sessions, "EvNext", now, n=2)  # same lane: waits for the bad one, then goes on

    def failing(item: InboxItem, done: Done) -> None:
        if item.payload["n"] == 1:
            raise RuntimeError("platform down")
        with transaction(sessions) as session:
            done(session)

    assert inbox.process_due(sessions, {"test": failing}, lambda: now, max_attempts=3) == 0
    with sessions() as session:
        bad = session.scalars(select(InboxEvent).where(InboxEvent.event_key == "EvBad")).one()
    assert (bad.status, bad.attempts, bad.next_attempt_at) == ("pending", 1, now + timedelta(seconds=1))
    assert "platform down" in (bad.last_error or "")
    later = now
    for _ in range(3):
        later += timedelta(minutes=2)
        inbox.process_due(sessions, {"test": failing}, lambda t=later: t, max_attempts=3)
    assert _status(sessions) == {"dead": 1, "done": 1}


def test_a_crashed_workers_event_is_taken_over_after_its_lease_and_the_late_worker_cannot_finish(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    now = clock().replace(tzinfo=None)
    lease = timedelta(seconds=30)
    _accept(sessions, "EvSlow", now, n=1)
    [slow] = inbox.claim_due(sessions, ["test"], now, lease=lease)
    assert inbox.claim_due(sessions, ["test"], now + timedelta(seconds=29), lease=lease) == []
    inbox.renew(sessions, [slow], now + timedelta(seconds=20), lease)  # alive: renewed
    assert inbox.claim_due(sessions, ["test"], now + timedelta(seconds=31), lease=lease) == []
    # The slow worker stops renewing (it hangs or died): after the lease another takes over.
    [taken] = inbox.claim_due(sessions, ["test"], now + timedelta(seconds=51), lease=lease)
    assert (taken.id, taken.attempts) == (slow.id, 2) and taken.owner != slow.owner

    with pytest.raises(LeaseLost), transaction(sessions) as session:
        _record(session, slow, now, actor="late")
        inbox.mark_done(session, slow, now)
    with transaction(sessions) as session:
        _record(session, taken, now, actor="new")
        inbox.mark_done(session, taken, now)
    with sessions() as session:
        actors = list(session.scalars(select(Event.actor).where(Event.record_kind == "inbox-test")))
    assert actors == ["new"], "the late worker's change was rolled back with its done"
    assert _status(sessions) == {"done": 1}


def test_done_events_are_pruned_after_a_week(sessions: sessionmaker[Session], clock: FakeClock) -> None:
    now = clock().replace(tzinfo=None)
    _accept(sessions, "EvOld", now)
    _accept(sessions, "EvOpen", now, lane="other")
    [item, _] = inbox.claim_due(sessions, ["test"], now)
    inbox.process(sessions, item, lambda item, done: None, lambda: now)
    assert inbox.prune(sessions, now + timedelta(days=6)) == 0
    assert inbox.prune(sessions, now + timedelta(days=8)) == 1
    assert _status(sessions) == {"working": 1}


def _race(url: str, ready: Any, worker: int) -> None:
    """One of the racing processes: claims and processes until nothing is left."""
    engine = make_engine(url)
    sessions = make_sessions(engine)
    with engine.connect():
        pass  # connected before the start
    ready.wait(120)  # every process starts at once

    def handler(item: InboxItem, done: Done) -> None:
        time.sleep(0.002)  # some work, so claims overlap
        with transaction(sessions) as session:
            _record(session, item, datetime.now(), actor=f"p{worker}")
            done(session)

    deadline = time.time() + 60
    while time.time() < deadline:
        inbox.process_due(sessions, {"test": handler}, datetime.now, lease=timedelta(minutes=5))
        with sessions() as session:
            if not inbox.unfinished(session):
                break
        time.sleep(0.01)
    engine.dispose()


def test_parallel_processes_process_every_event_exactly_once(
    store: tuple[str, sessionmaker[Session]],
) -> None:
    url, sessions = store
    now = datetime.now()
    for n in range(EVENTS):
        _accept(sessions, f"Ev{n}", now, lane=f"lane{n % 20}", n=n)  # 20 lanes of 3
    spawn = multiprocessing.get_context("spawn")
    ready = spawn.Barrier(PROCESSES + 1)
    processes = [spawn.Process(target=_race, args=(url, ready, w)) for w in range(PROCESSES)]
    for process in processes:
        process.start()
    try:
        ready.wait(120)
        for process in processes:
            process.join(90)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
    assert all(process.exitcode == 0 for process in processes)

    processed = _processed(sessions)
    assert len(processed) == EVENTS and len(set(processed)) == EVENTS, "each event once, none lost"
    assert _status(sessions) == {"done": EVENTS}
    with sessions() as session:
        workers = Counter(session.scalars(select(Event.actor).where(Event.record_kind == "inbox-test")))
    assert len(workers) > 1, "the processes really raced"
    print(f"\n{url.split(':')[0]}: {EVENTS} events, {len(processed)} processed, by process {dict(workers)}")
