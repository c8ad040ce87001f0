"""The board's 5S panel: each area's latest audit score and which way it moved since the one before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.areas import area_name
from bot.audits.models import FiveSAudit
from bot.store.models import Area
from bot.texts import register
from bot.types import Language

register(
    {
        "board_audits_title": ("5S audits: latest score per area", "5S 审核：各区域最新得分"),
        "board_audits_area": ("Area", "区域"),
        "board_audits_score": ("Score (1-5)", "得分（1-5）"),
        "board_audits_date": ("Audited", "审核日期"),
        "board_audits_up": ("up from {previous}", "上次 {previous}，上升"),
        "board_audits_down": ("down from {previous}", "上次 {previous}，下降"),
        "board_audits_same": ("as before", "与上次持平"),
        "board_audits_first": ("first audit", "首次审核"),
    }
)

#: A change smaller than this is "the same" (scores are averages of 1-5 marks).
STEADY = 0.05


@dataclass(frozen=True)
class AreaLatest:
    """An area's latest finished audit score, the one before (None: none), and when."""

    area: Area
    score: float
    previous: float | None
    finished_at: datetime

    @property
    def trend(self) -> str:
        """ "up", "down", "same" or "first"."""
        if self.previous is None:
            return "first"
        if abs(self.score - self.previous) < STEADY:
            return "same"
        return "up" if self.score > self.previous else "down"

    @property
    def arrow(self) -> str:
        """↑, ↓, → (or · for a first audit)."""
        return {"up": "↑", "down": "↓", "same": "→", "first": "·"}[self.trend]

    def name(self, language: Language) -> str:
        """The area's name in `language`."""
        return area_name(self.area, language)


def latest_scores(session: Session) -> list[AreaLatest]:
    """Every audited area's latest score with its trend, in area order."""
    query = (
        select(FiveSAudit)
        .where(FiveSAudit.status == "done", FiveSAudit.score.is_not(None))
        .options(joinedload(FiveSAudit.area))
        .order_by(FiveSAudit.area_id, FiveSAudit.finished_at.desc(), FiveSAudit.id.desc())
    )
    latest: dict[int, list[FiveSAudit]] = {}
    for audit in session.scalars(query):
        kept = latest.setdefault(audit.area_id, [])
        if len(kept) < 2:
            kept.append(audit)
    rows = []
    for pair in latest.values():
        last = pair[0]
        assert last.score is not None and last.finished_at is not None
        previous = pair[1].score if len(pair) > 1 else None
        rows.append(AreaLatest(last.area, float(last.score), previous, last.finished_at))
    return rows
