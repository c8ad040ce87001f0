"""Reading what follows `improve` / `改善`: its sub-command words, the names of a project's
steps, and whether the words are a command at all or a question about the projects."""

from __future__ import annotations

from bot.commands.refs import record_number, split_first

LIST_WORDS = ("list", "列表", "清单")
FROM_WORDS = ("from", "来自", "从")
#: Each step's English and Chinese name, in the order of the cycle.
STEP_NAMES = (
    ("problem", "问题"),
    ("figure", "指标"),
    ("target", "目标"),
    ("why", "为什么"),
    ("action", "对策"),
    ("done", "完成"),
    ("check", "检查"),
    ("playbook", "标准"),
    ("draft", "起草"),
    ("next", "下一步"),
    ("a3", "A3"),
)


def is_improve_command(rest: str) -> bool:
    """Whether the words after `improve` / `改善` are a command rather than a data question
    ("改善项目有几个处于计划阶段" is a question about projects, not a project to open).

    >>> is_improve_command("J3 why the kanban was empty"), is_improve_command("list")
    (True, True)
    >>> is_improve_command("Cut material shortage on L3"), is_improve_command("项目有几个处于计划阶段")
    (True, False)
    """
    first, _ = split_first(rest)
    if not first:
        return True
    lowered = first.lower()
    if lowered in LIST_WORDS + FROM_WORDS or record_number(first, "j") is not None:
        return True
    return not lowered.startswith("项目")  # "改善项目有几个…" asks about projects
