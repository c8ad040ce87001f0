"""Every chat command, in the order `help` lists them."""

from __future__ import annotations

from bot.commands import andon, ask, digest, followup, help, how, problems, status
from bot.commands.registry import Command, Context

COMMANDS: tuple[Command, ...] = (
    *andon.COMMANDS,
    *problems.COMMANDS,
    *followup.COMMANDS,
    *status.COMMANDS,
    *ask.COMMANDS,
    *how.COMMANDS,
    *digest.COMMANDS,
    *help.COMMANDS,
)

__all__ = ["COMMANDS", "Command", "Context"]
