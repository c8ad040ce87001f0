"""Improvement projects in the weekly digest and on the board: the projects by PDCA stage at
a moment, with their overdue countermeasures.

A project's stage at a moment is read from the event log (its last "advance" before it), so
a digest of a past week says what was true at that week's end whenever it is made.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.improve.models import STAGES, Action, Project
from bot.improve.service import KIND, project_ref
from bot.improve.texts import stage_name
from bot.store.models import Event
from bot.texts import register, say
from bot.types import Language

register(
    {
        "improve_digest_line": ("*Improvement projects:* {stages}", "*改善项目：* {stages}"),
        "improve_digest_overdue": (
            "Overdue countermeasures: {items}",
            "逾期对策：{items}",
        ),
        "improve_digest_h": ("Improvement projects (PDCA)", "改善项目（PDCA）"),
        "improve_digest_cols": ("Stage | Projects", "阶段 | 项目"),
        "improve_board_title": ("Improvement projects", "改善项目"),
        "improve_board_overdue": ("Overdue countermeasures", "逾期对策"),
    }
)


@dataclass(frozen=True)
class ProjectItem:
    """A project as listed: its ref, title and line code ("" for none)."""

    ref: str
    title: str
    line: str


@dataclass(frozen=True)
class OverdueAction:
    """An open countermeasure past its due date, of the project `ref` on `line`."""

    ref: str
    line: str
    position: int
    text: str
    owner: str
    due: date


@dataclass(frozen=True)
class ProjectsByStage:
    """Projects per stage in `STAGES` order, and the overdue countermeasures."""

    stages: tuple[tuple[str, tuple[ProjectItem, ...]], ...]
    overdue: tuple[OverdueAction, ...]

    @property
    def total(self) -> int:
        """How many projects there are."""
        return sum(len(projects) for _, projects in self.stages)

    def seen_by(self, sees: Callable[[str], bool]) -> ProjectsByStage:
        """Only the projects of lines `sees(code)` allows (and those of no line)."""
        stages = tuple(
            (name, tuple(p for p in items if not p.line or sees(p.line))) for name, items in self.stages
        )
        return ProjectsByStage(stages, tuple(a for a in self.overdue if not a.line or sees(a.line)))


def projects_by_stage(
    session: Session, at: datetime, today: date, line_ids: Collection[int] | None = None
) -> ProjectsByStage:
    """The projects opened before `at` (naive UTC) in the stage each was in at `at`, and the
    countermeasures open at `at` that were due before `today` (plant calendar); only the
    projects of `line_ids` when given."""
    query = (
        select(Project).where(Project.opened_at < at).options(joinedload(Project.line)).order_by(Project.id)
    )
    if line_ids is not None:
        query = query.where(Project.line_id.in_(list(line_ids)))
    projects = list(session.scalars(query))
    stage = {p.id: "plan" for p in projects}
    moves = session.execute(
        select(Event.record_id, Event.to_status)
        .where(Event.record_kind == KIND, Event.action == "advance", Event.at < at)
        .order_by(Event.at, Event.id)
    ).all()
    for project_id, to_status in moves:
        if project_id in stage and to_status:
            stage[project_id] = str(to_status)
    items = {p.id: ProjectItem(project_ref(p.id), p.title, p.line.code if p.line else "") for p in projects}
    grouped = tuple((name, tuple(items[p.id] for p in projects if stage[p.id] == name)) for name in STAGES)
    actions = session.scalars(
        select(Action)
        .join(Project, Project.id == Action.project_id)
        .where(Project.id.in_([p.id for p in projects]), Action.added_at < at, Action.due_date < today)
        .order_by(Action.due_date, Action.id)
    )
    overdue = tuple(
        OverdueAction(
            items[a.project_id].ref, items[a.project_id].line, a.position, a.text, a.owner, a.due_date
        )
        for a in actions
        if (a.done_at is None or a.done_at >= at) and stage.get(a.project_id) != "closed"
    )
    return ProjectsByStage(grouped, overdue)


def digest_lines(summary: ProjectsByStage, language: Language) -> list[str]:
    """The digest's lines for a channel: projects per stage, then overdue countermeasures."""
    if not summary.total:
        return []
    stages = " · ".join(
        f"{stage_name(name, language)} {len(projects)}"
        + (f" ({', '.join(p.ref for p in projects)})" if projects else "")
        for name, projects in summary.stages
    )
    lines = [say("improve_digest_line", language, stages=stages)]
    if summary.overdue:
        items = ", ".join(f"{a.ref} #{a.position} {a.owner} ({a.due})" for a in summary.overdue[:6])
        lines.append(say("improve_digest_overdue", language, items=items))
    return lines


def digest_markdown(summary: ProjectsByStage, language: Language) -> list[str]:
    """The digest document's section: a table of the stages and their projects."""
    if not summary.total:
        return []
    out = ["", f"## {say('improve_digest_h', language)}", ""]
    out.append("| " + " | ".join(say("improve_digest_cols", language).split(" | ")) + " |")
    out.append("|---|---|")
    for name, projects in summary.stages:
        listed = "; ".join(f"{p.ref} {p.title}".replace("|", "\\|") for p in projects) or "–"
        out.append(f"| {stage_name(name, language)} | {listed} |")
    if summary.overdue:
        items = ", ".join(f"{a.ref} #{a.position} “{a.text}” — {a.owner} ({a.due})" for a in summary.overdue)
        out += ["", say("improve_digest_overdue", language, items=items)]
    return out


def board_projects(session: Session, now: datetime, today: date) -> ProjectsByStage:
    """What the board's panel shows: every project by its stage now, and the overdue countermeasures."""
    return projects_by_stage(session, now + timedelta(seconds=1), today)
