"""`digest`: the weekly digest, on demand."""

from __future__ import annotations

from bot.commands.registry import Command, Context
from bot.texts import say
from bot.types import Reply


def digest(ctx: Context) -> Reply:
    """Show last week's digest."""
    return ctx.reply(say("digest_not_ready", ctx.language))


COMMANDS = (Command("digest", ("周报",), digest, ("digest", "周报"), ("last week's digest", "上周周报")),)
