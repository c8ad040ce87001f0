"""Scheduled weekly audits: the rotating auditor, the reminder on the day, again while not done."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from adapters.cli.background_wiring import build_jobs
from adapters.settings import Settings
from bot import Services, handle
from bot.audits.schedule import load_schedule, remind_audits
from bot.errors import BotError
from bot.store.db import transaction
from bot.store.models import Area, OutboxMessage
from tests.conftest import FakeClock, message

SCHEDULE = """
L3: {day: sat, auditors: [Qian Bo, Anna Schmidt, Xie Hong]}
tool room: {day: thu, auditors: [Xie Hong], type: 6s, channel: "dingtalk:cidTools=="}
OFFICE: {day: mon, auditors: [Qian Bo]}
"""


@pytest.fixture
def schedule(tmp_path: Path) -> Path:
    path = tmp_path / "audits.yaml"
    path.write_text(SCHEDULE, encoding="utf-8")
    return path


def _posts(services: Services) -> list[OutboxMessage]:
    with services.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.idempotency_key.like("audit-reminder:%"))
        return list(session.scalars(query.order_by(OutboxMessage.id)))


def _give_l3_a_channel(services: Services) -> None:
    with transaction(services.sessions) as session:
        session.execute(update(Area).where(Area.code == "L3").values(channel="slack:C0LINE3"))


def test_due_audits_are_reminded_once_a_day_until_done(
    services: Services, clock: FakeClock, schedule: Path
) -> None:
    _give_l3_a_channel(services)
    rounds = load_schedule(schedule)
    assert remind_audits(services, rounds) == []  # the sample plant audited every area this week
    clock.advance(days=7)
    # Saturday 28 Nov: L3 is due today, the tool room was due on Thursday, the office's channel is unknown.
    assert sorted(remind_audits(services, rounds)) == ["L3", "TOOL"]
    assert remind_audits(services, rounds) == []  # a second run the same day sends nothing
    line, tools = _posts(services)
    assert (line.platform, line.channel, line.kind) == ("slack", "C0LINE3", "post")
    assert "weekly 5S audit of Line 3 is due today; auditor this week: Qian Bo" in line.payload["text"]
    assert "`5s L3`" in line.payload["text"]
    assert (tools.platform, tools.channel) == ("dingtalk", "cidTools==")
    assert (
        "6S audit of Tool room was due 2026-11-26 and is not done yet; auditor: Xie Hong"
        in tools.payload["text"]
    )

    handle(message("6s tool room 4 4 4 4 4 4"), services)
    clock.advance(days=1)  # Sunday: L3 still not done, the tool room is
    assert remind_audits(services, rounds) == ["L3"]
    assert "was due 2026-11-28 and is not done yet" in _posts(services)[-1].payload["text"]
    clock.advance(days=1)  # Monday of the next week: L3 is not due before Saturday
    assert remind_audits(services, rounds) == []


def test_the_reminder_job_is_built_from_the_settings(
    services: Services, clock: FakeClock, schedule: Path
) -> None:
    _give_l3_a_channel(services)
    clock.advance(days=7)
    jobs = build_jobs(Settings(gemba_audit_schedule_file=str(schedule), gemba_timezone="Asia/Shanghai"))
    [job] = [job for job in jobs if job.name == "audit_reminders"]
    assert job.run(services, services.now()) == "reminded 2: ['L3', 'TOOL']"
    assert not [job for job in build_jobs(Settings()) if job.name == "audit_reminders"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("L3: {day: someday, auditors: [A]}", "L3: day must be one of mon"),
        ("L3: {day: mon, auditors: []}", "L3: auditors must be a list of names"),
        ("L3: {day: mon, auditors: [A], channel: C0}", "channel must look like platform:channel"),
        ("L3: [unclosed", "is not valid"),
    ],
)
def test_a_bad_schedule_is_named_with_what_is_wrong(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BotError) as error:
        load_schedule(path)
    assert error.value.key == "audit_schedule_invalid" and str(path) == error.value.params["file"]
    assert problem in str(error.value.params["problem"]) or problem == "is not valid"
