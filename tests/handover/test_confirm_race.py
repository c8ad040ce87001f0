"""Two (or eight) leads press Confirm at the same moment: real processes, one database.
Exactly one confirms; everybody else is told who confirmed first and when."""

from __future__ import annotations

import multiprocessing
from datetime import UTC
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from bot import Services, handle
from bot.handover.models import Handover
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import downgrade, upgrade
from bot.store.models import Area, Event, Line, OutboxMessage
from tests.conftest import PLANT_NOW, PLANT_TZ, FakeClock, message

PRESSES = 8


def _press(url: str, start: Any, user: str, ref: str, results: Any) -> None:
    engine = make_engine(url)
    services = Services(
        sessions=make_sessions(engine), timezone=PLANT_TZ, clock=FakeClock(PLANT_NOW.astimezone(UTC))
    )
    start.wait()  # every process presses at the same moment
    try:
        reply = handle(message(f"handover confirm {ref}", user=user), services)
        results.put((user, reply.text if reply else ""))
    except Exception as error:  # the test fails on it
        results.put((user, f"ERROR {error}"))
    engine.dispose()


def _store(request: pytest.FixtureRequest, kind: str, tmp_path: Any) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'race.db'}"
    return str(request.getfixturevalue("postgres_url" if kind == "postgresql" else "mariadb_url"))


@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "mariadb"])
def test_of_simultaneous_presses_exactly_one_confirms(
    request: pytest.FixtureRequest, kind: str, tmp_path: Any
) -> None:
    url = _store(request, kind, tmp_path)
    engine = make_engine(url)
    upgrade(engine)
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(Line.__table__),
                [{"id": 3, "code": "L3", "name": "Line 3", "name_zh": "3号线", "area": "", "plant": ""}],
            )
            connection.execute(
                insert(Area.__table__),
                [{"code": "L3", "name": "Line 3", "kind": "assembly_line", "line_id": 3}],
            )
        services = Services(
            sessions=make_sessions(engine), timezone=PLANT_TZ, clock=FakeClock(PLANT_NOW.astimezone(UTC))
        )
        reply = handle(message("handover L3 quality: - | safety: - | watch: die change", user="xu"), services)
        assert reply is not None and reply.title is not None
        ref = reply.title.split()[2]
        handle(message(f"handover {ref} submit", user="xu"), services)

        context = multiprocessing.get_context("spawn")
        start, results = context.Barrier(PRESSES), context.Queue()
        users = [f"lead{n}" for n in range(PRESSES)]
        processes = [context.Process(target=_press, args=(url, start, user, ref, results)) for user in users]
        for process in processes:
            process.start()
        replies = dict(results.get(timeout=120) for _ in users)
        for process in processes:
            process.join(30)

        assert not [text for text in replies.values() if text.startswith("ERROR")], replies
        winners = [user for user, text in replies.items() if "received by" in text]
        assert len(winners) == 1, replies
        [winner] = winners
        for user, text in replies.items():
            if user != winner:
                assert text == f"Handover {ref} was already confirmed by {winner} at 10:00.", text
        with services.sessions() as session:
            record = session.get(Handover, int(ref[1:]))
            assert record is not None and (record.status, record.confirmed_by) == ("confirmed", winner)
            confirms = session.scalar(
                select(func.count()).where(Event.record_kind == "handover", Event.action == "confirm")
            )
            notes = session.scalar(
                select(func.count()).where(OutboxMessage.idempotency_key == f"handover:{ref[1:]}:confirmed")
            )
        assert (confirms, notes) == (1, 1)
    finally:
        downgrade(engine, "base")
        engine.dispose()
