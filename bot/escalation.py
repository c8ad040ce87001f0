"""Escalation of andon calls nobody acknowledges, up a ladder of levels (see `bot.ladder`
for the ladder, its matrix file and the working hours).

Only minutes inside the working hours count, so nothing escalates at night in a plant that
does not work at night. Each escalation, in one transaction: the call's level (logged in
the event log by `change_andon`), its card updated in place with a note in its thread,
and a message to the level's channel, all through the outbox. Acknowledging (or
resolving, or cancelling) stops the climb.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot import notify, outbox
from bot.cards import andon_card, location
from bot.errors import BotError
from bot.ladder import Level, Matrix, WorkingHours
from bot.services import Services
from bot.store import service
from bot.store.db import transaction
from bot.store.models import AndonCall, Event
from bot.texts import register, say
from bot.types import Language, Reply

register(
    {
        "escalation_note": (
            "⏫ Not acknowledged after {minutes} min: escalated to level {level} ({role}).",
            "⏫ {minutes} 分钟无人确认：已升级到第 {level} 级（{role}）。",
        ),
        "escalation_post": (
            "⏫ Andon {ref} · {location} needs the {role}: not acknowledged after {minutes} min "
            "(level {level}). Reason: {reason}",
            "⏫ 安灯 {ref} · {location} 需要{role}处理：{minutes} 分钟无人确认（第 {level} 级）。"
            "原因：{reason}",
        ),
        "escalation_by_hand": (
            "⏫ Andon {ref} escalated to level {level} ({role}) by {actor} at {time}.",
            "⏫ 安灯 {ref} 已由 {actor} 于 {time} 升级到第 {level} 级（{role}）。",
        ),
    }
)

log = logging.getLogger(__name__)

#: Who the scheduler's escalations are logged as.
SYSTEM_ACTOR = "gemba"


def escalate_due(services: Services, matrix: Matrix, hours: WorkingHours) -> list[tuple[int, int]]:
    """Escalate every unacknowledged call whose working time since it was raised has
    reached its next level; returns (call id, new level) for each escalation.

    A call somebody escalated, acknowledged or closed by hand while this ran is left as
    they left it (their change won the compare-and-set); the next round looks again.
    """
    with services.sessions() as session:
        waiting = [call.id for call in service.open_andon_calls(session) if call.status == "raised"]
    done = []
    for call_id in waiting:
        try:
            with transaction(services.sessions) as session:
                call = service.get_andon(session, call_id, lock=True)
                reached = _climb(session, call, services, matrix, hours)
        except BotError as error:
            log.info("escalation of A%s skipped: %s", call_id, error.key)
            continue
        done += [(call_id, level) for level in reached]
    return done


def escalate(
    session: Session,
    call: AndonCall,
    services: Services,
    matrix: Matrix,
    *,
    actor: str,
    level: int | None = None,
    note: str | None = None,
) -> tuple[Event, Level]:
    """Escalate `call` one level up its ladder, by hand or by the scheduler (`actor` "gemba").

    `level` is the level the request means (the card's button names the next level it
    shows, so two presses at once escalate once). The call's card and thread are updated
    and the level's channel is told, through the outbox, once per level whoever escalated.
    Returns the logged event and the level reached; raises `BotError` when the call is
    closed, already at or past `level`, or at the last level of its ladder.
    """
    ladder = matrix.ladder_for(call)
    number = call.escalation_level + 1
    if number <= len(ladder):
        rung = ladder[number - 1]
        detail = f"level {number}: {rung.role_en}" + (f" → {rung.notify}" if rung.notify else "")
        note = f"{detail} · {note}" if note else detail
    event = service.change_andon(
        session,
        call=call,
        action="escalate",
        actor=actor,
        now=services.now(),
        note=note,
        level=level,
        top=len(ladder),
    )
    number = call.escalation_level
    rung = ladder[number - 1]
    language: Language = "zh" if call.language == "zh" else "en"
    if actor == SYSTEM_ACTOR:
        text = say("escalation_note", language, minutes=rung.minutes, level=number, role=rung.role(language))
    else:
        text = say(
            "escalation_by_hand",
            language,
            ref=service.andon_ref(call.id),
            level=number,
            role=rung.role(language),
            actor=actor,
            time=services.local(event.at).strftime("%H:%M"),
        )
    notify.follow_up(session, call, services, text, step=f"escalate-{number}")
    if rung.notify:
        _tell(session, call, services, rung, number)
    return event, rung


def _climb(
    session: Session, call: AndonCall, services: Services, matrix: Matrix, hours: WorkingHours
) -> list[int]:
    if call.status != "raised":  # acknowledged (or closed) since we looked: the climb stops
        return []
    ladder = matrix.ladder_for(call)
    waited = hours.working_seconds(call.raised_at, services.now(), services.timezone)
    reached = []
    while (
        call.escalation_level < len(ladder) and waited >= ladder[call.escalation_level].after.total_seconds()
    ):
        escalate(session, call, services, matrix, actor=SYSTEM_ACTOR, level=call.escalation_level + 1)
        reached.append(call.escalation_level)
    return reached


def _tell(session: Session, call: AndonCall, services: Services, level: Level, number: int) -> None:
    platform, channel = level.notify.split(":", 1)
    language: Language = level.language or ("zh" if call.language == "zh" else "en")
    card = andon_card(call, services)
    text = say(
        "escalation_post",
        language,
        ref=service.andon_ref(call.id),
        location=location(call, language),
        role=level.role(language),
        minutes=level.minutes,
        level=number,
        reason=call.reason,
    )
    fields = card.fields if card.language == language else []  # the card speaks the caller's language
    reply = Reply(text=text, language=language, fields=fields, buttons=card.buttons)
    outbox.enqueue(
        session,
        key=f"andon:{call.id}:escalate-{number}:notify",
        platform=platform,
        target=outbox.Target(level.workspace, channel),
        kind="post",
        reply=reply,
        now=services.now(),
        record=card.record,
    )
