"""The scheduler: cron-style fire times in plant time, each run claimed once in the database,
across restarts and across processes."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, insert, select

from bot.scheduler import Job, JobRun, Scheduler, last_fire_time, parse_schedule
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import downgrade, upgrade
from tests.conftest import PLANT_TZ, FakeClock

# Monday 23 Nov 2026, 07:58 in the plant (Asia/Shanghai).
MONDAY_0758 = datetime(2026, 11, 23, 7, 58, tzinfo=PLANT_TZ)

executions = Table(
    "test_executions",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("job", String(50)),
    Column("scheduled_for", DateTime),
    Column("pid", Integer),
)


def _record(services: Services, scheduled_for: datetime, job: str) -> str:
    with services.sessions() as session, session.begin():
        session.execute(insert(executions).values(job=job, scheduled_for=scheduled_for, pid=os.getpid()))
    return job


def _jobs() -> list[Job]:
    return [
        Job("digest", parse_schedule("mon 08:00", PLANT_TZ), lambda s, at: _record(s, at, "digest")),
        Job(
            "every-minute",
            parse_schedule("* * * * *", PLANT_TZ),
            lambda s, at: _record(s, at, "every-minute"),
            grace=timedelta(minutes=5),
        ),
    ]


@pytest.fixture
def store(tmp_path) -> Iterator[Services]:
    engine = make_engine(f"sqlite:///{tmp_path / 'sched.db'}")
    upgrade(engine)
    executions.create(engine)
    yield Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=FakeClock(MONDAY_0758))
    engine.dispose()


def _runs(services: Services, job: str) -> list[datetime]:
    with services.sessions() as session:
        return list(
            session.scalars(
                select(executions.c.scheduled_for).where(executions.c.job == job).order_by(executions.c.id)
            )
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon 08:00", "cron[day_of_week='mon', hour='8', minute='0']"),
        ("daily 09:30", "cron[day_of_week='*', hour='9', minute='30']"),
        ("Mon-Fri 07:00", "cron[day_of_week='mon-fri', hour='7', minute='0']"),
        ("0 8 * * mon", "cron[month='*', day='*', day_of_week='mon', hour='8', minute='0']"),
    ],
)
def test_schedules_read_simple_and_crontab_forms(text: str, expected: str) -> None:
    assert str(parse_schedule(text, PLANT_TZ)) == expected


@pytest.mark.parametrize("text", ["someday 08:00", "mon 25:00", "every minute", "* * *"])
def test_bad_schedules_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_schedule(text, PLANT_TZ)


def test_the_weekly_digest_fires_at_monday_eight_plant_time() -> None:
    trigger = parse_schedule("mon 08:00", PLANT_TZ)
    monday_8_utc = datetime(2026, 11, 23, 0, 0)  # 08:00 in Shanghai
    assert last_fire_time(trigger, monday_8_utc - timedelta(seconds=1), timedelta(days=1)) is None
    assert last_fire_time(trigger, monday_8_utc, timedelta(days=1)) == monday_8_utc
    assert last_fire_time(trigger, monday_8_utc + timedelta(hours=23), timedelta(days=1)) == monday_8_utc
    assert last_fire_time(trigger, monday_8_utc + timedelta(hours=25), timedelta(days=1)) is None


def test_a_job_runs_once_per_fire_time_even_after_a_restart(store: Services) -> None:
    clock: FakeClock = store.clock  # type: ignore[assignment]
    scheduler = Scheduler(store, _jobs())
    assert [r.job for r in scheduler.run_due()] == ["every-minute"]
    assert scheduler.run_due() == []  # same minute: already run
    clock.advance(minutes=2)  # 08:00
    assert sorted(r.job for r in scheduler.run_due()) == ["digest", "every-minute"]
    restarted = Scheduler(store, _jobs())  # a new process: finds the runs in the database
    assert restarted.run_due() == []
    assert _runs(store, "digest") == [datetime(2026, 11, 23, 0, 0)]


def test_a_fire_time_missed_while_down_runs_late_once_within_its_grace(store: Services) -> None:
    clock: FakeClock = store.clock  # type: ignore[assignment]
    clock.advance(hours=3)  # down from 07:58 to 10:58: the 08:00 digest was missed
    scheduler = Scheduler(store, _jobs())
    assert "digest" in [r.job for r in scheduler.run_due()]
    assert "digest" not in [r.job for r in scheduler.run_due()]
    clock.advance(days=2)  # the next Monday is far: nothing to catch up
    assert "digest" not in [r.job for r in Scheduler(store, _jobs()).run_due()]
    assert len(_runs(store, "digest")) == 1
    assert len(_runs(store, "every-minute")) == 2  # missed minutes coalesce into the latest


def test_a_failed_run_is_retried_and_a_crashed_run_taken_over(store: Services) -> None:
    clock: FakeClock = store.clock  # type: ignore[assignment]
    attempts: list[datetime] = []

    def flaky(services: Services, at: datetime) -> str:
        attempts.append(at)
        if len(attempts) == 1:
            raise RuntimeError("database hiccup")
        return "ok"

    job = Job("flaky", parse_schedule("daily 07:58", PLANT_TZ), flaky)
    scheduler = Scheduler(store, [job])
    assert [r.status for r in scheduler.run_due()] == ["failed"]
    assert scheduler.run_due() == []  # retried only after a pause
    clock.advance(minutes=5)
    assert [r.status for r in scheduler.run_due()] == ["done"]
    assert len(attempts) == 2

    with store.sessions() as session, session.begin():  # a process died mid-run yesterday's way
        session.add(
            JobRun(
                job="flaky",
                scheduled_for=datetime(2026, 11, 24, 23, 58),
                status="running",
                owner="gone",
                started_at=datetime(2026, 11, 24, 23, 58),
            )
        )
    clock.now = datetime(2026, 11, 25, 8, 0, tzinfo=PLANT_TZ)  # 2 min later: still within its lease
    assert Scheduler(store, [job]).run_due() == []
    clock.advance(minutes=30)
    assert [r.status for r in Scheduler(store, [job]).run_due()] == ["done"]


def test_run_once_forced_runs_now_and_still_only_once(store: Services) -> None:
    scheduler = Scheduler(store, _jobs())
    assert [r.job for r in scheduler.run_due("digest", force=True)] == ["digest"]
    assert scheduler.run_due("digest", force=True) == []


def _scheduler_process(url: str, start: threading.Barrier, steps: int) -> None:
    engine = make_engine(url)
    clock = FakeClock(MONDAY_0758)
    services = Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock)
    scheduler = Scheduler(services, _jobs())
    for _ in range(steps):
        start.wait()  # both processes look at the same moment
        scheduler.run_due()
        clock.advance(seconds=20)
    engine.dispose()


def test_two_scheduler_processes_on_postgresql_run_every_job_exactly_once(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    upgrade(engine)
    executions.create(engine)
    try:
        context = multiprocessing.get_context("spawn")
        start = context.Barrier(2)
        steps = 30  # 07:58:00 to 08:07:40 plant time, every 20 s
        processes = [
            context.Process(target=_scheduler_process, args=(postgres_url, start, steps)) for _ in range(2)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join(120)
            assert process.exitcode == 0
        with engine.connect() as connection:
            rows = connection.execute(
                select(
                    executions.c.job, executions.c.scheduled_for, func.count(), func.min(executions.c.pid)
                ).group_by(executions.c.job, executions.c.scheduled_for)
            ).all()
        assert all(count == 1 for _job, _at, count, _pid in rows)
        first = MONDAY_0758.astimezone(UTC).replace(tzinfo=None)
        minutes = [first + timedelta(minutes=n) for n in range(10)]  # 07:58 … 08:07
        assert sorted(at for job, at, _, _ in rows if job == "every-minute") == minutes
        assert [at for job, at, _, _ in rows if job == "digest"] == [datetime(2026, 11, 23, 0, 0)]
    finally:
        executions.drop(engine)
        downgrade(engine, "base")
        engine.dispose()


def test_job_runs_keep_one_row_per_job_and_fire_time_on_every_database(any_store_url: str) -> None:
    from sqlalchemy.exc import IntegrityError

    engine = make_engine(any_store_url)
    upgrade(engine)
    try:
        at = datetime(2026, 11, 23, 0, 0)
        row = {"job": "digest", "scheduled_for": at, "status": "running", "owner": "a", "started_at": at}
        with engine.begin() as connection:
            connection.execute(insert(JobRun), row)
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(insert(JobRun), {**row, "owner": "b"})
    finally:
        downgrade(engine, "base")
        engine.dispose()
