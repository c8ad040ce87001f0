"""A photo sent without a command (DingTalk sends a picture as a message of its own): it goes
with the record its sender changed last, if that was within `ATTACH_WINDOW`; otherwise the
answer says how to send it with a command."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.attachments import keep, kept_note
from bot.services import Services
from bot.store.models import Event
from bot.texts import register, say, word
from bot.types import Language, Message, Reply

ATTACH_WINDOW = timedelta(minutes=10)
"""How recent the sender's last change must be for a lone photo to go with that record."""
_REF_PREFIX = {"andon": "A", "problem": "P"}

register(
    {
        "photo_alone": (
            "📎 Photo received, but on its own I cannot tell which record it belongs to. Send it "
            "again together with a command, e.g. *problem oil leak at press 2 line:L3*: it is kept "
            "with the record.",
            "📎 收到照片，但单独一张照片我不知道它属于哪条记录。请和命令一起再发一次，例如 "
            "*问题 2号压机漏油 产线:L3*：照片会随记录一起保存。",
        ),
        "photo_with_latest": (
            "It goes with the record you changed last; for another record, send the photo with its command.",
            "照片归入你最近操作的记录；如属其他记录，请和相应命令一起发送。",
        ),
    }
)


def latest_record(session: Session, message: Message, services: Services) -> tuple[str, int] | None:
    """The record (kind, id) the sender of `message` changed last, within `ATTACH_WINDOW`."""
    actor = (message.user_name or message.user)[:100]
    row = session.execute(
        select(Event.record_kind, Event.record_id)
        .where(Event.actor == actor, Event.at >= services.now() - ATTACH_WINDOW)
        .order_by(Event.at.desc(), Event.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else None


def has_a_home(services: Services, message: Message) -> bool:
    """Whether a lone photo of `message` would be kept (and so is worth downloading first)."""
    if not message.attachments:
        return False
    with services.sessions() as session:
        return latest_record(session, message, services) is not None


def answer(session: Session, message: Message, services: Services, language: Language) -> Reply:
    """Keep the photos of `message` with the sender's latest record and say so, or say how to
    send them with a command. In both languages, `language` first: a photo has no words to
    tell the language by."""
    target = latest_record(session, message, services)
    if target is None:
        sentences = [say("photo_alone", lang) for lang in _both(language)]
    else:
        kind, record_id = target
        kept = keep(session, message, record_kind=kind, record_id=record_id, services=services)
        sentences = [
            kept_note(kept, record_ref(kind, record_id, lang), lang)
            + ("" if lang == "zh" else " ")  # Chinese sentences follow each other without a space
            + say("photo_with_latest", lang)
            for lang in _both(language)
        ]
    return Reply("\n".join(sentences), language=language)


def record_ref(kind: str, record_id: int, language: Language) -> str:
    """How a record is named in chat: `A17`, `P5`, else its kind and number.

    >>> record_ref("problem", 5, "en"), record_ref("audit", 12, "en")
    ('P5', 'audit #12')
    """
    prefix = _REF_PREFIX.get(kind)
    return f"{prefix}{record_id}" if prefix else f"{word(kind, language)} #{record_id}"


def _both(language: Language) -> tuple[Language, Language]:
    return ("zh", "en") if language == "zh" else ("en", "zh")
