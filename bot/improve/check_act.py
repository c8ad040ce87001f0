"""The steps that close a project's cycle: Check (the figure measured again over the days after
the countermeasures) and Act (the new standard, a playbook section linked or drafted)."""

from __future__ import annotations

from datetime import timedelta

from bot.commands.registry import Context
from bot.errors import BotError
from bot.improve import service
from bot.improve.figures import BY_NAME, MIN_CHECK_DAYS, check_period, format_value, measure
from bot.improve.gates import latest
from bot.improve.models import Project
from bot.improve.service import project_ref
from bot.improve.texts import Stage
from bot.improve.view import change_text, confirm, figure_text, target_met
from bot.texts import say
from bot.types import Reply

MAX_DRAFT = 8000


def check(ctx: Context, project: Project, _text: str) -> Reply:
    """Measure the project's figure again over the whole days since its last countermeasure."""
    if project.stage != "check":
        raise BotError(
            "improve_wrong_stage",
            ref=project_ref(project.id),
            stage=Stage(project.stage),
            needed=Stage("check"),
        )
    figure, baseline = BY_NAME[project.metric or ""], latest(project, "baseline")
    assert baseline is not None and project.line_id is not None  # the Plan gate saw to both
    done_at = max(a.done_at for a in project.actions if a.done_at is not None)
    done_day, today = ctx.services.local(done_at).date(), ctx.services.local(ctx.services.now()).date()
    period = check_period(done_day, today)
    if period is None:
        ready = done_day + timedelta(days=MIN_CHECK_DAYS + 1)
        raise BotError(
            "improve_check_too_soon",
            ref=project_ref(project.id),
            done=done_day,
            ready=ready,
            days=MIN_CHECK_DAYS,
        )
    reading = measure(
        ctx.session,
        figure,
        line_id=project.line_id,
        filter_value=project.metric_filter,
        first=period[0],
        last=period[1],
        timezone=ctx.services.timezone,
    )
    service.record_check(
        ctx.session, project=project, reading=reading, actor=ctx.actor, now=ctx.services.now()
    )
    lang = ctx.language
    met = target_met(project, reading.value)
    done = say(
        "improve_checked",
        lang,
        ref=project_ref(project.id),
        figure=figure_text(project, lang),
        before=format_value(baseline.value, figure, lang),
        b_first=baseline.period_start,
        b_last=baseline.period_end,
        after=format_value(reading.value, figure, lang),
        a_first=reading.first,
        a_last=reading.last,
        change=change_text(baseline.value, reading.value),
        target=format_value(project.target_value, figure, lang),
        verdict=say("improve_target_met" if met else "improve_target_not_met", lang),
    )
    return confirm(ctx, project, done)


def link_playbook(ctx: Context, project: Project, text: str) -> Reply:
    if not text:
        raise BotError("improve_standard_usage", ref=project_ref(project.id))
    library = ctx.services.knowledge
    if library is None:
        raise BotError("not_configured_how")
    hits = library.search(text, k=1, language=ctx.language) or library.search(text, k=1)
    if not hits:
        raise BotError("improve_no_playbook", given=text[:80], ref=project_ref(project.id))
    title = str(hits[0].citation)[:300]
    _edit(ctx, project, {"playbook_link": title}, "playbook")
    return confirm(
        ctx, project, say("improve_linked", ctx.language, ref=project_ref(project.id), title=title)
    )


def draft_standard(ctx: Context, project: Project, text: str) -> Reply:
    if not text:
        raise BotError("improve_standard_usage", ref=project_ref(project.id))
    _edit(ctx, project, {"playbook_draft": text[:MAX_DRAFT]}, "draft")
    return confirm(
        ctx,
        project,
        say("improve_drafted", ctx.language, ref=project_ref(project.id), chars=len(text[:MAX_DRAFT])),
    )


def _edit(ctx: Context, project: Project, values: dict[str, object], action: str) -> None:
    service.edit(
        ctx.session,
        project=project,
        stage="act",
        values=values,
        action=action,
        actor=ctx.actor,
        now=ctx.services.now(),
    )
