"""`digest [line…] [2026-W46]`: the weekly digest, on demand (last complete week by default)."""

from __future__ import annotations

from bot.commands.registry import Context
from bot.digest import Week, build
from bot.errors import BotError
from bot.locations import require_line
from bot.types import Reply


def digest(ctx: Context) -> Reply:
    """Show a week's digest for the plant or the lines named, in the asker's language."""
    week = Week.last_complete(ctx.services.now(), ctx.services.timezone)
    words = []
    for token in ctx.args.split():
        try:
            week = Week.parse(token)
        except ValueError:
            words.append(token)
    lines = None
    if words:
        line, _station, rest = require_line(ctx.session, words)
        if rest:
            raise BotError("digest_bad_args", given=" ".join(rest))
        lines = [line.code]
    _digest, reply = build(ctx.services, week, ctx.language, lines)
    return reply
