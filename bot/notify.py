"""Messages a change sends to the record's channel, written to the outbox in the same
transaction as the change: the card when a record is created, then an in-place update
of the card and a note in its thread for every later change."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot import outbox
from bot.cards import andon_card, problem_card
from bot.services import Services
from bot.store.models import AndonCall, Problem
from bot.types import RecordRef, Reply


def announce(session: Session, record: AndonCall | Problem, services: Services) -> None:
    """Post the new record's card to its channel."""
    _enqueue(session, record, services, "card", _card(record, services), suffix="card")


def follow_up(
    session: Session, record: AndonCall | Problem, services: Services, note: str, *, step: str
) -> None:
    """Update the record's card in place and add `note` in its thread.

    `step` names the change uniquely (e.g. "acknowledge" or "escalate-2"), so a retried
    request never sends the same messages twice.
    """
    _enqueue(session, record, services, "card_update", _card(record, services), suffix=f"{step}:update")
    note_reply = Reply(text=note, language=_card(record, services).language)
    _enqueue(session, record, services, "note", note_reply, suffix=f"{step}:note")


def _card(record: AndonCall | Problem, services: Services) -> Reply:
    return andon_card(record, services) if isinstance(record, AndonCall) else problem_card(record, services)


def _enqueue(
    session: Session, record: AndonCall | Problem, services: Services, kind: str, reply: Reply, *, suffix: str
) -> None:
    ref = RecordRef("andon" if isinstance(record, AndonCall) else "problem", record.id)
    outbox.enqueue(
        session,
        key=f"{ref.kind}:{ref.id}:{suffix}",
        platform=record.platform,
        target=outbox.Target(record.workspace, record.channel, record.thread),
        kind=kind,
        reply=reply,
        now=services.now(),
        record=ref,
    )
