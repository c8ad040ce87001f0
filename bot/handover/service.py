"""Reading and changing handovers. Every change is a compare-and-set on the state read and
is written to the event log; functions take a keyword-only session and never commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from bot.commands.refs import record_number
from bot.errors import BotError
from bot.handover.models import NOTE_FIELDS, Handover
from bot.handover.shift import Shift, shift_to_hand_over
from bot.metrics import output_vs_plan
from bot.store import service
from bot.store.models import Line
from bot.store.service import Origin

MAX_NOTE = 1000


def handover_ref(handover_id: int) -> str:
    """A handover's number as people write it.

    >>> handover_ref(7)
    'H7'
    """
    return f"H{handover_id}"


def is_handover_ref(token: str) -> bool:
    """Whether `token` is written as a handover number ("H7", "#h7", "Ｈ７").

    >>> is_handover_ref("H7"), is_handover_ref("ｈ７"), is_handover_ref("L3")
    (True, True, False)
    """
    return record_number(token, "h") is not None


def parse_handover_ref(token: str) -> int:
    """The number of the handover `token` names; raises `BotError("handover_bad_id")`."""
    number = record_number(token, "h")
    if number is None:
        raise BotError("handover_bad_id", given=token[:40])
    return number


def get(session: Session, handover_id: int, *, lock: bool = False) -> Handover:
    """The handover with this id, with its line; raises `BotError` when there is none.

    `lock` reads the row as committed now and locks it (what a compare-and-set that lost reads).
    """
    handover = session.get(
        Handover,
        handover_id,
        options=[joinedload(Handover.line, innerjoin=True)],
        populate_existing=True,
        with_for_update=lock,
    )
    if handover is None:
        raise BotError("handover_not_found", ref=handover_ref(handover_id))
    return handover


def start(
    session: Session,
    *,
    line: Line,
    actor: str,
    origin: Origin,
    language: str,
    now: datetime,
    timezone: ZoneInfo,
) -> tuple[Handover, bool]:
    """The handover of the shift ending now on `line`: the existing one, or a new draft with
    the open calls, problems and output filled in. Returns it and whether it is new."""
    now_local = now.replace(tzinfo=ZoneInfo("UTC")).astimezone(timezone).replace(tzinfo=None)
    shift = shift_to_hand_over(session, now_local)
    existing = _of_shift(session, line.id, shift)
    if existing is not None:
        return existing, False
    started, ended = shift.utc_bounds(timezone)
    handover = Handover(
        line_id=line.id,
        shift_code=shift.code,
        shift_date=shift.day,
        shift_started_at=started,
        shift_ended_at=ended,
        status="draft",
        handed_over_by=actor,
        created_at=now,
        **origin.columns(),
        language=language,
    )
    try:
        with session.begin_nested():  # two leads starting the same shift's handover at once
            session.add(handover)
            session.flush()
    except IntegrityError:
        found = _of_shift(session, line.id, shift)
        if found is None:
            raise
        return found, False
    fill_from_data(session, handover, now=now, timezone=timezone)
    service.record_event(
        session, kind="handover", record_id=handover.id, action="start", actor=actor, at=now, after="draft"
    )
    return get(session, handover.id), True


def _of_shift(session: Session, line_id: int, shift: Shift) -> Handover | None:
    found = session.scalar(
        select(Handover.id).where(
            Handover.line_id == line_id, Handover.shift_date == shift.day, Handover.shift_code == shift.code
        )
    )
    return None if found is None else get(session, found)


def fill_from_data(session: Session, handover: Handover, *, now: datetime, timezone: ZoneInfo) -> None:
    """Fill in what Gemba knows: the line's open andon calls and problems, and the shift's
    output against plan so far (from the plant's `production` table, when there is one)."""
    calls = service.open_andon_calls(session, handover.line_id)
    problems = service.open_problems(session, handover.line_id)
    items = [
        f"{service.andon_ref(c.id)} {c.station.code if c.station else c.line.code} {c.category}: {c.reason}"
        for c in calls
    ]
    items += [f"{service.problem_ref(p.id)} {p.category}: {p.title}" for p in problems]
    handover.open_calls, handover.open_problems = len(calls), len(problems)
    handover.open_items = "\n".join(item[:200] for item in items)
    start_local = _local(handover.shift_started_at, timezone)
    end_local = min(_local(handover.shift_ended_at, timezone), _local(now, timezone))
    rows = output_vs_plan(session, start_local, end_local, [handover.line_id])
    if rows is not None:
        handover.planned_qty = sum(r.planned for r in rows)
        handover.output_qty = sum(r.output for r in rows)
        handover.scrap_qty = sum(r.scrap for r in rows)


def _local(utc_naive: datetime, timezone: ZoneInfo) -> datetime:
    return utc_naive.replace(tzinfo=ZoneInfo("UTC")).astimezone(timezone).replace(tzinfo=None)


def next_question(handover: Handover) -> str | None:
    """The note Gemba asks for next in the step-by-step walk (output is optional), or None."""
    return next((field for field in NOTE_FIELDS[:3] if handover.note(field) is None), None)


def write_notes(
    session: Session, *, handover: Handover, notes: dict[str, str], actor: str, now: datetime
) -> Handover:
    """Set the lead's notes (field → text; "-" means nothing to report) on a draft."""
    values = {f"{field}_note": ("" if text.strip() in ("-", "—", "无") else text.strip()[:MAX_NOTE])
              for field, text in notes.items()}  # fmt: skip
    _compare_and_set(session, handover, "draft", values)
    service.record_event(
        session,
        kind="handover",
        record_id=handover.id,
        action="note",
        actor=actor,
        at=now,
        detail=", ".join(notes),
    )
    return get(session, handover.id)


def submit(
    session: Session, *, handover: Handover, actor: str, now: datetime, timezone: ZoneInfo
) -> Handover:
    """Hand the draft over: its figures refreshed, its state "submitted"."""
    if handover.status != "draft":
        raise BotError("handover_not_draft", ref=handover_ref(handover.id), actor=handover.handed_over_by)
    fill_from_data(session, handover, now=now, timezone=timezone)
    session.flush()
    _compare_and_set(session, handover, "draft", {"status": "submitted", "submitted_at": now})
    service.record_event(
        session,
        kind="handover",
        record_id=handover.id,
        action="submit",
        actor=actor,
        at=now,
        before="draft",
        after="submitted",
    )
    return get(session, handover.id)


def confirm(session: Session, *, handover_id: int, actor: str, now: datetime) -> Handover:
    """The next shift's lead confirms receipt. Of two presses at once exactly one confirms;
    the other gets `BotError("handover_already_confirmed")` naming who confirmed and when."""
    handover = get(session, handover_id)
    ref = handover_ref(handover.id)
    if handover.status == "draft":
        raise BotError("handover_not_submitted", ref=ref)
    if handover.status == "submitted" and handover.handed_over_by == actor:
        raise BotError("handover_own", ref=ref)
    _compare_and_set(
        session, handover, "submitted", {"status": "confirmed", "confirmed_at": now, "confirmed_by": actor}
    )
    service.record_event(
        session,
        kind="handover",
        record_id=handover.id,
        action="confirm",
        actor=actor,
        at=now,
        before="submitted",
        after="confirmed",
    )
    return get(session, handover.id)


def _compare_and_set(
    session: Session, handover: Handover, expected: str, values: Mapping[str, object]
) -> None:
    """Change the handover if its status is still `expected`; raises the reason when it is not."""
    if service.compare_and_set(session, handover, {"status": expected}, values):
        return
    current = handover
    ref = handover_ref(current.id)
    if current.status == "confirmed":
        raise BotError(
            "handover_already_confirmed",
            ref=ref,
            actor=current.confirmed_by or "?",
            time=current.confirmed_at,
        )
    if current.status == "submitted":
        raise BotError("handover_not_draft", ref=ref, actor=current.handed_over_by)
    raise BotError("handover_not_submitted", ref=ref)


def recent(session: Session, line_id: int, limit: int = 10) -> list[Handover]:
    """The line's latest handovers, newest shift first."""
    return list(
        session.scalars(
            select(Handover)
            .options(joinedload(Handover.line))
            .where(Handover.line_id == line_id)
            .order_by(Handover.shift_started_at.desc(), Handover.id.desc())
            .limit(limit)
        )
    )


def last_submitted(session: Session, line_id: int) -> Handover | None:
    """The line's latest handover that was handed over (submitted or confirmed)."""
    return session.scalars(
        select(Handover)
        .options(joinedload(Handover.line))
        .where(Handover.line_id == line_id, Handover.status != "draft")
        .order_by(Handover.shift_started_at.desc(), Handover.id.desc())
        .limit(1)
    ).first()


def search(session: Session, words: Sequence[str], limit: int = 15) -> list[Handover]:
    """Handovers whose notes or open items contain every word (any case), newest first."""
    texts = (
        Handover.quality_note,
        Handover.safety_note,
        Handover.watch_note,
        Handover.output_note,
        Handover.open_items,
    )
    conditions = [
        or_(*(func.lower(func.coalesce(column, "")).like(f"%{_escape(word.lower())}%", escape="\\")
              for column in texts))
        for word in words
    ]  # fmt: skip
    return list(
        session.scalars(
            select(Handover)
            .options(joinedload(Handover.line))
            .where(and_(*conditions))
            .order_by(Handover.shift_started_at.desc(), Handover.id.desc())
            .limit(limit)
        )
    )


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
