"""Exactly-once state changes: 50 real processes, each with its own engine, change one record
at the same moment, on SQLite (a file, the default store) and PostgreSQL.

Each race must log exactly one event and queue exactly one notification (one card update
and one thread note); the winner is told it made the change and everybody else is told who
made it first and when. The processes stay up for all races of a database and meet at a
barrier before each one, so the requests really overlap.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from bot import Services, handle
from bot.escalation import escalate_due
from bot.ladder import Matrix, WorkingHours
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.migrate import downgrade, upgrade
from bot.store.models import AndonCall, Event, Line, OutboxMessage, Problem, Station
from tests.conftest import PLANT_TZ, POSTGRES_ADMIN_URL, FakeClock, _temporary_database, message

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"

WORKERS = 50
# Fifty processes hold fifty database connections: the races run on their own, after the rest
# of the suite (`make test`), so a server's default limit of 100 connections is enough.
pytestmark = pytest.mark.alone
RAISED_AT = datetime(2026, 11, 21, 10, 0, tzinfo=PLANT_TZ)
#: Figures of every race, printed at the end of the module (`pytest -s`) for the report.
FIGURES: list[str] = []


def _worker(url: str, start: Any, tasks: Any, results: Any) -> None:
    # One connection a process, as a busy server process would hold at most per request: fifty
    # of them stay within a database server's default limit of 100 beside the other tests.
    engine = (
        make_engine(url, pool_size=1, max_overflow=0) if not url.startswith("sqlite") else make_engine(url)
    )
    clock = FakeClock(RAISED_AT.astimezone(UTC))
    services = Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock)
    while (task := tasks.get()) is not None:
        kind, argument, user, minutes = task
        clock.now = (RAISED_AT + timedelta(minutes=minutes)).astimezone(UTC)
        start.wait()  # every process starts its request at the same moment
        try:
            if kind == "scheduler":
                result = f"scheduler {escalate_due(services, Matrix(), WorkingHours.parse('always'))}"
            else:
                reply = handle(message(argument, user=user), services)
                result = reply.text if reply else ""
        except Exception as error:  # reported to the test, which fails on it
            result = f"ERROR {type(error).__name__}: {error}"
        results.put((user, result))
    engine.dispose()


@dataclass
class Crowd:
    """Fifty processes that run one request each per race."""

    url: str
    engine: Engine
    services: Services
    tasks: Any
    results: Any

    def race(self, requests: Sequence[tuple[str, str, str, float]]) -> dict[str, str]:
        """Run one request per process at once; the replies by user."""
        assert len(requests) == WORKERS
        for request in requests:
            self.tasks.put(request)
        replies = dict(self.results.get(timeout=300) for _ in requests)
        errors = [r for r in replies.values() if r.startswith("ERROR")]
        assert not errors, errors[:3]
        return replies

    def say(self, text: str, user: str = "ana", minutes: float = 0) -> str:
        """One request from this process, at `minutes` after the call was raised."""
        self.services.clock = FakeClock((RAISED_AT + timedelta(minutes=minutes)).astimezone(UTC))
        reply = handle(message(text, user=user), self.services)
        assert reply is not None
        return reply.text

    def count(self, model: type[Any], **where: object) -> int:
        with self.engine.connect() as connection:
            query = select(func.count()).select_from(model)
            for column, value in where.items():
                query = query.where(getattr(model, column) == value)
            return int(connection.execute(query).scalar_one())


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crowd(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crowd]:
    if request.param == "sqlite":
        yield from _crowd_on(f"sqlite:///{tmp_path_factory.mktemp('race') / 'store.db'}", request.param)
    else:  # a database of its own, as other tests of this module use the shared one
        for url in _temporary_database(POSTGRES_ADMIN_URL, POSTGRES_URL):
            yield from _crowd_on(url, request.param)


def _crowd_on(url: str, name: str) -> Iterator[Crowd]:
    engine = make_engine(url)
    upgrade(engine)
    services = Services(sessions=make_sessions(engine), timezone=PLANT_TZ)
    with transaction(services.sessions) as session:
        line = Line(code="L3", name="Line 3", area="Welding")
        session.add_all([line, Station(line=line, code="WD-03", name="Welder 3")])
    context = multiprocessing.get_context("spawn")
    start, tasks, results = context.Barrier(WORKERS), context.Queue(), context.Queue()
    processes = [
        context.Process(target=_worker, args=(url, start, tasks, results), daemon=True)
        for _ in range(WORKERS)
    ]
    for process in processes:
        process.start()
    try:
        yield Crowd(url, engine, services, tasks, results)
    finally:
        for _ in processes:
            tasks.put(None)
        for process in processes:
            process.join(60)
        engine.dispose()
        print("\n" + "\n".join(f"[{name}] {line}" for line in FIGURES))
        FIGURES.clear()


def _users() -> list[str]:
    return [f"u{n:02d}" for n in range(WORKERS)]


def _raise_call(crowd: Crowd) -> int:
    text = crowd.say("andon L3 WD-03 material shortage")
    return int(text.split()[1].removeprefix("A"))


def _notes(crowd: Crowd, kind: str, record_id: int) -> int:
    """Thread notes queued for a record (one per change after its card)."""
    return crowd.count(OutboxMessage, record_kind=kind, record_id=record_id, kind="note")


def _settle(crowd: Crowd, name: str, kind: str, record_id: int, action: str, replies: dict[str, str]) -> str:
    """Check one race: one event, one note, one winner, everyone else told; the winner."""
    events = crowd.count(Event, record_kind=kind, record_id=record_id, action=action)
    notes = _notes(crowd, kind, record_id)
    updates = crowd.count(OutboxMessage, record_kind=kind, record_id=record_id, kind="card_update")
    winners = [user for user, text in replies.items() if f"by {user} at" in text and "already" not in text]
    FIGURES.append(
        f"{name}: {WORKERS} processes, {len(winners)} changed it, {events} event(s), {notes} note(s) queued"
    )
    assert events == 1 and updates == notes  # each change: one card update and one note
    assert len(winners) == 1
    return winners[0]


def test_fifty_acknowledgements_of_one_call_make_one(crowd: Crowd) -> None:
    call = _raise_call(crowd)
    replies = crowd.race([("say", f"ack A{call}", user, 3) for user in _users()])
    winner = _settle(crowd, "ack", "andon", call, "acknowledge", replies)
    assert _notes(crowd, "andon", call) == 1
    told = f"Andon A{call} was already acknowledged by {winner} at 10:03."
    assert all(text == told for user, text in replies.items() if user != winner)
    with crowd.services.sessions() as session:
        assert session.get(AndonCall, call).acknowledged_by == winner  # type: ignore[union-attr]


def test_fifty_resolutions_of_one_call_make_one(crowd: Crowd) -> None:
    call = _raise_call(crowd)
    crowd.say(f"ack A{call}", user="li", minutes=2)
    replies = crowd.race([("say", f"resolve A{call} refilled", user, 9) for user in _users()])
    winner = _settle(crowd, "resolve", "andon", call, "resolve", replies)
    assert _notes(crowd, "andon", call) == 2  # the acknowledgement's and the resolution's
    told = f"Andon A{call} was already resolved by {winner} at 10:09."
    assert all(text == told for user, text in replies.items() if user != winner)
    with crowd.services.sessions() as session:
        stored = session.get(AndonCall, call)
        assert stored is not None and (stored.acknowledged_by, stored.resolved_by) == ("li", winner)


def test_fifty_presses_of_the_escalate_button_escalate_once(crowd: Crowd) -> None:
    call = _raise_call(crowd)
    replies = crowd.race([("say", f"escalate A{call} level:1", user, 1) for user in _users()])
    winner = _settle(crowd, "escalate (button)", "andon", call, "escalate", replies)
    assert _notes(crowd, "andon", call) == 1
    told = f"Andon A{call} was already escalated to level 1 by {winner} at 10:01."
    assert all(text == told for user, text in replies.items() if user != winner)


def test_fifty_typed_escalations_climb_each_level_once_and_stop_at_the_last(crowd: Crowd) -> None:
    call = _raise_call(crowd)
    replies = crowd.race([("say", f"escalate A{call}", user, 1) for user in _users()])
    with crowd.services.sessions() as session:
        levels = session.scalars(
            select(Event.detail).where(Event.record_id == call, Event.action == "escalate").order_by(Event.id)
        ).all()
        stored = session.get(AndonCall, call)
    FIGURES.append(f"escalate (typed): {WORKERS} processes, {len(levels)} event(s) for a 3-level ladder")
    assert stored is not None and stored.escalation_level == len(levels) <= 3
    assert [(d or "").split(":")[0] for d in levels] == [f"level {n}" for n in range(1, len(levels) + 1)]
    assert _notes(crowd, "andon", call) == len(levels)
    assert all("escalated to level" in text or "last level" in text for text in replies.values())


def test_the_scheduler_and_people_escalating_at_once_reach_level_one_once(crowd: Crowd) -> None:
    call = _raise_call(crowd)
    requests = [("scheduler", "", f"s{n:02d}", 6) for n in range(10)]
    requests += [("say", f"escalate A{call} level:1", user, 6) for user in _users()[10:]]
    replies = crowd.race(requests)
    events = crowd.count(Event, record_kind="andon", record_id=call, action="escalate")
    escalated_by_scheduler = sum(f"({call}, 1)" in text for text in replies.values())
    FIGURES.append(
        f"scheduler x10 + escalate x40: {events} event(s), {_notes(crowd, 'andon', call)} note(s), "
        f"scheduler won {escalated_by_scheduler}"
    )
    assert events == 1 and _notes(crowd, "andon", call) == 1
    people_told = [t for u, t in replies.items() if u.startswith("u") and "already escalated to level 1" in t]
    assert len(people_told) == 40 - (1 - escalated_by_scheduler)


@pytest.mark.parametrize(
    ("action", "word", "before"), [("start", "started", []), ("close", "closed", ["resolve"])]
)
def test_fifty_changes_of_one_problem_make_one(
    crowd: Crowd, action: str, word: str, before: list[str]
) -> None:
    text = crowd.say("problem Oil leak at WD-03 line:L3")
    problem = int(text.split()[1].removeprefix("P"))
    for step in before:
        crowd.say(f"{step} P{problem}")
    replies = crowd.race([("say", f"{action} P{problem}", user, 4) for user in _users()])
    winner = _settle(crowd, f"problem {action}", "problem", problem, action, replies)
    assert _notes(crowd, "problem", problem) == len(before) + 1
    told = f"Problem P{problem} was already {word} by {winner} at 10:04."
    assert all(text == told for user, text in replies.items() if user != winner)
    with crowd.services.sessions() as session:
        assert getattr(session.get(Problem, problem), f"{word}_by") == winner


def test_fifty_people_taking_one_problem_are_each_told_who_has_it(crowd: Crowd) -> None:
    text = crowd.say("problem Guard sensor loose line:L3")
    problem = int(text.split()[1].removeprefix("P"))
    replies = crowd.race([("say", f"assign P{problem} me", user, 5) for user in _users()])
    with crowd.services.sessions() as session:
        chain = session.execute(
            select(Event.actor, Event.detail)
            .where(Event.record_kind == "problem", Event.record_id == problem, Event.action == "assign")
            .order_by(Event.id)
        ).all()
    taken = [user for user, text in replies.items() if f"assigned to {user} by {user}" in text]
    FIGURES.append(f"assign me: {WORKERS} processes, {len(chain)} assignment(s), the rest told who has it")
    # Those who read the problem before an assignment committed lose and are told who has it;
    # a request read after it is a new, legal reassignment (everyone is a team lead here).
    assert sorted(actor for actor, _ in chain) == sorted(taken)
    assert all(actor == detail for actor, detail in chain)
    assert _notes(crowd, "problem", problem) == len(chain)
    assert all("already assigned to" in t for u, t in replies.items() if u not in taken)


def test_the_loser_reads_the_winners_change_on_every_database(any_store_url: str) -> None:
    """The compare-and-set and the locking re-read, on SQLite, PostgreSQL and MariaDB."""
    engine = make_engine(any_store_url)
    upgrade(engine)
    try:
        clock = FakeClock(RAISED_AT.astimezone(UTC))
        services = Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock)
        with transaction(services.sessions) as session:
            session.add(Line(code="L3", name="Line 3", area="Welding"))

        def say(text: str, user: str) -> str:
            reply = handle(message(text, user=user), services)
            assert reply is not None
            return reply.text

        call = int(say("andon L3 feeder jam", "ana").split()[1][1:])
        clock.advance(minutes=3)
        assert say(f"ack A{call}", "li") == f"Andon A{call} acknowledged by li at 10:03."
        assert say(f"ack A{call}", "bob") == f"Andon A{call} was already acknowledged by li at 10:03."
        problem = int(say("problem Oil leak line:L3", "ana").split()[1][1:])
        assert "assigned to mo by li" in say(f"assign P{problem} mo", "li")
        assert say(f"assign P{problem} mo", "bob").startswith(
            f"Problem P{problem} was already assigned to mo by li"
        )
        assert "assigned to bob by bob" in say(f"assign P{problem} me", "bob")
        with services.sessions() as session:
            actions = session.scalars(select(Event.action).order_by(Event.id)).all()
        assert actions == ["raise", "acknowledge", "open", "assign", "assign"]
    finally:
        downgrade(engine, "base")
        engine.dispose()
