"""End to end on the platforms: Slack over signed HTTP with the recorded Web API, DingTalk
through its fake server; what people see is what is asserted."""

from __future__ import annotations

import urllib.parse

from sqlalchemy import inspect, text

from adapters.dingtalk.respond import Responder
from bot.services import Services
from tests.adapters.dingtalk.conftest import api, dingtalk, responder, robot_message  # noqa: F401
from tests.adapters.dingtalk.fake_dingtalk import FakeDingTalk
from tests.adapters.processes import wait_until
from tests.adapters.slack.conftest import (  # noqa: F401
    CHANNEL,
    SlackSide,
    bot,
    click,
    command_body,
    deliver,
    slack,
    slack_api,
)
from tests.adapters.slack.mock_slack import MockSlackApi

GROUP_SEND = "/v1.0/robot/groupMessages/send"


def _buttons(blocks: list[dict]) -> dict[str, str]:
    return {e["text"]["text"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]}


def test_slack_a_report_by_slash_command_alerts_the_channel_and_the_owner_closes_it(
    slack: SlackSide,  # noqa: F811
    slack_api: MockSlackApi,  # noqa: F811
    deliver,  # noqa: F811
) -> None:
    body = command_body(
        "/gemba", "safety L3 forklift nearly hit a walker severity:high", api=slack_api, trigger="trig-s1"
    )
    assert slack.command(body).status_code == 200
    assert deliver() == 3  # the alert, the escalation, the private confirmation
    [confirmation] = [c for c in slack_api.calls if c.path == "response/trig-s1"]
    assert confirmation.body["response_type"] == "ephemeral"
    said = confirmation.body["text"]
    assert "Safety observation S" in said and "near miss" in said and "EHS owner" in said
    ref = said.split()[3]
    posts = [m for m in slack_api.in_channel(CHANNEL)]
    alert = next(m for m in posts if m.text.startswith("🦺 Safety"))
    assert "reported by ana" in alert.text and "Line 3" in alert.text
    assert _buttons(alert.blocks) == {f"Close {ref}": f"safety close {ref}"}
    assert any("EHS manager is called at once" in m.text for m in posts)

    slack_api.clear()
    slack.interaction(click(slack_api, value=f"safety close {ref}", message_ts=alert.ts))
    deliver()
    [closed] = [c for c in slack_api.calls if c.path.startswith("response/")]
    assert f"{ref} closed by bo" in closed.body["text"]


def _everything(services: Services) -> str:
    engine = services.sessions.kw["bind"]
    with engine.connect() as connection:
        return "\n".join(
            repr(tuple(row))
            for table in inspect(engine).get_table_names()
            for row in connection.execute(text(f'SELECT * FROM "{table}"'))
        )


def test_dingtalk_a_group_report_is_answered_and_an_anonymous_one_keeps_no_sender(
    services: Services,
    responder: Responder,  # noqa: F811
    dingtalk: FakeDingTalk,  # noqa: F811
) -> None:
    assert responder.accept(robot_message(dingtalk.base_url, "安全 3号线 叉车差点撞到人", session="s-named"))
    wait_until(lambda: dingtalk.calls_to("/session/s-named") and dingtalk.robot_messages(GROUP_SEND))
    [answer] = dingtalk.calls_to("/session/s-named")
    shown = str(answer.body)
    assert "安全观察 S" in shown and "未遂事件" in shown and "已通知 EHS 负责人" in shown
    [alert] = dingtalk.robot_messages(GROUP_SEND)
    alert_text = urllib.parse.unquote(alert["msgParam"]["text"])
    assert "报告人：王工" in alert_text and "content=安全 关闭 S" in alert_text  # the close link

    anonymous = robot_message(
        dingtalk.base_url,
        "安全 匿名 工具间 地上有油",
        group=False,
        session="s-anon",
        staff_id="u-li",
        nick="李秘密",
    )
    assert responder.accept(anonymous)
    wait_until(lambda: dingtalk.calls_to("/session/s-anon"))
    [private] = dingtalk.calls_to("/session/s-anon")
    assert "已匿名提交" in str(private.body)
    assert "尚未通知任何人" in str(private.body)  # not posted back into the reporter's own chat
    wait_until(lambda: "'pending'" not in _everything(services) and "'sending'" not in _everything(services))
    stored = _everything(services)
    assert "地上有油" in stored
    assert "u-li" not in stored and "李秘密" not in stored
