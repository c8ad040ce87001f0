"""The outbox: messages written in the same transaction as the change that caused them,
then delivered to the chat platforms by `deliver_due`, with retries.

Kinds: "post" (a message to a channel or thread), "card" (an andon call's or problem's
card, whose platform message id is kept on the record), "card_update" (that card edited
in place) and "note" (a message in the card's thread).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.serialize import reply_from_json, reply_to_json
from bot.store.models import AndonCall, OutboxMessage, Problem
from bot.types import RecordRef, Reply

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class Target:
    """Where a message goes on a platform."""

    workspace: str
    channel: str
    thread: str | None = None


class ChatPlatform(Protocol):
    """What the outbox needs from a chat platform adapter."""

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
    return timedelta(seconds=min(600, 2**attempts))


def deliver_due(sessions: sessionmaker[Session], platforms: dict[str, ChatPlatform], now: datetime) -> int:
    """Deliver every pending message that is due, oldest first; returns how many were sent.

    A channel whose earlier message failed waits, so each channel sees its messages in order.
    """
    sent = 0
    blocked: set[tuple[str, str, str]] = set()
    with sessions() as session:
        due = list(
            session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.status == "pending", OutboxMessage.platform.in_(platforms))
                .order_by(OutboxMessage.id)
            )
        )
    for message in due:
        lane = (message.platform, message.workspace, message.channel)
        if lane in blocked:
            continue
        if message.next_attempt_at > now:
            blocked.add(lane)
            continue
        if _deliver_one(sessions, platforms[message.platform], message.id, now):
            sent += 1
        else:
            blocked.add(lane)
    return sent


def _deliver_one(
    sessions: sessionmaker[Session], platform: ChatPlatform, message_id: int, now: datetime
) -> bool:
    with sessions() as session, session.begin():
        message = session.get(OutboxMessage, message_id)
        if message is None or message.status != "pending":
            return True
        try:
            message.platform_message_id = _send(session, platform, message)
        except Exception as error:  # any platform failure: retry later, never lose the message
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.next_attempt_at = now + backoff(message.attempts)
            if message.attempts >= MAX_ATTEMPTS:
                message.status = "dead"
            log.warning(
                "outbox %s to %s failed (attempt %s): %s",
                message.id,
                message.platform,
                message.attempts,
                message.last_error,
            )
            return False
        message.status, message.sent_at = "sent", now
        return True


def _send(session: Session, platform: ChatPlatform, message: OutboxMessage) -> str | None:
    reply = reply_from_json(message.payload)
    target = Target(message.workspace, message.channel, message.thread)
    record = _record(session, message)
    if message.kind == "card_update" and record is not None and record.message_ref:
        platform.update(target, record.message_ref, reply)
        return record.message_ref
    if message.kind == "note" and record is not None and record.message_ref:
        target = Target(message.workspace, message.channel, record.message_ref)
    ref = platform.post(target, reply, idempotency_key=message.idempotency_key)
    if message.kind in ("card", "card_update") and record is not None:
        record.message_ref = ref
    return ref


def _record(session: Session, message: OutboxMessage) -> AndonCall | Problem | None:
    if message.record_id is None:
        return None
    model = AndonCall if message.record_kind == "andon" else Problem
    return session.get(model, message.record_id)
