"""Tier meetings from chat, in English and Chinese, through `bot.handle` on the sample plant."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import handle
from bot.services import Services
from bot.store.models import Event, Problem
from bot.tier.models import TierAttendance, TierConcern, TierMeeting
from bot.types import Reply
from tests.conftest import FakeClock, message


def _say(services: Services, text: str, user: str = "ana") -> Reply:
    reply = handle(message(text, user=user), services)
    assert reply is not None
    return reply


def _fields(reply: Reply) -> dict[str, str]:
    return dict(reply.fields)


def test_a_board_on_demand_shows_yesterday_open_work_and_the_safety_topic(services: Services) -> None:
    board = _say(services, "tier L3")
    with services.sessions() as session:
        meeting = session.scalars(select(TierMeeting).order_by(TierMeeting.id.desc())).first()
        assert meeting is not None and meeting.kind == "on_demand" and meeting.called_by == "ana"
        assert str(meeting.meeting_date) == "2026-11-21" and str(meeting.figures_date) == "2026-11-20"
        assert meeting.planned_qty and meeting.output_qty is not None
    ref = f"T{meeting.id}"
    assert board.text == f"📋 Tier 1 · Line 3 · 2026-11-21 ({ref})"
    fields = _fields(board)
    yesterday = fields["Yesterday (2026-11-20)"]
    assert f"Output {meeting.output_qty} / plan {meeting.planned_qty} pcs" in yesterday
    assert f"Andon calls {meeting.andon_calls}" in yesterday and "Downtime" in yesterday
    assert f"Overdue actions ({meeting.overdue_problems})" in fields
    assert fields["Safety topic of the day"] == f"🦺 {meeting.safety_topic}"
    assert [(b.label, b.command) for b in board.buttons] == [
        ("✅ Acknowledge", f"tier ok {ref}"),
        ("➕ Raise an item", f"tier item {ref}"),
    ]


def test_acknowledge_once_per_person_raise_items_and_read_the_minutes(
    services: Services, clock: FakeClock
) -> None:
    board = _say(services, "tier L3")
    ref = board.buttons[0].command.split()[-1]
    assert _say(services, f"tier ok {ref}").text == f"✅ ana acknowledged tier meeting {ref} (1 so far)."
    clock.advance(minutes=2)
    again = _say(services, f"tier ok {ref}")
    assert again.text == f"ana already acknowledged tier meeting {ref} at 10:00."
    assert _say(services, f"tier ok {ref}", user="bo").text.endswith("(2 so far).")
    asked = _say(services, board.buttons[1].command)  # the button alone asks what the item is
    assert f"tier item {ref} <text>" in asked.text
    item = _say(services, f"tier item {ref} gloves size L out of stock", user="bo")
    assert item.text == f"Item 1 added to tier meeting {ref}: gloves size L out of stock."
    made = _say(services, f"tier item {ref} problem oil leak under press 2")
    assert made.text.startswith(
        f"Item 2 added to tier meeting {ref}: oil leak under press 2. It is now problem P"
    )
    minutes = _say(services, "tier minutes L3")
    assert minutes.text.startswith(f"🗒 Minutes of tier meeting {ref} · Line 3 · 2026-11-21")
    fields = _fields(minutes)
    assert fields["Acknowledged (2)"] == "ana (10:00), bo (10:02)"
    problem_ref = made.text.rsplit(" ", 1)[-1].rstrip(".")
    assert fields["Items raised (2)"] == (
        f"1. gloves size L out of stock — bo\n2. oil leak under press 2 — ana → {problem_ref}"
    )
    with services.sessions() as session:
        meeting = session.get(TierMeeting, int(ref[1:]))
        assert meeting is not None and (meeting.ack_count, meeting.concern_count) == (2, 2)
        assert (
            session.scalar(
                select(func.count())
                .select_from(TierAttendance)
                .where(TierAttendance.meeting_id == meeting.id)
            )
            == 2
        )
        problem = session.get(Problem, int(problem_ref[1:]))
        assert problem is not None and problem.line_id == meeting.line_id and problem.reporter == "ana"
        actions = session.scalars(
            select(Event.action)
            .where(Event.record_kind == "tiermeeting", Event.record_id == meeting.id)
            .order_by(Event.id)
        ).all()
        assert actions == ["hold", "acknowledge", "acknowledge", "raise_item", "raise_item"]


def test_the_same_in_chinese(services: Services) -> None:
    board = _say(services, "早会 3号线")
    assert board.language == "zh" and board.text.startswith("📋 班组早会 · 3号线 · 2026-11-21（T")
    assert "昨日（2026-11-20）" in _fields(board) and "今日安全话题" in _fields(board)
    ref = board.buttons[0].command.split()[-1]
    assert [b.command for b in board.buttons] == [f"早会 确认 {ref}", f"早会 事项 {ref}"]
    assert (
        _say(services, board.buttons[0].command, user="李娜").text
        == f"✅ 李娜 已确认早会 {ref}（目前 1 人）。"
    )
    assert "无需重复确认" in _say(services, f"早会 确认{ref}", user="李娜").text  # written without a space
    item = _say(services, f"早会 事项 {ref} 问题 3号工位漏气", user="王伟")
    assert item.text.startswith(f"已在早会 {ref} 记录第 1 个事项：3号工位漏气。已转为问题 P")
    minutes = _say(services, "早会纪要 3号线")
    assert minutes.text.startswith(f"🗒 早会纪要 {ref} · 3号线 · 2026-11-21")
    assert _fields(minutes)["已确认（1 人）"].startswith("李娜 (")
    assert _fields(minutes)["提出的事项（1）"].startswith("1. 3号工位漏气 — 王伟 → P")


def test_mistakes_are_named(services: Services) -> None:
    assert _say(services, "tier ok T99999").text == "There is no tier meeting T99999."
    assert "is not a tier meeting number" in _say(services, "tier ok A17").text
    assert "There is no line *L42*" in _say(services, "tier L42").text
    assert _say(services, "tier").text.startswith("Usage: `tier <line>`")
    with services.sessions() as session:
        assert (
            session.scalar(select(func.count()).select_from(TierConcern).where(TierConcern.meeting_id > 108))
            == 0
        )


def test_questions_about_meetings_are_not_commands() -> None:
    from bot.route import find_command

    assert find_command("tier meetings by line last week")[0] is None
    assert find_command("早会有多少个事项")[0] is None
    command, args = find_command("早会纪要 3号线")
    assert command is not None and command.name == "tier-minutes" and args == "3号线"
