"""A tier meeting in DingTalk, end to end: the scheduled board (班组早会看板) posted to the line's
group with its links, then a tap on ✅ 确认 (the link sends `早会 确认 T…`) and a concern raised."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from sqlalchemy import select

from adapters.dingtalk.respond import Responder
from bot.digest import parse_channels
from bot.services import Services
from bot.tier.models import TierConcern, TierMeeting
from bot.tier.post import post_boards
from tests.adapters.dingtalk.conftest import GROUP, robot_message
from tests.adapters.dingtalk.fake_dingtalk import FakeDingTalk
from tests.adapters.processes import wait_until

GROUP_SEND = "/v1.0/robot/groupMessages/send"


def test_the_board_goes_to_the_group_and_a_tap_acknowledges(
    services: Services, responder: Responder, dingtalk: FakeDingTalk
) -> None:
    fire = datetime(2026, 11, 20, 23, 45)  # Saturday 07:45 in the plant
    assert post_boards(services, parse_channels(f"dingtalk:{GROUP}:zh:L3"), fire)
    wait_until(lambda: dingtalk.robot_messages(GROUP_SEND))
    [board] = dingtalk.robot_messages(GROUP_SEND)
    with services.sessions() as session:
        meeting = session.scalars(select(TierMeeting).where(TierMeeting.scheduled_for == fire)).one()
    ref = f"T{meeting.id}"
    text = board["msgParam"]["text"]
    assert board["openConversationId"] == GROUP
    assert text.startswith(f"📋 班组早会 · 3号线 · 2026-11-21（{ref}）")
    assert "**昨日（2026-11-20）**：" in text and f"产量 {meeting.output_qty} / 计划" in text
    assert "**逾期措施" in text and meeting.safety_topic_zh in text
    assert f"content={quote(f'早会 确认 {ref}', safe='')}" in text  # the ✅ 确认 link
    assert f"content={quote(f'早会 事项 {ref}', safe='')}" in text

    assert responder.accept(robot_message(dingtalk.base_url, f"早会 确认 {ref}", session="s-ok"))
    wait_until(lambda: dingtalk.calls_to("/session/s-ok"))
    [answer] = dingtalk.calls_to("/session/s-ok")
    assert f"王工 已确认早会 {ref}（目前 1 人）" in str(answer.body)

    assert responder.accept(
        robot_message(dingtalk.base_url, f"早会 事项 {ref} 叉车喇叭不响", session="s-item")
    )
    wait_until(lambda: dingtalk.calls_to("/session/s-item"))
    assert f"已在早会 {ref} 记录第 1 个事项：叉车喇叭不响" in str(
        dingtalk.calls_to("/session/s-item")[0].body
    )
    with services.sessions() as session:
        [concern] = session.scalars(select(TierConcern).where(TierConcern.meeting_id == meeting.id)).all()
        assert (concern.text, concern.raised_by) == ("叉车喇叭不响", "王工")
