"""Overdue problems are reminded at most once a plant day, and not while snoozed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot import Services
from bot.commands.followup import snooze_command
from bot.commands.registry import Context
from bot.errors import BotError
from bot.reminders import remind_overdue
from bot.store import service
from bot.store.db import transaction
from bot.store.models import Event, OutboxMessage, Problem
from tests.conftest import FakeClock, message


def _problem(services: Services, due: date, status: str = "open") -> int:
    with transaction(services.sessions) as session:
        problem = service.open_problem(
            session,
            title="Oil leak at PR-07",
            description="",
            category="equipment",
            line=None,
            station=None,
            priority="high",
            due_date=due,
            reporter="ana",
            origin=service.Origin("console", "", "line-3"),
            language="en",
            now=services.now(),
        )
        problem.assignee, problem.status = "Luo Xin", status
        return problem.id


def _notes(services: Services, problem_id: int) -> list[str]:
    with services.sessions() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.record_id == problem_id, OutboxMessage.record_kind == "problem")
            .where(OutboxMessage.kind == "note")
            .order_by(OutboxMessage.id)
        )
        return [row.payload["text"] for row in rows]


def _snooze(services: Services, args: str, language: str = "en") -> str:
    with transaction(services.sessions) as session:
        ctx = Context(message("snooze"), language, services, session, args)  # type: ignore[arg-type]
        return snooze_command(ctx).text


def test_an_overdue_problem_is_reminded_once_a_day(services: Services, clock: FakeClock) -> None:
    today = services.local(services.now()).date()  # Saturday 21 Nov 2026
    overdue, not_yet, done = (
        _problem(services, today - timedelta(days=2)),
        _problem(services, today),
        _problem(services, today - timedelta(days=2), "closed"),
    )
    reminded = remind_overdue(services)
    assert overdue in reminded and not_yet not in reminded and done not in reminded
    assert _notes(services, overdue) == [
        f"⏰ P{overdue} is overdue by 2 d (due 2026-11-19); owner: Luo Xin. "
        f"Update it, or type `snooze P{overdue} 3` to be reminded in 3 days."
    ]
    clock.advance(hours=13)  # 23:00 the same plant day
    assert overdue not in remind_overdue(services)
    clock.advance(hours=2)  # 01:00 the next day: again, and the one due yesterday is now overdue too
    assert {overdue, not_yet} <= set(remind_overdue(services))
    with services.sessions() as session:
        actions = session.scalars(
            select(Event.action).where(Event.record_id == overdue, Event.record_kind == "problem")
        )
        assert list(actions) == ["open", "remind", "remind"]


def test_a_snoozed_problem_is_not_reminded_until_the_snooze_ends(
    services: Services, clock: FakeClock
) -> None:
    today = services.local(services.now()).date()
    problem_id = _problem(services, today - timedelta(days=5))
    assert (
        _snooze(services, f"P{problem_id} 3")
        == f"Reminders for P{problem_id} snoozed by ana until 2026-11-24."
    )
    for _ in range(2):
        assert problem_id not in remind_overdue(services)
        clock.advance(days=1)
    clock.advance(days=1)  # Tuesday 24 Nov
    assert problem_id in remind_overdue(services)
    assert _notes(services, problem_id)[0] == f"Reminders for P{problem_id} snoozed by ana until 2026-11-24."


def test_snooze_defaults_to_a_day_and_speaks_chinese(services: Services) -> None:
    problem_id = _problem(services, date(2026, 11, 1))
    assert _snooze(services, f"P{problem_id}", "zh") == f"P{problem_id} 的提醒已由 ana 推迟到 2026-11-22。"
    with services.sessions() as session:
        assert session.get(Problem, problem_id).snoozed_until.isoformat() == "2026-11-21T16:00:00"


@pytest.mark.parametrize(
    ("args", "key"), [("{ref} 0", "reminder_bad_days"), ("{ref} soon", "reminder_bad_days")]
)
def test_snooze_refuses_bad_days(services: Services, args: str, key: str) -> None:
    problem_id = _problem(services, date(2026, 11, 1))
    with pytest.raises(BotError) as error:
        _snooze(services, args.format(ref=f"P{problem_id}"))
    assert error.value.key == key


def test_snoozing_a_closed_problem_is_refused(services: Services) -> None:
    problem_id = _problem(services, date(2026, 11, 1), "closed")
    with pytest.raises(BotError) as error:
        _snooze(services, f"P{problem_id} 2")
    assert error.value.key == "reminder_snooze_closed"
