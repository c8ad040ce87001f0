"""Outbox delivery: retries with backoff, exactly once as the user sees it, order per channel,
dead letters, and several delivering processes on one database.

The platform is a real HTTP server on port 0 that keeps every message it is sent, can be
made to fail, and answers "was a message with this idempotency key sent?" the way a chat
platform's history search would. It does not drop duplicate posts itself, so a duplicate
the outbox sends would show.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import outbox
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.migrate import downgrade, upgrade
from bot.store.models import OutboxMessage
from bot.types import Reply

T0 = datetime(2026, 11, 21, 2, 0)


class FakeChat(ThreadingHTTPServer):
    """Messages per channel, in arrival order; `fail_next` requests fail with 500
    (`store_then_fail`: the message is kept but the answer is an error, like a timeout)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages: list[dict[str, str]] = []
        self.lock = threading.Lock()
        self.fail_next = 0
        self.down = False
        self.store_then_fail = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def texts(self, channel: str) -> list[str]:
        return [m["text"] for m in self.messages if m["channel"] == channel]


class _Handler(BaseHTTPRequestHandler):
    server: FakeChat

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        chat = self.server
        with chat.lock:
            if chat.down:
                return self._answer(503, {"ok": False, "error": "down"})
            failing = chat.fail_next > 0
            chat.fail_next -= failing
            if failing and not chat.store_then_fail:
                return self._answer(500, {"ok": False, "error": "internal"})
            ref = f"m{len(chat.messages) + 1}"
            chat.messages.append({**payload, "id": ref})
        if failing:
            return self._answer(500, {"ok": False, "error": "timeout after accepting"})
        return self._answer(200, {"ok": True, "id": ref})

    def do_GET(self) -> None:
        key = parse_qs(urlparse(self.path).query)["key"][0]
        with self.server.lock:
            if self.server.down:
                return self._answer(503, {"ok": False})
            found = [m["id"] for m in self.server.messages if m["key"] == key]
        return self._answer(200, {"ok": True, "id": found[0] if found else None})


class HttpPlatform:
    """A `ChatPlatform` that talks to `FakeChat` over HTTP."""

    name = "fake"

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=5)

    def post(self, target: outbox.Target, reply: Reply, *, idempotency_key: str) -> str:
        response = self.http.post(
            "/post", json={"channel": target.channel, "text": reply.text, "key": idempotency_key}
        )
        response.raise_for_status()
        return str(response.json()["id"])

    def update(self, target: outbox.Target, message_ref: str, reply: Reply) -> None:
        raise AssertionError("not used here")

    def already_sent(self, target: outbox.Target, idempotency_key: str) -> str | None:
        response = self.http.get("/lookup", params={"key": idempotency_key})
        response.raise_for_status()
        return response.json()["id"]


@pytest.fixture
def chat() -> Iterator[FakeChat]:
    server = FakeChat()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@dataclass
class Store:
    url: str
    sessions: sessionmaker[Session]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = (
        f"sqlite:///{tmp_path / 'outbox.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    engine = make_engine(url)
    upgrade(engine)
    yield Store(url, make_sessions(engine))
    downgrade(engine, "base")
    engine.dispose()


def _enqueue(sessions: sessionmaker[Session], channel: str, text: str, key: str | None = None) -> None:
    with transaction(sessions) as session:
        outbox.enqueue(
            session,
            key=key or f"{channel}:{text}",
            platform="fake",
            target=outbox.Target("", channel),
            kind="post",
            reply=Reply(text),
            now=T0,
        )


def _rows(sessions: sessionmaker[Session]) -> list[OutboxMessage]:
    with sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_platform_that_fails_three_times_then_succeeds_gets_the_message_once(
    store: Store, chat: FakeChat
) -> None:
    sessions = store.sessions
    platform = HttpPlatform(chat.url)
    _enqueue(store.sessions, "line-3", "hello")
    chat.fail_next = 3
    now = T0
    for expected_wait in (2, 4, 8):
        assert outbox.deliver_due(sessions, {"fake": platform}, now) == 0
        row = _rows(store.sessions)[0]
        assert row.status == "pending" and row.next_attempt_at == now + timedelta(seconds=expected_wait)
        assert (
            outbox.deliver_due(sessions, {"fake": platform}, now + timedelta(seconds=1)) == 0
        )  # not yet due
        now = row.next_attempt_at
    assert outbox.deliver_due(sessions, {"fake": platform}, now) == 1
    [row] = _rows(store.sessions)
    assert (row.status, row.attempts, row.platform_message_id) == ("sent", 4, "m1")
    assert chat.texts("line-3") == ["hello"]


def test_an_error_after_the_platform_accepted_the_message_does_not_send_it_twice(
    store: Store, chat: FakeChat
) -> None:
    sessions = store.sessions
    _enqueue(store.sessions, "line-3", "hello")
    chat.fail_next, chat.store_then_fail = 1, True
    assert outbox.deliver_due(sessions, {"fake": HttpPlatform(chat.url)}, T0) == 0
    assert outbox.deliver_due(sessions, {"fake": HttpPlatform(chat.url)}, T0 + timedelta(seconds=2)) == 1
    assert chat.texts("line-3") == ["hello"]
    assert _rows(store.sessions)[0].platform_message_id == "m1"


class _KilledAfterPost(HttpPlatform):
    def post(self, target: outbox.Target, reply: Reply, *, idempotency_key: str) -> str:
        ref = super().post(target, reply, idempotency_key=idempotency_key)
        os.kill(os.getpid(), signal.SIGKILL)  # dies between the send and the mark
        return ref


def _deliver_and_die(url: str, chat_url: str) -> None:
    outbox.deliver_due(
        make_sessions(make_engine(url)), {"fake": _KilledAfterPost(chat_url)}, T0
    )  # never returns


def test_a_process_killed_between_send_and_mark_leaves_no_duplicate(store: Store, chat: FakeChat) -> None:
    _enqueue(store.sessions, "line-3", "first")
    _enqueue(store.sessions, "line-3", "second")
    process = multiprocessing.get_context("spawn").Process(
        target=_deliver_and_die, args=(store.url, chat.url)
    )
    process.start()
    process.join(60)
    assert process.exitcode == -signal.SIGKILL
    assert chat.texts("line-3") == ["first"]
    assert [r.status for r in _rows(store.sessions)] == ["sending", "pending"]

    sessions, platform = store.sessions, HttpPlatform(chat.url)
    # While the dead sender's lease runs, nobody touches its message, nor the channel's next one.
    assert outbox.deliver_due(sessions, {"fake": platform}, T0 + timedelta(minutes=4)) == 0
    assert outbox.deliver_due(sessions, {"fake": platform}, T0 + outbox.LEASE) == 2
    assert chat.texts("line-3") == ["first", "second"]
    assert [(r.status, r.platform_message_id) for r in _rows(store.sessions)] == [
        ("sent", "m1"),
        ("sent", "m2"),
    ]


def test_an_hour_of_outage_delays_but_loses_nothing_and_keeps_each_channels_order(
    store: Store, chat: FakeChat
) -> None:
    sessions, platform = store.sessions, HttpPlatform(chat.url)
    sent: dict[str, list[str]] = {"line-1": [], "line-2": [], "line-3": []}
    for n in range(5):
        for channel in sent:
            _enqueue(store.sessions, channel, f"{channel} #{n}")
            sent[channel].append(f"{channel} #{n}")
    chat.down = True
    now = T0
    while now < T0 + timedelta(hours=1):
        assert outbox.deliver_due(sessions, {"fake": platform}, now) == 0
        now += timedelta(minutes=1)
    assert {r.status for r in _rows(store.sessions)} == {"pending"}
    chat.down = False
    delivered = 0
    while delivered < 15 and now < T0 + timedelta(hours=2):
        delivered += outbox.deliver_due(sessions, {"fake": platform}, now)
        now += timedelta(minutes=1)
    assert delivered == 15
    for channel, texts in sent.items():
        assert chat.texts(channel) == texts
    assert {r.status for r in _rows(store.sessions)} == {"sent"}


class _Refusing(HttpPlatform):
    """Channel "gone" does not exist: an error that retrying cannot mend."""

    def post(self, target: outbox.Target, reply: Reply, *, idempotency_key: str) -> str:
        if target.channel == "gone":
            error = RuntimeError("channel_not_found")
            error.retryable = False  # type: ignore[attr-defined]
            raise error
        return super().post(target, reply, idempotency_key=idempotency_key)


def test_dead_letters_are_listed_and_retried(store: Store, chat: FakeChat) -> None:
    sessions = store.sessions
    _enqueue(store.sessions, "gone", "never arrives")
    _enqueue(store.sessions, "line-3", "tries out")
    chat.fail_next = 10
    now, platform = T0, _Refusing(chat.url)
    for _ in range(3):  # line-3 uses up three attempts; "gone" is refused for good at once
        outbox.deliver_due(sessions, {"fake": platform}, now, max_attempts=3)
        now += timedelta(minutes=10)
    rows = _rows(store.sessions)
    assert [(r.channel, r.status, r.attempts) for r in rows] == [("gone", "dead", 1), ("line-3", "dead", 3)]
    assert "channel_not_found" in rows[0].last_error
    with sessions() as session:
        assert [m.id for m in outbox.list_messages(session, status="dead")] == [rows[1].id, rows[0].id]
    with transaction(sessions) as session:
        assert outbox.retry(session, now=now, ids=[rows[1].id]) == 1
    chat.fail_next = 0
    assert outbox.deliver_due(sessions, {"fake": HttpPlatform(chat.url)}, now) == 1
    assert [(r.status, r.attempts) for r in _rows(store.sessions)] == [("dead", 1), ("sent", 1)]
    with transaction(sessions) as session:
        assert outbox.retry(session, now=now) == 1  # --all-dead
    assert outbox.deliver_due(sessions, {"fake": HttpPlatform(chat.url)}, now) == 1
    assert chat.texts("gone") == ["never arrives"] and chat.texts("line-3") == ["tries out"]


def _deliver_until_empty(url: str, chat_url: str, start: threading.Barrier) -> None:
    engine = make_engine(url)
    sessions, platform = make_sessions(engine), HttpPlatform(chat_url)
    start.wait()
    for _ in range(500):
        outbox.deliver_due(sessions, {"fake": platform}, T0)
        with sessions() as session:
            if not session.scalar(select(OutboxMessage.id).where(OutboxMessage.status != "sent").limit(1)):
                break
    engine.dispose()


def test_two_delivering_processes_send_each_message_once_in_order(postgres_url: str, chat: FakeChat) -> None:
    engine = make_engine(postgres_url)
    upgrade(engine)
    try:
        for n in range(20):
            for channel in ("line-1", "line-2", "line-3", "line-4"):
                _enqueue(make_sessions(engine), channel, f"{channel} #{n}")
        context = multiprocessing.get_context("spawn")
        start = context.Barrier(2)
        workers = [
            context.Process(target=_deliver_until_empty, args=(postgres_url, chat.url, start))
            for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
            assert worker.exitcode == 0
        assert len(chat.messages) == 80
        for channel in ("line-1", "line-2", "line-3", "line-4"):
            assert chat.texts(channel) == [f"{channel} #{n}" for n in range(20)]
    finally:
        downgrade(engine, "base")
        engine.dispose()


# A platform that is not ready yet (`NotYet`), and one that merges (`post_many`) ------------


class SmallChat:
    """An in-memory platform: each platform message is the texts and keys it holds. A
    channel in `full` answers `NotYet(30)`, to lookups too; `fail_next` sends fail (after keeping the
    message, with `store_then_fail`, like a timeout after the platform accepted it)."""

    name = "fake"

    def __init__(self) -> None:
        self.messages: list[tuple[outbox.Target, list[str], list[str]]] = []
        self.full: set[str] = set()
        self.fail_next = 0
        self.store_then_fail = False

    def post(self, target: outbox.Target, reply: Reply, *, idempotency_key: str) -> str:
        return self._send(target, [reply], [idempotency_key])

    def update(self, target: outbox.Target, message_ref: str, reply: Reply) -> None:
        raise AssertionError("not used here")

    def already_sent(self, target: outbox.Target, idempotency_key: str) -> str | None:
        if target.channel in self.full:
            raise outbox.NotYet(30)
        return next(
            (f"m{i}" for i, (_, _, keys) in enumerate(self.messages, 1) if idempotency_key in keys), None
        )

    def texts(self) -> list[list[str]]:
        return [texts for _, texts, _ in self.messages]

    def _send(self, target: outbox.Target, replies: Sequence[Reply], keys: Sequence[str]) -> str:
        if target.channel in self.full:
            raise outbox.NotYet(30)
        failing = self.fail_next > 0
        self.fail_next -= failing
        if failing and not self.store_then_fail:
            raise RuntimeError("down")
        self.messages.append((target, [reply.text for reply in replies], list(keys)))
        if failing:
            raise RuntimeError("timeout after accepting")
        return f"m{len(self.messages)}"


class MergingChat(SmallChat):
    """`SmallChat` that merges posts: one platform message holds at most `fits` replies."""

    merge_kinds = frozenset({"post"})

    def __init__(self) -> None:
        super().__init__()
        self.fits = 100

    def post_many(
        self, target: outbox.Target, replies: Sequence[Reply], *, idempotency_keys: Sequence[str]
    ) -> tuple[str, int]:
        count = min(len(replies), self.fits)
        return self._send(target, replies[:count], idempotency_keys[:count]), count


class Crash(BaseException):
    """The process dies: nothing in the outbox catches it."""


class CrashingAfterSend(MergingChat):
    def post_many(
        self, target: outbox.Target, replies: Sequence[Reply], *, idempotency_keys: Sequence[str]
    ) -> tuple[str, int]:
        super().post_many(target, replies, idempotency_keys=idempotency_keys)
        raise Crash


def _put(
    sessions: sessionmaker[Session], channel: str, text: str, *, kind: str = "post", thread: str | None = None
) -> None:
    with transaction(sessions) as session:
        outbox.enqueue(
            session,
            key=f"{channel}:{text}",
            platform="fake",
            target=outbox.Target("", channel, thread),
            kind=kind,
            reply=Reply(text),
            now=T0,
        )


def _state(sessions: sessionmaker[Session]) -> list[tuple[str, str, int, str | None]]:
    return [(str(r.payload["text"]), r.status, r.attempts, r.last_error) for r in _rows(sessions)]


def test_not_yet_waits_the_time_named_counts_no_attempt_and_never_makes_a_dead_letter(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    sessions, chat = store.sessions, SmallChat()
    for channel, text in (("line-3", "a"), ("line-3", "b"), ("line-4", "c")):
        _put(sessions, channel, text)
    chat.full = {"line-3"}

    now = T0
    for _ in range(5):  # max_attempts=1: one counted attempt would make a dead letter
        assert outbox.deliver_due(sessions, {"fake": chat}, now, max_attempts=1) == (1 if now == T0 else 0)
        assert _rows(sessions)[0].next_attempt_at == now + timedelta(seconds=30)
        assert outbox.deliver_due(sessions, {"fake": chat}, now + timedelta(seconds=29), max_attempts=1) == 0
        now += timedelta(seconds=30)
    assert _state(sessions) == [("a", "pending", 0, None), ("b", "pending", 0, None), ("c", "sent", 1, None)]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], "waiting is not a failure"

    chat.full.clear()
    assert outbox.deliver_due(sessions, {"fake": chat}, now, max_attempts=1) == 2
    assert chat.texts() == [["c"], ["a"], ["b"]]
    assert {(status, attempts) for _, status, attempts, _ in _state(sessions)} == {("sent", 1)}


def test_not_yet_after_a_failed_send_still_asks_before_sending_again(store: Store) -> None:
    sessions, chat = store.sessions, SmallChat()
    _put(sessions, "line-3", "hello")
    chat.fail_next, chat.store_then_fail = 1, True
    assert outbox.deliver_due(sessions, {"fake": chat}, T0) == 0  # reached the platform, answer lost
    chat.full = {"line-3"}
    assert outbox.deliver_due(sessions, {"fake": chat}, T0 + timedelta(seconds=2)) == 0
    [(_, status, attempts, error)] = _state(sessions)
    assert (status, attempts) == ("pending", 1) and "timeout after accepting" in (error or "")

    chat.full.clear()
    assert outbox.deliver_due(sessions, {"fake": chat}, T0 + timedelta(seconds=32)) == 1
    assert chat.texts() == [["hello"]]
    assert _rows(sessions)[0].platform_message_id == "m1"


def test_post_many_merges_each_channels_due_messages_in_order_up_to_the_cap(store: Store) -> None:
    sessions, chat = store.sessions, MergingChat()
    for n in range(45):
        _put(sessions, "line-3", f"#{n}")
    for n in range(3):
        _put(sessions, "line-4", f"#{n}")

    assert outbox.deliver_due(sessions, {"fake": chat}, T0) == 48
    by_channel = {
        channel: [texts for target, texts, _ in chat.messages if target.channel == channel]
        for channel in ("line-3", "line-4")
    }
    assert by_channel["line-3"] == [[f"#{n}" for n in range(a, b)] for a, b in ((0, 20), (20, 40), (40, 45))]
    assert by_channel["line-4"] == [["#0", "#1", "#2"]]
    rows = _rows(sessions)
    assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}
    assert (
        len({r.platform_message_id for r in rows[:20]}) == 1
        and rows[0].platform_message_id != rows[20].platform_message_id
    )


def test_a_merged_message_holds_what_fits_and_the_rest_follows_without_an_attempt(store: Store) -> None:
    sessions, chat = store.sessions, MergingChat()
    chat.fits = 3
    for n in range(7):
        _put(sessions, "line-3", f"#{n}")
    assert outbox.deliver_due(sessions, {"fake": chat}, T0) == 7
    assert chat.texts() == [["#0", "#1", "#2"], ["#3", "#4", "#5"], ["#6"]]
    assert {(status, attempts) for _, status, attempts, _ in _state(sessions)} == {("sent", 1)}


def test_merging_stops_at_a_message_of_another_kind_or_thread(store: Store) -> None:
    sessions, chat = store.sessions, MergingChat()
    _put(sessions, "line-3", "a")
    _put(sessions, "line-3", "b")
    _put(sessions, "line-3", "card", kind="card")  # not one of the platform's merge_kinds
    _put(sessions, "line-3", "c")
    _put(sessions, "line-3", "d", thread="t1")
    _put(sessions, "line-3", "e", thread="t1")
    _put(sessions, "line-3", "f")
    assert outbox.deliver_due(sessions, {"fake": chat}, T0) == 7
    assert chat.texts() == [["a", "b"], ["card"], ["c"], ["d", "e"], ["f"]]
    assert [target.thread for target, _, _ in chat.messages] == [None, None, None, "t1", None]


def test_not_yet_from_a_merging_platform_puts_the_whole_run_back(store: Store) -> None:
    sessions, chat = store.sessions, MergingChat()
    for n in range(5):
        _put(sessions, "line-3", f"#{n}")
    chat.full = {"line-3"}
    assert outbox.deliver_due(sessions, {"fake": chat}, T0, max_attempts=1) == 0
    assert {(r.status, r.attempts, r.next_attempt_at) for r in _rows(sessions)} == {
        ("pending", 0, T0 + timedelta(seconds=30))
    }
    chat.full.clear()
    assert outbox.deliver_due(sessions, {"fake": chat}, T0 + timedelta(seconds=30), max_attempts=1) == 5
    assert chat.texts() == [[f"#{n}" for n in range(5)]]


@pytest.mark.parametrize("store_then_fail", [False, True], ids=["refused", "accepted-then-error"])
def test_a_merged_send_that_fails_is_retried_whole_and_never_doubled(
    store: Store, store_then_fail: bool
) -> None:
    sessions, chat = store.sessions, MergingChat()
    for n in range(4):
        _put(sessions, "line-3", f"#{n}")
    chat.fail_next, chat.store_then_fail = 1, store_then_fail
    assert outbox.deliver_due(sessions, {"fake": chat}, T0) == 0
    assert {(r.status, r.attempts, r.next_attempt_at) for r in _rows(sessions)} == {
        ("pending", 1, T0 + timedelta(seconds=2))
    }
    assert outbox.deliver_due(sessions, {"fake": chat}, T0 + timedelta(seconds=2)) == 4
    assert chat.texts() == [["#0", "#1", "#2", "#3"]]
    assert {(r.status, r.platform_message_id) for r in _rows(sessions)} == {("sent", "m1")}


def test_a_sender_that_dies_after_a_merged_send_leaves_no_duplicate(store: Store) -> None:
    sessions, crashing = store.sessions, CrashingAfterSend()
    for n in range(3):
        _put(sessions, "line-3", f"#{n}")
    with pytest.raises(Crash):
        outbox.deliver_due(sessions, {"fake": crashing}, T0)
    assert {r.status for r in _rows(sessions)} == {"sending"}

    chat = MergingChat()
    chat.messages = crashing.messages  # the platform kept the merged message
    assert outbox.deliver_due(sessions, {"fake": chat}, T0 + timedelta(minutes=4)) == 0, (
        "the lease protects it"
    )
    assert outbox.deliver_due(sessions, {"fake": chat}, T0 + outbox.LEASE) == 3
    assert chat.texts() == [["#0", "#1", "#2"]]
    assert {(r.status, r.platform_message_id) for r in _rows(sessions)} == {("sent", "m1")}
