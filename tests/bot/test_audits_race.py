"""The last check of an audit pressed by six people at the same moment, in six processes:
exactly one scores it and finishes the audit; the others are told it was scored first."""

from __future__ import annotations

import multiprocessing
from datetime import UTC
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import Services, handle
from bot.audits.models import FiveSAudit, FiveSScore
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.migrate import downgrade, upgrade
from bot.store.models import Area, Event, Problem
from tests.conftest import PLANT_NOW, PLANT_TZ, FakeClock, message

PRESSERS = 6


def _services(url: str) -> Services:
    engine = make_engine(url)
    return Services(
        sessions=make_sessions(engine), timezone=PLANT_TZ, clock=FakeClock(PLANT_NOW.astimezone(UTC))
    )


def _press(url: str, command: str, user: str, barrier: Any, results: Any) -> None:
    services = _services(url)
    barrier.wait()  # every process sends its press at the same moment
    try:
        reply = handle(message(command, user=user), services)
        results.put(reply.text if reply else "")
    except Exception as error:  # reported to the test, which fails on it
        results.put(f"ERROR {error}")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_last_check_pressed_at_once_finishes_the_audit_exactly_once(
    kind: str, tmp_path: Any, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}" if kind == "sqlite" else request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    upgrade(engine)
    services = _services(url)
    try:
        with transaction(services.sessions) as session:
            session.add(Area(code="OFFICE", name="Office", name_zh="办公室", kind="office", owner="Wang"))
        reply = handle(message("5s office"), services)
        assert reply is not None
        while "Check 10/10" not in reply.text:
            reply = handle(message(reply.buttons[3].command), services)  # a 4 for every check
        last = [button.command for button in reply.buttons[:PRESSERS]]  # 1, 2, … from six people
        context = multiprocessing.get_context("fork")
        barrier, results = context.Barrier(PRESSERS), context.Queue()
        processes = [
            context.Process(target=_press, args=(url, command, f"p{n}", barrier, results))
            for n, command in enumerate(last[:5] + last[:1])
        ]
        for process in processes:
            process.start()
        answers = [results.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(timeout=30)
        assert not [a for a in answers if a.startswith("ERROR")], answers
        done = [a for a in answers if "done by" in a]
        assert len(done) == 1, answers
        assert all("already scored by" in a or "no longer in progress" in a for a in answers if a not in done)
        with services.sessions() as session:
            audit = session.scalars(select(FiveSAudit)).one()
            assert audit.status == "done"
            assert session.scalar(select(func.count()).select_from(FiveSScore)) == 10
            finishes = session.scalar(
                select(func.count()).where(Event.record_kind == "audit", Event.action == "finish")
            )
            assert finishes == 1
            last_score = session.scalar(select(FiveSScore.score).where(FiveSScore.item == "sustain.2"))
            problems = session.scalar(select(func.count()).select_from(Problem))
            assert (
                problems == (1 if last_score is not None and last_score < 3 else 0) == audit.problems_opened
            )
    finally:
        services.sessions.kw["bind"].dispose()
        downgrade(engine, "base")
        engine.dispose()
