"""Reading and changing improvement projects. Every change is a compare-and-set on the
project's stage and is written to the event log (record kind "improve").

Functions take a keyword-only session and never commit: the command's transaction covers the
change and its event.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bot.errors import BotError
from bot.improve.figures import Figure, Reading
from bot.improve.gates import MAX_WHYS, NEXT_STAGE, gaps, missing
from bot.improve.models import STAGES, Action, Measurement, Project, Why
from bot.improve.texts import Stage
from bot.store.models import Line, Problem
from bot.store.service import Origin, compare_and_set, record_event

KIND = "improve"


def project_ref(project_id: int) -> str:
    """How a project is named in chat.

    >>> project_ref(3)
    'J3'
    """
    return f"J{project_id}"


def open_project(
    session: Session,
    *,
    title: str,
    source: str,
    line: Line | None,
    problem: Problem | None,
    statement: str | None,
    leader: str,
    origin: Origin,
    language: str,
    now: datetime,
) -> Project:
    """Create a project in stage "plan" and log it."""
    project = Project(
        title=title,
        stage="plan",
        source=source,
        line=line,
        problem=problem,
        problem_statement=statement,
        leader=leader,
        opened_at=now,
        stage_changed_at=now,
        **origin.columns(),
        language=language,
    )
    session.add(project)
    session.flush()
    _log(session, project, "open", leader, now, after="plan", detail=title)
    return project


def get_project(session: Session, project_id: int, *, lock: bool = False) -> Project:
    """The project with its whys, actions and measurements; raises `BotError` when there is none."""
    query = (
        select(Project)
        .where(Project.id == project_id)
        .options(
            selectinload(Project.whys),
            selectinload(Project.actions),
            selectinload(Project.measurements),
        )
    )
    project = session.scalars(query.with_for_update(of=Project) if lock else query).first()
    if project is None:
        raise BotError("improve_not_found", ref=project_ref(project_id))
    return project


def projects(session: Session, stages: tuple[str, ...] = STAGES) -> list[Project]:
    """Projects in `stages`, oldest first, with their actions."""
    query = (
        select(Project)
        .where(Project.stage.in_(stages))
        .options(selectinload(Project.actions), selectinload(Project.line))
        .order_by(Project.id)
    )
    return list(session.scalars(query))


def stage_counts(session: Session) -> dict[str, int]:
    """How many projects are in each stage (every stage listed, zeros included)."""
    rows = session.execute(select(Project.stage, func.count()).group_by(Project.stage)).all()
    found = {str(stage): int(count) for stage, count in rows}
    return {stage: found.get(stage, 0) for stage in STAGES}


def overdue_actions(session: Session, today: date) -> list[Action]:
    """Open countermeasures past their due date, of projects not closed, oldest due first."""
    query = (
        select(Action)
        .join(Project, Project.id == Action.project_id)
        .where(Action.status == "open", Action.due_date < today, Project.stage != "closed")
        .options(selectinload(Action.project))
        .order_by(Action.due_date, Action.id)
    )
    return list(session.scalars(query))


def edit(
    session: Session,
    *,
    project: Project,
    stage: str,
    values: dict[str, object],
    action: str,
    actor: str,
    now: datetime,
) -> None:
    """Set `values` on a project that is still in `stage` (compare-and-set), and log it."""
    _set(session, project, stage, values)
    detail = "; ".join(f"{k}={v}" for k, v in values.items())
    _log(session, project, action, actor, now, detail=detail[:500])


def set_figure(
    session: Session,
    *,
    project: Project,
    figure: Figure,
    line: Line,
    filter_value: str | None,
    reading: Reading,
    actor: str,
    now: datetime,
) -> Measurement:
    """Choose the project's figure (in Plan) and keep its baseline reading."""
    values = {"metric": figure.name, "line_id": line.id, "metric_filter": filter_value}
    edit(session, project=project, stage="plan", values=values, action="figure", actor=actor, now=now)
    return _measurement(session, project, "baseline", reading, actor, now)


def record_check(
    session: Session, *, project: Project, reading: Reading, actor: str, now: datetime
) -> Measurement:
    """Keep the figure measured again after the countermeasures (in Check)."""
    _set(session, project, "check", {})
    measurement = _measurement(session, project, "check", reading, actor, now)
    _log(session, project, "check", actor, now, detail=f"{reading.value:.2f}")
    return measurement


def add_why(session: Session, *, project: Project, answer: str, actor: str, now: datetime) -> Why:
    """Add the next why (at most `MAX_WHYS`) to a project in Plan."""
    _set(session, project, "plan", {})
    if len(project.whys) >= MAX_WHYS:
        raise BotError("improve_whys_full", ref=project_ref(project.id), max=MAX_WHYS)
    why = Why(project=project, position=len(project.whys) + 1, answer=answer, added_by=actor, added_at=now)
    session.add(why)
    session.flush()
    _log(session, project, "why", actor, now, detail=answer[:500])
    return why


def add_action(
    session: Session, *, project: Project, text: str, owner: str, due: date, actor: str, now: datetime
) -> Action:
    """Add a countermeasure to a project in Plan or Do."""
    if project.stage not in ("plan", "do"):
        raise BotError(
            "improve_wrong_stage",
            ref=project_ref(project.id),
            stage=Stage(project.stage),
            needed=Stage("plan, do"),
        )
    _set(session, project, project.stage, {})
    action = Action(
        project=project,
        position=len(project.actions) + 1,
        text=text,
        owner=owner,
        due_date=due,
        status="open",
        added_by=actor,
        added_at=now,
    )
    session.add(action)
    session.flush()
    _log(session, project, "action", actor, now, detail=f"{action.position}: {text}"[:500])
    return action


def mark_done(session: Session, *, project: Project, position: int, actor: str, now: datetime) -> Action:
    """Mark countermeasure number `position` done (in Do), once: compare-and-set on its status."""
    _set(session, project, "do", {})
    action = next((a for a in project.actions if a.position == position), None)
    if action is None:
        raise BotError(
            "improve_no_action", ref=project_ref(project.id), n=position, count=len(project.actions)
        )
    done = {"status": "done", "done_at": now, "done_by": actor}
    if not compare_and_set(session, action, {"status": "open"}, done):
        raise BotError(
            "improve_action_already", ref=project_ref(project.id), n=position, actor=action.done_by or "?"
        )
    _log(session, project, "done", actor, now, detail=str(position))
    return action


def advance(session: Session, *, project: Project, actor: str, now: datetime) -> str:
    """Move the project to its next stage if its gate is open; returns the new stage.

    Raises `BotError("improve_gate", ...)` listing what is missing, or when the project is closed.
    """
    ref, stage = project_ref(project.id), project.stage
    if stage not in NEXT_STAGE:
        raise BotError("improve_closed", ref=ref)
    if missing(project):
        raise BotError("improve_gate", ref=ref, stage=Stage(stage), gaps=gaps(project))
    target = NEXT_STAGE[stage]
    values: dict[str, object] = {"stage": target, "stage_changed_at": now}
    if target == "closed":
        values["closed_at"] = now
    _set(session, project, stage, values)
    _log(session, project, "advance", actor, now, before=stage, after=target)
    return target


def _set(session: Session, project: Project, stage: str, values: dict[str, object]) -> None:
    """UPDATE the project WHERE it is still in `stage` (also with no values: then it only
    checks, under a row lock, that nobody moved the project on meanwhile)."""
    if not compare_and_set(session, project, {"stage": stage}, values or {"stage": stage}):
        raise BotError(
            "improve_wrong_stage",
            ref=project_ref(project.id),
            stage=Stage(project.stage),
            needed=Stage(stage),
        )


def _measurement(
    session: Session, project: Project, kind: str, reading: Reading, actor: str, now: datetime
) -> Measurement:
    measurement = Measurement(
        project=project,
        kind=kind,
        metric=project.metric or "",
        line_id=project.line_id,
        metric_filter=project.metric_filter,
        period_start=reading.first,
        period_end=reading.last,
        total=reading.total,
        value=reading.value,
        measured_at=now,
        measured_by=actor,
    )
    session.add(measurement)
    session.flush()
    session.refresh(project)
    return measurement


def _log(
    session: Session,
    project: Project,
    action: str,
    actor: str,
    now: datetime,
    *,
    before: str | None = None,
    after: str | None = None,
    detail: str | None = None,
) -> None:
    record_event(
        session,
        kind=KIND,
        record_id=project.id,
        action=action,
        actor=actor,
        at=now,
        before=before,
        after=after,
        detail=detail,
    )
