"""The inbox: every inbound event is stored before the platform is acknowledged, then
processed once, in order within its lane, also after a crash or a restart.

1. *Accept* (`accept`, called by an adapter before it answers 200 or acks a frame): one
   short transaction inserts the event, unique per platform and event key (the platform's
   id of the delivery). A delivery seen before is not stored again: retries are dropped here.
2. *Claim* (`claim_due`): the oldest unfinished event of each lane, if due, is set to
   "working" under a fresh owner token and a lease, by a compare-and-set on the status and
   attempts it was read with, so two processes never both claim it, row locks or not (SQLite).
3. *Process* (`process`): the adapter's handler turns the event into a `Message` and runs
   `bot.handle`; the `done(session)` it is given marks the event done *inside* the
   transaction that saves the change and puts the reply in the outbox. `done` is itself a
   compare-and-set on the owner: a handler whose lease was taken over raises `LeaseLost`,
   its transaction rolls back, and the change happens once. A handler that returns without
   calling `done` (an ignored or duplicate event) has its event marked done afterwards.
4. A handler that raises puts the event back to "pending" with backoff; a claim counts as
   an attempt, and after `max_attempts` claims the event is "dead" (so an event that kills
   its process every time ends). A process that died leaves its events "working" until the
   lease runs out; then any process claims them. Live workers renew their leases (`renew`).

What the platform acknowledged is therefore answered exactly once, provided the answer goes
through the outbox (see `bot.outbox` for the delivery side).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.store.db import transaction
from bot.store.models import InboxEvent

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
"""How long a claim lasts without renewal; a worker renews its claims every third of it.
After a crash, the events it held are picked up this long after its last renewal."""
MAX_ATTEMPTS = 5
"""Claims of one event before it is a dead letter."""
KEEP = timedelta(days=7)
"""Done events are kept this long (the window in which a redelivery is recognised)."""
OPEN = ("pending", "working")
MAX_KEY = 200


class LeaseLost(Exception):
    """The event's claim was taken over by another worker: this processing must not count."""


@dataclass(frozen=True)
class InboxItem:
    """A claimed event: what the adapter stored, and the claim (`owner`) processing it."""

    id: int
    platform: str
    kind: str
    event_key: str
    lane: str
    payload: dict[str, Any]
    attempts: int
    owner: str


Done = Callable[[Session], None]
"""Marks the event done inside the caller's transaction; raises `LeaseLost`."""
Handler = Callable[[InboxItem, Done], None]
"""An adapter's processing of one event of its platform."""


def accept(
    sessions: sessionmaker[Session],
    *,
    platform: str,
    event_key: str,
    kind: str,
    lane: str,
    payload: dict[str, Any],
    now: datetime,
) -> bool:
    """Store an inbound event, committed when this returns; False when the platform
    delivered it before (same `event_key`), in which case nothing is stored.

    Raises the database's error when it cannot be stored: the adapter must then not
    acknowledge the event (an error status lets the platform retry).
    """
    key = event_key[:MAX_KEY]
    try:
        with transaction(sessions) as session:
            seen = session.scalar(
                select(InboxEvent.id).where(InboxEvent.platform == platform, InboxEvent.event_key == key)
            )
            if seen is not None:
                return False
            session.add(
                InboxEvent(
                    platform=platform,
                    event_key=key,
                    kind=kind,
                    lane=lane[:MAX_KEY],
                    payload=payload,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    received_at=now,
                )
            )
    except IntegrityError:  # the same event, accepted at the same moment by another request
        return False
    return True


_COLUMNS = (
    InboxEvent.id,
    InboxEvent.platform,
    InboxEvent.kind,
    InboxEvent.event_key,
    InboxEvent.lane,
    InboxEvent.payload,
    InboxEvent.status,
    InboxEvent.attempts,
)


def claim_due(
    sessions: sessionmaker[Session],
    platforms: Collection[str],
    now: datetime,
    *,
    lease: timedelta = LEASE,
    limit: int = 50,
    max_attempts: int = MAX_ATTEMPTS,
) -> list[InboxItem]:
    """Claim the due head (oldest unfinished event) of up to `limit` lanes of `platforms`.

    A head is due when it is pending and its time has come, or working with its lease run
    out. A head that has used up its attempts becomes "dead" instead, and its lane moves on.
    """
    items: list[InboxItem] = []
    with transaction(sessions) as session:
        heads = (
            select(func.min(InboxEvent.id))
            .where(InboxEvent.status.in_(OPEN), InboxEvent.platform.in_(list(platforms)))
            .group_by(InboxEvent.platform, InboxEvent.lane)
        )
        head_ids = list(session.scalars(heads))
        if not head_ids:
            return []
        rows = session.execute(
            select(*_COLUMNS)
            .where(
                InboxEvent.id.in_(head_ids), InboxEvent.status.in_(OPEN), InboxEvent.next_attempt_at <= now
            )
            .order_by(InboxEvent.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            still = (
                update(InboxEvent)
                .where(
                    InboxEvent.id == row.id,
                    InboxEvent.status == row.status,
                    InboxEvent.attempts == row.attempts,
                    InboxEvent.next_attempt_at <= now,
                )
                .execution_options(synchronize_session=False)
            )
            if row.attempts >= max_attempts:
                session.execute(
                    still.values(
                        status="dead", owner=None, last_error=f"gave up after {row.attempts} attempts"
                    )
                )
                log.error("inbox %s (%s %s) is a dead letter", row.id, row.platform, row.event_key)
                continue
            owner = uuid.uuid4().hex
            claimed = session.execute(
                still.values(
                    status="working", owner=owner, attempts=row.attempts + 1, next_attempt_at=now + lease
                )
            )
            if claimed.rowcount:  # type: ignore[attr-defined]
                items.append(
                    InboxItem(
                        row.id,
                        row.platform,
                        row.kind,
                        row.event_key,
                        row.lane,
                        row.payload,
                        row.attempts + 1,
                        owner,
                    )
                )
    return items


def renew(
    sessions: sessionmaker[Session], items: Sequence[InboxItem], now: datetime, lease: timedelta = LEASE
) -> None:
    """Extend the leases of `items`, still being processed (claims taken over are left alone)."""
    if not items:
        return
    with transaction(sessions) as session:
        for item in items:
            session.execute(
                update(InboxEvent)
                .where(
                    InboxEvent.id == item.id, InboxEvent.owner == item.owner, InboxEvent.status == "working"
                )
                .values(next_attempt_at=now + lease)
                .execution_options(synchronize_session=False)
            )


def mark_done(session: Session, item: InboxItem, now: datetime) -> None:
    """Mark `item` done in `session`'s transaction; raises `LeaseLost` when it is no longer
    this claim's (another worker took it over), so that transaction must roll back."""
    result = session.execute(
        update(InboxEvent)
        .where(InboxEvent.id == item.id, InboxEvent.owner == item.owner, InboxEvent.status == "working")
        .values(status="done", done_at=now, last_error=None)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise LeaseLost(
            f"inbox {item.id} ({item.platform} {item.event_key}) is no longer claimed by this worker"
        )


def process(
    sessions: sessionmaker[Session],
    item: InboxItem,
    handler: Handler,
    clock: Callable[[], datetime],
    *,
    max_attempts: int = MAX_ATTEMPTS,
) -> bool:
    """Run `handler` on a claimed `item`; whether it succeeded. A failure is logged and the
    event goes back to "pending" with backoff (or "dead" after `max_attempts`)."""
    marked: list[bool] = []

    def done(session: Session) -> None:
        mark_done(session, item, clock())
        marked.append(True)

    try:
        handler(item, done)
    except Exception as error:  # one bad event must not stop the others; it is retried
        log.exception("inbox %s (%s %s) failed", item.id, item.platform, item.kind)
        _fail(sessions, item, error, clock(), max_attempts)
        return False
    if marked:
        # Marked in the handler's transaction. Had that transaction rolled back without an
        # exception reaching here, the event would stay "working" and be processed again
        # after its lease: safe, and it spares a write per event on the common path.
        return True
    with transaction(sessions) as session:  # events the handler ignored, or that were duplicates
        session.execute(
            update(InboxEvent)
            .where(InboxEvent.id == item.id, InboxEvent.owner == item.owner, InboxEvent.status == "working")
            .values(status="done", done_at=clock())
            .execution_options(synchronize_session=False)
        )
    return True


def process_due(
    sessions: sessionmaker[Session],
    handlers: Mapping[str, Handler],
    clock: Callable[[], datetime],
    *,
    lease: timedelta = LEASE,
    max_attempts: int = MAX_ATTEMPTS,
) -> int:
    """Claim and process due events in this thread until none is due; returns how many were
    processed. (Servers use `bot.worker.InboxWorker`, which does this in a thread pool.)"""
    processed = 0
    while True:
        items = claim_due(sessions, list(handlers), clock(), lease=lease, max_attempts=max_attempts)
        if not items:
            return processed
        for item in items:
            processed += process(sessions, item, handlers[item.platform], clock, max_attempts=max_attempts)


def backoff(attempts: int) -> timedelta:
    """How long an event waits after its n-th failed attempt: 1, 2, 4 … seconds, at most a minute.

    >>> backoff(1), backoff(3), backoff(10)
    (datetime.timedelta(seconds=1), datetime.timedelta(seconds=4), datetime.timedelta(seconds=60))
    """
    return timedelta(seconds=min(60, 2 ** max(0, attempts - 1)))


def _fail(
    sessions: sessionmaker[Session], item: InboxItem, error: Exception, now: datetime, max_attempts: int
) -> None:
    dead = item.attempts >= max_attempts
    with transaction(sessions) as session:
        session.execute(
            update(InboxEvent)
            .where(InboxEvent.id == item.id, InboxEvent.owner == item.owner, InboxEvent.status == "working")
            .values(
                status="dead" if dead else "pending",
                owner=None,
                next_attempt_at=now + backoff(item.attempts),
                last_error=f"{type(error).__name__}: {error}"[:2000],
            )
            .execution_options(synchronize_session=False)
        )


#: What a forgotten sender is replaced with.
FORGOTTEN = "anonymous"
_SENDER_KEYS = ("user", "sender")


def forget_sender(session: Session, *, platform: str, event_key: str, identities: Collection[str]) -> bool:
    """Scrub the accepted event `event_key` of who sent it, in `session`'s transaction, for a
    report its sender made anonymously. The event stays (it is how a redelivery is recognised)
    but every string of its payload and lane that holds one of `identities` (the sender's id
    and name) has it replaced, and so has every value under a key naming a user or a sender.
    Returns whether there was such an event (a console message has none).
    """
    row = session.scalars(
        select(InboxEvent).where(InboxEvent.platform == platform, InboxEvent.event_key == event_key[:MAX_KEY])
    ).first()
    if row is None:
        return False
    names = sorted((i for i in identities if i), key=len, reverse=True)
    row.payload = _scrub(row.payload, names, False)
    row.lane = str(_scrub(row.lane, names, False))[:MAX_KEY]
    session.flush()
    return True


def forget_in(text: str, identities: Collection[str]) -> str:
    """`text` with every one of `identities` in it replaced, e.g. a delivery id that names its
    sender (the web chat's "<person>/<token>").

    >>> forget_in("web:li/5f2a", ["web:li", "Li"])
    'anonymous/5f2a'
    """
    return str(_scrub(text, sorted((i for i in identities if i), key=len, reverse=True), False))


def _scrub(value: Any, names: Sequence[str], sender: bool) -> Any:
    """`value` with the sender's names replaced (all of it, under a key that names the sender).

    >>> _scrub({"user": {"id": "U1"}, "text": "hi U1", "n": 2}, ["U1"], False)
    {'user': {'id': 'anonymous'}, 'text': 'hi anonymous', 'n': 2}
    """
    if isinstance(value, dict):
        return {
            key: _scrub(item, names, sender or any(word in str(key).lower() for word in _SENDER_KEYS))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub(item, names, sender) for item in value]
    if isinstance(value, str):
        if sender and value:
            return FORGOTTEN
        for name in names:
            value = value.replace(name, FORGOTTEN)
    return value


def unfinished(session: Session, platforms: Collection[str] | None = None) -> int:
    """How many events are accepted but not yet processed (pending or working)."""
    query = select(func.count()).select_from(InboxEvent).where(InboxEvent.status.in_(OPEN))
    if platforms is not None:
        query = query.where(InboxEvent.platform.in_(list(platforms)))
    return int(session.scalar(query) or 0)


def prune(sessions: sessionmaker[Session], now: datetime, keep: timedelta = KEEP) -> int:
    """Delete events done more than `keep` ago; returns how many."""
    with transaction(sessions) as session:
        result = session.execute(
            delete(InboxEvent)
            .where(InboxEvent.status == "done", InboxEvent.done_at < now - keep)
            .execution_options(synchronize_session=False)
        )
    return int(result.rowcount)  # type: ignore[attr-defined]
