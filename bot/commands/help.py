"""`help`: every command with its usage, in the user's language."""

from __future__ import annotations

from bot.commands import COMMANDS
from bot.commands.registry import Command, Context
from bot.language import as_language
from bot.texts import say
from bot.types import Reply


def help_text(commands: tuple[Command, ...], language: str) -> Reply:
    """The help reply listing `commands`."""
    lang = as_language(language)
    lines = [f"• `{c.usage_in(lang)}` — {c.summary_in(lang)}" for c in commands if c.summary[0]]
    title = say("help_title", lang)
    return Reply(
        text="\n".join([f"*{title}*", *lines, "", say("help_footer", lang)]), language=lang, title=title
    )


def help_command(ctx: Context) -> Reply:
    """`help` / `帮助`: every command, in the message's language."""
    return help_text(COMMANDS, ctx.language)
