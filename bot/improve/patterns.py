"""Repeat andon patterns: the reason a line calls for most often, to open a project from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store.models import AndonCall


@dataclass(frozen=True)
class Pattern:
    """The top repeat reason of a line's andon calls in a period, and how often it came."""

    category: str
    reason: str
    calls: int
    category_calls: int

    @property
    def share(self) -> float:
        """Calls for the reason / calls of its category (0-1)."""
        return self.calls / self.category_calls if self.category_calls else 0.0


def top_repeat_reason(
    session: Session,
    *,
    line_id: int,
    category: str | None,
    first: date,
    last: date,
    timezone: ZoneInfo,
) -> Pattern | None:
    """The (category, reason) a line raised most andon calls for over the days [first, last]
    (plant calendar; cancelled calls excluded; ties by reason), optionally within `category`.
    None when the line raised no such calls."""
    start, end = (_utc(day, timezone) for day in (first, last + timedelta(days=1)))
    conditions = [
        AndonCall.line_id == line_id,
        AndonCall.raised_at >= start,
        AndonCall.raised_at < end,
        AndonCall.status != "cancelled",
    ]
    if category is not None:
        conditions.append(AndonCall.category == category)
    rows = session.execute(
        select(AndonCall.category, AndonCall.reason, func.count())
        .where(*conditions)
        .group_by(AndonCall.category, AndonCall.reason)
    ).all()
    if not rows:
        return None
    top_category, reason, calls = min(rows, key=lambda row: (-row[2], row[1]))
    in_category = sum(int(row[2]) for row in rows if row[0] == top_category)
    return Pattern(str(top_category), str(reason), int(calls), in_category)


def _utc(day: date, timezone: ZoneInfo) -> datetime:
    return datetime.combine(day, time()).replace(tzinfo=timezone).astimezone(UTC).replace(tzinfo=None)
