"""A person's conversation with Gemba, kept for chat pages that show the conversation so far
(the web chat). Each exchange is saved in the transaction that answers it (`bot.handle`'s
`before_commit`), so a message sent twice is answered once and shows the one answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.serialize import reply_from_json, reply_to_json
from bot.store.models import WebChatEntry
from bot.types import Reply


@dataclass(frozen=True)
class Exchange:
    """One question and its answer."""

    id: int
    question: str
    reply: Reply
    at: datetime


def record(session: Session, *, person: str, delivery_id: str, question: str, reply: Reply, now: datetime) -> None:
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
