"""`how <topic>`: the key steps from the lean playbooks, with citations."""

from __future__ import annotations

from bot.commands.registry import Command, Context
from bot.texts import say
from bot.types import Reply


def how(ctx: Context) -> Reply:
    """Answer a how-to question from the playbooks."""
    return ctx.reply(say("not_configured_how", ctx.language))


COMMANDS = (
    Command(
        "how",
        ("怎么", "如何"),
        how,
        ("how <topic>", "怎么 <主题>"),
        ("key steps from the lean playbooks", "查找精益作业指导"),
    ),
)
