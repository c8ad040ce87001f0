"""Holding tier meetings, acknowledging them and raising items at them.

Functions take a keyword-only session and never commit. A scheduled meeting is inserted once
per line and fire time (a unique key), an acknowledgement once per person and meeting (a
unique key, inserted with the database's "on conflict do nothing"), so neither a second
scheduler process nor a double press makes a second row. Every change writes an `Event`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session, joinedload

from bot.errors import BotError
from bot.services import Services
from bot.store.models import Line, Problem
from bot.store.service import record_event
from bot.tier.figures import day_figures, open_work
from bot.tier.models import TierAttendance, TierConcern, TierMeeting
from bot.tier.topics import load_topics, topic_of

EVENT_KIND = "tiermeeting"  # one word: a question saying "tier meetings" names no event kind


def meeting_ref(meeting_id: int) -> str:
    """How a tier meeting is named in chat.

    >>> meeting_ref(12)
    'T12'
    """
    return f"T{meeting_id}"


def hold_meeting(
    session: Session,
    *,
    line: Line,
    services: Services,
    actor: str,
    scheduled_for: datetime | None = None,
) -> tuple[TierMeeting, bool]:
    """The meeting of `line` now: its board's figures read and stored. Returns the meeting and
    whether it is new. A scheduled meeting (`scheduled_for`, its fire time) is held once per
    line and fire time: a second call returns the first meeting; one on demand is always new."""
    now = services.now()
    today = services.local(scheduled_for or now).date()  # a late run is still that day's meeting
    figures = day_figures(session, services, line, today.fromordinal(today.toordinal() - 1))
    work = open_work(session, line, today)
    topic = topic_of(today, load_topics(services.tier_topics_file))
    values: dict[str, Any] = {
        "line_id": line.id,
        "meeting_date": today,
        "held_at": now,
        "scheduled_for": scheduled_for,
        "kind": "on_demand" if scheduled_for is None else "scheduled",
        "called_by": actor,
        "figures_date": figures.day,
        "planned_qty": figures.planned,
        "output_qty": figures.output,
        "scrap_qty": figures.scrap,
        "downtime_min": figures.downtime_min,
        "andon_calls": figures.andon_calls,
        "open_andon_calls": len(work.calls),
        "open_problems": len(work.problems),
        "overdue_problems": len(work.overdue),
        "safety_topic": topic.en[:300],
        "safety_topic_zh": topic.zh[:300],
        "ack_count": 0,
        "concern_count": 0,
    }
    if scheduled_for is None:
        meeting = TierMeeting(**values)
        session.add(meeting)
        session.flush()
        created = True
    else:
        created = insert_once(session, _table(TierMeeting), values)
        # A locking read: it sees the meeting another process committed (MariaDB's snapshot would not).
        meeting = session.scalars(
            select(TierMeeting)
            .where(TierMeeting.line_id == line.id, TierMeeting.scheduled_for == scheduled_for)
            .with_for_update()
        ).one()
    if created:
        record_event(
            session,
            kind=EVENT_KIND,
            record_id=meeting.id,
            action="hold",
            actor=actor,
            at=now,
            detail=line.code,
        )
    return meeting, created


def get_meeting(session: Session, meeting_id: int) -> TierMeeting:
    """The meeting with this id; raises `BotError("tier_not_found")` when there is none."""
    meeting = session.scalars(
        select(TierMeeting).where(TierMeeting.id == meeting_id).options(joinedload(TierMeeting.line))
    ).first()
    if meeting is None:
        raise BotError("tier_not_found", ref=meeting_ref(meeting_id))
    return meeting


def last_meeting(session: Session, line: Line) -> TierMeeting | None:
    """The line's latest meeting, or None."""
    return session.scalars(
        select(TierMeeting)
        .where(TierMeeting.line_id == line.id)
        .order_by(TierMeeting.held_at.desc(), TierMeeting.id.desc())
        .limit(1)
    ).first()


def acknowledge(
    session: Session, *, meeting: TierMeeting, person: str, user_key: str, now: datetime
) -> tuple[bool, TierAttendance]:
    """Record `person`'s ✅ on `meeting`, once: returns (True, the new row) the first time and
    (False, the row of the first ✅) after; the meeting's count grows only the first time."""
    _lock(session, meeting)
    added = insert_once(
        session,
        _table(TierAttendance),
        {
            "meeting_id": meeting.id,
            "person": person[:100],
            "user_key": user_key[:230],
            "acknowledged_at": now,
        },
    )
    if added:
        session.execute(
            update(TierMeeting)
            .where(TierMeeting.id == meeting.id)
            .values(ack_count=TierMeeting.ack_count + 1)
            .execution_options(synchronize_session=False)
        )
        session.refresh(meeting)
        record_event(
            session, kind=EVENT_KIND, record_id=meeting.id, action="acknowledge", actor=person, at=now
        )
    row = session.scalars(
        select(TierAttendance)
        .where(TierAttendance.meeting_id == meeting.id, TierAttendance.user_key == user_key[:230])
        .with_for_update()  # a locking read sees the other's committed row (MariaDB's snapshot would not)
    ).one()
    return added, row


def add_item(
    session: Session,
    *,
    meeting: TierMeeting,
    text: str,
    actor: str,
    now: datetime,
    problem: Problem | None = None,
) -> TierConcern:
    """Add an item raised at `meeting` (linked to `problem` when it became one)."""
    _lock(session, meeting)
    item = TierConcern(
        meeting_id=meeting.id,
        line_id=meeting.line_id,
        text=text,
        raised_by=actor,
        raised_at=now,
        problem_id=problem.id if problem else None,
    )
    session.add(item)
    session.execute(
        update(TierMeeting)
        .where(TierMeeting.id == meeting.id)
        .values(concern_count=TierMeeting.concern_count + 1)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    session.refresh(meeting)
    record_event(
        session, kind=EVENT_KIND, record_id=meeting.id, action="raise_item", actor=actor, at=now, detail=text
    )
    return item


def attendance_of(session: Session, meeting: TierMeeting) -> list[TierAttendance]:
    """Who acknowledged `meeting`, first first."""
    return list(
        session.scalars(
            select(TierAttendance)
            .where(TierAttendance.meeting_id == meeting.id)
            .order_by(TierAttendance.acknowledged_at, TierAttendance.id)
        )
    )


def items_of(session: Session, meeting: TierMeeting) -> list[TierConcern]:
    """The items raised at `meeting`, in order."""
    return list(
        session.scalars(
            select(TierConcern).where(TierConcern.meeting_id == meeting.id).order_by(TierConcern.id)
        )
    )


def insert_once(session: Session, table: Table, values: dict[str, Any]) -> bool:
    """Insert `values` unless a row with the same unique key exists; whether it was inserted.

    One statement that cannot fail on the key ("on conflict do nothing", MySQL's "insert
    ignore"): of two simultaneous inserts one adds the row and the other waits and adds none.
    """
    # The dialects' own inserts are imported here: loading them costs every command ~50 ms.
    from sqlalchemy.dialects.postgresql import insert as postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        statement: Any = sqlite_insert(table).values(values).on_conflict_do_nothing()
    elif dialect == "postgresql":  # psycopg does not count the rows of this insert: it returns them
        inserted = postgresql_insert(table).values(values).on_conflict_do_nothing()
        return session.execute(inserted.returning(*table.primary_key.columns)).first() is not None
    else:
        statement = insert(table).values(values).prefix_with("IGNORE")
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def _lock(session: Session, meeting: TierMeeting) -> None:
    """Lock the meeting's row before adding to it: changes of one meeting queue behind each
    other instead of deadlocking (MariaDB takes a shared lock on the meeting for the new row's
    foreign key, then the count's update needs an exclusive one)."""
    session.execute(select(TierMeeting.id).where(TierMeeting.id == meeting.id).with_for_update())


def _table(model: type[TierMeeting] | type[TierAttendance]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table
