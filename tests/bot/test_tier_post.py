"""The scheduled tier board: one outbox message per line and channel, however often the job
runs and however many processes run it; the tables on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, insert, inspect, select

from bot.digest import parse_channels
from bot.scheduler import Job, Scheduler, parse_schedule
from bot.serialize import reply_from_json
from bot.services import Services
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.migrate import downgrade, upgrade
from bot.store.models import Line, OutboxMessage, every_table
from bot.tier.models import TierAttendance, TierMeeting
from bot.tier.post import post_boards, tier_job
from bot.tier.service import acknowledge, get_meeting
from tests.conftest import PLANT_TZ, FakeClock

# Saturday 21 Nov 2026, 07:50 in the plant: five minutes after the 07:45 board.
SATURDAY_0750 = datetime(2026, 11, 21, 7, 50, tzinfo=PLANT_TZ)
CHANNELS = "slack:C0L3:en:L3, dingtalk:cidL5:zh:L5, slack:C0HALL:en:L1+L2"


def _outbox(services: Services) -> list[OutboxMessage]:
    with services.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_scheduled_board_goes_once_to_each_line_channel(services: Services, clock: FakeClock) -> None:
    clock.now = SATURDAY_0750.astimezone(UTC)
    channels = parse_channels(CHANNELS)
    job = Job("tier", parse_schedule("mon-sat 07:45", PLANT_TZ), tier_job(channels))
    [run] = Scheduler(services, [job]).run_due()
    assert run.status == "done" and run.scheduled_for == datetime(2026, 11, 20, 23, 45)
    sent = _outbox(services)
    assert [(m.platform, m.channel) for m in sent] == [
        ("slack", "C0HALL"),
        ("slack", "C0HALL"),
        ("slack", "C0L3"),
        ("dingtalk", "cidL5"),
    ]
    boards = [reply_from_json(m.payload) for m in sent]
    assert [b.text.split(" · ")[1] for b in boards[:2]] == ["Line 1", "Line 2"]
    assert boards[2].text.startswith("📋 Tier 1 · Line 3 · 2026-11-21 (T")
    assert boards[3].text.startswith("📋 班组早会 · 5号线 · 2026-11-21（T")
    assert all(b.buttons and b.buttons[0].label.startswith("✅") for b in boards)
    # Another process, a retried run, the job run by hand for the same fire time: nothing new.
    assert Scheduler(services, [job]).run_due() == []
    assert post_boards(services, channels, run.scheduled_for) == []
    assert len(_outbox(services)) == 4
    with services.sessions() as session:
        held = session.scalars(
            select(TierMeeting).where(TierMeeting.scheduled_for == run.scheduled_for)
        ).all()
        assert sorted(m.line.code for m in held) == ["L1", "L2", "L3", "L5"]
        assert {m.called_by for m in held} == {"gemba"}


def test_meetings_and_acknowledgements_are_once_on_every_database(any_store_url: str) -> None:
    engine = make_engine(any_store_url)
    upgrade(engine)
    try:
        tier_tables = [t for t in every_table().sorted_tables if t.name.startswith("tier_")]
        assert {t.name for t in tier_tables} <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:  # the migration makes what the models say
            differences = compare_metadata(MigrationContext.configure(connection), every_table())
        assert not [d for d in differences if "tier_" in str(d)], differences
        with engine.begin() as connection:
            connection.execute(insert(Line), [{"id": 1, "code": "L1", "name": "Line 1", "name_zh": "1号线"}])
        clock = FakeClock(SATURDAY_0750.astimezone(UTC))
        services = Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock)
        fire = datetime(2026, 11, 20, 23, 45)
        channels = parse_channels("slack:C1:en, dingtalk:cid1:zh")
        _together(lambda: post_boards(services, channels, fire))  # two schedulers at once
        with services.sessions() as session:
            [meeting] = session.scalars(select(TierMeeting)).all()
            assert meeting.planned_qty is None and meeting.andon_calls == 0  # no MES tables here
        assert len(_outbox(services)) == 2

        def press() -> None:
            with transaction(services.sessions) as session:
                found = get_meeting(session, meeting.id)
                acknowledge(session, meeting=found, person="Ana", user_key="slack:U1", now=services.now())

        _together(press)  # a double press, or one press delivered twice at once
        press()
        with services.sessions() as session:
            assert session.scalar(select(func.count()).select_from(TierAttendance)) == 1
            assert session.get(TierMeeting, meeting.id).ack_count == 1  # type: ignore[union-attr]
    finally:
        downgrade(engine, "base")
        engine.dispose()


def _together(work: object) -> None:
    """Run `work` in two threads that start at the same moment; re-raise what they raise."""
    start, errors = threading.Barrier(2), []

    def run() -> None:
        start.wait()
        try:
            work()  # type: ignore[operator]
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


def _posting_process(url: str, start: Any, result: Any) -> None:
    """One scheduler process: its scheduler's round, then the job run by hand for the same fire time."""
    engine = make_engine(url)
    services = Services(
        sessions=make_sessions(engine), timezone=PLANT_TZ, clock=FakeClock(SATURDAY_0750.astimezone(UTC))
    )
    channels = parse_channels("slack:C1:en, dingtalk:cid1:zh")
    job = Job("tier", parse_schedule("mon-sat 07:45", PLANT_TZ), tier_job(channels))
    start.wait()  # both processes look at the same moment
    runs = Scheduler(services, [job]).run_due()
    start.wait()
    queued = post_boards(services, channels, datetime(2026, 11, 20, 23, 45))
    result.put((len(runs), len(queued)))
    engine.dispose()


@pytest.mark.parametrize("database", ["postgres_url", "mariadb_url"])
def test_two_scheduler_processes_post_each_board_once(database: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue(database)
    engine = make_engine(url)
    upgrade(engine)
    try:
        with engine.begin() as connection:
            lines = [
                {"id": n, "code": f"L{n}", "name": f"Line {n}", "name_zh": f"{n}号线"} for n in (1, 2, 3)
            ]
            connection.execute(insert(Line), lines)
        context = multiprocessing.get_context("spawn")
        start, result = context.Barrier(2), context.Queue()
        processes = [context.Process(target=_posting_process, args=(url, start, result)) for _ in range(2)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(120)
            assert process.exitcode == 0
        outcomes = sorted(result.get(timeout=5) for _ in processes)
        assert outcomes == [(0, 0), (1, 0)]  # one claimed the fire time; the re-run by hand added nothing
        with engine.connect() as connection:
            meetings = connection.execute(select(TierMeeting.line_id)).scalars().all()
            messages = connection.execute(select(OutboxMessage.channel)).scalars().all()
        assert sorted(meetings) == [1, 2, 3]
        assert sorted(messages) == ["C1", "C1", "C1", "cid1", "cid1", "cid1"]
    finally:
        downgrade(engine, "base")
        engine.dispose()


def test_the_job_is_scheduled_only_when_channels_are_set() -> None:
    from adapters.cli.background_wiring import build_jobs
    from adapters.settings import Settings

    plain = Settings(_env_file=None)  # type: ignore[call-arg]
    assert "tier" not in [job.name for job in build_jobs(plain)]
    configured = Settings(
        _env_file=None,  # type: ignore[call-arg]
        gemba_timezone="Asia/Shanghai",
        gemba_tier_channels="slack:C0L3:en:L3",
        gemba_tier_schedule="45 5,13,21 * * mon-sat",
    )
    [job] = [job for job in build_jobs(configured) if job.name == "tier"]
    fires = [job.trigger.get_next_fire_time(None, SATURDAY_0750)]
    fires.append(job.trigger.get_next_fire_time(fires[0], fires[0]))
    assert [f"{moment:%a %H:%M}" for moment in fires] == ["Sat 13:45", "Sat 21:45"]  # before each shift
