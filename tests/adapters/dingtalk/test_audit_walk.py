"""A 5S audit on DingTalk: the checklist comes with dtmd links for the scores, a tap sends the
link's command back as the user, and the results arrive in Chinese (the fake DingTalk server)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from sqlalchemy import select

from adapters.dingtalk.respond import Responder
from bot.audits.models import FiveSAudit
from bot.services import Services
from tests.adapters.dingtalk.conftest import robot_message
from tests.adapters.dingtalk.fake_dingtalk import FakeDingTalk
from tests.adapters.processes import wait_until

ACTION = re.compile(r"\[([^\]]+)\]\(dtmd://dingtalkclient/sendMessage\?content=([^)]+)\)")


def _answer(dingtalk: FakeDingTalk, count: int) -> str:
    calls = wait_until(
        lambda: len(dingtalk.calls_to("/session/s-1")) >= count and dingtalk.calls_to("/session/s-1")
    )
    return str(calls[count - 1].body["markdown"]["text"])


def test_a_5s_audit_walked_by_dtmd_links_in_dingtalk(
    responder: Responder, dingtalk: FakeDingTalk, services: Services
) -> None:
    responder.accept(robot_message(dingtalk.base_url, "5S审核 工具间"))
    text = _answer(dingtalk, 1)
    assert "第 1/10 项 · 整理：**损坏或不用的工具和模具已清出**" in text
    links = dict(ACTION.findall(text))
    assert list(links) == ["1", "2", "3", "4", "5", "跳过", "取消审核"]

    for n, label in enumerate(["1", *["5"] * 9], start=2):
        responder.accept(robot_message(dingtalk.base_url, unquote(links[label])))
        text = _answer(dingtalk, n)
        links = dict(ACTION.findall(text))
    assert "王工 完成了工具间的5S审核" in text and "总分 **4.6/5**" in text
    assert "已为低于 3 分的项目开立 1 个问题" in text and "建议负责人" in text
    with services.sessions() as session:
        audit = session.scalars(select(FiveSAudit).order_by(FiveSAudit.id.desc())).first()
        assert audit is not None and (audit.status, audit.platform, audit.language) == (
            "done",
            "dingtalk",
            "zh",
        )
        assert audit.sort_score == 3 and audit.auditor == "王工"
