"""Storing, closing and counting safety observations. Every change is written to the event
log; an anonymous report is logged with the actor "anonymous", never with its reporter.

Functions take a keyword-only session and never commit: the caller's transaction covers the
observation, its event, its photos and the outbox messages it causes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from bot.areas import all_areas
from bot.errors import BotError
from bot.locations import all_lines, code_key, mentioned_line
from bot.safety.models import SafetyObservation, safety_ref
from bot.store.models import AndonCall, Area, Event, Station
from bot.store.service import record_event

#: How an anonymous reporter is named in the event log.
ANONYMOUS = "anonymous"
RECORD_KIND = "safety"


@dataclass(frozen=True)
class Place:
    """Where an observation was made: its area, and the line and station when known."""

    area: Area
    station: Station | None = None


def locate(session: Session, words: list[str]) -> Place | None:
    """The place a report's words name: a station code ("PR-07"), a line ("L3", "3号线",
    "line 3") or an area's name ("tool room", "工具间"); None when they name none."""
    areas = all_areas(session)
    stations = list(session.scalars(select(Station).options(joinedload(Station.line))))
    by_line = {area.line_id: area for area in areas if area.line_id is not None}
    for token in words:
        station = next((s for s in stations if code_key(s.code) == code_key(token)), None)
        if station is not None and station.line_id in by_line:
            return Place(by_line[station.line_id], station)
    text = " ".join(words)
    line = mentioned_line(all_lines(session), text)
    if line is not None and line.id in by_line:
        return Place(by_line[line.id])
    lowered = text.lower()
    for area in areas:
        names = [area.name.lower(), area.code.lower()] + ([area.name_zh] if area.name_zh else [])
        for name in names:
            if re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", lowered):
                return Place(area)
    return None


def report(
    session: Session,
    *,
    place: Place,
    kind: str,
    severity: str,
    description: str,
    reporter: str | None,
    andon: AndonCall | None,
    language: str,
    now: datetime,
) -> SafetyObservation:
    """Store an observation in state "open" and log it; `reporter` None keeps it anonymous."""
    observation = SafetyObservation(
        area=place.area,
        line_id=place.area.line_id,
        station=place.station,
        kind=kind,
        severity=severity,
        description=description,
        observed_at=now,
        anonymous=reporter is None,
        reporter=reporter,
        status="open",
        escalation_level=0,
        andon=andon,
        language=language,
    )
    session.add(observation)
    session.flush()
    record_event(
        session,
        kind=RECORD_KIND,
        record_id=observation.id,
        action="report",
        actor=reporter or ANONYMOUS,
        at=now,
        after="open",
        detail=f"{kind}, {severity}",
    )
    return observation


def escalate(session: Session, observation: SafetyObservation, *, level: int, now: datetime) -> Event | None:
    """Raise the observation's escalation level to `level` (a compare-and-set on the level
    read); returns the logged event, or None when it already was at or above it."""
    before = observation.escalation_level
    if before >= level:
        return None
    changed = session.execute(
        update(SafetyObservation)
        .where(SafetyObservation.id == observation.id, SafetyObservation.escalation_level == before)
        .values(escalation_level=level)
        .execution_options(synchronize_session=False)
    )
    session.refresh(observation)
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return record_event(
        session,
        kind=RECORD_KIND,
        record_id=observation.id,
        action="escalate",
        actor="gemba",
        at=now,
        before=observation.status,
        after=observation.status,
        detail=f"level {level}",
    )


def get(session: Session, observation_id: int, *, lock: bool = False) -> SafetyObservation:
    """The observation with this id; raises `BotError` when there is none."""
    query = select(SafetyObservation).where(SafetyObservation.id == observation_id)
    # Loaded by their own SELECTs: PostgreSQL locks no row on the outer side of a join.
    query = query.options(selectinload(SafetyObservation.area), selectinload(SafetyObservation.station))
    found = session.scalars(query.with_for_update(of=SafetyObservation) if lock else query).first()
    if found is None:
        raise BotError("safety_not_found", ref=safety_ref(observation_id))
    return found


def close(
    session: Session, observation: SafetyObservation, *, actor: str, note: str | None, now: datetime
) -> Event:
    """Close an open observation (a compare-and-set on its status); raises `BotError` when
    somebody closed it first."""
    changed = session.execute(
        update(SafetyObservation)
        .where(SafetyObservation.id == observation.id, SafetyObservation.status == "open")
        .values(status="closed", closed_at=now, closed_by=actor, close_note=note)
        .execution_options(synchronize_session=False)
    )
    session.refresh(observation, ["status", "closed_at", "closed_by", "close_note"], with_for_update=True)
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise BotError(
            "safety_already_closed",
            ref=safety_ref(observation.id),
            actor=observation.closed_by or "?",
            time=observation.closed_at or now,
        )
    return record_event(
        session,
        kind=RECORD_KIND,
        record_id=observation.id,
        action="close",
        actor=actor,
        at=now,
        before="open",
        after="closed",
        detail=note,
    )


def recent(session: Session, *, limit: int = 10) -> list[SafetyObservation]:
    """The latest observations, newest first."""
    query = (
        select(SafetyObservation)
        .options(joinedload(SafetyObservation.area))
        .order_by(SafetyObservation.observed_at.desc(), SafetyObservation.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def counts(session: Session, start: datetime, end: datetime) -> dict[str, Counter[str]]:
    """Observations per area code and kind reported in [start, end)."""
    rows = session.execute(
        select(Area.code, SafetyObservation.kind, func.count())
        .join(Area, Area.id == SafetyObservation.area_id)
        .where(SafetyObservation.observed_at >= start, SafetyObservation.observed_at < end)
        .group_by(Area.code, SafetyObservation.kind)
    ).all()
    result: dict[str, Counter[str]] = {}
    for code, kind, count in rows:
        result.setdefault(code, Counter())[kind] = int(count)
    return result


def last_injuries(session: Session) -> dict[int, datetime]:
    """The time of each area's latest injury, by area id (areas without one are absent)."""
    rows = session.execute(
        select(SafetyObservation.area_id, func.max(SafetyObservation.observed_at))
        .where(SafetyObservation.kind == "injury")
        .group_by(SafetyObservation.area_id)
    ).all()
    return {int(area_id): at for area_id, at in rows}


def days_since(last: datetime | None, today: date, local: Callable[[datetime], datetime]) -> int | None:
    """Whole days from the local date of `last` to `today`; None when there was none.

    `local` turns a stored naive-UTC time into plant time (`Services.local`).

    >>> from datetime import datetime, date
    >>> days_since(datetime(2026, 11, 1, 8), date(2026, 11, 21), lambda t: t)
    20
    """
    if last is None:
        return None
    return (today - local(last).date()).days
