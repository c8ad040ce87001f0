"""The tier meetings' part of the weekly digest: meetings held per line, how many had a ✅,
the acknowledgements and the concerns raised."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.store.models import Line
from bot.texts import register, say
from bot.tier.models import TierMeeting
from bot.types import Language

register(
    {
        "tier_digest": (
            "*Tier meetings* {meetings} held · {unacknowledged} without a ✅ · {acks} acknowledgements · "
            "{concerns} concerns raised — {lines}",
            "*班组早会* 共 {meetings} 次 · {unacknowledged} 次无人确认 · 确认 {acks} 人次 · "
            "提出事项 {concerns} 个 — {lines}",
        ),
        "tier_digest_line": (
            "{line} {meetings}×, {acks} ✅, {concerns} raised",
            "{line} {meetings} 次，✅ {acks}，事项 {concerns}",
        ),
        "tier_digest_h": ("Tier meetings", "班组早会"),
        "tier_digest_cols": (
            "Line | Meetings | Without ✅ | Acknowledgements | Concerns raised",
            "产线 | 早会次数 | 无人确认 | 确认人次 | 提出事项",
        ),
    }
)


@dataclass(frozen=True)
class TierWeekLine:
    """A line's tier meetings held in a period."""

    line: str
    meetings: int
    unacknowledged: int
    acks: int
    concerns: int


def tier_week(
    session: Session, start: datetime, end: datetime, line_ids: Collection[int] | None = None
) -> list[TierWeekLine]:
    """Per line (in line order), the meetings held in [start, end) (naive UTC), how many had
    no ✅, the ✅ given and the concerns raised at them; lines without meetings are left out."""
    m = TierMeeting
    query = (
        select(
            Line.code,
            func.count(m.id),
            func.sum(case((m.ack_count == 0, 1), else_=0)),
            func.sum(m.ack_count),
            func.sum(m.concern_count),
        )
        .join(Line, Line.id == m.line_id)
        .where(m.held_at >= start, m.held_at < end)
        .group_by(Line.id, Line.code)
        .order_by(Line.id)
    )
    if line_ids is not None:
        query = query.where(m.line_id.in_(list(line_ids)))
    return [
        TierWeekLine(row[0], int(row[1]), int(row[2] or 0), int(row[3] or 0), int(row[4] or 0))
        for row in session.execute(query)
    ]


def tier_digest_line(rows: list[TierWeekLine], language: Language) -> str | None:
    """The digest's one line on tier meetings, or None when none were held.

    >>> print(tier_digest_line([TierWeekLine("L3", 6, 1, 30, 4)], "en"))
    *Tier meetings* 6 held · 1 without a ✅ · 30 acknowledgements · 4 concerns raised — L3 6×, 30 ✅, 4 raised
    """
    if not rows:
        return None
    lines = " · ".join(
        say("tier_digest_line", language, line=r.line, meetings=r.meetings, acks=r.acks, concerns=r.concerns)
        for r in rows
    )
    return say(
        "tier_digest",
        language,
        meetings=sum(r.meetings for r in rows),
        unacknowledged=sum(r.unacknowledged for r in rows),
        acks=sum(r.acks for r in rows),
        concerns=sum(r.concerns for r in rows),
        lines=lines,
    )


def tier_digest_markdown(rows: list[TierWeekLine], language: Language) -> list[str]:
    """The digest file's section on tier meetings: a table per line (nothing when none were held)."""
    if not rows:
        return []
    columns = say("tier_digest_cols", language)
    out = ["", f"## {say('tier_digest_h', language)}", "", f"| {columns} |", "|" + "---|" * 5]
    out += [f"| {r.line} | {r.meetings} | {r.unacknowledged} | {r.acks} | {r.concerns} |" for r in rows]
    return out
