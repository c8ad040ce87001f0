"""Claiming outbox messages for delivery (step 1 of `bot.outbox`): the due head of each lane
and, for a platform that merges, the messages queued right behind it.

A lane is the unsent messages of one platform, workspace and channel, oldest first. Claiming
a message sets it to "sending", counts an attempt and sets `next_attempt_at` to the end of a
lease, in one short transaction. Every claiming update repeats the "still due" test, so a
message is claimed once even where row locks do not exist (SQLite).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.store.models import OutboxMessage

UNSENT = ("pending", "sending")


@dataclass(frozen=True)
class Claim:
    """Messages of one lane claimed for one delivery, oldest first (the head alone, unless
    its platform merges)."""

    ids: tuple[int, ...]
    platform: str
    resend: bool  # an earlier attempt of one of them may have reached the platform


def claim_due(
    sessions: sessionmaker[Session],
    merge_kinds: Mapping[str, frozenset[str]],
    now: datetime,
    lease: timedelta,
    max_merge: int,
) -> list[Claim]:
    """Claim the due head of every lane of the platforms in `merge_kinds`.

    `merge_kinds` maps each platform's name to the message kinds it can merge (empty: none).
    When a head's kind is one of them, the due messages right behind it in its lane, of such
    kinds and in the same thread, are claimed with it, up to `max_merge` in all; the first
    message that does not qualify ends the run, so a lane's order is kept.
    """
    claims = []
    with sessions() as session, session.begin():
        for head in _lock_due_heads(session, list(merge_kinds), now):
            if not _take(session, head, now, lease):
                continue
            rows = [head]
            if head.kind in merge_kinds[head.platform]:
                rows += _take_followers(session, head, merge_kinds[head.platform], now, lease, max_merge - 1)
            claims.append(Claim(tuple(r.id for r in rows), head.platform, any(map(_tried, rows))))
    return claims


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.next_attempt_at <= now),  # lease ran out
    )


_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.platform,
    OutboxMessage.workspace,
    OutboxMessage.channel,
    OutboxMessage.thread,
    OutboxMessage.kind,
    OutboxMessage.status,
    OutboxMessage.attempts,
    OutboxMessage.last_error,
    OutboxMessage.next_attempt_at,
)


def _lock_due_heads(session: Session, platforms: list[str], now: datetime) -> list[Any]:
    """The oldest unsent message of each lane, if due, locked (`FOR UPDATE SKIP LOCKED` on
    PostgreSQL and MariaDB, so deliverers never wait on each other; SQLite has one writer)."""
    # On the table, not the class: an ORM statement would first configure every mapper of the
    # store (about 10 ms), in a process that most often has nothing to send (`gemba ask`).
    outbox = OutboxMessage.__table__.c
    heads = (
        select(func.min(outbox.id))
        .where(outbox.status.in_(UNSENT), outbox.platform.in_(platforms))
        .group_by(outbox.platform, outbox.workspace, outbox.channel)
    )
    head_ids = list(session.scalars(heads))
    if not head_ids:
        return []
    return list(
        session.execute(
            select(*_COLUMNS)
            .where(OutboxMessage.id.in_(head_ids), _due(now))
            .order_by(OutboxMessage.id)
            .with_for_update(skip_locked=True)
        ).all()
    )


def _take_followers(
    session: Session, head: Any, kinds: frozenset[str], now: datetime, lease: timedelta, limit: int
) -> list[Any]:
    """Claim the due messages queued right behind `head` in its lane that can be merged with it."""
    if limit <= 0:
        return []
    behind = session.execute(
        select(*_COLUMNS)
        .where(
            OutboxMessage.platform == head.platform,
            OutboxMessage.workspace == head.workspace,
            OutboxMessage.channel == head.channel,
            OutboxMessage.status.in_(UNSENT),
            OutboxMessage.id > head.id,
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    taken = []
    for row in behind:
        mergeable = row.kind in kinds and row.thread == head.thread and row.next_attempt_at <= now
        if not mergeable or not _take(session, row, now, lease):
            break
        taken.append(row)
    return taken


def _take(session: Session, row: Any, now: datetime, lease: timedelta) -> bool:
    """Set `row` to "sending" for a lease if it is still as read and due; whether it was."""
    taken = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.status == row.status, _due(now))
        .values(status="sending", attempts=row.attempts + 1, next_attempt_at=now + lease)
    )
    return bool(taken.rowcount)  # type: ignore[attr-defined]


def _tried(row: Any) -> bool:
    """Whether an earlier attempt may have reached the platform."""
    return bool(row.status == "sending" or row.attempts > 0 or row.last_error is not None)
