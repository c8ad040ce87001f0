"""Reading and changing andon calls and problems. Every change is written to the event log.

Functions take a keyword-only session and never commit: the caller's transaction covers
the change, its event and the outbox messages it causes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from bot.errors import BotError
from bot.store import lifecycle
from bot.store.models import AndonCall, Base, Event, Line, Problem, Station


@dataclass(frozen=True)
class Origin:
    """Where a record was raised: its chat platform, workspace, channel and thread."""

    platform: str
    workspace: str
    channel: str
    thread: str | None = None

    def columns(self) -> dict[str, str | None]:
        """The columns a record keeps its origin in (every chat-raised record has these four)."""
        return {
            "platform": self.platform,
            "workspace": self.workspace,
            "channel": self.channel,
            "thread": self.thread,
        }


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
        **origin.columns(),
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
    session: Session,
    *,
    call: AndonCall,
    action: str,
    actor: str,
    now: datetime,
    note: str | None = None,
    level: int | None = None,
    top: int | None = None,
) -> Event:
    """Apply `action` (acknowledge, resolve, cancel, escalate) if the call's state allows it.

    The change is a compare-and-set on the state read (see `_transition`), so of two
    simultaneous requests exactly one changes the call. An escalation climbs one level, to
    `level` (default: one above the level read) and never past `top` (the ladder's last level).
    Returns the logged event; raises `BotError` for an illegal change, a change somebody
    else made first ("andon_already", with who and when), or the top of the ladder.
    """
    transition = lifecycle.ANDON[action]
    target = level if level is not None else call.escalation_level + 1

    def plan() -> tuple[dict[str, object], dict[str, object], str | None]:
        _check_legal("andon", call, transition)
        expected: dict[str, object] = {"status": call.status}
        values = _stamp(transition, actor, now)
        detail = note
        if action == "escalate":
            current = call.escalation_level
            if current >= target:
                last = _last_event(session, "andon", call.id, "escalate")
                raise BotError(
                    "andon_already_escalated",
                    ref=andon_ref(call.id),
                    level=current,
                    actor=last.actor if last else "?",
                    time=call.escalated_at or now,
                )
            if top is not None and current >= top:
                raise BotError("andon_top_level", ref=andon_ref(call.id), level=current)
            expected["escalation_level"] = current
            values.update(escalation_level=current + 1, escalated_at=now)
            detail = note or f"level {current + 1}"
        if action == "resolve":
            values["resolution_note"] = note
            if call.acknowledged_at is None:  # resolving also acknowledges: somebody responded
                values.update(acknowledged_at=now, acknowledged_by=actor)
        return expected, values, detail

    return _transition(session, "andon", call, transition, plan, actor=actor, now=now)


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
        **origin.columns(),
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

    A compare-and-set like `change_andon`; an assignment also checks that the owner is still
    the one read, so of two simultaneous assignments the first wins and the other is told.
    Returns the logged event; raises `BotError` for an illegal or already-made change.
    """
    transition = lifecycle.PROBLEM[action]
    owner_read = problem.assignee

    def plan() -> tuple[dict[str, object], dict[str, object], str | None]:
        _check_legal("problem", problem, transition)
        expected: dict[str, object] = {"status": problem.status}
        values = _stamp(transition, actor, now)
        detail = note
        if action == "assign":
            if problem.assignee != owner_read or problem.assignee == assignee:
                last = _last_event(session, "problem", problem.id, "assign")
                raise BotError(
                    "problem_already_assigned",
                    ref=problem_ref(problem.id),
                    assignee=problem.assignee or "?",
                    actor=last.actor if last else "?",
                    time=last.at if last else now,
                )
            expected["assignee"] = problem.assignee
            values["assignee"] = assignee
            detail = assignee
        if action == "resolve" and note:
            values["countermeasure"] = note
        return expected, values, detail

    return _transition(session, "problem", problem, transition, plan, actor=actor, now=now)


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


#: Columns that say who put a record in each state and when (initial states have none here).
_STAMPS = {
    "andon": {"acknowledged": "acknowledged", "resolved": "resolved", "cancelled": "cancelled"},
    "problem": {"in_progress": "started", "resolved": "resolved", "closed": "closed", "rejected": "rejected"},
}
#: How many times a change re-reads the record after losing a race. The first re-read runs
#: under the winner's lock (SQLite's write lock, PostgreSQL's and MariaDB's row lock), so a
#: second attempt cannot lose again; the third is only a safety margin.
_ATTEMPTS = 3

_Plan = Callable[[], tuple[dict[str, object], dict[str, object], "str | None"]]


def _stamp(transition: lifecycle.Transition, actor: str, now: datetime) -> dict[str, object]:
    if not transition.to:
        return {}
    return {"status": transition.to, f"{transition.stamp}_at": now, f"{transition.stamp}_by": actor}


def _check_legal(kind: str, record: AndonCall | Problem, transition: lifecycle.Transition) -> None:
    """Raise the refusal for `transition` from the record's current state, if it is illegal:
    "already <done> by <who> at <when>" when the state is the one the action leads to."""
    status = record.status
    if status in transition.sources:
        return
    ref = andon_ref(record.id) if kind == "andon" else problem_ref(record.id)
    stamp = _STAMPS[kind].get(status)
    if stamp is None:
        raise BotError(f"{kind}_illegal", ref=ref, status=status, action=transition.action)
    who, when = getattr(record, f"{stamp}_by") or "?", getattr(record, f"{stamp}_at")
    if status == transition.to:
        raise BotError(f"{kind}_already", ref=ref, action=transition.action, actor=who, time=when)
    table = lifecycle.ANDON if kind == "andon" else lifecycle.PROBLEM
    done = next(t.action for t in table.values() if t.to == status)  # "in_progress": "started"
    raise BotError(
        f"{kind}_illegal_by",
        ref=ref,
        status=status,
        done=done,
        action=transition.action,
        actor=who,
        time=when,
    )


def compare_and_set(
    session: Session, record: Base, expected: Mapping[str, object], values: Mapping[str, object]
) -> bool:
    """`UPDATE … SET values WHERE id = record.id AND each expected column still holds its value`
    (None: is empty); whether it changed the row. The record is read again either way, with a
    lock when it lost (a locking read sees the latest commit on every database), so the loser
    can tell who changed it first."""
    model = type(record)
    conditions = [model.id == record.id] + [  # type: ignore[attr-defined]
        getattr(model, column).is_(None) if value is None else getattr(model, column) == value
        for column, value in expected.items()
    ]
    statement = update(model).where(*conditions).values(**values)
    result = session.execute(statement.execution_options(synchronize_session=False))
    changed: bool = result.rowcount == 1  # type: ignore[attr-defined]
    session.refresh(record, with_for_update=None if changed else True)
    return changed


def _transition(
    session: Session,
    kind: str,
    record: AndonCall | Problem,
    transition: lifecycle.Transition,
    plan: _Plan,
    *,
    actor: str,
    now: datetime,
) -> Event:
    """Change `record` with a compare-and-set and log the change.

    `plan()` checks the change against the record as read and returns the columns that must
    still hold what was read, the new values, and the event's detail. The UPDATE carries the
    expected values in its WHERE clause; when it changes no row somebody else changed the
    record first: it is read again (a locking read, which sees the latest commit on every
    database) and planned again, so the loser is told the state the winner left.
    """
    for _ in range(_ATTEMPTS):
        before = record.status
        expected, values, detail = plan()
        if compare_and_set(session, record, expected, values):
            return record_event(
                session,
                kind=kind,
                record_id=record.id,
                action=transition.action,
                actor=actor,
                at=now,
                before=before,
                after=record.status,
                detail=detail,
            )
    raise BotError("record_busy", ref=andon_ref(record.id) if kind == "andon" else problem_ref(record.id))


def _last_event(session: Session, kind: str, record_id: int, action: str) -> Event | None:
    return session.scalars(
        select(Event)
        .where(Event.record_kind == kind, Event.record_id == record_id, Event.action == action)
        .order_by(Event.id.desc())
        .limit(1)
    ).first()
