"""How a project and the list of projects look in chat."""

from __future__ import annotations

from datetime import date

from bot.commands.registry import Context
from bot.improve.figures import BY_NAME, format_value
from bot.improve.gates import NEXT_STAGE, gaps, latest, missing
from bot.improve.models import STAGES, Action, Measurement, Project
from bot.improve.service import get_project, project_ref
from bot.improve.texts import stage_name
from bot.services import Services
from bot.texts import say, word
from bot.types import Button, Language, Reply, Table


def figure_text(project: Project, language: Language) -> str:
    """ "Andon calls per week · L3 · material", or "–" before a figure is chosen."""
    figure = BY_NAME.get(project.metric or "")
    if figure is None:
        return "–"
    parts = [figure.label(language), project.line.code if project.line else "?"]
    if project.metric_filter:
        parts.append(word(project.metric_filter, language))
    return " · ".join(parts)


def reading_text(measurement: Measurement | None, project: Project, language: Language) -> str:
    """ "12.5 calls/week (2026-10-19 – 2026-11-15)", or "–"."""
    figure = BY_NAME.get(project.metric or "")
    if measurement is None or figure is None:
        return "–"
    value = format_value(measurement.value, figure, language)
    return f"{value} ({measurement.period_start} – {measurement.period_end})"


def target_text(project: Project, language: Language) -> str:
    """The target with its unit, or "–"."""
    figure = BY_NAME.get(project.metric or "")
    if figure is None or project.target_value is None:
        return "–" if project.target_value is None else f"{project.target_value:g}"
    return format_value(project.target_value, figure, language)


def change_text(before: float, after: float) -> str:
    """The change from before to after, with its share.

    >>> change_text(12.0, 9.0), change_text(90.0, 93.6), change_text(0.0, 2.0)
    ('−3.0 (−25%)', '+3.6 (+4%)', '+2.0')
    """
    delta = after - before
    sign = "+" if delta >= 0 else "−"
    share = f" ({sign}{abs(delta) / before:.0%})" if before else ""
    return f"{sign}{abs(delta):.1f}{share}"


def target_met(project: Project, after: float) -> bool:
    """Whether the value `after` reaches the target (lower or higher is better by figure)."""
    figure = BY_NAME.get(project.metric or "")
    if project.target_value is None or figure is None:
        return False
    return after <= project.target_value if figure.lower_is_better else after >= project.target_value


def project_reply(project: Project, services: Services, language: Language) -> Reply:
    """The project as one message: stage, Plan's facts, countermeasures, check and standard,
    what its gate still needs, and buttons for the next step."""
    ref = project_ref(project.id)
    today = services.local(services.now()).date()
    lines = [
        say(
            "improve_show_stage",
            language,
            stage=stage_name(project.stage, language),
            since=services.clock_time(project.stage_changed_at),
            leader=project.leader,
        )
    ]
    if project.problem_id:
        lines.append(_label("source", language) + f"P{project.problem_id}")
    lines.append(_label("problem", language) + (project.problem_statement or "–"))
    lines.append(_label("figure", language) + figure_text(project, language))
    lines.append(
        _label("baseline", language)
        + reading_text(latest(project, "baseline"), project, language)
        + " · "
        + _label("target", language)
        + target_text(project, language)
    )
    if project.whys:
        lines.append(_label("whys", language).rstrip())
        lines += [f"  {why.position}. {why.answer}" for why in project.whys]
    if project.actions:
        lines.append(_label("actions", language).rstrip())
        lines += [f"  {action_line(a, today, language)}" for a in project.actions]
    check = latest(project, "check")
    if check is not None:
        lines.append(_label("check", language) + reading_text(check, project, language))
    if project.playbook_link or project.playbook_draft:
        standard = project.playbook_link or (project.playbook_draft or "").splitlines()[0][:120]
        lines.append(_label("standard", language) + standard)
    lines.append(next_step(project, language))
    # The buttons speak the reader's language, so the answer to a press does too.
    command = f"改善 {ref} " if language == "zh" else f"improve {ref} "
    buttons = [
        Button(say("improve_btn_a3", language), command + "A3" if language == "zh" else command + "a3")
    ]
    if project.stage in NEXT_STAGE and not missing(project):
        step = "下一步" if language == "zh" else "next"
        buttons.insert(0, Button(say("improve_btn_next", language), command + step, "primary"))
    elif project.stage == "check":
        step = "检查" if language == "zh" else "check"
        buttons.insert(0, Button(say("improve_btn_check", language), command + step, "primary"))
    title = say("improve_show_title", language, ref=ref, title=project.title)
    text = "\n".join([f"🔁 {title}", *lines])  # the title first, as cards say theirs
    return Reply(text=text, language=language, title=title, buttons=buttons)


def action_line(action: Action, today: date, language: Language) -> str:
    """ "2. ✅ Kanban loop — Li, due 2026-12-20" (⚠ when open past due)."""
    mark = "✅" if action.status == "done" else "⬜"
    overdue = action.status != "done" and action.due_date < today
    flag = f" ⚠ {say('improve_overdue_mark', language)}" if overdue else ""
    due = word("due", language).lower() if language == "en" else "到期"
    return f"{action.position}. {mark} {action.text} — {action.owner}, {due} {action.due_date}{flag}"


def next_step(project: Project, language: Language) -> str:
    """What the project's gate still needs, or that it is open."""
    if project.stage not in NEXT_STAGE:
        return say("improve_closed_now", language, ref=project_ref(project.id))
    ref = project_ref(project.id)
    if not missing(project):
        return say("improve_ready", language, stage=stage_name(project.stage, language), ref=ref)
    return say("improve_next", language, what="\n" + gaps(project).words(language))


def list_reply(projects: list[Project], services: Services, language: Language) -> Reply:
    """Every project by stage (Plan first, closed last), with its overdue countermeasures."""
    if not projects:
        return Reply(say("improve_list_none", language), language=language)
    today = services.local(services.now()).date()
    ordered = sorted(projects, key=lambda p: (STAGES.index(p.stage), p.id))
    rows: list[list[object]] = []
    for p in ordered:
        overdue = sum(1 for a in p.actions if a.status != "done" and a.due_date < today)
        rows.append(
            [
                project_ref(p.id),
                p.title,
                stage_name(p.stage, language),
                p.line.code if p.line else "–",
                p.leader,
                f"{sum(a.status == 'done' for a in p.actions)}/{len(p.actions)}"
                + (f" ⚠{overdue}" if overdue else ""),
            ]
        )
    columns = (
        ["#", "Title", "Stage", "Line", "Leader", "Actions done"]
        if language == "en"
        else ["#", "标题", "阶段", "产线", "负责人", "对策完成"]
    )
    counts = " · ".join(
        f"{stage_name(stage, language)} {sum(p.stage == stage for p in projects)}" for stage in STAGES
    )
    title = say("improve_list_title", language, count=len(projects))
    return Reply(text=f"{title}\n{counts}", language=language, title=title, table=Table(columns, rows))


def _label(field: str, language: Language) -> str:
    """ "*Figure:* " / "*指标：*" """
    return f"*{say('improve_field_' + field, language)}{'：' if language == 'zh' else ':'}* "


def confirm(ctx: Context, project: Project, done: str) -> Reply:
    """`done` (what a step did), then what the project's gate still needs, with the project's buttons."""
    project = get_project(ctx.session, project.id)
    shown = project_reply(project, ctx.services, ctx.language)
    return Reply(
        text=f"{done}\n{next_step(project, ctx.language)}",
        language=ctx.language,
        buttons=shown.buttons,
    )
