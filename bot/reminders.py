"""Reminders for problems past their due date: at most once a (plant) day per problem,
in the problem's thread, unless snoozed (`snooze P5 3`)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy.orm import Session

from bot import notify
from bot.errors import BotError
from bot.services import Services
from bot.store import lifecycle, service
from bot.store.db import transaction
from bot.store.models import Problem
from bot.texts import register, say
from bot.types import Language

MAX_SNOOZE_DAYS = 30

register(
    {
        "reminder_note": (
            "⏰ {ref} is overdue by {days} d (due {due}); owner: {owner}. "
            "Update it, or type `snooze {ref} 3` to be reminded in 3 days.",
            "⏰ {ref} 已逾期 {days} 天（{due} 到期）；负责人：{owner}。"
            "请更新进展，或输入 `稍后提醒 {ref} 3` 三天后再提醒。",
        ),
        "reminder_snoozed": (
            "Reminders for {ref} snoozed by {actor} until {until}.",
            "{ref} 的提醒已由 {actor} 推迟到 {until}。",
        ),
        "reminder_snooze_closed": (
            "{ref} is no longer open; there is nothing to remind about.",
            "{ref} 已不在处理中，无需提醒。",
        ),
        "reminder_bad_days": (
            "Snooze for 1 to {max} days, e.g. `snooze P5 3`.",
            "可推迟 1 到 {max} 天，例如：`稍后提醒 P5 3`。",
        ),
    }
)


def remind_overdue(services: Services) -> list[int]:
    """Remind every open problem that is past due, not snoozed and not yet reminded
    today (plant calendar); returns the ids reminded."""
    now = services.now()
    today = services.local(now).date()
    with services.sessions() as session:
        overdue = [
            p.id for p in service.open_problems(session) if p.due_date is not None and p.due_date < today
        ]
    reminded = []
    for problem_id in overdue:
        with transaction(services.sessions) as session:
            problem = service.get_problem(session, problem_id, lock=True)
            if _due_for_reminder(problem, services, now):
                _remind(session, problem, services, now)
                reminded.append(problem.id)
    return reminded


def _due_for_reminder(problem: Problem, services: Services, now: datetime) -> bool:
    today = services.local(now).date()
    return (
        problem.status in lifecycle.OPEN_PROBLEM
        and problem.due_date is not None
        and problem.due_date < today
        and (problem.snoozed_until is None or problem.snoozed_until <= now)
        and (problem.reminded_at is None or services.local(problem.reminded_at).date() < today)
    )


def _remind(session: Session, problem: Problem, services: Services, now: datetime) -> None:
    today = services.local(now).date()
    assert problem.due_date is not None
    days = (today - problem.due_date).days
    problem.reminded_at = now
    service.record_event(
        session,
        kind="problem",
        record_id=problem.id,
        action="remind",
        actor="gemba",
        at=now,
        detail=f"overdue {days} d",
    )
    language: Language = "zh" if problem.language == "zh" else "en"
    ref = service.problem_ref(problem.id)
    owner = problem.assignee or ("未指派" if language == "zh" else "unassigned")
    note = say("reminder_note", language, ref=ref, days=days, due=problem.due_date.isoformat(), owner=owner)
    notify.follow_up(session, problem, services, note, step=f"remind-{today.isoformat()}")


def snooze(session: Session, *, problem: Problem, days: int, actor: str, services: Services) -> datetime:
    """No reminders for `problem` before the start of the plant day `days` from today;
    logs the change and tells the problem's thread. Returns the new `snoozed_until` (UTC).

    Raises `BotError` for a problem that is not open or a number of days out of range.
    """
    ref = service.problem_ref(problem.id)
    if not 1 <= days <= MAX_SNOOZE_DAYS:
        raise BotError("reminder_bad_days", max=MAX_SNOOZE_DAYS)
    if problem.status not in lifecycle.OPEN_PROBLEM:
        raise BotError("reminder_snooze_closed", ref=ref)
    now = services.now()
    until_day = services.local(now).date() + timedelta(days=days)
    local_start = datetime.combine(until_day, time()).replace(tzinfo=services.timezone)
    problem.snoozed_until = local_start.astimezone(UTC).replace(tzinfo=None)
    event = service.record_event(
        session,
        kind="problem",
        record_id=problem.id,
        action="snooze",
        actor=actor,
        at=now,
        detail=f"until {until_day.isoformat()}",
    )
    language: Language = "zh" if problem.language == "zh" else "en"
    note = say("reminder_snoozed", language, ref=ref, actor=actor, until=until_day.isoformat())
    notify.follow_up(session, problem, services, note, step=f"e{event.id}")
    return problem.snoozed_until
