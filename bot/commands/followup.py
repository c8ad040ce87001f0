"""`snooze <P-id> [days]`: no overdue reminders for a problem for a few days."""

from __future__ import annotations

from bot.commands.refs import parse_ref, split_first
from bot.commands.registry import Context
from bot.errors import BotError
from bot.reminders import MAX_SNOOZE_DAYS, snooze
from bot.roles import roles_of
from bot.store import service
from bot.texts import say
from bot.types import Reply

DEFAULT_DAYS = 1


def snooze_command(ctx: Context) -> Reply:
    """Snooze the problem's reminders for `days` (default 1) plant days."""
    token, rest = split_first(ctx.args)
    problem = service.get_problem(ctx.session, parse_ref(token, "problem"), lock=True)
    roles_of(ctx.services).check(
        ctx.message, ctx.actor, problem, "snooze", ref=service.problem_ref(problem.id)
    )
    days_text = rest.split()[0] if rest else str(DEFAULT_DAYS)
    days_text = days_text.removesuffix("d").removesuffix("天")
    if not days_text.isdigit():
        raise BotError("reminder_bad_days", max=MAX_SNOOZE_DAYS)
    until = snooze(ctx.session, problem=problem, days=int(days_text), actor=ctx.actor, services=ctx.services)
    day = ctx.services.local(until).date().isoformat()
    return ctx.reply(
        say("reminder_snoozed", ctx.language, ref=service.problem_ref(problem.id), actor=ctx.actor, until=day)
    )
