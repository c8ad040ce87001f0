"""How a handover looks in chat, and the messages it sends to the line's channel through the
outbox (in the transaction of the change that causes them, each with its idempotency key)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import outbox
from bot.handover import texts  # noqa: F401  (registers the sentences)
from bot.handover.models import Handover
from bot.handover.service import handover_ref, last_submitted
from bot.handover.shift import DEFAULT_SHIFTS
from bot.language import as_language
from bot.services import Services
from bot.store.models import Area
from bot.texts import say
from bot.types import Button, Language, Reply

_SHIFT_NAMES = {code: (name, name_zh) for code, name, name_zh, _start, _end in DEFAULT_SHIFTS}


def line_name(handover: Handover, language: Language) -> str:
    """The line's name in `language`."""
    line = handover.line
    return (line.name_zh or line.name) if language == "zh" else line.name


def shift_label(handover: Handover, language: Language) -> str:
    """ "2026-11-21 Day shift (A)" / "2026-11-21 早班（A）"."""
    name, name_zh = _SHIFT_NAMES.get(handover.shift_code, (handover.shift_code, handover.shift_code))
    day = handover.shift_date.isoformat()
    return (
        f"{day} {name_zh}（{handover.shift_code}）"
        if language == "zh"
        else f"{day} {name} shift ({handover.shift_code})"
    )


def output_text(handover: Handover, language: Language) -> str:
    """Output against plan as the handover shows it."""
    if handover.planned_qty is None or handover.output_qty is None:
        return say("handover_no_output", language)
    share = f"{handover.output_qty / handover.planned_qty:.0%}" if handover.planned_qty else "–"
    return say(
        "handover_output_value",
        language,
        output=f"{handover.output_qty:,}",
        planned=f"{handover.planned_qty:,}",
        attainment=share,
        scrap=handover.scrap_qty or 0,
    )


def status_text(handover: Handover, language: Language, services: Services) -> str:
    """ "waiting for confirmation", "confirmed by Ma Lin at 14:05" or "draft"."""
    if handover.status == "confirmed" and handover.confirmed_at is not None:
        when = services.clock_time(handover.confirmed_at)
        return say("handover_status_confirmed", language, actor=handover.confirmed_by, time=when)
    return say(f"handover_status_{handover.status}", language)


def handover_reply(
    handover: Handover, language: Language, services: Services, *, items: bool = True
) -> Reply:
    """The handover as a card: its figures and notes, the open calls and problems (unless not
    `items`), and the button its state calls for."""
    ref = handover_ref(handover.id)
    title = say("handover_title", language, ref=ref, line=line_name(handover, language),
                shift=shift_label(handover, language))  # fmt: skip

    def note(text: str | None) -> str:
        return text if text else say("handover_nothing", language) if text == "" else "…"

    fields = [
        (say("handover_f_output", language), output_text(handover, language)),
        (say("handover_f_calls", language), str(handover.open_calls)),
        (say("handover_f_problems", language), str(handover.open_problems)),
        (say("handover_f_quality", language), note(handover.quality_note)),
        (say("handover_f_safety", language), note(handover.safety_note)),
        (say("handover_f_watch", language), note(handover.watch_note)),
    ]
    if handover.output_note:
        fields.append((say("handover_f_output_note", language), handover.output_note))
    fields += [
        (say("handover_f_by", language), handover.handed_over_by),
        (say("handover_f_status", language), status_text(handover, language, services)),
    ]
    lines = [f"*{title}*"]
    if items and handover.open_items:  # the fields show the figures; the text what is still open
        lines += [f"• {item}" for item in handover.open_items.splitlines()]
    buttons = []
    if handover.status == "draft":
        buttons.append(Button(say("handover_b_submit", language), f"handover {ref} submit", "primary"))
    elif handover.status == "submitted":
        buttons.append(Button(say("handover_b_confirm", language), f"handover confirm {ref}", "primary"))
    return Reply("\n".join(lines), language=language, title=title, fields=fields, buttons=buttons)


def destination(session: Session, handover: Handover) -> tuple[str, outbox.Target]:
    """Where the line's team talks: its area's channel ("platform:channel"), else the channel
    the handover was written in."""
    channel = session.scalar(select(Area.channel).where(Area.line_id == handover.line_id).limit(1))
    if channel and ":" in channel:
        platform, name = channel.split(":", 1)
        workspace = handover.workspace if platform == handover.platform else ""
        return platform, outbox.Target(workspace, name)
    return handover.platform, outbox.Target(handover.workspace, handover.channel)


def where_text(session: Session, handover: Handover) -> str:
    """The destination as people read it, e.g. "slack:C0LINE3"."""
    platform, target = destination(session, handover)
    return f"{platform}:{target.channel}"


def send(session: Session, handover: Handover, services: Services, step: str, reply: Reply) -> None:
    """Post `reply` about `handover` to the line's channel, once per `step`."""
    platform, target = destination(session, handover)
    outbox.enqueue(
        session,
        key=f"handover:{handover.id}:{step}",
        platform=platform,
        target=target,
        kind="post",
        reply=reply,
        now=services.now(),
    )


def post_submitted(session: Session, handover: Handover, services: Services) -> None:
    """The handover card, with its Confirm button, in the lead's language."""
    send(
        session,
        handover,
        services,
        "post",
        handover_reply(handover, as_language(handover.language), services),
    )


def post_confirmed(session: Session, handover: Handover, services: Services) -> None:
    """Tell the line's channel who confirmed receipt, and when."""
    language = as_language(handover.language)
    send(
        session,
        handover,
        services,
        "confirmed",
        Reply(confirmed_text(handover, language, services), language=language),
    )


def confirmed_text(handover: Handover, language: Language, services: Services) -> str:
    """ "✅ Handover H7 (Line 3, …) received by Ma Lin at 14:05." """
    assert handover.confirmed_at is not None
    return say(
        "handover_confirmed",
        language,
        ref=handover_ref(handover.id),
        line=line_name(handover, language),
        shift=shift_label(handover, language),
        actor=handover.confirmed_by,
        time=services.clock_time(handover.confirmed_at),
    )


def last_handover_fields(
    session: Session, line_id: int, language: Language, services: Services
) -> list[tuple[str, str]]:
    """The line's last handover as a field of its status ("H7 2026-11-21 Day shift (A) by Xu
    Gang: waiting for confirmation"); none before its first handover."""
    last = last_submitted(session, line_id)
    if last is None:
        return []
    value = say(
        "handover_last_value",
        language,
        ref=handover_ref(last.id),
        shift=shift_label(last, language),
        lead=last.handed_over_by,
        status=status_text(last, language, services),
    )
    return [(say("handover_last", language), value)]
