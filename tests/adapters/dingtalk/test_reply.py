"""Replies: the session webhook while valid, otherwise the robot OpenAPI; attachments; tokens."""

from __future__ import annotations

import time

import pytest

from adapters.dingtalk.incoming import parse
from adapters.dingtalk.openapi import DingTalkAPI
from adapters.dingtalk.platform import DingTalkPlatform
from adapters.dingtalk.respond import Responder
from bot.outbox import Target
from bot.services import Services
from bot.types import Image, Reply, Table
from tests.adapters.dingtalk.conftest import GROUP, robot_message
from tests.adapters.dingtalk.fake_dingtalk import ROBOT_CODE, FakeDingTalk
from tests.adapters.processes import wait_until

GROUP_SEND = "/v1.0/robot/groupMessages/send"
USER_SEND = "/v1.0/robot/oToMessages/batchSend"


@pytest.mark.parametrize("group", [True, False], ids=["group", "one-to-one"])
def test_an_expired_session_webhook_means_the_reply_goes_through_the_openapi(
    responder: Responder, dingtalk: FakeDingTalk, group: bool
) -> None:
    payload = robot_message(dingtalk.base_url, "帮助", group=group, session="s-old", session_valid=False)
    assert responder.accept(payload)

    wait_until(lambda: dingtalk.robot_messages(GROUP_SEND if group else USER_SEND))
    assert dingtalk.calls_to("/session/s-old") == []
    if group:
        (sent,) = dingtalk.robot_messages(GROUP_SEND)
        assert (sent["openConversationId"], sent["robotCode"]) == (GROUP, ROBOT_CODE)
        assert sent["msgParam"]["text"].endswith("@王工")  # the OpenAPI cannot @-mention: named instead
    else:
        (sent,) = dingtalk.robot_messages(USER_SEND)
        assert sent["userIds"] == ["u-wang"]
    assert sent["msgKey"] == "sampleMarkdown" and "Gemba 能做什么" in sent["msgParam"]["text"]
    token = dingtalk.calls_to("/v1.0/oauth2/accessToken")[0]
    assert token.body == {"appKey": "ding-app-key", "appSecret": "ding-app-secret"}


def test_a_session_webhook_that_refuses_falls_back_to_the_openapi(
    responder: Responder, dingtalk: FakeDingTalk
) -> None:
    dingtalk.expired_sessions.add("s-refused")
    responder.accept(robot_message(dingtalk.base_url, "help", session="s-refused"))

    wait_until(lambda: dingtalk.robot_messages(GROUP_SEND))
    assert len(dingtalk.calls_to("/session/s-refused")) == 1
    (sent,) = dingtalk.robot_messages(GROUP_SEND)
    assert "what I can do" in sent["msgParam"]["text"]


def test_a_redelivered_message_is_not_answered_again_even_after_a_restart(
    services: Services, responder: Responder, dingtalk: FakeDingTalk
) -> None:
    payload = robot_message(dingtalk.base_url, "安灯 L1 缺料", msg_id="msg-restart")
    assert responder.accept(payload)
    wait_until(lambda: dingtalk.calls_to("/session/s-1"))
    assert not Responder(services).accept(payload)  # a new process: the store remembers
    time.sleep(0.5)  # time enough for a second answer to show
    assert len(dingtalk.calls_to("/session/s-1")) == 1


def test_long_tables_and_charts_follow_the_text_as_a_file_and_a_picture(
    api: DingTalkAPI, dingtalk: FakeDingTalk
) -> None:
    rows: list[list[object]] = [[f"WD-{i:02d}", i] for i in range(40)]
    reply = Reply(
        "停机最多的工位",
        language="zh",
        title="停机排名",
        table=Table(["工位", "次数"], rows),
        image=Image(b"\x89PNG fake", "停机趋势"),
    )
    DingTalkPlatform(api).post(Target("ding-corp", GROUP), reply, idempotency_key="k1")

    markdown, csv_file, picture = dingtalk.robot_messages(GROUP_SEND)
    assert "WD-14" in markdown["msgParam"]["text"] and "WD-15" not in markdown["msgParam"]["text"]
    assert "完整的 40 行" in markdown["msgParam"]["text"]
    assert csv_file["msgKey"] == "sampleFile" and csv_file["msgParam"]["fileName"] == "停机排名.csv"
    assert picture["msgKey"] == "sampleImageMsg" and picture["msgParam"]["photoURL"].startswith("@media-")
    uploads = dingtalk.calls_to("/media/upload")
    assert [u.query["type"] for u in uploads] == ["file", "image"]
    assert len(dingtalk.calls_to("/v1.0/oauth2/accessToken")) == 1, "the token is fetched once and reused"


def test_a_group_message_becomes_a_neutral_message() -> None:
    incoming = parse(robot_message("http://x", "  安灯 L3 缺料"))
    m = incoming.message
    assert (m.platform, m.channel, m.user, m.user_name, m.workspace) == (
        "dingtalk",
        GROUP,
        "u-wang",
        "王工",
        "ding-corp",
    )
    assert m.text == "安灯 L3 缺料" and m.language == "zh" and incoming.is_group


def test_board_login_in_a_group_is_sent_to_its_asker_alone(
    responder: Responder, dingtalk: FakeDingTalk, services: Services
) -> None:
    services.web_url = "http://board.test"
    assert responder.accept(robot_message(dingtalk.base_url, "看板登录", session="s-login"))

    wait_until(lambda: dingtalk.robot_messages(USER_SEND))
    (sent,) = dingtalk.robot_messages(USER_SEND)
    assert sent["userIds"] == ["u-wang"] and "http://board.test/login/" in sent["msgParam"]["text"]
    assert dingtalk.robot_messages(GROUP_SEND) == [] and dingtalk.calls_to("/session/s-login") == []
