"""Escalation of unacknowledged andon calls: levels at the right minutes, stopped by an
acknowledgement, paused outside working hours, targets from the matrix file."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import Services, handle
from bot.errors import BotError
from bot.escalation import escalate_due
from bot.ladder import DEFAULT_LADDER, Matrix, WorkingHours, load_matrix
from bot.store.models import AndonCall, Event, OutboxMessage
from tests.conftest import PLANT_TZ, FakeClock, message

ALWAYS = WorkingHours.parse("")


def _raise(services: Services, text: str = "andon L3 WD-03 material shortage at feeder") -> int:
    handle(message(text), services)
    with services.sessions() as session:
        return session.scalars(select(AndonCall.id).order_by(AndonCall.id.desc())).first()


def _level_after(services: Services, clock: FakeClock, call_id: int, minutes: float, **kw: object) -> int:
    clock.now = _raised_at(services, call_id) + timedelta(minutes=minutes)
    escalate_due(services, kw.get("matrix", Matrix()), kw.get("hours", ALWAYS))  # type: ignore[arg-type]
    with services.sessions() as session:
        return session.get(AndonCall, call_id).escalation_level


def _raised_at(services: Services, call_id: int) -> datetime:
    with services.sessions() as session:
        from datetime import UTC

        return session.get(AndonCall, call_id).raised_at.replace(tzinfo=UTC)


def test_levels_fire_at_5_15_and_30_minutes_unacknowledged(services: Services, clock: FakeClock) -> None:
    call_id = _raise(services)
    levels = [_level_after(services, clock, call_id, m) for m in (4.9, 5, 14, 15, 29.5, 30, 120)]
    assert levels == [0, 1, 1, 2, 2, 3, 3]
    with services.sessions() as session:
        events = session.scalars(
            select(Event).where(Event.record_id == call_id, Event.action == "escalate").order_by(Event.id)
        ).all()
        assert [(e.actor, e.detail) for e in events] == [
            ("gemba", "level 1: team lead"),
            ("gemba", "level 2: supervisor"),
            ("gemba", "level 3: plant manager"),
        ]
        keys = session.scalars(
            select(OutboxMessage.idempotency_key)
            .where(OutboxMessage.record_id == call_id)
            .order_by(OutboxMessage.id)
        ).all()
    assert keys == [
        f"andon:{call_id}:card",
        *(f"andon:{call_id}:escalate-{n}:{part}" for n in (1, 2, 3) for part in ("update", "note")),
    ]


def test_the_card_and_thread_show_the_escalation(services: Services, clock: FakeClock) -> None:
    call_id = _raise(services)
    _level_after(services, clock, call_id, 15)
    with services.sessions() as session:
        update, note = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.idempotency_key.like(f"andon:{call_id}:escalate-2:%"))
            .order_by(OutboxMessage.id)
        ).all()
    assert ["Escalation", "level 2"] in update.payload["fields"]
    assert note.payload["text"] == "⏫ Not acknowledged after 15 min: escalated to level 2 (supervisor)."


def test_acknowledging_stops_the_climb(services: Services, clock: FakeClock) -> None:
    call_id = _raise(services)
    assert _level_after(services, clock, call_id, 6) == 1
    handle(message(f"ack A{call_id}", user="lead"), services)
    assert [_level_after(services, clock, call_id, m) for m in (15, 30, 90)] == [1, 1, 1]


def test_nothing_escalates_outside_working_hours(services: Services, clock: FakeClock) -> None:
    hours = WorkingHours.parse("Mon-Fri 06:00-22:00")
    call_id = _raise(services)  # Saturday 10:00: the plant is not working
    assert _level_after(services, clock, call_id, 120, hours=hours) == 0
    monday_6 = datetime(2026, 11, 23, 6, 0, tzinfo=PLANT_TZ)
    waited = (monday_6 - _raised_at(services, call_id)).total_seconds() / 60
    assert _level_after(services, clock, call_id, waited + 4.9, hours=hours) == 0
    assert _level_after(services, clock, call_id, waited + 5, hours=hours) == 1
    assert _level_after(services, clock, call_id, waited + 15, hours=hours) == 2


def test_only_working_minutes_count_across_the_end_of_a_shift() -> None:
    hours = WorkingHours.parse("Mon-Fri 06:00-22:00; Sat 06:00-14:00")
    start = datetime(2026, 11, 20, 13, 57)  # Fri 21:57 in Shanghai: 3 minutes before closing
    end = start + timedelta(hours=8, minutes=6)  # Sat 06:03: 3 more minutes
    assert hours.working_seconds(start, end, PLANT_TZ) == 6 * 60


@pytest.mark.parametrize(
    ("text", "windows"),
    [
        ("Mon-Fri 06:00-22:00", 5),
        ("Sat-Mon 22:00-06:00", 3),
        ("mon,wed,fri 08:00-17:00; sat 08:00-12:00", 4),
        ("always", 7),
    ],
)
def test_working_hours_are_read(text: str, windows: int) -> None:
    assert len(WorkingHours.parse(text).windows) == windows


def test_a_night_window_counts_past_midnight() -> None:
    hours = WorkingHours.parse("Mon-Sun 22:00-06:00")
    tz = PLANT_TZ
    start = datetime(2026, 11, 20, 15, 0)  # 23:00 local
    assert hours.working_seconds(start, start + timedelta(hours=10), tz) == 7 * 3600  # 23:00 to 06:00


@pytest.mark.parametrize("text", ["Mon-Fri", "Mon-Fri 25:00-26:00", "Funday 06:00-22:00"])
def test_bad_working_hours_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        WorkingHours.parse(text)


MATRIX = """
default:
  - {after: 5, role: team lead, notify: "console:team-leads"}
  - {after: 15, role: {en: supervisor, zh: 主管}, notify: "slack:C0SUPERVISORS", workspace: T1}
rules:
  - match: {category: safety}
    levels:
      - {after: 1, role: safety officer, notify: "dingtalk:cidSafety", language: zh}
  - match: {line: [L1, L2]}
    levels:
      - {after: 10, role: area lead}
"""


def test_the_matrix_file_picks_the_ladder_and_posts_to_each_levels_channel(
    services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "escalation.yaml"
    path.write_text(MATRIX, encoding="utf-8")
    matrix = load_matrix(path)
    material = _raise(services)
    safety = _raise(services, "andon L3 WD-03 oil spill near the press")
    on_line_1 = _raise(services, "andon L1 material shortage")
    assert _level_after(services, clock, safety, 1, matrix=matrix) == 1
    assert _level_after(services, clock, on_line_1, 9, matrix=matrix) == 0
    assert _level_after(services, clock, material, 20, matrix=matrix) == 2
    assert _level_after(services, clock, safety, 60, matrix=matrix) == 1  # its ladder has one level
    with services.sessions() as session:
        posts = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "post").order_by(OutboxMessage.id)
        ).all()
    sent = [(p.platform, p.workspace, p.channel, p.payload["language"]) for p in posts]
    assert sent == [
        ("dingtalk", "", "cidSafety", "zh"),
        ("console", "", "team-leads", "en"),
        ("slack", "T1", "C0SUPERVISORS", "en"),
    ]
    assert posts[0].payload["text"].startswith(f"⏫ 安灯 A{safety} · 3号线 › WD-03 需要safety officer处理")
    assert f"ack A{material}" in [b["command"] for b in posts[2].payload["buttons"]]


def test_a_second_run_at_the_same_moment_escalates_nothing_more(services: Services, clock: FakeClock) -> None:
    call_id = _raise(services)
    clock.now = _raised_at(services, call_id) + timedelta(minutes=16)
    first = [e for e in escalate_due(services, Matrix(), ALWAYS) if e[0] == call_id]
    again = [e for e in escalate_due(services, Matrix(), ALWAYS) if e[0] == call_id]
    assert (first, again) == ([(call_id, 1), (call_id, 2)], [])


def test_no_file_means_the_built_in_ladder_and_a_broken_file_is_named(tmp_path: Path) -> None:
    assert load_matrix("").default == DEFAULT_LADDER
    broken = tmp_path / "bad.yaml"
    broken.write_text("rules:\n  - match: {shift: night}\n    levels: []\n", encoding="utf-8")
    with pytest.raises(BotError) as error:
        load_matrix(broken)
    assert error.value.key == "escalation_bad_matrix" and "shift" in str(error.value.params["why"])
