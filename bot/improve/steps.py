"""The steps of a project, `improve J3 <step> …`: Plan's facts, Do's countermeasures, Check's
second measurement, Act's standard, moving on through the gates, and the A3."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from bot.commands.registry import Context
from bot.errors import BotError
from bot.improve import service
from bot.improve.a3 import a3_reply
from bot.improve.figures import (
    BY_NAME,
    MIN_CHECK_DAYS,
    baseline_period,
    check_filter,
    check_period,
    figure_names,
    find_figure,
    format_value,
    measure,
)
from bot.improve.gates import latest
from bot.improve.models import Project
from bot.improve.texts import Stage, stage_name
from bot.improve.view import change_text, figure_text, next_step, project_reply, target_met
from bot.locations import all_lines, find_line, require_line
from bot.store.models import Line
from bot.texts import say
from bot.types import Reply

MAX_TEXT = 2000
MAX_DRAFT = 8000
_OPTION = re.compile(r"(?<!\S)(owner|due|负责人|到期)[:：](\"[^\"]+\"|“[^”]+”|\S+)", re.IGNORECASE)
_RELATIVE = re.compile(r"^([+\-−])\s*(\d+(?:\.\d+)?)\s*%$")

Step = Callable[[Context, Project, str], Reply]


def run_step(ctx: Context, project_id: int, rest: str) -> Reply:
    """Run the step `rest` names on project `project_id` (no step: show the project)."""
    parts = rest.strip().split(maxsplit=1)
    name, text = (parts[0], parts[1].strip() if len(parts) > 1 else "") if parts else ("", "")
    project = service.get_project(ctx.session, project_id, lock=bool(name))
    if not name:
        return project_reply(project, ctx.services, ctx.language)
    step = _BY_NAME.get(name.lower())
    if step is None:
        valid = ", ".join(n[1 if ctx.language == "zh" else 0] for n in STEP_NAMES)
        raise BotError("improve_unknown_step", given=name[:40], valid=valid)
    return step(ctx, project, text)


def _statement(ctx: Context, project: Project, text: str) -> Reply:
    if not text:
        raise BotError("usage", usage=f"improve J{project.id} problem <text>")
    edit(ctx, project, "plan", {"problem_statement": text[:MAX_TEXT]}, "statement")
    return _then(
        ctx, project, say("improve_statement_set", ctx.language, ref=_ref(project), text=text[:MAX_TEXT])
    )


def _figure(ctx: Context, project: Project, text: str) -> Reply:
    tokens = text.split()
    figure = find_figure(tokens[0]) if tokens else None
    if figure is None:
        raise BotError("improve_unknown_figure", valid=figure_names(ctx.language))
    line, rest = _line(ctx, project, tokens[1:])
    filter_value = check_filter(ctx.session, figure, line.id, " ".join(rest).strip('"“”') or None)
    first, last = baseline_period(_today(ctx))
    reading = measure(
        ctx.session,
        figure,
        line_id=line.id,
        filter_value=filter_value,
        first=first,
        last=last,
        timezone=ctx.services.timezone,
    )
    service.set_figure(
        ctx.session,
        project=project,
        figure=figure,
        line=line,
        filter_value=filter_value,
        reading=reading,
        actor=ctx.actor,
        now=ctx.services.now(),
    )
    lang = ctx.language
    done = say(
        "improve_figure_set",
        lang,
        ref=_ref(project),
        figure=figure.label(lang),
        line=line.code,
        filter=f" · {filter_value}" if filter_value else "",
        value=format_value(reading.value, figure, lang),
        first=first,
        last=last,
        total=f"{reading.total:g}" if figure.unit_en != "%" else f"{reading.total:.1f}%",
    )
    return _then(ctx, project, done)


def _target(ctx: Context, project: Project, text: str) -> Reply:
    figure = BY_NAME.get(project.metric or "")
    baseline = latest(project, "baseline")
    if figure is None or baseline is None:
        raise BotError("improve_need_figure", ref=_ref(project))
    given = text.replace(" ", "").replace(",", "")
    relative = _RELATIVE.match(given)
    try:
        if relative:
            sign = 1 if relative.group(1) == "+" else -1
            value = baseline.value * (1 + sign * float(relative.group(2)) / 100)
        else:
            value = float(given.rstrip("%"))
    except ValueError:
        raise BotError("improve_bad_target", given=text[:40], unit=figure.unit(ctx.language)) from None
    edit(ctx, project, "plan", {"target_value": round(value, 2)}, "target")
    lang = ctx.language
    done = say(
        "improve_target_set",
        lang,
        ref=_ref(project),
        value=format_value(value, figure, lang),
        baseline=format_value(baseline.value, figure, lang),
    )
    return _then(ctx, project, done)


def _why(ctx: Context, project: Project, text: str) -> Reply:
    if not text:
        raise BotError("usage", usage=f"improve J{project.id} why <answer>")
    why = service.add_why(
        ctx.session, project=project, answer=text[:MAX_TEXT], actor=ctx.actor, now=ctx.services.now()
    )
    return _then(
        ctx,
        project,
        say("improve_why_added", ctx.language, ref=_ref(project), n=why.position, text=why.answer),
    )


def _action(ctx: Context, project: Project, text: str) -> Reply:
    options = {m.group(1).lower(): m.group(2).strip('"“”') for m in _OPTION.finditer(text)}
    what = _OPTION.sub("", text).strip()
    owner = options.get("owner") or options.get("负责人")
    due_text = options.get("due") or options.get("到期")
    if not what or not owner or not due_text:
        raise BotError("improve_action_usage", ref=_ref(project))
    owner = ctx.actor if owner.lower() in ("me", "我") else owner.lstrip("@")[:100]
    action = service.add_action(
        ctx.session,
        project=project,
        text=what[:MAX_TEXT],
        owner=owner,
        due=_date(due_text),
        actor=ctx.actor,
        now=ctx.services.now(),
    )
    done = say(
        "improve_action_added",
        ctx.language,
        ref=_ref(project),
        n=action.position,
        text=action.text,
        owner=action.owner,
        due=action.due_date,
    )
    return _then(ctx, project, done)


def _done(ctx: Context, project: Project, text: str) -> Reply:
    if not text.strip().isdigit():
        raise BotError("usage", usage=f"improve J{project.id} done <n>")
    action = service.mark_done(
        ctx.session, project=project, position=int(text), actor=ctx.actor, now=ctx.services.now()
    )
    done = say("improve_action_done", ctx.language, ref=_ref(project), n=action.position, actor=ctx.actor)
    return _then(ctx, project, done)


def _check(ctx: Context, project: Project, _text: str) -> Reply:
    """Measure the project's figure again over the whole days since its last countermeasure."""
    if project.stage != "check":
        raise BotError(
            "improve_wrong_stage", ref=_ref(project), stage=Stage(project.stage), needed=Stage("check")
        )
    figure, baseline = BY_NAME[project.metric or ""], latest(project, "baseline")
    assert baseline is not None and project.line_id is not None  # the Plan gate saw to both
    done_at = max(a.done_at for a in project.actions if a.done_at is not None)
    done_day, today = ctx.services.local(done_at).date(), _today(ctx)
    period = check_period(done_day, today)
    if period is None:
        ready = done_day + timedelta(days=MIN_CHECK_DAYS + 1)
        raise BotError(
            "improve_check_too_soon", ref=_ref(project), done=done_day, ready=ready, days=MIN_CHECK_DAYS
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
        ref=_ref(project),
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
    return _then(ctx, project, done)


def _playbook(ctx: Context, project: Project, text: str) -> Reply:
    if not text:
        raise BotError("improve_standard_usage", ref=_ref(project))
    library = ctx.services.knowledge
    if library is None:
        raise BotError("not_configured_how")
    hits = library.search(text, k=1, language=ctx.language) or library.search(text, k=1)
    if not hits:
        raise BotError("improve_no_playbook", given=text[:80], ref=_ref(project))
    title = str(hits[0].citation)[:300]
    edit(ctx, project, "act", {"playbook_link": title}, "playbook")
    return _then(ctx, project, say("improve_linked", ctx.language, ref=_ref(project), title=title))


def _draft(ctx: Context, project: Project, text: str) -> Reply:
    if not text:
        raise BotError("improve_standard_usage", ref=_ref(project))
    edit(ctx, project, "act", {"playbook_draft": text[:MAX_DRAFT]}, "draft")
    return _then(
        ctx, project, say("improve_drafted", ctx.language, ref=_ref(project), chars=len(text[:MAX_DRAFT]))
    )


def _next(ctx: Context, project: Project, _text: str) -> Reply:
    before = project.stage
    after = service.advance(ctx.session, project=project, actor=ctx.actor, now=ctx.services.now())
    lang = ctx.language
    moved = say(
        "improve_advanced",
        lang,
        ref=_ref(project),
        before=stage_name(before, lang),
        after=stage_name(after, lang),
        actor=ctx.actor,
    )
    return _then(ctx, project, moved)


def _a3(ctx: Context, project: Project, _text: str) -> Reply:
    return a3_reply(project, ctx.services, ctx.language)


def _show(ctx: Context, project: Project, _text: str) -> Reply:
    return project_reply(project, ctx.services, ctx.language)


def edit(ctx: Context, project: Project, stage: str, values: dict[str, object], action: str) -> None:
    """Change the project if it is in `stage` (see `service.edit`)."""
    service.edit(
        ctx.session,
        project=project,
        stage=stage,
        values=values,
        action=action,
        actor=ctx.actor,
        now=ctx.services.now(),
    )


def _then(ctx: Context, project: Project, done: str) -> Reply:
    """The confirmation, then what the project's gate still needs, with the project's buttons."""
    project = service.get_project(ctx.session, project.id)
    shown = project_reply(project, ctx.services, ctx.language)
    return Reply(
        text=f"{done}\n{next_step(project, ctx.language)}",
        language=ctx.language,
        buttons=shown.buttons,
    )


def _line(ctx: Context, project: Project, tokens: list[str]) -> tuple[Line, list[str]]:
    """The line named first in `tokens` (else the project's), and the tokens after it."""
    line, used = find_line(all_lines(ctx.session), tokens)
    if line is not None:
        return line, tokens[used:]
    if project.line is not None:
        return project.line, tokens
    line, _station, rest = require_line(ctx.session, tokens)
    return line, rest


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BotError("improve_bad_date", given=text[:40]) from None


def _today(ctx: Context) -> date:
    return ctx.services.local(ctx.services.now()).date()


def _ref(project: Project) -> str:
    return service.project_ref(project.id)


#: Each step's English and Chinese name, in the order of the cycle.
STEP_NAMES = (
    ("problem", "问题"),
    ("figure", "指标"),
    ("target", "目标"),
    ("why", "为什么"),
    ("action", "对策"),
    ("done", "完成"),
    ("check", "检查"),
    ("playbook", "标准"),
    ("draft", "起草"),
    ("next", "下一步"),
    ("a3", "A3"),
)
_STEPS: dict[str, Step] = {
    "problem": _statement,
    "figure": _figure,
    "target": _target,
    "why": _why,
    "action": _action,
    "done": _done,
    "check": _check,
    "playbook": _playbook,
    "draft": _draft,
    "next": _next,
    "a3": _a3,
    "show": _show,
}
_ALIASES = {"measure": "check", "测量": "check", "下一阶段": "next", "查看": "show", "standard": "playbook"}
_BY_NAME: dict[str, Step] = {
    **{en: _STEPS[en] for en, _ in STEP_NAMES},
    **{zh.lower(): _STEPS[en] for en, zh in STEP_NAMES},
    **{alias: _STEPS[target] for alias, target in _ALIASES.items()},
    "show": _show,
}
