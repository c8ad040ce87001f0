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
    "improve": (("improve list", "Improvement projects ("), ("改善 列表", "改善项目（")),
    "help": (("help", "Gemba — what I can do"), ("帮助", "Gemba 能做什么")),
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
