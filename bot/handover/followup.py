"""Reminding and escalating handovers nobody confirmed: the scheduler's `handovers` job.

Each step is a compare-and-set (`UPDATE … WHERE status = 'submitted' AND reminded_at IS
NULL`), and its message goes through the outbox with an idempotency key, so the reminder
and the escalation of a handover are sent once however many scheduler processes run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import outbox
from bot.handover import post
from bot.handover.models import Handover
from bot.handover.service import get, handover_ref
from bot.language import as_language
from bot.services import Services
from bot.store import service
from bot.store.db import transaction
from bot.store.models import Area
from bot.texts import say
from bot.types import Button, Reply

SYSTEM_ACTOR = "gemba"


@dataclass(frozen=True)
class FollowUp:
    """When an unconfirmed handover is reminded and escalated, and where escalations go
    ("platform:channel"; "" : the line's channel)."""

    remind_after: timedelta = timedelta(minutes=30)
    escalate_after: timedelta = timedelta(minutes=60)
    escalate_to: str = ""


def follow_up_unconfirmed(services: Services, rules: FollowUp) -> list[str]:
    """Remind, then escalate, every submitted handover not confirmed in time; returns what
    was done ("remind H7", "escalate H7")."""
    now = services.now()
    with services.sessions() as session:
        waiting = list(
            session.execute(
                select(Handover.id, Handover.submitted_at).where(
                    Handover.status == "submitted", Handover.submitted_at <= now - rules.remind_after
                )
            )
        )
    done = []
    for handover_id, submitted_at in waiting:
        if submitted_at is None:
            continue
        for step, after in (("remind", rules.remind_after), ("escalate", rules.escalate_after)):
            if submitted_at > now - after:
                continue
            with transaction(services.sessions) as session:
                if _claim(session, handover_id, step, now):
                    _tell(session, get(session, handover_id), services, rules, step, now)
                    done.append(f"{step} {handover_ref(handover_id)}")
    return done


def _claim(session: Session, handover_id: int, step: str, now: datetime) -> bool:
    """Mark the step done on a still-unconfirmed handover; False when somebody did it first."""
    column = Handover.reminded_at if step == "remind" else Handover.escalated_at
    changed = session.execute(
        update(Handover)
        .where(Handover.id == handover_id, Handover.status == "submitted", column.is_(None))
        .values({column: now})
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1  # type: ignore[attr-defined]


def _tell(
    session: Session, record: Handover, services: Services, rules: FollowUp, step: str, now: datetime
) -> None:
    language = as_language(record.language)
    ref = handover_ref(record.id)
    assert record.submitted_at is not None
    minutes = int((now - record.submitted_at).total_seconds() // 60)
    values = {
        "ref": ref,
        "line": post.line_name(record, language),
        "shift": post.shift_label(record, language),
        "lead": record.handed_over_by,
        "minutes": minutes,
    }
    button = Button(say("handover_b_confirm", language), f"handover confirm {ref}", "primary")
    service.record_event(
        session, kind="handover", record_id=record.id, action=step, actor=SYSTEM_ACTOR, at=now
    )
    if step == "remind":
        reply = Reply(say("handover_reminder", language, **values), language=language, buttons=[button])
        post.send(session, record, services, "remind", reply)
        return
    owner = session.scalar(select(Area.owner).where(Area.line_id == record.line_id).limit(1))
    text = say("handover_escalation", language, owner=owner or say("handover_no_owner", language), **values)
    reply = Reply(text, language=language, buttons=[button])
    if not rules.escalate_to:
        post.send(session, record, services, "escalate", reply)
        return
    platform, channel = rules.escalate_to.split(":", 1)
    outbox.enqueue(
        session,
        key=f"handover:{record.id}:escalate",
        platform=platform,
        target=outbox.Target("", channel),
        kind="post",
        reply=reply,
        now=now,
    )
