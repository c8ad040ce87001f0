"""`handle(message, services) -> Reply`: the one entry point of every chat platform."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import inbox, lone_photo, route
from bot.attachments import prefetched
from bot.commands.registry import Context
from bot.error_reply import error_reply
from bot.language import as_language, detect_language
from bot.observe import answer_path
from bot.services import Services
from bot.store.db import again_if_raced, transaction
from bot.store.models import ProcessedDelivery
from bot.texts import say
from bot.types import Language, Message, Reply

log = logging.getLogger("gemba")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class _Duplicate(Exception):
    """This delivery was processed before."""


BeforeCommit = Callable[[Session, Reply], None]


def handle(
    message: Message, services: Services, *, before_commit: BeforeCommit | None = None
) -> Reply | None:
    """Answer one chat message; returns None for a delivery that was already processed.

    The change a command makes, the outbox messages it causes and the record that this
    delivery was processed are committed together before the reply is returned, so a
    retried delivery never acts twice and a reply never claims what was not saved.
    `before_commit(session, reply)` runs inside that transaction: an adapter that sends
    its answers through the outbox enqueues the reply there, so the answer is saved with
    the change. (For an error reply it runs in a transaction of its own.) A transaction the
    database undoes for racing another runs again (`again_if_raced`).
    """
    language = as_language(message.language or detect_language(message.text, services.default_language))
    text, was_cut = clean(message.text, services.max_message_chars)

    def finish(reply: Reply) -> Reply:
        if was_cut:
            reply.text = f"{say('message_cut', language, limit=services.max_message_chars)}\n{reply.text}"
        if reply.thread is None:
            reply.thread = message.thread
        return reply

    started = time.monotonic()
    try:
        # Photos to keep are downloaded before the command's transaction opens.
        keeps = text or lone_photo.has_a_home(services, message)
        acting = prefetched(services, message) if keeps else services
        # two leads pressing "confirm" at once: the loser's transaction, undone, runs again
        answered = again_if_raced(lambda: _dispatch(message, text, language, acting, finish, before_commit))
    except _Duplicate:
        return None
    except Exception as error:  # every failure becomes a reply; the process keeps running
        reply = finish(error_reply(error, language, clock_time=services.clock_time))
    else:  # outside the `try`: the answer is committed, an observer's failure must not undo it
        _observe(services, answered, time.monotonic() - started)
        return answered
    services.observer.answered("error", time.monotonic() - started)
    if before_commit is not None:
        try:
            with transaction(services.sessions) as session:
                before_commit(session, reply)
        except Exception:
            log.exception("could not save the error reply to %s", message.platform)
    return reply


def clean(text: str, limit: int) -> tuple[str, bool]:
    """Text without control or invisible characters, cut to `limit`; and whether it was cut.

    >>> clean("ack\\x00 17\\u200b", 100)
    ('ack 17', False)
    >>> clean("x" * 10, 4)
    ('xxxx', True)
    """
    cleaned = _CONTROL.sub("", text).strip()
    return cleaned[:limit], len(cleaned) > limit


def _observe(services: Services, reply: Reply, seconds: float) -> None:
    """Tell the observer how the message was answered (and why the checker refused, if it did)."""
    path = answer_path(reply)
    services.observer.answered(path, seconds)
    if path == "refused":
        services.observer.refused(str(reply.context.get("reason") or "unknown"))


def _dispatch(
    message: Message,
    text: str,
    language: Language,
    services: Services,
    finish: Callable[[Reply], Reply],
    before_commit: BeforeCommit | None,
) -> Reply:
    with transaction(services.sessions) as session:
        if message.delivery_id and _seen(session, message):
            raise _Duplicate
        if text:
            command, args = route.find_command(text)
            context = Context(
                message=message, language=language, services=services, session=session, args=args
            )
            reply = finish(route.answer(command, context, text))
        elif message.attachments:  # a photo without a command
            reply = finish(lone_photo.answer(session, message, services, language))
        else:
            reply = finish(Reply(say("empty_message", language), language=language))
        if before_commit is not None:
            before_commit(session, reply)
        if message.delivery_id:
            anonymous = bool(reply.context.get("anonymous"))  # an anonymous report: forget who sent it
            _mark_seen(session, message, services, forget=anonymous)
            if anonymous:
                inbox.forget_sender(
                    session,
                    platform=message.platform,
                    event_key=message.delivery_id,
                    identities=_senders(message),
                )
    return reply


def _senders(message: Message) -> tuple[str, str]:
    return message.user, message.user_name or ""


def _delivery_ids(message: Message) -> tuple[str, str]:
    """The delivery id as kept, and as kept for an anonymous report (without its sender)."""
    delivery_id = str(message.delivery_id)[:200]
    return delivery_id, inbox.forget_in(delivery_id, _senders(message))[:200]


def _seen(session: Session, message: Message) -> bool:
    return (
        session.scalar(
            select(ProcessedDelivery.delivery_id).where(
                ProcessedDelivery.platform == message.platform,
                ProcessedDelivery.delivery_id.in_(set(_delivery_ids(message))),
            )
        )
        is not None
    )


def _mark_seen(session: Session, message: Message, services: Services, *, forget: bool = False) -> None:
    kept, forgotten = _delivery_ids(message)
    session.add(
        ProcessedDelivery(
            platform=message.platform, delivery_id=forgotten if forget else kept, received_at=services.now()
        )
    )
    try:
        session.flush()
    except IntegrityError:  # the same delivery, processed concurrently, committed first
        raise _Duplicate from None
