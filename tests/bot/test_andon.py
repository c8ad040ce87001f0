"""Andon calls from chat: raise, acknowledge, resolve, cancel, escalate, in English and Chinese."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from bot import Services, handle
from bot.store import lifecycle
from bot.store.models import AndonCall, Event, OutboxMessage
from tests.conftest import message


def _last_call(services: Services) -> AndonCall:
    with services.sessions() as session:
        query = select(AndonCall).options(joinedload(AndonCall.line), joinedload(AndonCall.station))
        return session.scalars(query.order_by(AndonCall.id.desc())).first()


def _raise(services: Services, text: str = "andon L3 WD-03 material shortage at feeder") -> AndonCall:
    reply = handle(message(text), services)
    assert reply is not None
    call = _last_call(services)
    assert f"A{call.id}" in reply.text
    return call


@pytest.mark.parametrize(
    ("text", "line", "station", "category", "language"),
    [
        ("andon L3 WD-03 material shortage at feeder", "L3", "WD-03", "material", "en"),
        ("andon line 3 wd3 robot fault", "L3", "WD-03", "equipment", "en"),
        ("/andon L1 guard open on press", "L1", None, "safety", "en"),
        ("安灯 3号线 WD-03 缺料", "L3", "WD-03", "material", "zh"),
        ("拉灯 L5 质量问题 毛刺", "L5", None, "quality", "zh"),
        ("安灯三号线 设备故障", "L3", None, "equipment", "zh"),
    ],
)
def test_raising_a_call_records_it_and_announces_its_card(
    services: Services, text: str, line: str, station: str | None, category: str, language: str
) -> None:
    reply = handle(message(text), services)
    call = _last_call(services)
    assert (call.line.code, call.station.code if call.station else None) == (line, station)
    assert (call.category, call.status, call.raised_by, call.language) == (
        category,
        "raised",
        "ana",
        language,
    )
    assert reply is not None and reply.language == language
    assert ("已拉下" if language == "zh" else "raised") in reply.text
    with services.sessions() as session:
        card = session.scalars(select(OutboxMessage).where(OutboxMessage.record_id == call.id)).one()
        assert (card.kind, card.channel, card.status) == ("card", "line-3", "pending")
        assert [b["command"] for b in card.payload["buttons"]] == [
            f"ack A{call.id}",
            f"resolve A{call.id}",
            f"escalate A{call.id} level:1",
        ]
        assert session.scalar(select(Event.action).where(Event.record_id == call.id)) == "raise"


def test_full_lifecycle_stamps_each_change_with_actor_and_time(services: Services, clock) -> None:
    call = _raise(services)
    clock.advance(minutes=3)
    assert "acknowledged by bob" in handle(message(f"ack A{call.id}", user="bob"), services).text
    clock.advance(minutes=12)
    reply = handle(message(f"resolve {call.id} refilled the kanban", user="carol"), services)
    assert "resolved by carol" in reply.text
    call = _last_call(services)
    assert call.status == "resolved"
    assert (call.acknowledged_by, call.resolved_by, call.resolution_note) == (
        "bob",
        "carol",
        "refilled the kanban",
    )
    assert (call.acknowledged_at - call.raised_at).total_seconds() == 180
    assert (call.resolved_at - call.raised_at).total_seconds() == 900
    with services.sessions() as session:
        actions = session.scalars(
            select(Event.action)
            .where(Event.record_kind == "andon", Event.record_id == call.id)
            .order_by(Event.id)
        ).all()
        kinds = session.scalars(
            select(OutboxMessage.kind)
            .where(OutboxMessage.record_id == call.id, OutboxMessage.record_kind == "andon")
            .order_by(OutboxMessage.id)
        ).all()
    assert actions == ["raise", "acknowledge", "resolve"]
    assert kinds == ["card", "card_update", "note", "card_update", "note"]


def test_chinese_commands_reply_in_chinese(services: Services) -> None:
    call = _raise(services, "安灯 L3 缺料")
    assert "已由 bob" in handle(message(f"确认 {call.id}", user="bob"), services).text
    assert "升级到第 1 级" in handle(message(f"升级 A{call.id}"), services).text
    assert "解决" in handle(message(f"解决 {call.id} 已补料"), services).text
    assert _last_call(services).status == "resolved"


def test_cancel_and_escalate(services: Services) -> None:
    call = _raise(services)
    handle(message(f"escalate {call.id}"), services)
    handle(message(f"escalate {call.id}"), services)
    assert _last_call(services).escalation_level == 2
    assert "cancelled" in handle(message(f"cancel A{call.id}"), services).text
    assert _last_call(services).status == "cancelled"


# Every (action, state) pair: legal ones change the state, illegal ones say why and change nothing.
STATES = ("raised", "acknowledged", "resolved", "cancelled")
COMMAND_OF = {"acknowledge": "ack", "resolve": "resolve", "cancel": "cancel", "escalate": "escalate"}
REACH = {"raised": [], "acknowledged": ["ack"], "resolved": ["resolve"], "cancelled": ["cancel"]}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", sorted(lifecycle.ANDON))
def test_every_transition(services: Services, state: str, action: str) -> None:
    call = _raise(services)
    for command in REACH[state]:
        handle(message(f"{command} {call.id}"), services)
    assert _last_call(services).status == state
    reply = handle(message(f"{COMMAND_OF[action]} {call.id}"), services)
    after = _last_call(services)
    if state in lifecycle.ANDON[action].sources:
        assert after.status == (lifecycle.ANDON[action].to or state)
    else:
        assert after.status == state
        done = {"acknowledged": "acknowledge", "resolved": "resolve", "cancelled": "cancel"}[state]
        if done == action:
            assert f"Andon A{call.id} was already {state} by ana at 10:00." in reply.text
        else:
            assert f"Andon A{call.id} was {state} by ana at 10:00; it cannot be" in reply.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("andon", "Which line? Valid lines: L1 (Line 1), L2 (Line 2), L3 (Line 3)"),
        ("andon L9 material", "There is no line *L9*. Valid lines: L1 (Line 1)"),
        ("andon L3", "What is the reason?"),
        ("andon L3 WD-99 broken", "Line L3 has no station *WD-99*. Its stations: WD-01"),
        ("ack", "is not an andon call number"),
        ("ack P4", "*P4* is not an andon call number"),
        ("ack 999999", "There is no andon call A999999."),
        ("安灯 9号线 缺料", "没有产线 *9号线*。可用产线："),
        ("确认 999999", "没有安灯呼叫 A999999。"),
    ],
)
def test_bad_andon_input_gets_a_clear_answer_and_records_nothing(
    services: Services, text: str, expected: str
) -> None:
    with services.sessions() as session:
        before = session.scalar(select(func.count()).select_from(AndonCall))
    reply = handle(message(text), services)
    assert expected in reply.text
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AndonCall)) == before


def test_resolving_a_cancelled_call_is_refused_in_chinese_too(services: Services) -> None:
    call = _raise(services)
    handle(message(f"cancel {call.id}"), services)
    reply = handle(message(f"解决 {call.id}"), services)
    assert f"安灯 A{call.id} 已由 ana 于 10:00 取消，不能解决。" in reply.text
