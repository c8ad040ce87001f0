"""`ask <question>`: data questions answered with checked SQL."""

from __future__ import annotations

from bot.commands.registry import Command, Context
from bot.texts import say
from bot.types import Reply


def ask(ctx: Context) -> Reply:
    """Answer a question about operations data."""
    return ctx.reply(say("not_configured_ask", ctx.language))


COMMANDS = (
    Command(
        "ask",
        ("问", "查询"),
        ask,
        ("ask <question>", "问 <问题>"),
        ("answer a question about operations data", "查询运营数据"),
    ),
)
