"""A person's conversation with Gemba, kept for chat pages that show the conversation so far
(the web chat). Each exchange is saved in the transaction that answers it (`bot.handle`'s
`before_commit`), so a message sent twice is answered once and shows the one answer.

The web chat is its own channel: a card that a command posts to it through the outbox (the
card of an andon call raised from the web, with its buttons) is taken from the outbox into the
conversation in that same transaction (`take_cards`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.serialize import reply_from_json, reply_to_json
from bot.store.models import OutboxMessage, WebChatEntry
from bot.types import Reply


@dataclass(frozen=True)
class Exchange:
    """One question and its answer."""

    id: int
    question: str
    reply: Reply
    at: datetime


def record(
    session: Session, *, person: str, delivery_id: str, question: str, reply: Reply, now: datetime
) -> None:
    """Save one exchange of `person` ("platform:id"); a delivery saved before (an error reply,
    then the retry's answer) keeps the latest answer."""
    row = session.scalar(
        select(WebChatEntry).where(
            WebChatEntry.user_key == person[:230], WebChatEntry.delivery_id == delivery_id[:200]
        )
    )
    if row is None:
        row = WebChatEntry(user_key=person[:230], delivery_id=delivery_id[:200])
        session.add(row)
    row.question, row.reply, row.at = question, reply_to_json(reply), now
    session.flush()


def answered(session: Session, *, person: str, delivery_id: str) -> Exchange | None:
    """The exchange saved for this delivery of `person`'s, if it was answered."""
    row = session.scalar(
        select(WebChatEntry).where(
            WebChatEntry.user_key == person[:230], WebChatEntry.delivery_id == delivery_id[:200]
        )
    )
    return None if row is None else _exchange(row)


def take_cards(session: Session, *, person: str, platform: str, now: datetime) -> None:
    """Move the outbox's pending messages to `person`'s web chat channel into the conversation:
    new cards are shown; card updates and notes are marked delivered (the board shows a record's
    live state, and the person's own answer already says what they changed)."""
    pending = session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.platform == platform,
            OutboxMessage.channel == person,
            OutboxMessage.status == "pending",
        )
        .order_by(OutboxMessage.id)
    )
    for message in list(pending):
        if message.kind == "card":
            reply = reply_from_json(message.payload)
            record(
                session, person=person, delivery_id=f"outbox:{message.id}", question="", reply=reply, now=now
            )
        message.status, message.sent_at = "sent", now
    session.flush()


def since(session: Session, *, person: str, after_id: int) -> list[Exchange]:
    """`person`'s exchanges saved after the one with id `after_id`, oldest first."""
    rows = session.scalars(
        select(WebChatEntry)
        .where(WebChatEntry.user_key == person[:230], WebChatEntry.id > after_id)
        .order_by(WebChatEntry.id)
    )
    return [_exchange(row) for row in rows]


def last_id(session: Session, *, person: str) -> int:
    """The id of `person`'s latest exchange (0: none yet)."""
    return (
        session.scalar(
            select(WebChatEntry.id)
            .where(WebChatEntry.user_key == person[:230])
            .order_by(WebChatEntry.id.desc())
            .limit(1)
        )
        or 0
    )


def recent(session: Session, *, person: str, limit: int = 30) -> list[Exchange]:
    """`person`'s last `limit` exchanges, oldest first."""
    rows = session.scalars(
        select(WebChatEntry)
        .where(WebChatEntry.user_key == person[:230])
        .order_by(WebChatEntry.id.desc())
        .limit(limit)
    )
    return [_exchange(row) for row in reversed(list(rows))]


def _exchange(row: WebChatEntry) -> Exchange:
    return Exchange(row.id, row.question, reply_from_json(row.reply), row.at)
