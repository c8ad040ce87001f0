"""A shift handover end to end over DingTalk (the fake server): written in Chinese in the
line's group, submitted and confirmed with the card's dtmd links, as people tap them."""

from __future__ import annotations

import re
from urllib.parse import unquote

from adapters.dingtalk.respond import Responder
from tests.adapters.dingtalk.conftest import robot_message
from tests.adapters.dingtalk.fake_dingtalk import FakeDingTalk
from tests.adapters.processes import wait_until

GROUP_SEND = "/v1.0/robot/groupMessages/send"
ACTION = re.compile(r"\[([^\]]+)\]\(dtmd://dingtalkclient/sendMessage\?content=([^)]+)\)")


def _links(markdown: str) -> dict[str, str]:
    return {label: unquote(content) for label, content in ACTION.findall(markdown)}


def _answer(dingtalk: FakeDingTalk, session: str) -> str:
    return str(wait_until(lambda: dingtalk.calls_to(f"/session/{session}"))[0].body["markdown"]["text"])


def test_a_handover_written_in_chinese_is_posted_to_the_group_and_confirmed_with_a_tap(
    responder: Responder, dingtalk: FakeDingTalk
) -> None:
    text = "交接 3号线 质量：PR-02 毛刺，已返工 3 件 | 安全：- | 关注：15:00 PR-03 换模"
    responder.accept(robot_message(dingtalk.base_url, text, msg_id="msg-h1", session="s-h1"))
    draft = _answer(dingtalk, "s-h1")
    assert "交接班 H" in draft and "PR-02 毛刺，已返工 3 件" in draft and "15:00 PR-03 换模" in draft
    submit = _links(draft)["提交"]
    ref = submit.split()[1]
    assert submit == f"交接 {ref} submit"

    responder.accept(robot_message(dingtalk.base_url, submit, msg_id="msg-h2", session="s-h2"))
    assert f"交接 {ref} 已提交到 dingtalk:cidLine3Group==" in _answer(dingtalk, "s-h2")
    card = wait_until(lambda: dingtalk.robot_messages(GROUP_SEND))[0]["msgParam"]["text"]
    assert f"交接班 {ref} · 3号线 · 2026-11-21 早班（A）" in card and "待确认" in card
    assert _links(card) == {"确认接收": f"交接 confirm {ref}"}

    # 李工, the next shift's lead, taps 确认接收: DingTalk sends the link's content as his message.
    tapped = _links(card)["确认接收"]
    responder.accept(
        robot_message(
            dingtalk.base_url, tapped, msg_id="msg-h3", staff_id="u-li", nick="李工", session="s-h3"
        )
    )
    assert f"✅ 交接 {ref}（3号线，2026-11-21 早班（A））已由 李工 于 10:00 确认接收。" in _answer(
        dingtalk, "s-h3"
    )
    note = wait_until(lambda: dingtalk.robot_messages(GROUP_SEND)[1:])[0]["msgParam"]["text"]
    assert f"交接 {ref}（3号线，2026-11-21 早班（A））已由 李工 于 10:00 确认接收" in note

    responder.accept(
        robot_message(
            dingtalk.base_url, tapped, msg_id="msg-h4", staff_id="u-zhao", nick="赵工", session="s-h4"
        )
    )
    assert f"交接 {ref} 已由 李工 于 10:00 确认过了。" in _answer(dingtalk, "s-h4")
