"""Stream mode end to end: a local DingTalk sends frames over a real websocket, Gemba answers
through the session webhook and the robot OpenAPI."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from sqlalchemy import func, select

from adapters.dingtalk.stream import StreamClient
from bot.services import Services
from bot.store.models import AndonCall
from tests.adapters.dingtalk.conftest import GROUP, robot_message
from tests.adapters.dingtalk.fake_dingtalk import ROBOT_CODE, FakeDingTalk
from tests.adapters.processes import wait_until

GROUP_SEND = "/v1.0/robot/groupMessages/send"
ACTION = re.compile(r"\[([^\]]+)\]\(dtmd://dingtalkclient/sendMessage\?content=([^)]+)\)")


def _andon_calls(services: Services) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(AndonCall)) or 0


def _last_andon(services: Services) -> AndonCall:
    with services.sessions() as session:
        call = session.scalars(select(AndonCall).order_by(AndonCall.id.desc()).limit(1)).one()
        session.expunge(call)
        return call


def _acked(dingtalk: FakeDingTalk, frame_id: str) -> dict[str, object]:
    return wait_until(lambda: next((a for a in dingtalk.acks if a["headers"]["messageId"] == frame_id), None))


def test_group_message_is_answered_through_the_session_webhook_mentioning_the_sender(
    dingtalk: FakeDingTalk, start_stream: Callable[..., StreamClient]
) -> None:
    start_stream()
    frame_id = dingtalk.send_callback(robot_message(dingtalk.base_url, "帮助", session="s-help"))

    ack = _acked(dingtalk, frame_id)
    assert ack["code"] == 200 and ack["data"] == '{"response": null}'
    reply = wait_until(lambda: dingtalk.calls_to("/session/s-help"))[0].body
    assert reply["msgtype"] == "markdown"
    assert reply["at"]["atUserIds"] == ["u-wang"]
    assert reply["markdown"]["text"].endswith("@u-wang")
    assert "Gemba 能做什么" in reply["markdown"]["text"], "a Chinese message gets a Chinese answer"
    register = dingtalk.calls_to("/v1.0/gateway/connections/open")[0].body
    assert register["subscriptions"] == [{"type": "CALLBACK", "topic": "/v1.0/im/bot/messages/get"}]


def test_an_andon_call_is_raised_announced_with_action_links_and_acknowledged_with_one_tap(
    dingtalk: FakeDingTalk, services: Services, start_stream: Callable[..., StreamClient]
) -> None:
    start_stream()
    before = _andon_calls(services)
    dingtalk.send_callback(robot_message(dingtalk.base_url, "安灯 L3 WD-03 缺料", msg_id="msg-andon"))

    raised = wait_until(lambda: dingtalk.calls_to("/session/s-1"))[0].body["markdown"]["text"]
    card = wait_until(lambda: dingtalk.robot_messages(GROUP_SEND))[0]
    call = _last_andon(services)
    assert _andon_calls(services) == before + 1
    assert (call.status, call.platform, call.channel, call.workspace) == (
        "raised",
        "dingtalk",
        GROUP,
        "ding-corp",
    )
    assert call.raised_by == "王工" and call.language == "zh"
    assert f"安灯 A{call.id}" in raised and raised.endswith("@u-wang")
    assert (card["robotCode"], card["openConversationId"], card["msgKey"]) == (
        ROBOT_CODE,
        GROUP,
        "sampleMarkdown",
    )
    links = dict(ACTION.findall(card["msgParam"]["text"]))
    assert {label: unquote(content) for label, content in links.items()} == {
        "确认": f"确认 A{call.id}",
        "解决": f"解决 A{call.id}",
        "升级": f"升级 A{call.id} level:1",  # the level the card shows: a second tap does not climb
    }

    # 李工 taps 确认: DingTalk sends the link's content to the robot as his message.
    tapped = unquote(links["确认"])
    dingtalk.send_callback(
        robot_message(
            dingtalk.base_url, tapped, msg_id="msg-ack", staff_id="u-li", nick="李工", session="s-2"
        )
    )
    acked = wait_until(lambda: dingtalk.calls_to("/session/s-2"))[0].body
    assert f"安灯 A{call.id} 已由 李工" in acked["markdown"]["text"] and acked["at"]["atUserIds"] == ["u-li"]
    wait_until(lambda: len(dingtalk.calls_to(GROUP_SEND)) >= 3)  # the card again, then the note
    call = _last_andon(services)
    assert (call.status, call.acknowledged_by) == ("acknowledged", "李工")
    updated_card, note = dingtalk.robot_messages(GROUP_SEND)[1:3]
    assert "确认" not in dict(ACTION.findall(updated_card["msgParam"]["text"])), "acknowledged: no 确认 link"
    assert "解决" in dict(ACTION.findall(updated_card["msgParam"]["text"]))
    assert f"安灯 A{call.id} 已由 李工" in note["msgParam"]["text"]
    assert all(ack["code"] == 200 for ack in dingtalk.acks)
    print(traffic(dingtalk))  # the recorded exchange, for the closing note (pytest -s)


def test_the_same_message_delivered_twice_makes_one_record(
    dingtalk: FakeDingTalk, services: Services, start_stream: Callable[..., StreamClient]
) -> None:
    start_stream()
    before = _andon_calls(services)
    payload = robot_message(dingtalk.base_url, "安灯 L2 质量问题 毛刺", msg_id="msg-twice")
    first, second = dingtalk.send_callback(payload), dingtalk.send_callback(payload)

    _acked(dingtalk, first), _acked(dingtalk, second)
    wait_until(lambda: dingtalk.calls_to("/session/s-1"))
    dingtalk.send_callback(robot_message(dingtalk.base_url, "状态", msg_id="msg-after", session="s-after"))
    wait_until(lambda: dingtalk.calls_to("/session/s-after"))  # answered in order: the duplicate is done
    assert _andon_calls(services) == before + 1
    assert len(dingtalk.calls_to("/session/s-1")) == 1


def test_a_ping_is_acknowledged_with_its_opaque(
    dingtalk: FakeDingTalk, start_stream: Callable[..., StreamClient]
) -> None:
    start_stream()
    opaque = dingtalk.ping()
    ack = wait_until(lambda: next((a for a in dingtalk.acks if opaque in a["data"]), None))
    assert ack["code"] == 200 and ack["headers"]["messageId"].startswith("ping-")


def test_on_disconnect_the_client_moves_to_a_new_ticket_and_keeps_answering(
    dingtalk: FakeDingTalk, start_stream: Callable[..., StreamClient]
) -> None:
    client = start_stream()
    dingtalk.disconnect()

    wait_until(lambda: len(dingtalk.used_tickets) == 2)
    assert dingtalk.used_tickets[0] != dingtalk.used_tickets[1]
    assert len(dingtalk.calls_to("/v1.0/gateway/connections/open")) == 2
    dingtalk.send_callback(robot_message(dingtalk.base_url, "帮助", session="s-moved"))
    wait_until(lambda: dingtalk.calls_to("/session/s-moved"))
    wait_until(lambda: dingtalk.open_connections == 1)  # the old connection was let go
    assert client.stats.disconnects == 1 and len(client.stats.gaps) == 1


def test_a_silent_connection_is_replaced_by_the_watchdog(
    dingtalk: FakeDingTalk, start_stream: Callable[..., StreamClient]
) -> None:
    client = start_stream(idle_s=0.3)
    dingtalk.go_silent()

    wait_until(lambda: len(dingtalk.used_tickets) == 2)
    assert client.stats.watchdog_reconnects == 1
    dingtalk.send_callback(robot_message(dingtalk.base_url, "help", session="s-watchdog"))
    text = wait_until(lambda: dingtalk.calls_to("/session/s-watchdog"))[0].body["markdown"]["text"]
    assert "what I can do" in text, "an English message gets an English answer"


def traffic(dingtalk: FakeDingTalk) -> str:
    """The recorded exchange in order: frames sent, acks received, API requests; key fields only."""
    lines = []
    for kind, item in dingtalk.timeline:
        if kind == "frame":
            data = json.loads(item["data"])
            lines.append(
                f"WS → {item['type']} {item['headers']['topic']} messageId={item['headers']['messageId']} "
                f"msgId={data['msgId']} sender={data['senderStaffId']} text={data['text']['content']!r}"
            )
        elif kind == "ack":
            lines.append(
                f"WS ← ACK messageId={item['headers']['messageId']} code={item['code']} data={item['data']}"
            )
        else:
            lines.append(f"POST {item.path}  {_key_fields(item.body, item.path)}")
    return "\n".join(lines)


def _key_fields(body: Any, path: str) -> str:
    if path.endswith("/connections/open"):
        return f"clientId={body['clientId']} subscriptions={body['subscriptions']}"
    if path.endswith("/accessToken"):
        return f"appKey={body['appKey']}"
    if path.startswith("/session/"):
        return f"msgtype={body['msgtype']} at={body['at']} markdown.text={body['markdown']['text']!r}"
    return (
        f"robotCode={body['robotCode']} openConversationId={body.get('openConversationId')} "
        f"msgKey={body['msgKey']} msgParam={body['msgParam']}"
    )
