"""A project in DingTalk, end to end through the fake DingTalk server: shown with its action
links (dtmd), moved on by tapping them, and summed up as an A3 picture."""

from __future__ import annotations

import re
from urllib.parse import unquote

from adapters.dingtalk.respond import Responder
from bot.services import Services
from tests.adapters.dingtalk.conftest import robot_message
from tests.adapters.dingtalk.fake_dingtalk import FakeDingTalk
from tests.adapters.processes import wait_until

ACTION = re.compile(r"\[([^\]]+)\]\(dtmd://dingtalkclient/sendMessage\?content=([^)]+)\)")


def _answer(dingtalk: FakeDingTalk, session: str) -> str:
    wait_until(lambda: dingtalk.calls_to(f"/session/{session}"))
    [call] = dingtalk.calls_to(f"/session/{session}")
    body = call.body
    return str(body["markdown"]["text"] if "markdown" in body else body["text"]["content"])


def test_a_project_is_moved_on_by_tapping_its_links_and_sent_as_an_a3_picture(
    responder: Responder, dingtalk: FakeDingTalk, services: Services
) -> None:
    assert responder.accept(robot_message(dingtalk.base_url, "改善 J4", session="s-j4"))
    shown = _answer(dingtalk, "s-j4")
    assert "阶段：实施" in shown and "⚠ 逾期" in shown and "全部对策完成（未完成：2）" in shown
    assert {label: unquote(content) for label, content in ACTION.findall(shown)} == {"A3": "改善 J4 A3"}

    responder.accept(robot_message(dingtalk.base_url, "改善 J4 完成 2", session="s-done", nick="李工"))
    done = _answer(dingtalk, "s-done")
    assert "J4 第 2 项对策已由 李工 完成" in done and "实施阶段的关口已满足" in done
    links = {label: unquote(content) for label, content in ACTION.findall(done)}
    assert links["下一阶段"] == "改善 J4 下一步"

    responder.accept(robot_message(dingtalk.base_url, links["下一阶段"], session="s-next", nick="李工"))
    assert "J4 已由 李工 从实施推进到检查" in _answer(dingtalk, "s-next")

    responder.accept(robot_message(dingtalk.base_url, links["A3"], session="s-a3"))
    a3 = _answer(dingtalk, "s-a3")
    assert "A3 · J4 · Bring L4 output back to plan" in a3 and "5 · 对策（实施）" in a3
    wait_until(lambda: [u for u in dingtalk.calls_to("/media/upload") if u.query.get("type") == "image"])
