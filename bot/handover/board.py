"""The board's handover panel: the last handover of each line, and whether the next shift
has confirmed it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from bot.handover.models import Handover
from bot.handover.post import shift_label
from bot.handover.service import handover_ref
from bot.store.models import Line
from bot.texts import register
from bot.types import Language

register(
    {
        "web_handover_title": ("Last shift handover", "最近一次交接班"),
        "web_handover_confirmed": ("confirmed by {name}", "已由 {name} 确认"),
        "web_handover_waiting": ("not confirmed yet", "待确认"),
        "web_handover_by": ("by {name}", "交班人 {name}"),
        "web_handover_none": ("no handover yet", "暂无交接"),
    }
)


@dataclass(frozen=True)
class LastHandover:
    """A line's last submitted handover as the board shows it (None fields: no handover yet)."""

    line: str
    ref: str | None = None
    shift_en: str = ""
    shift_zh: str = ""
    lead: str = ""
    confirmed_by: str | None = None
    watch: str = ""

    def shift(self, language: Language) -> str:
        """The shift handed over, in `language`."""
        return self.shift_zh if language == "zh" else self.shift_en


def last_handovers(session: Session, codes: Sequence[str]) -> list[LastHandover]:
    """The last submitted handover of each line in `codes`, in that order."""
    latest = (
        select(Handover.line_id, func.max(Handover.shift_started_at).label("started"))
        .where(Handover.status != "draft")
        .group_by(Handover.line_id)
        .subquery()
    )
    rows = session.scalars(
        select(Handover)
        .join(
            latest, (latest.c.line_id == Handover.line_id) & (latest.c.started == Handover.shift_started_at)
        )
        .join(Line, Line.id == Handover.line_id)
        .where(Line.code.in_(list(codes)), Handover.status != "draft")
        .options(joinedload(Handover.line))
    )
    found = {h.line.code: h for h in rows}
    return [
        LastHandover(
            code,
            handover_ref(h.id),
            shift_label(h, "en"),
            shift_label(h, "zh"),
            h.handed_over_by,
            h.confirmed_by if h.status == "confirmed" else None,
            h.watch_note or "",
        )
        if (h := found.get(code)) is not None
        else LastHandover(code)
        for code in codes
    ]
