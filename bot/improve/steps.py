"""The steps of a project, `improve J3 <step> …`: Plan's facts, Do's countermeasures, Check's
second measurement, Act's standard, moving on through the gates, and the A3."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.commands.registry import Context
from bot.errors import BotError
from bot.improve import check_act, service
from bot.improve.a3 import a3_reply
from bot.improve.figures import (
    BY_NAME,
    baseline_period,
    check_filter,
    figure_names,
    find_figure,
    format_total,
    format_value,
    measure,
)
from bot.improve.gates import latest
from bot.improve.models import Project
from bot.improve.parse import STEP_NAMES
from bot.improve.texts import stage_name
from bot.improve.view import confirm, project_reply
from bot.locations import all_lines, find_line, require_line
from bot.store.models import Line
from bot.texts import say
from bot.types import Reply

MAX_TEXT = 2000
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
    return confirm(
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
        total=format_total(reading.total, figure),
    )
    return confirm(ctx, project, done)


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
    return confirm(ctx, project, done)


def _why(ctx: Context, project: Project, text: str) -> Reply:
    if not text:
        raise BotError("usage", usage=f"improve J{project.id} why <answer>")
    why = service.add_why(
        ctx.session, project=project, answer=text[:MAX_TEXT], actor=ctx.actor, now=ctx.services.now()
    )
    return confirm(
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
    return confirm(ctx, project, done)


def _done(ctx: Context, project: Project, text: str) -> Reply:
    if not text.strip().isdigit():
        raise BotError("usage", usage=f"improve J{project.id} done <n>")
    action = service.mark_done(
        ctx.session, project=project, position=int(text), actor=ctx.actor, now=ctx.services.now()
    )
    done = say("improve_action_done", ctx.language, ref=_ref(project), n=action.position, actor=ctx.actor)
    return confirm(ctx, project, done)


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
    return confirm(ctx, project, moved)


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


_STEPS: dict[str, Step] = {
    "problem": _statement,
    "figure": _figure,
    "target": _target,
    "why": _why,
    "action": _action,
    "done": _done,
    "check": check_act.check,
    "playbook": check_act.link_playbook,
    "draft": check_act.draft_standard,
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
