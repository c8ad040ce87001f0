"""Every chat command, in the order `help` lists them."""

from __future__ import annotations

from bot.audits import commands as audits
from bot.commands import andon, ask, board, digest, followup, how, problems, status
from bot.commands.help import help_text
from bot.commands.registry import Command, Context
from bot.handover import commands as handover
from bot.improve import commands as improve
from bot.safety import commands as safety
from bot.tier import commands as tier
from bot.types import Reply


def _help(ctx: Context) -> Reply:
    return help_text(COMMANDS, ctx.language)


COMMANDS: tuple[Command, ...] = (
    *andon.COMMANDS,
    *problems.COMMANDS,
    *followup.COMMANDS,
    *status.COMMANDS,
    *ask.COMMANDS,
    *how.COMMANDS,
    *digest.COMMANDS,
    *board.COMMANDS,
    *handover.COMMANDS,
    *audits.COMMANDS,
    *tier.COMMANDS,
    *safety.COMMANDS,
    *improve.COMMANDS,
    Command("help", ("帮助", "?", "？", "h"), _help, ("help", "帮助"), ("this list", "显示本列表")),
)

__all__ = ["COMMANDS", "Command", "Context"]
