"""Wiring of 5S/6S audits: their set-up for the chat core and the reminder job of the schedule."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from adapters.settings import Settings
from bot.audits.config import AuditConfig
from bot.audits.schedule import load_schedule, remind_audits
from bot.audits.templates import load_all
from bot.scheduler import Job, parse_schedule
from bot.services import Services


def audit_config(settings: Settings) -> AuditConfig:
    """The audit set-up from GEMBA_AUDIT_TEMPLATES_DIR and GEMBA_AUDIT_THRESHOLD; every
    checklist is read once here, so a bad file is named at start-up (raises `BotError`)."""
    folder = Path(settings.gemba_audit_templates_dir) if settings.gemba_audit_templates_dir else None
    load_all(folder)
    return AuditConfig(templates_dir=folder, threshold=settings.gemba_audit_threshold)


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
