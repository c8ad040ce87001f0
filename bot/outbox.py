"""The outbox: messages written in the same transaction as the change that caused them,
then delivered to the chat platforms by `deliver_due`, with retries.

Kinds: "post" (a message to a channel or thread), "card" (an andon call's or problem's
card, whose platform message id is kept on the record), "card_update" (that card edited
in place) and "note" (a message in the card's thread).

Delivery, safe with several delivering processes on one database:

1. *Claim.* The oldest unsent message of each channel (its "lane") is claimed if it is
   due: in one short transaction its row is locked (`FOR UPDATE SKIP LOCKED` on
   PostgreSQL and MariaDB, so deliverers never wait on each other; SQLite has one writer)
   and set to "sending", its attempts counted and `next_attempt_at` set to the end of a
   lease. The update repeats the "still due" test, so a row is claimed once even where
   row locks do not exist.
2. *Send*, outside any transaction. A message that may have reached the platform before
   (an earlier attempt failed after sending, or its sender died mid-way and the lease ran
   out) is first looked up with `platform.already_sent(target, idempotency_key)`, so
   the user never sees it twice.
3. *Mark* "sent" with the platform's message id, or back to "pending" with exponential
   backoff, or "dead" after `max_attempts` (or at once for an error that says
   `retryable = False`). `gemba outbox retry` brings dead letters back.

A lane with an unsent message waits for it, so each channel sees its messages in order.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.serialize import reply_from_json, reply_to_json
from bot.store.models import AndonCall, OutboxMessage, Problem
from bot.types import RecordRef, Reply

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 20
"""With `backoff` capped at 10 minutes, 20 attempts span about 2.9 hours of outage."""
LEASE = timedelta(minutes=5)
"""How long a sender may take before its message counts as abandoned (far above any HTTP timeout)."""
UNSENT = ("pending", "sending")


@dataclass(frozen=True)
class Target:
    """Where a message goes on a platform."""

    workspace: str
    channel: str
    thread: str | None = None


class ChatPlatform(Protocol):
    """What the outbox needs from a chat platform adapter.

    An exception from `post` or `update` is retried later, unless it has an attribute
    `retryable` that is False (e.g. the channel does not exist): then the message is
    dead at once.
    """

    name: str

    def post(self, target: Target, reply: Reply, *, idempotency_key: str) -> str:
        """Send `reply`; return the platform's id of the new message."""

    def update(self, target: Target, message_ref: str, reply: Reply) -> None:
        """Replace the message `message_ref` with `reply`."""

    def already_sent(self, target: Target, idempotency_key: str) -> str | None:
        """The id of a message posted earlier with this key, or None (also when the
        platform cannot tell). Asked before re-sending a message whose earlier attempt
        may have reached the platform, so a crash between send and mark sends nothing twice."""


def enqueue(
    session: Session,
    *,
    key: str,
    platform: str,
    target: Target,
    kind: str,
    reply: Reply,
    now: datetime,
    record: RecordRef | None = None,
) -> OutboxMessage | None:
    """Add a message to the outbox unless one with the same idempotency `key` exists."""
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)) is not None:
        return None
    message = OutboxMessage(
        idempotency_key=key,
        platform=platform,
        workspace=target.workspace,
        channel=target.channel,
        thread=target.thread,
        kind=kind,
        record_kind=record.kind if record else None,
        record_id=record.id if record else None,
        payload=reply_to_json(reply),
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    return message


def backoff(attempts: int) -> timedelta:
    """How long to wait after the n-th failed attempt: 2, 4, 8 … seconds, at most 10 minutes.

    >>> backoff(1), backoff(3), backoff(20)
    (datetime.timedelta(seconds=2), datetime.timedelta(seconds=8), datetime.timedelta(seconds=600))
    """
    return timedelta(seconds=min(600, 2 ** min(attempts, 20)))


def deliver_due(
    sessions: sessionmaker[Session],
    platforms: Mapping[str, ChatPlatform],
    now: datetime,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    lease: timedelta = LEASE,
) -> int:
    """Deliver the due head message of every channel, repeatedly, until none is due;
    returns how many were sent. Safe to run in several processes at once."""
    sent = 0
    while True:
        claimed = _claim_heads(sessions, list(platforms), now, lease)
        if not claimed:
            return sent
        progressed = False
        for claim in claimed:
            if _deliver(sessions, platforms[claim.platform], claim, now, max_attempts):
                sent += 1
                progressed = True
        if not progressed:
            return sent


@dataclass(frozen=True)
class _Claim:
    id: int
    platform: str
    resend: bool  # an earlier attempt may have reached the platform


def _claim_heads(
    sessions: sessionmaker[Session], platforms: list[str], now: datetime, lease: timedelta
) -> list[_Claim]:
    due = or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.next_attempt_at <= now),  # lease ran out
    )
    heads = (
        select(func.min(OutboxMessage.id))
        .where(OutboxMessage.status.in_(UNSENT), OutboxMessage.platform.in_(platforms))
        .group_by(OutboxMessage.platform, OutboxMessage.workspace, OutboxMessage.channel)
    )
    claims = []
    with sessions() as session, session.begin():
        head_ids = list(session.scalars(heads))
        if not head_ids:
            return []
        rows = session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.platform,
                OutboxMessage.status,
                OutboxMessage.attempts,
                OutboxMessage.last_error,
            )
            .where(OutboxMessage.id.in_(head_ids), due)
            .order_by(OutboxMessage.id)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            taken = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id, OutboxMessage.status == row.status, due)
                .values(status="sending", attempts=row.attempts + 1, next_attempt_at=now + lease)
            )
            if taken.rowcount:  # type: ignore[attr-defined]
                tried = row.status == "sending" or row.attempts > 0 or row.last_error is not None
                claims.append(_Claim(row.id, row.platform, tried))
    return claims


def _deliver(
    sessions: sessionmaker[Session], platform: ChatPlatform, claim: _Claim, now: datetime, max_attempts: int
) -> bool:
    with sessions() as session:
        message = session.get(OutboxMessage, claim.id)
        assert message is not None
        record = _record(session, message)
        record_ref = record.message_ref if record is not None else None
    try:
        ref = _send(platform, message, record_ref, claim.resend)
    except Exception as error:  # any platform failure: retry later, never lose the message
        _mark_failed(sessions, message, error, now, max_attempts)
        return False
    with sessions() as session, session.begin():
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id)
            .values(status="sent", sent_at=now, platform_message_id=ref, last_error=None)
        )
        if message.kind in ("card", "card_update") and message.record_id is not None:
            record = _record(session, message)
            if record is not None and record.message_ref is None:
                record.message_ref = ref
    return True


def _send(platform: ChatPlatform, message: OutboxMessage, record_ref: str | None, resend: bool) -> str | None:
    reply = reply_from_json(message.payload)
    target = Target(message.workspace, message.channel, message.thread)
    if message.kind == "card_update" and record_ref:
        platform.update(target, record_ref, reply)  # replacing a message is safe to repeat
        return record_ref
    if message.kind == "note" and record_ref:
        target = Target(message.workspace, message.channel, record_ref)
    if resend:
        earlier = _already_sent(platform, target, message.idempotency_key)
        if earlier is not None:
            log.info("outbox %s was already on %s as %s; not sent again", message.id, platform.name, earlier)
            return earlier
    return platform.post(target, reply, idempotency_key=message.idempotency_key)


def _already_sent(platform: ChatPlatform, target: Target, key: str) -> str | None:
    ask = getattr(platform, "already_sent", None)  # the console cannot tell, and need not
    return ask(target, key) if ask is not None else None


def _mark_failed(
    sessions: sessionmaker[Session],
    message: OutboxMessage,
    error: Exception,
    now: datetime,
    max_attempts: int,
) -> None:
    attempts = message.attempts  # already counted by the claim
    dead = attempts >= max_attempts or getattr(error, "retryable", True) is False
    last_error = f"{type(error).__name__}: {error}"[:2000]
    with sessions() as session, session.begin():
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id)
            .values(
                status="dead" if dead else "pending",
                next_attempt_at=now + backoff(attempts),
                last_error=last_error,
            )
        )
    log.warning(
        "outbox %s to %s failed (attempt %s%s): %s",
        message.id,
        message.platform,
        attempts,
        ", dead letter" if dead else "",
        last_error,
    )


def _record(session: Session, message: OutboxMessage) -> AndonCall | Problem | None:
    if message.record_id is None:
        return None
    if message.record_kind == "andon":
        return session.get(AndonCall, message.record_id)
    return session.get(Problem, message.record_id)


def list_messages(session: Session, *, status: str | None = None, limit: int = 50) -> list[OutboxMessage]:
    """The newest outbox messages, optionally only those in `status` (e.g. "dead")."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return list(session.scalars(query))


def retry(session: Session, *, now: datetime, ids: list[int] | None = None) -> int:
    """Make dead letters (those with `ids`, or all when None) pending again with fresh
    attempts; returns how many. Messages in another state are left alone."""
    query = update(OutboxMessage).where(OutboxMessage.status == "dead")
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    result = session.execute(query.values(status="pending", attempts=0, next_attempt_at=now))
    return int(result.rowcount)  # type: ignore[attr-defined]
