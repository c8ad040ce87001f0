"""Cron-style jobs in the plant's timezone, each fire time run once across every process.

The triggers are APScheduler's (`CronTrigger`); the claim is the database's: a run is a
row in `job_runs` with a unique (job, scheduled_for) key, inserted before the job runs.
Two processes on the same database that both see a job due race on that insert and
only the winner runs it; a restarted process finds the row and does not repeat the run,
and a fire time missed while every process was down is run late (once) within the
job's grace period. Missed fire times of the same job are coalesced into the latest.

A run whose process died ("running" for longer than the lease) or that failed is
claimed again; jobs are written to be safe to repeat (their outbox messages carry
idempotency keys), so a retry never sends anything twice.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError

from bot.services import Services
from bot.store.db import transaction
from bot.store.models import JobRun

log = logging.getLogger(__name__)

KEEP_RUNS = timedelta(days=30)
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SIMPLE = re.compile(r"^\s*(?P<days>[a-z,\-*]+)\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*$", re.IGNORECASE)


JobFunction = Callable[[Services, datetime], "str | None"]


@dataclass(frozen=True)
class Job:
    """A named job, when it fires, and what it does.

    `run(services, scheduled_for)` gets the fire time (naive UTC) it runs for and returns a
    short summary for the log. `grace` is how late a missed fire time may still run.
    """

    name: str
    trigger: CronTrigger
    run: JobFunction
    grace: timedelta = timedelta(hours=12)


@dataclass(frozen=True)
class RunResult:
    """What one claimed run did."""

    job: str
    scheduled_for: datetime
    status: str
    result: str | None


def parse_schedule(text: str, timezone: ZoneInfo) -> CronTrigger:
    """A trigger from "mon 08:00", "daily 09:00", "mon-fri 07:30", "mon,thu 08:00" or a
    five-field crontab ("*/5 6-22 * * mon-sat"), in plant time. Raises ValueError.

    >>> tz = ZoneInfo("Asia/Shanghai")
    >>> parse_schedule("mon 08:00", tz).get_next_fire_time(None, datetime(2026, 11, 21, tzinfo=UTC))
    datetime.datetime(2026, 11, 23, 8, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))
    >>> str(parse_schedule("0 8 * * mon-fri", tz))
    "cron[month='*', day='*', day_of_week='mon-fri', hour='8', minute='0']"
    """
    simple = _SIMPLE.match(text)
    if simple:
        days = simple["days"].lower()
        days = "*" if days in ("daily", "*") else days
        if days != "*" and not all(part in _DAYS for part in re.split(r"[,\-]", days)):
            raise ValueError(f"unknown day in schedule {text!r}; use mon … sun, daily or a crontab")
        hour, minute = int(simple["hour"]), int(simple["minute"])
        if hour > 23 or minute > 59:
            raise ValueError(f"bad time in schedule {text!r}")
        return CronTrigger(day_of_week=days, hour=hour, minute=minute, timezone=timezone)
    try:
        return CronTrigger.from_crontab(text.strip(), timezone=timezone)
    except ValueError as error:
        raise ValueError(f"cannot read schedule {text!r}: {error}") from None


def last_fire_time(trigger: CronTrigger, now: datetime, grace: timedelta) -> datetime | None:
    """The latest fire time in (now - grace, now], as naive UTC; None when there is none.

    >>> t = parse_schedule("daily 09:00", ZoneInfo("Asia/Shanghai"))
    >>> last_fire_time(t, datetime(2026, 11, 21, 3, 0), timedelta(hours=12))
    datetime.datetime(2026, 11, 21, 1, 0)
    >>> last_fire_time(t, datetime(2026, 11, 21, 0, 59), timedelta(hours=12)) is None
    True
    """
    aware_now = now.replace(tzinfo=UTC)
    moment = trigger.get_next_fire_time(None, aware_now - grace + timedelta(microseconds=1))
    last = None
    while moment is not None and moment <= aware_now:
        last = moment
        moment = trigger.get_next_fire_time(moment, moment + timedelta(microseconds=1))
    return None if last is None else last.astimezone(UTC).replace(tzinfo=None)


class Scheduler:
    """Runs the due jobs of `jobs` on `run_due()`, claiming each run in the database."""

    def __init__(
        self,
        services: Services,
        jobs: Sequence[Job],
        *,
        owner: str | None = None,
        lease: timedelta = timedelta(minutes=30),
        retry_failed_after: timedelta = timedelta(minutes=5),
    ) -> None:
        self.services = services
        self.jobs = tuple(jobs)
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.lease = lease
        self.retry_failed_after = retry_failed_after

    def run_due(self, only: str | None = None, *, force: bool = False) -> list[RunResult]:
        """Run each job whose latest fire time has no run yet; returns what ran.

        `only` limits the round to one job; `force` runs it for the current minute even
        when it is not due (`gemba followup run-once --job …`), still claimed once.
        """
        now = self.services.now()
        results = []
        for job in self.jobs:
            if only is not None and job.name != only:
                continue
            fire = (
                now.replace(second=0, microsecond=0) if force else last_fire_time(job.trigger, now, job.grace)
            )
            if fire is not None and self._claim(job.name, fire, now):
                results.append(self._run(job, fire))
        if results:
            self._prune(now)
        return results

    def _claim(self, job: str, fire: datetime, now: datetime) -> bool:
        try:
            with transaction(self.services.sessions) as session:
                session.add(
                    JobRun(job=job, scheduled_for=fire, status="running", owner=self.owner, started_at=now)
                )
            return True
        except IntegrityError:
            pass
        # Someone has this run: take it over only if it failed or its process is gone.
        with transaction(self.services.sessions) as session:
            taken = session.execute(
                update(JobRun)
                .where(
                    JobRun.job == job,
                    JobRun.scheduled_for == fire,
                    or_(
                        (JobRun.status == "failed") & (JobRun.finished_at <= now - self.retry_failed_after),
                        (JobRun.status == "running") & (JobRun.started_at <= now - self.lease),
                    ),
                )
                .values(status="running", owner=self.owner, started_at=now, finished_at=None)
            )
            return bool(taken.rowcount)  # type: ignore[attr-defined]

    def _run(self, job: Job, fire: datetime) -> RunResult:
        try:
            result, status = job.run(self.services, fire), "done"
        except Exception as error:  # a failing job is recorded and retried; the loop goes on
            log.exception("job %s for %s failed", job.name, fire)
            result, status = f"{type(error).__name__}: {error}"[:2000], "failed"
        with transaction(self.services.sessions) as session:
            session.execute(
                update(JobRun)
                .where(JobRun.job == job.name, JobRun.scheduled_for == fire, JobRun.owner == self.owner)
                .values(status=status, finished_at=self.services.now(), result=result)
            )
        log.info("job %s for %s: %s %s", job.name, fire, status, result or "")
        return RunResult(job.name, fire, status, result)

    def _prune(self, now: datetime) -> None:
        with transaction(self.services.sessions) as session:
            session.execute(delete(JobRun).where(JobRun.scheduled_for < now - KEEP_RUNS))
