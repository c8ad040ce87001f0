"""Which shift a handover is for: the plant's `shifts` table when it has one, else three
eight-hour shifts (A 06:00, B 14:00, C 22:00)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.metrics import plant_tables
from bot.sample_plant.schema import shifts

DEFAULT_SHIFTS = (("A", "Day", "早班", "06:00", "14:00"), ("B", "Swing", "中班", "14:00", "22:00"),
                  ("C", "Night", "夜班", "22:00", "06:00"))  # fmt: skip


@dataclass(frozen=True)
class Shift:
    """One shift on one plant day: its code, names and bounds (naive plant time)."""

    code: str
    name: str
    name_zh: str
    day: date
    start: datetime
    end: datetime

    def label(self, language: str) -> str:
        """ "2026-11-21 Day shift (A)" or "2026-11-21 早班（A）"."""
        if language == "zh":
            return f"{self.day.isoformat()} {self.name_zh}（{self.code}）"
        return f"{self.day.isoformat()} {self.name} shift ({self.code})"

    def utc_bounds(self, timezone: ZoneInfo) -> tuple[datetime, datetime]:
        """Start and end as naive UTC."""
        return _utc(self.start, timezone), _utc(self.end, timezone)


def _utc(local: datetime, timezone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=timezone).astimezone(UTC).replace(tzinfo=None)


def plant_shifts(session: Session) -> list[tuple[str, str, str, str, str]]:
    """(code, name, name_zh, start HH:MM, end HH:MM) of each shift of the plant's day."""
    if "shifts" not in plant_tables(session):
        return list(DEFAULT_SHIFTS)
    rows = session.execute(
        select(shifts.c.code, shifts.c.name, shifts.c.name_zh, shifts.c.start_time, shifts.c.end_time)
    ).all()
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows] or list(DEFAULT_SHIFTS)


def shift_at(moment: datetime, table: list[tuple[str, str, str, str, str]]) -> Shift:
    """The shift running at `moment` (naive plant time); a shift past midnight belongs to the
    day it started.

    >>> shift_at(datetime(2026, 11, 21, 3, 0), list(DEFAULT_SHIFTS)).label("en")
    '2026-11-20 Night shift (C)'
    >>> shift_at(datetime(2026, 11, 21, 13, 59), list(DEFAULT_SHIFTS)).label("zh")
    '2026-11-21 早班（A）'
    """
    for day in (moment.date(), moment.date() - timedelta(days=1)):
        for code, name, name_zh, start, end in table:
            begin = datetime.combine(day, _clock(start))
            finish = datetime.combine(day, _clock(end))
            if finish <= begin:
                finish += timedelta(days=1)
            if begin <= moment < finish:
                return Shift(code, name, name_zh, day, begin, finish)
    code, name, name_zh, start, end = table[0]  # a gap in the plant's shifts: the first of the day
    begin = datetime.combine(moment.date(), _clock(start))
    return Shift(code, name, name_zh, moment.date(), begin, begin + timedelta(hours=8))


def shift_to_hand_over(session: Session, now_local: datetime) -> Shift:
    """The shift a lead hands over at `now_local`: the one whose end is nearest, so a handover
    written just before or just after the end of a shift is that shift's (in a tie, the
    shift running now).

    >>> table = list(DEFAULT_SHIFTS)
    >>> [nearest_end(datetime(2026, 11, 21, h, m), table).code for h, m in ((13, 40), (15, 30), (10, 0))]
    ['A', 'A', 'A']
    >>> nearest_end(datetime(2026, 11, 21, 6, 20), table).label("en")
    '2026-11-20 Night shift (C)'
    """
    return nearest_end(now_local, plant_shifts(session))


def nearest_end(now_local: datetime, table: list[tuple[str, str, str, str, str]]) -> Shift:
    """Of the shift running at `now_local` and the one before it, the one whose end is nearest."""
    running = shift_at(now_local, table)
    before = shift_at(running.start - timedelta(minutes=1), table)
    return before if now_local - before.end < running.end - now_local else running


def _clock(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    return time(hours % 24, minutes)
