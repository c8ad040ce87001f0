"""The outbox: messages written in the same transaction as the change that caused them,
then delivered to the chat platforms by `deliver_due`, with retries.

Kinds: "post" (a message to a channel or thread), "card" (an andon call's or problem's
card, whose platform message id is kept on the record), "card_update" (that card edited
in place) and "note" (a message in the card's thread).

Delivery, safe with several delivering processes on one database:

1. *Claim* (`bot.outbox_claim`). The oldest unsent message of each channel (its "lane") is
   claimed if it is due: in one short transaction its row is locked and set to "sending",
   its attempts counted and `next_attempt_at` set to the end of a lease. For a platform
   that merges (`MergingPlatform`, e.g. a rate-limited group robot), the due messages
   queued right behind it are claimed with it, up to `MAX_MERGE`.
2. *Send*, outside any transaction: one message with `post` (or `update`), several with
   one `post_many`. A message that may have reached the platform before (an earlier
   attempt failed after sending, or its sender died mid-way and the lease ran out) is
   first looked up with `platform.already_sent(target, idempotency_key)`, so the user
   never sees it twice.
3. *Mark* "sent" with the platform's message id (merged messages together, in one
   transaction), or back to "pending" with exponential backoff, or "dead" after
   `max_attempts` (or at once for an error that says `retryable = False`).
   `gemba outbox retry` brings dead letters back. A platform that cannot send yet raises
   `NotYet`: the messages wait until the time it names, with no attempt counted and no
   error recorded, so waiting never makes a dead letter.

A lane with an unsent message waits for it, so each channel sees its messages in order.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import takewhile
from typing import Protocol, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.outbox_claim import Claim, claim_due
from bot.serialize import reply_from_json, reply_to_json
from bot.store.models import AndonCall, OutboxMessage, Problem
from bot.types import RecordRef, Reply

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 20
"""With `backoff` capped at 10 minutes, 20 attempts span about 2.9 hours of outage."""
LEASE = timedelta(minutes=5)
"""How long a sender may take before its messages count as abandoned (far above any HTTP
timeout). Until then nobody else sends them, which is what keeps a platform that cannot
answer `already_sent` from getting a message twice; only a sender that dies between
sending and marking leaves that platform a duplicate."""
MAX_MERGE = 20
"""At most this many outbox messages go out merged into one platform message."""


class NotYet(Exception):
    """Raised by a platform that cannot send now but can later, e.g. a robot at its rate
    limit. The messages wait `retry_after_s` seconds (rounded up to whole seconds, at least
    one) and this does not count as an attempt. Raise it only when nothing was sent."""

    def __init__(self, retry_after_s: float) -> None:
        super().__init__(f"try again in {retry_after_s:.0f} s")
        self.retry_after_s = retry_after_s

    def wait(self) -> timedelta:
        """How long the messages wait.

        >>> NotYet(40.2).wait(), NotYet(0).wait()
        (datetime.timedelta(seconds=41), datetime.timedelta(seconds=1))
        """
        return timedelta(seconds=max(1, math.ceil(self.retry_after_s)))


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
    dead at once. `NotYet` is not a failure: the message waits the time it names.
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


class MergingPlatform(ChatPlatform, Protocol):
    """A chat platform that can send several outbox messages as one (optional: the outbox
    merges for any platform with a `post_many`).

    `merge_kinds` are the kinds of message it merges ("post" when it does not say). A
    platform that cannot edit messages may include "card_update": it posts those as new
    messages anyway. Only messages bound for the same target (channel and thread) merge.
    """

    merge_kinds: frozenset[str]

    def post_many(
        self, target: Target, replies: Sequence[Reply], *, idempotency_keys: Sequence[str]
    ) -> tuple[str, int]:
        """Send the first n of `replies` (at least one; all that fit in one message) merged
        into one message; return the platform's id of that message and n."""


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
    """Deliver the due head message of every channel (with the messages merged behind it,
    for a platform that merges), repeatedly, until none is due; returns how many messages
    were sent. Safe to run in several processes at once."""
    merge_kinds = {name: _merge_kinds(platform) for name, platform in platforms.items()}
    sent = 0
    while True:
        claims = claim_due(sessions, merge_kinds, now, lease, MAX_MERGE)
        delivered = sum(_deliver(sessions, platforms[c.platform], c, now, max_attempts) for c in claims)
        if not delivered:
            return sent
        sent += delivered


def _merge_kinds(platform: ChatPlatform) -> frozenset[str]:
    """The kinds of message `platform` merges: none unless it has `post_many`."""
    if not callable(getattr(platform, "post_many", None)):
        return frozenset()
    return frozenset(getattr(platform, "merge_kinds", {"post"}))


@dataclass(frozen=True)
class _Outgoing:
    message: OutboxMessage
    record_ref: str | None  # the platform id of the card of the message's record, if any

    @property
    def target(self) -> Target:
        """Where the message goes: a note goes in its card's thread."""
        message = self.message
        thread = self.record_ref if message.kind == "note" and self.record_ref else message.thread
        return Target(message.workspace, message.channel, thread)


def _deliver(
    sessions: sessionmaker[Session], platform: ChatPlatform, claim: Claim, now: datetime, max_attempts: int
) -> int:
    """Send the claimed messages and mark them; returns how many were sent. Only messages
    bound for the head's target are merged; the rest go back, uncounted, for the next round."""
    outgoing = _load(sessions, claim.ids)
    batch = list(takewhile(lambda out: out.target == outgoing[0].target, outgoing))
    try:
        if len(batch) == 1:
            refs = {batch[0].message.id: _send(platform, batch[0], claim.resend)}
        else:
            refs = _send_merged(cast(MergingPlatform, platform), batch, claim.resend)
    except NotYet as not_yet:
        _put_back(sessions, [out.message for out in outgoing], now + not_yet.wait())
        log.info("outbox %s to %s: not yet, %s", _ids(outgoing), platform.name, not_yet)
        return 0
    except Exception as error:  # any platform failure: retry later, never lose the message
        _mark_failed(sessions, [out.message for out in batch], error, now, max_attempts)
        _put_back(sessions, [out.message for out in outgoing[len(batch) :]], now)
        return 0
    _mark_sent(sessions, [out.message for out in outgoing if out.message.id in refs], refs, now)
    _put_back(sessions, [out.message for out in outgoing if out.message.id not in refs], now)
    return len(refs)


def _load(sessions: sessionmaker[Session], ids: tuple[int, ...]) -> list[_Outgoing]:
    with sessions() as session:
        messages = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)))
        outgoing = []
        for message in sorted(messages, key=lambda m: m.id):
            record = _record(session, message)
            outgoing.append(_Outgoing(message, record.message_ref if record is not None else None))
    return outgoing


def _send(platform: ChatPlatform, out: _Outgoing, resend: bool) -> str | None:
    message, target = out.message, out.target
    reply = reply_from_json(message.payload)
    if message.kind == "card_update" and out.record_ref:
        platform.update(target, out.record_ref, reply)  # replacing a message is safe to repeat
        return out.record_ref
    if resend:
        earlier = _already_sent(platform, target, message.idempotency_key)
        if earlier is not None:
            log.info("outbox %s was already on %s as %s; not sent again", message.id, platform.name, earlier)
            return earlier
    return platform.post(target, reply, idempotency_key=message.idempotency_key)


def _send_merged(platform: MergingPlatform, batch: list[_Outgoing], resend: bool) -> dict[int, str | None]:
    """Send `batch` (all bound for one target) merged into one message; returns the platform
    id of each message sent, by outbox id: all of them, or as many from the first as fit.
    After an attempt that may have reached the platform, those it already has are not sent
    again (a platform that cannot tell relies on the lease: see `LEASE`)."""
    target = batch[0].target
    refs: dict[int, str | None] = {}
    for out in batch if resend else []:
        earlier = _already_sent(platform, target, out.message.idempotency_key)
        if earlier is not None:
            log.info(
                "outbox %s was already on %s as %s; not sent again", out.message.id, platform.name, earlier
            )
            refs[out.message.id] = earlier
    todo = [out for out in batch if out.message.id not in refs]
    if todo:
        ref, count = platform.post_many(
            target,
            [reply_from_json(out.message.payload) for out in todo],
            idempotency_keys=[out.message.idempotency_key for out in todo],
        )
        refs.update((out.message.id, ref) for out in todo[: max(1, count)])
    return refs


def _already_sent(platform: ChatPlatform, target: Target, key: str) -> str | None:
    ask = getattr(platform, "already_sent", None)  # the console cannot tell, and need not
    return ask(target, key) if ask is not None else None


def _mark_sent(
    sessions: sessionmaker[Session],
    messages: list[OutboxMessage],
    refs: Mapping[int, str | None],
    now: datetime,
) -> None:
    """Mark `messages` sent, in one transaction, and give a new card's record its platform id."""
    with sessions() as session, session.begin():
        for message in messages:
            ref = refs[message.id]
            values: dict[str, object] = {
                "status": "sent",
                "sent_at": now,
                "platform_message_id": ref,
                "last_error": None,
            }
            if is_anonymous(message.payload):  # delivered: forget where it went and its id there
                values.update(
                    payload=forget_recipient(message.payload),
                    channel="",
                    thread=None,
                    platform_message_id=None,
                )
            session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id).values(**values))
            if message.kind in ("card", "card_update") and message.record_id is not None:
                record = _record(session, message)
                if record is not None and record.message_ref is None:
                    record.message_ref = ref


def is_anonymous(payload: dict[str, object]) -> bool:
    """Whether a message answers or announces an anonymous report (its context says so).

    >>> is_anonymous({"context": {"anonymous": True}}), is_anonymous({"text": "hi"})
    (True, False)
    """
    context = payload.get("context")
    return isinstance(context, dict) and bool(context.get("anonymous"))


def forget_recipient(payload: dict[str, object]) -> dict[str, object]:
    """A delivered answer to an anonymous report without its delivery details: the context
    (who it was for, the question, the reply address) is dropped once it is no longer needed.

    >>> forget_recipient({"text": "ok", "context": {"anonymous": True, "private_to": "U1"}})
    {'text': 'ok', 'context': {'anonymous': True}}
    """
    return {**payload, "context": {"anonymous": True}}


def _put_back(sessions: sessionmaker[Session], messages: list[OutboxMessage], at: datetime) -> None:
    """Return claimed `messages` to "pending" until `at` as if never claimed: the claim's
    attempt is taken back, and the last error (which tells a resend) is kept."""
    if not messages:
        return
    with sessions() as session, session.begin():
        for message in messages:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message.id)
                .values(status="pending", attempts=message.attempts - 1, next_attempt_at=at)
            )


def _mark_failed(
    sessions: sessionmaker[Session],
    messages: list[OutboxMessage],
    error: Exception,
    now: datetime,
    max_attempts: int,
) -> None:
    """Back to "pending" with backoff, or "dead" after `max_attempts` (their attempts are
    already counted by the claim) or at once for an error that says `retryable = False`."""
    permanent = getattr(error, "retryable", True) is False
    last_error = f"{type(error).__name__}: {error}"[:2000]
    with sessions() as session, session.begin():
        for message in messages:
            dead = permanent or message.attempts >= max_attempts
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message.id)
                .values(
                    status="dead" if dead else "pending",
                    next_attempt_at=now + backoff(message.attempts),
                    last_error=last_error,
                )
            )
    head = messages[0]
    log.warning(
        "outbox %s to %s failed (attempt %s%s): %s",
        _ids(messages),
        head.platform,
        head.attempts,
        ", dead letter" if permanent or head.attempts >= max_attempts else "",
        last_error,
    )


def _ids(items: list[OutboxMessage] | list[_Outgoing]) -> str:
    """The outbox ids of `items` for a log line: "7", or "7–26 (20)" for a merged run."""
    ids = [item.message.id if isinstance(item, _Outgoing) else item.id for item in items]
    return str(ids[0]) if len(ids) == 1 else f"{ids[0]}–{ids[-1]} ({len(ids)})"


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
