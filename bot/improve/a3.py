"""The A3 summary of a project: one page, seven boxes (problem, current condition, target,
root cause, countermeasures, check, standard), as Markdown and as a PNG.

Both are rendered from the same `A3` built from the stored project, so the picture and the
text always say the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.improve.a3_png import draw
from bot.improve.figures import BY_NAME, format_total, format_value
from bot.improve.gates import latest
from bot.improve.models import Project
from bot.improve.service import project_ref
from bot.improve.texts import stage_name
from bot.improve.view import change_text, figure_text, target_met
from bot.services import Services
from bot.texts import say
from bot.types import Image, Language, Reply


@dataclass(frozen=True)
class Box:
    """One box of the A3: a heading and its lines (or a table's rows)."""

    heading: str
    lines: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class A3:
    """The page: title, a line of facts, the boxes of the left (Plan) and right (Do, Check,
    Act) halves, and the figure's values to chart: (baseline|check|target, label, value)."""

    title: str
    meta: str
    left: tuple[Box, ...]
    right: tuple[Box, ...]
    bars: tuple[tuple[str, str, float], ...] = field(default_factory=tuple)
    unit: str = ""


def build(project: Project, services: Services, language: Language) -> A3:
    """The A3 of `project` in `language`."""
    lang, ref = language, project_ref(project.id)
    figure = BY_NAME.get(project.metric or "")
    baseline, check = latest(project, "baseline"), latest(project, "check")
    none = say("improve_a3_not_yet", lang)

    def value(number: float | None) -> str:
        return format_value(number, figure, lang) if figure else "–"

    current = (none,)
    if baseline is not None and figure is not None:
        total = format_total(baseline.total, figure)
        current = (
            say(
                "improve_a3_baseline",
                lang,
                figure=figure_text(project, lang),
                value=value(baseline.value),
                first=baseline.period_start,
                last=baseline.period_end,
                total=total,
            ),
        )
    whys = tuple(f"{w.position}. {w.answer}" for w in project.whys) or (none,)
    if project.whys:
        whys += (say("improve_a3_root_cause", lang, text=project.whys[-1].answer),)
    checked = (none,)
    if check is not None and baseline is not None:
        met = target_met(project, check.value)
        checked = (
            say(
                "improve_a3_check",
                lang,
                before=value(baseline.value),
                after=value(check.value),
                first=check.period_start,
                last=check.period_end,
                change=change_text(baseline.value, check.value),
                target=value(project.target_value),
                verdict=say("improve_target_met" if met else "improve_target_not_met", lang),
            ),
        )
    standard: tuple[str, ...] = (none,)
    if project.playbook_link:
        standard = (say("improve_a3_linked", lang, title=project.playbook_link),)
    elif project.playbook_draft:
        standard = tuple(project.playbook_draft.splitlines())
    done = "✔" if lang == "en" else "完成"
    rows = tuple(
        (str(a.position), a.text, a.owner, a.due_date.isoformat(), done if a.status == "done" else "")
        for a in project.actions
    )
    bars = []
    if figure is not None and baseline is not None:
        bars.append(("baseline", say("improve_field_baseline", lang), baseline.value))
        if check is not None:
            bars.append(("check", say("improve_field_check", lang), check.value))
        if project.target_value is not None:
            bars.append(("target", say("improve_field_target", lang), project.target_value))
    meta = say(
        "improve_a3_meta",
        lang,
        stage=stage_name(project.stage, lang),
        leader=project.leader,
        line=project.line.code if project.line else "–",
        opened=services.local(project.opened_at).date(),
    )
    return A3(
        title=say("improve_a3_title", lang, ref=ref, title=project.title),
        meta=meta,
        left=(
            Box(say("improve_a3_h_problem", lang), (project.problem_statement or none,)),
            Box(say("improve_a3_h_current", lang), current),
            Box(
                say("improve_a3_h_target", lang),
                (value(project.target_value) if project.target_value is not None else none,),
            ),
            Box(say("improve_a3_h_whys", lang), whys),
        ),
        right=(
            Box(
                say("improve_a3_h_actions", lang),
                () if rows else (none,),
                tuple(say("improve_a3_cols_actions", lang).split(" | ")) if rows else (),
                rows,
            ),
            Box(say("improve_a3_h_check", lang), checked),
            Box(say("improve_a3_h_act", lang), standard),
        ),
        bars=tuple(bars),
        unit=figure.unit(lang) if figure else "",
    )


def markdown(a3: A3) -> str:
    """The A3 as a Markdown document."""
    out = [f"# {a3.title}", "", f"_{a3.meta}_"]
    for box in (*a3.left, *a3.right):
        out += ["", f"## {box.heading}", ""]
        if box.rows:
            out.append("| " + " | ".join(box.columns) + " |")
            out.append("|" + "---|" * len(box.columns))
            out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in box.rows]
        out += list(box.lines)
    return "\n".join(out) + "\n"


def a3_reply(project: Project, services: Services, language: Language) -> Reply:
    """The A3 as a reply: the Markdown as text and the page as a PNG."""
    page = build(project, services, language)
    image = Image(draw(page), title=page.title, alt=page.title)
    return Reply(text=markdown(page), language=language, title=page.title, image=image)
