"""The web board's tier panel: today's meeting of each line (posted when, ✅, concerns)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.locations import all_lines
from bot.services import Services
from bot.tier import texts as _texts  # noqa: F401  (the panel's sentences)
from bot.tier.models import TierMeeting
from bot.tier.service import meeting_ref


@dataclass(frozen=True)
class TierToday:
    """A line's latest meeting of today, if any (`posted` is plant time "07:45")."""

    line: str
    ref: str | None = None
    posted: str | None = None
    acks: int = 0
    concerns: int = 0


def tier_today(session: Session, services: Services) -> list[TierToday]:
    """Every line with its latest meeting of the plant's today (or none yet), in line order."""
    today = services.local(services.now()).date()
    latest: dict[int, TierMeeting] = {}
    for meeting in session.scalars(
        select(TierMeeting)
        .where(TierMeeting.meeting_date == today)
        .order_by(TierMeeting.held_at, TierMeeting.id)
    ):
        latest[meeting.line_id] = meeting
    rows = []
    for line in all_lines(session):
        found = latest.get(line.id)
        if found is None:
            rows.append(TierToday(line.code))
        else:
            posted = services.local(found.held_at).strftime("%H:%M")
            rows.append(
                TierToday(line.code, meeting_ref(found.id), posted, found.ack_count, found.concern_count)
            )
    return rows
