"""Reading and changing andon calls and problems. Every change is written to the event log.

Functions take a keyword-only session and never commit: the caller's transaction covers
the change, its event and the outbox messages it causes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.errors import BotError
from bot.store import lifecycle
from bot.store.models import AndonCall, Event, Line, Problem, Station


@dataclass(frozen=True)
class Origin:
    """Where a record was raised: its chat platform, workspace, channel and thread."""

    platform: str
    workspace: str
    channel: str
    thread: str | None = None


def record_event(
    session: Session,
    *,
    kind: str,
    record_id: int,
    action: str,
    actor: str,
    at: datetime,
    before: str | None = None,
    after: str | None = None,
    detail: str | None = None,
) -> Event:
    """Append one state change to the audit trail."""
    event = Event(
        at=at,
        actor=actor,
        record_kind=kind,
        record_id=record_id,
        action=action,
        from_status=before,
        to_status=after,
        detail=detail,
    )
    session.add(event)
    session.flush()
    return event


def raise_andon(
    session: Session,
    *,
    line: Line,
    station: Station | None,
    category: str,
    reason: str,
    severity: str,
    actor: str,
    origin: Origin,
    language: str,
    now: datetime,
) -> AndonCall:
    """Create an andon call in state "raised" and log it."""
    call = AndonCall(
        line=line,
        station=station,
        category=category,
        reason=reason,
        severity=severity,
        status="raised",
        raised_at=now,
        raised_by=actor,
        escalation_level=0,
        platform=origin.platform,
        workspace=origin.workspace,
        channel=origin.channel,
        thread=origin.thread,
        language=language,
    )
    session.add(call)
    session.flush()
    record_event(
        session, kind="andon", record_id=call.id, action="raise", actor=actor, at=now, after="raised"
    )
    return call


def get_andon(session: Session, call_id: int, *, lock: bool = False) -> AndonCall:
    """The andon call with this id; raises `BotError` when there is none."""
    return _get(session, AndonCall, call_id, lock=lock, missing="andon_not_found", ref=andon_ref(call_id))


def change_andon(
    session: Session, *, call: AndonCall, action: str, actor: str, now: datetime, note: str | None = None
) -> Event:
    """Apply `action` (acknowledge, resolve, cancel, escalate) if the call's state allows it.

    Returns the logged event; raises `BotError` for an illegal change.
    """
    if not lifecycle.allowed(lifecycle.ANDON, action, call.status):
        raise BotError("andon_illegal", ref=andon_ref(call.id), status=call.status, action=action)
    if action == "escalate":
        call.escalation_level += 1
        call.escalated_at = now
        note = note or f"level {call.escalation_level}"
    if action == "resolve":
        call.resolution_note = note
        if call.acknowledged_at is None:  # resolving also acknowledges: somebody responded
            call.acknowledged_at, call.acknowledged_by = now, actor
    return _apply(session, "andon", call, lifecycle.ANDON[action], actor=actor, now=now, note=note)


def open_problem(
    session: Session,
    *,
    title: str,
    description: str,
    category: str,
    line: Line | None,
    station: Station | None,
    priority: str,
    due_date: date | None,
    reporter: str,
    origin: Origin,
    language: str,
    now: datetime,
) -> Problem:
    """Create a problem report in state "open" and log it."""
    problem = Problem(
        title=title,
        description=description,
        category=category,
        line=line,
        station=station,
        priority=priority,
        due_date=due_date,
        status="open",
        reporter=reporter,
        opened_at=now,
        platform=origin.platform,
        workspace=origin.workspace,
        channel=origin.channel,
        thread=origin.thread,
        language=language,
    )
    session.add(problem)
    session.flush()
    record_event(
        session,
        kind="problem",
        record_id=problem.id,
        action="open",
        actor=reporter,
        at=now,
        after="open",
        detail=title,
    )
    return problem


def get_problem(session: Session, problem_id: int, *, lock: bool = False) -> Problem:
    """The problem with this id; raises `BotError` when there is none."""
    return _get(
        session, Problem, problem_id, lock=lock, missing="problem_not_found", ref=problem_ref(problem_id)
    )


def change_problem(
    session: Session,
    *,
    problem: Problem,
    action: str,
    actor: str,
    now: datetime,
    note: str | None = None,
    assignee: str | None = None,
) -> Event:
    """Apply `action` (start, resolve, close, reject, assign) if the problem's state allows it.

    Returns the logged event; raises `BotError` for an illegal change.
    """
    if not lifecycle.allowed(lifecycle.PROBLEM, action, problem.status):
        raise BotError("problem_illegal", ref=problem_ref(problem.id), status=problem.status, action=action)
    if action == "assign":
        problem.assignee = assignee
        note = assignee
    if action == "resolve" and note:
        problem.countermeasure = note
    return _apply(session, "problem", problem, lifecycle.PROBLEM[action], actor=actor, now=now, note=note)


def open_andon_calls(session: Session, line_id: int | None = None) -> list[AndonCall]:
    """Calls not yet resolved or cancelled, oldest first."""
    query = (
        select(AndonCall)
        .where(AndonCall.status.in_(lifecycle.OPEN_ANDON))
        .options(joinedload(AndonCall.line), joinedload(AndonCall.station))
        .order_by(AndonCall.raised_at)
    )
    if line_id is not None:
        query = query.where(AndonCall.line_id == line_id)
    return list(session.scalars(query))


def open_problems(session: Session, line_id: int | None = None) -> list[Problem]:
    """Problems still open or in progress, oldest first."""
    query = (
        select(Problem)
        .where(Problem.status.in_(lifecycle.OPEN_PROBLEM))
        .options(joinedload(Problem.line), joinedload(Problem.station))
        .order_by(Problem.opened_at)
    )
    if line_id is not None:
        query = query.where(Problem.line_id == line_id)
    return list(session.scalars(query))


def andon_ref(call_id: int) -> str:
    """How an andon call is named in chat.

    >>> andon_ref(17)
    'A17'
    """
    return f"A{call_id}"


def problem_ref(problem_id: int) -> str:
    """How a problem is named in chat.

    >>> problem_ref(5)
    'P5'
    """
    return f"P{problem_id}"


Record = TypeVar("Record", AndonCall, Problem)


def _get(
    session: Session, model: type[Record], record_id: int, *, lock: bool, missing: str, ref: str
) -> Record:
    query = (
        select(model).where(model.id == record_id).options(joinedload(model.line), joinedload(model.station))
    )
    record = session.scalars(query.with_for_update(of=model) if lock else query).first()
    if record is None:
        raise BotError(missing, ref=ref)
    return record


def _apply(
    session: Session,
    kind: str,
    record: AndonCall | Problem,
    transition: lifecycle.Transition,
    *,
    actor: str,
    now: datetime,
    note: str | None,
) -> Event:
    """Move `record` along `transition`, stamp who and when, and log the change."""
    before = record.status
    if transition.to:
        record.status = transition.to
        setattr(record, f"{transition.stamp}_at", now)
        setattr(record, f"{transition.stamp}_by", actor)
    return record_event(
        session,
        kind=kind,
        record_id=record.id,
        action=transition.action,
        actor=actor,
        at=now,
        before=before,
        after=record.status,
        detail=note,
    )
