"""What is waiting in the store right now: the figures an operator watches (outbox depth and
age, dead letters, unanswered inbound events, open and escalated andon calls)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.store import lifecycle
from bot.store.models import AndonCall, InboxEvent, OutboxMessage

_UNSENT = ("pending", "sending")
_UNANSWERED = ("pending", "working")


@dataclass(frozen=True)
class Backlog:
    """Counts at one moment; `outbox_oldest_s` is the age of the oldest unsent message (0: none)."""

    outbox_unsent: int
    outbox_oldest_s: float
    outbox_dead: int
    inbox_unanswered: int
    andon_open: int
    andon_escalated: int


def read_backlog(session: Session, now: datetime) -> Backlog:
    """The backlog as of `now` (naive UTC, as the store keeps times): six small indexed counts."""
    unsent, oldest = session.execute(
        select(func.count(), func.min(OutboxMessage.created_at)).where(OutboxMessage.status.in_(_UNSENT))
    ).one()
    dead = session.scalar(select(func.count()).where(OutboxMessage.status == "dead"))
    unanswered = session.scalar(select(func.count()).where(InboxEvent.status.in_(_UNANSWERED)))
    open_calls, escalated = session.execute(
        # SUM(CASE …) rather than COUNT(*) FILTER, which MariaDB lacks.
        select(func.count(), func.sum(case((AndonCall.escalation_level > 0, 1), else_=0))).where(
            AndonCall.status.in_(lifecycle.OPEN_ANDON)
        )
    ).one()
    return Backlog(
        outbox_unsent=int(unsent),
        outbox_oldest_s=max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0,
        outbox_dead=int(dead or 0),
        inbox_unanswered=int(unanswered or 0),
        andon_open=int(open_calls),
        andon_escalated=int(escalated or 0),
    )
