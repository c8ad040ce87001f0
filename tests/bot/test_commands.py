"""Every command answers in English and in Chinese; help lists them all."""

from __future__ import annotations

import pytest

from bot import Services, handle
from bot.commands import COMMANDS
from bot.route import find_command
from tests.conftest import message

# One working example per command, in each language, and a phrase its reply must contain.
# Ids refer to records the example itself creates first (see `_prepare`).
EXAMPLES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "andon": (
        ("andon L3 WD-03 kanban empty", "raised on Line 3 › WD-03"),
        ("安灯 L3 WD-03 缺料", "已拉下：3号线 › WD-03"),
    ),
    "ack": (("ack {a}", "acknowledged by ana"), ("确认 {a}", "确认")),
    "resolve": (("resolve {a} refilled", "resolved by ana"), ("解决 {a} 已补料", "解决")),
    "cancel": (("cancel {a}", "cancelled by ana"), ("取消 {a}", "取消")),
    "escalate": (("escalate {a}", "escalated to level 1"), ("升级 {a}", "升级到第 1 级")),
    "problem": (
        ("problem Torque tool drifts", "logged: Torque tool drifts"),
        ("问题 扭力枪漂移", "已登记：扭力枪漂移"),
    ),
    "problems": (("problems", "Open problems ("), ("问题列表", "未关闭的问题（")),
    "assign": (("assign {p} me", "assigned to ana"), ("指派 {p} 我", "指派给 ana")),
    "start": (("start {p}", "started by ana"), ("开始 {p}", "开始处理")),
    "close": (("close {p}", "is open; it cannot be closed"), ("关闭 {p}", "不能关闭")),
    "reject": (("reject {p} duplicate", "rejected by ana"), ("驳回 {p} 重复", "驳回")),
    "status": (("status L3", "Status · Line 3"), ("状态 3号线", "状态 · 3号线")),
    # The `services` fixture has no nl2sql and no playbooks: these say so (their answers are
    # tested in tests/nl2sql/test_ask_command.py and tests/knowledge).
    "ask": (
        ("ask how many andon calls last week?", "Data questions are not set up"),
        ("问 上周有多少次安灯？", "尚未配置数据问答"),
    ),
    "how": (
        ("how do we run a 5 Whys?", "Playbook search is not set up"),
        ("怎么 做5个为什么分析", "尚未配置作业指导检索"),
    ),
    "digest": (("digest", "Weekly digest 2026-W46"), ("周报", "周报 2026-W46")),
    # No web board in the `services` fixture (its links: tests/bot/test_access.py).
    "board": (("board login", "The web board is not set up"), ("看板登录", "尚未启用网页看板")),
    "snooze": (("snooze {p} 3", "snoozed by ana until"), ("稍后提醒 {p} 3", "推迟到")),
    "tier": (("tier L3", "Tier 1 · Line 3"), ("早会 3号线", "班组早会 · 3号线")),
    "tier-minutes": (("tier-minutes L3", "Minutes of tier meeting T"), ("早会纪要 3号线", "早会纪要 T")),
    "handover": (("handover L3", "Handover H"), ("交接 3号线", "交接班 H")),
    "confirm-handover": (("confirm-handover H1", "Handover H1"), ("确认交接 H1", "交接 H1")),
    "handovers": (("handovers L3", "Recent handovers · Line 3"), ("交接记录 3号线", "最近的交接 · 3号线")),
    "safety": (
        ("safety L3 forklift nearly hit a walker", "recorded: near miss"),
        ("安全 3号线 叉车差点撞到人", "已记录：未遂事件"),
    ),
    "improve": (("improve list", "Improvement projects ("), ("改善 列表", "改善项目（")),
    "help": (("help", "Gemba — what I can do"), ("帮助", "Gemba 能做什么")),
    "5s": (("5s L3", "Check 1/10 · Sort (Seiri)"), ("5S审核 3号线", "第 1/10 项 · 整理")),
    "6s": (("6s tool room 4 4 4 4 4 4", "overall *4/5*"), ("6S审核 工具间", "第 1/12 项 · 整理")),
}


def test_every_command_has_examples_in_both_languages() -> None:
    assert set(EXAMPLES) == {command.name for command in COMMANDS}


def _prepare(services: Services, text: str) -> str:
    andon = handle(message("andon L3 kanban empty"), services).text.split()[1]
    problem = handle(message("problem Scrap bins overflowing"), services).text.split()[1]
    return text.format(a=andon, p=problem)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_command_in_each_language(services: Services, name: str, language: str) -> None:
    text, expected = EXAMPLES[name][0 if language == "en" else 1]
    text = _prepare(services, text)
    command, _ = find_command(text)
    assert command is not None and command.name == name
    reply = handle(message(text), services)
    assert reply is not None and reply.language == language
    assert expected in reply.text


def test_help_lists_every_command_with_its_usage() -> None:
    from bot.commands.help import help_text

    english, chinese = help_text(COMMANDS, "en").text, help_text(COMMANDS, "zh").text
    for command in COMMANDS:
        assert command.usage_in("en") in english
        assert command.usage_in("zh") in chinese
