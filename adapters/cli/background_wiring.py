"""What a server process runs besides answering: the follow-up jobs of the schedule and the
workers that run them and deliver the outbox. Only `gemba serve …` and `gemba followup …`
import it, so a one-shot command never loads the scheduler or the jobs' modules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from adapters.cli.common import fail
from adapters.settings import Settings
from bot.audits.schedule import load_schedule, remind_audits
from bot.digest import parse_channels
from bot.digest.send import digest_job
from bot.errors import BotError
from bot.escalation import escalate_due
from bot.handover.followup import FollowUp, follow_up_unconfirmed
from bot.improve.reminders import remind_overdue_actions
from bot.ladder import WorkingHours, load_matrix
from bot.outbox import ChatPlatform
from bot.reminders import remind_overdue
from bot.scheduler import Job, Scheduler, parse_schedule
from bot.services import Services
from bot.texts import say
from bot.tier.post import tier_job
from bot.worker import OutboxWorker, SchedulerWorker


def build_jobs(settings: Settings) -> list[Job]:
    """The follow-up jobs the settings ask for: escalations every minute, overdue reminders
    and (when channels are configured) the weekly digest. Exits on a bad setting."""
    tz = settings.timezone
    try:
        matrix = load_matrix(settings.gemba_escalation_file)
        hours = WorkingHours.parse(settings.gemba_working_hours)
        channels = parse_channels(settings.gemba_digest_channels, settings.gemba_language)
        jobs = [
            Job(
                "escalations",
                parse_schedule("* * * * *", tz),
                lambda services, _at: _summary(escalate_due(services, matrix, hours), "escalated"),
                grace=timedelta(minutes=5),
            ),
            Job(
                "reminders",
                parse_schedule(settings.gemba_reminder_schedule, tz),
                lambda services, _at: _summary(remind_overdue(services), "reminded"),
            ),
            Job(
                "improvement_reminders",
                parse_schedule(settings.gemba_reminder_schedule, tz),
                lambda services, _at: _summary(remind_overdue_actions(services), "reminded"),
            ),
        ]
        handover_rules = FollowUp(
            timedelta(minutes=settings.gemba_handover_remind_minutes),
            timedelta(minutes=settings.gemba_handover_escalate_minutes),
            _channel(settings.gemba_handover_escalation_channel),
        )
        jobs.append(
            Job(
                "handovers",
                parse_schedule("* * * * *", tz),
                lambda services, _at: _summary(follow_up_unconfirmed(services, handover_rules), "done"),
                grace=timedelta(minutes=5),
            )
        )
        if channels:
            run = digest_job(channels, settings.gemba_digest_empty)
            jobs.append(
                Job("digest", parse_schedule(settings.gemba_digest_schedule, tz), run, timedelta(days=1))
            )
        jobs += audit_jobs(settings)
        tier_channels = parse_channels(settings.gemba_tier_channels, settings.gemba_language)
        if tier_channels:
            schedule = parse_schedule(settings.gemba_tier_schedule, tz)  # a board hours late is no use
            jobs.append(Job("tier", schedule, tier_job(tier_channels), grace=timedelta(hours=2)))
    except BotError as error:
        fail(say(error.key, "en", **error.params))
    except ValueError as error:
        fail(f"Invalid follow-up setting: {error}")
    return jobs


def _channel(value: str) -> str:
    """A "platform:channel" setting, checked; "" stays "". Raises ValueError."""
    if value and ":" not in value:
        raise ValueError(f"{value!r} must be platform:channel")
    return value


def _summary(ids: Sequence[object], verb: str) -> str:
    return f"{verb} {len(ids)}" + (f": {ids[:20]}" if ids else "")


def build_background(
    settings: Settings, services: Services, platforms: dict[str, ChatPlatform]
) -> list[OutboxWorker | SchedulerWorker]:
    """What a server process runs besides answering: outbox delivery and the scheduler of
    escalations, reminders and the weekly digest (unless GEMBA_SCHEDULER_ENABLED is false).

    Each item has `start()` and `stop()`; `gemba serve …` starts them all and stops them on exit.
    """
    delivery = OutboxWorker(
        services,
        platforms,
        max_attempts=settings.gemba_outbox_max_attempts,
        lease=timedelta(seconds=settings.gemba_outbox_lease_s),
    )
    background: list[OutboxWorker | SchedulerWorker] = [delivery]
    if settings.gemba_scheduler_enabled:
        scheduler = Scheduler(services, build_jobs(settings))
        background.append(SchedulerWorker(scheduler, outbox=delivery))
    return background


def audit_jobs(settings: Settings) -> list[Job]:
    """The reminder job of GEMBA_AUDIT_SCHEDULE_FILE (none when it is not set). Raises
    `BotError` for a bad schedule file, ValueError for a bad GEMBA_AUDIT_REMINDER_SCHEDULE."""
    if not settings.gemba_audit_schedule_file:
        return []
    rounds = load_schedule(Path(settings.gemba_audit_schedule_file))
    trigger = parse_schedule(settings.gemba_audit_reminder_schedule, settings.timezone)

    def run(services: Services, _at: datetime) -> str:
        reminded = remind_audits(services, rounds)
        return f"reminded {len(reminded)}" + (f": {reminded}" if reminded else "")

    return [Job("audit_reminders", trigger, run)]
