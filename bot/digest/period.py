"""ISO weeks and days of the plant calendar, and their bounds in plant time and in UTC."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week, Monday 00:00 to the next Monday 00:00 in plant time."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Week:
        """Read "2026-W46" (or "2026W46"); raises ValueError.

        >>> Week.parse("2026-W46").monday
        datetime.date(2026, 11, 9)
        """
        match = _WEEK.match(text)
        if not match:
            raise ValueError(f"not an ISO week: {text!r} (e.g. 2026-W46)")
        week = cls(int(match[1]), int(match[2]))
        date.fromisocalendar(week.year, week.number, 1)  # raises for week 53 of a 52-week year
        return week

    @classmethod
    def of(cls, day: date) -> Week:
        """The week `day` falls in.

        >>> Week.of(date(2026, 11, 21))
        Week(year=2026, number=47)
        """
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @classmethod
    def last_complete(cls, moment: datetime, timezone: ZoneInfo) -> Week:
        """The latest week that has ended by the naive-UTC `moment`, in plant time.

        >>> Week.last_complete(datetime(2026, 11, 21, 2), ZoneInfo("Asia/Shanghai"))
        Week(year=2026, number=46)
        """
        local_day = moment.replace(tzinfo=UTC).astimezone(timezone).date()
        return cls.of(local_day).previous()

    @property
    def monday(self) -> date:
        """The week's first day."""
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        """The week's last day."""
        return self.monday + timedelta(days=6)

    def previous(self) -> Week:
        """The week before."""
        return Week.of(self.monday - timedelta(days=7))

    def local_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as naive plant-local times (how the MES tables keep time)."""
        start = datetime.combine(self.monday, time())
        return start, start + timedelta(days=7)

    def utc_bounds(self, timezone: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) as naive UTC (how Gemba's store keeps time).

        >>> Week(2026, 46).utc_bounds(ZoneInfo("Asia/Shanghai"))[0]
        datetime.datetime(2026, 11, 8, 16, 0)
        """
        start, end = self.local_bounds()
        return _utc(start, timezone), _utc(end, timezone)

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"


@dataclass(frozen=True, order=True)
class Day:
    """A plant-calendar day, 00:00 to the next 00:00 in plant time."""

    day: date

    @classmethod
    def today(cls, moment: datetime, timezone: ZoneInfo) -> Day:
        """The plant day the naive-UTC `moment` falls in.

        >>> Day.today(datetime(2026, 11, 20, 17), ZoneInfo("Asia/Shanghai"))
        Day(day=datetime.date(2026, 11, 21))
        """
        return cls(moment.replace(tzinfo=UTC).astimezone(timezone).date())

    def local_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as naive plant-local times."""
        start = datetime.combine(self.day, time())
        return start, start + timedelta(days=1)

    def utc_bounds(self, timezone: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) as naive UTC.

        >>> Day(date(2026, 11, 21)).utc_bounds(ZoneInfo("Asia/Shanghai"))[0]
        datetime.datetime(2026, 11, 20, 16, 0)
        """
        start, end = self.local_bounds()
        return _utc(start, timezone), _utc(end, timezone)

    def __str__(self) -> str:
        return self.day.isoformat()


def _utc(local: datetime, timezone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=timezone).astimezone(UTC).replace(tzinfo=None)
