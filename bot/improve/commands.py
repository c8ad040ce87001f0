"""`improve` / `改善`: open an improvement project (from scratch, a problem or repeat andon
calls), list projects, and take a project through its PDCA steps (see `bot.improve.steps`)."""

from __future__ import annotations

from bot.commands.refs import parse_ref, record_number, split_first
from bot.commands.registry import Context
from bot.errors import BotError
from bot.improve import service
from bot.improve.figures import BY_NAME, andon_category, baseline_period, measure
from bot.improve.parse import FROM_WORDS, LIST_WORDS
from bot.improve.patterns import top_repeat_reason
from bot.improve.steps import run_step
from bot.improve.view import list_reply, project_reply
from bot.locations import all_lines, mentioned_line, require_line
from bot.store.models import ANDON_CATEGORIES
from bot.store.service import get_problem
from bot.texts import say, word
from bot.types import Reply

MAX_TITLE = 200
_ANDON = ("andon", "安灯")


def improve(ctx: Context) -> Reply:
    """`improve <title>`, `improve from P12`, `improve from andon L3 [category]`,
    `improve list`, `improve J3 [step …]`."""
    first, rest = split_first(ctx.args)
    if not first:
        raise BotError("improve_missing_title")
    if first.lower() in LIST_WORDS:
        return list_reply(service.projects(ctx.session), ctx.services, ctx.language)
    number = record_number(first, "j")
    if number is not None:
        return run_step(ctx, number, rest)
    if first.lower() in FROM_WORDS:
        return _open_from(ctx, rest)
    return _open(ctx, ctx.args.strip(), source="scratch")


def _open(ctx: Context, title: str, *, source: str) -> Reply:
    if not title:
        raise BotError("improve_missing_title")
    line = mentioned_line(all_lines(ctx.session), title)
    project = service.open_project(
        ctx.session,
        title=title[:MAX_TITLE],
        source=source,
        line=line,
        problem=None,
        statement=None,
        leader=ctx.actor,
        origin=ctx.origin,
        language=ctx.language,
        now=ctx.services.now(),
    )
    return _opened(ctx, project.id)


def _open_from(ctx: Context, rest: str) -> Reply:
    token, more = split_first(rest)
    if token and token.lower() in _ANDON:
        return _open_from_andon(ctx, more)
    if not token or more:
        raise BotError("improve_from_usage")
    problem = get_problem(ctx.session, parse_ref(token, "problem"))
    statement = problem.title + (f": {problem.description}" if problem.description else "")
    project = service.open_project(
        ctx.session,
        title=problem.title[:MAX_TITLE],
        source="problem",
        line=problem.line,
        problem=problem,
        statement=statement,
        leader=ctx.actor,
        origin=ctx.origin,
        language=ctx.language,
        now=ctx.services.now(),
    )
    return _opened(ctx, project.id)


def _open_from_andon(ctx: Context, rest: str) -> Reply:
    """A project on the reason a line called for most over the baseline weeks, with its
    figure (andon calls of that category per week) measured at once."""
    line, _station, words = require_line(ctx.session, rest.split())
    category = andon_category(words[0]) if words else None
    if words and category is None:
        raise BotError("improve_bad_filter", given=words[0], valid=", ".join(ANDON_CATEGORIES))
    lang, now = ctx.language, ctx.services.now()
    first, last = baseline_period(ctx.services.local(now).date())
    pattern = top_repeat_reason(
        ctx.session,
        line_id=line.id,
        category=category,
        first=first,
        last=last,
        timezone=ctx.services.timezone,
    )
    if pattern is None:
        shown = f" ({word(category, lang)})" if category else ""
        raise BotError("improve_no_andon_pattern", line=line.code, category=shown, first=first, last=last)
    title = say("improve_from_andon_title", lang, line=line.code, reason=pattern.reason)
    statement = say(
        "improve_from_andon_statement",
        lang,
        line=line.code,
        calls=pattern.calls,
        reason=pattern.reason,
        category=word(pattern.category, lang),
        first=first,
        last=last,
        share=f"{pattern.share:.0%}",
    )
    project = service.open_project(
        ctx.session,
        title=title[:MAX_TITLE],
        source="andon",
        line=line,
        problem=None,
        statement=statement,
        leader=ctx.actor,
        origin=ctx.origin,
        language=lang,
        now=now,
    )
    figure = BY_NAME["andon_calls"]
    reading = measure(
        ctx.session,
        figure,
        line_id=line.id,
        filter_value=pattern.category,
        first=first,
        last=last,
        timezone=ctx.services.timezone,
    )
    service.set_figure(
        ctx.session,
        project=project,
        figure=figure,
        line=line,
        filter_value=pattern.category,
        reading=reading,
        actor=ctx.actor,
        now=now,
    )
    return _opened(ctx, project.id)


def _opened(ctx: Context, project_id: int) -> Reply:
    project = service.get_project(ctx.session, project_id)
    reply = project_reply(project, ctx.services, ctx.language)
    opened = say("improve_opened", ctx.language, ref=service.project_ref(project.id), title=project.title)
    reply.text = f"{opened}\n{reply.text}"
    return reply
