"""Tables of 5S/6S audits: one row per audit of an area, one row per checklist item scored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.store.models import Area, Base

AUDIT_STATES = ("in_progress", "done", "cancelled")
Score = Numeric(4, 2, asdecimal=False)


class FiveSAudit(Base):
    __tablename__ = "five_s_audits"
    __table_args__ = {
        "comment": "5S and 6S audits of plant areas (lines, office, warehouse, tool room) recorded in chat, "
        "with the average score of each S and overall"
    }

    id: Mapped[int] = mapped_column(primary_key=True, comment="Audit number")
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True, comment="Area audited")
    audit_type: Mapped[str] = mapped_column(String(2), comment="5s or 6s (6S adds safety)")
    status: Mapped[str] = mapped_column(String(20), comment="in_progress, done or cancelled")
    auditor: Mapped[str] = mapped_column(String(100), comment="Who did the audit")
    started_at: Mapped[datetime] = mapped_column(DateTime, comment="When the audit started (UTC)")
    finished_at: Mapped[datetime | None] = mapped_column(
        DateTime, index=True, comment="When the audit was finished (UTC): the audit date"
    )
    score: Mapped[float | None] = mapped_column(
        Score, comment="Overall audit score, 1-5: the average of the S scores"
    )
    sort_score: Mapped[float | None] = mapped_column(Score, comment="Sort (seiri, 整理) score, 1-5")
    set_in_order_score: Mapped[float | None] = mapped_column(
        Score, comment="Set in order (seiton, 整顿) score, 1-5"
    )
    shine_score: Mapped[float | None] = mapped_column(Score, comment="Shine (seiso, 清扫) score, 1-5")
    standardize_score: Mapped[float | None] = mapped_column(
        Score, comment="Standardize (seiketsu, 清洁) score, 1-5"
    )
    sustain_score: Mapped[float | None] = mapped_column(Score, comment="Sustain (shitsuke, 素养) score, 1-5")
    safety_score: Mapped[float | None] = mapped_column(
        Score, comment="Safety (安全) score, 1-5; empty for a 5S audit"
    )
    note: Mapped[str] = mapped_column(Text, default="", comment="Auditor's notes on the audit")
    problems_opened: Mapped[int] = mapped_column(
        Integer, default=0, comment="Number of problems the audit opened for low scores"
    )
    language: Mapped[str] = mapped_column(String(5), default="en", comment="Language of the auditor")
    platform: Mapped[str] = mapped_column(String(20), default="console", comment="Chat platform")
    workspace: Mapped[str] = mapped_column(String(100), default="", comment="Workspace or org")
    channel: Mapped[str] = mapped_column(String(100), default="", comment="Channel of the audit")
    thread: Mapped[str | None] = mapped_column(String(100), comment="Thread of the audit")

    area: Mapped[Area] = relationship()
    scores: Mapped[list[FiveSScore]] = relationship(
        back_populates="audit", order_by="FiveSScore.id", cascade="all, delete-orphan"
    )


class FiveSScore(Base):
    __tablename__ = "five_s_scores"
    __table_args__ = (
        UniqueConstraint("audit_id", "item"),
        {"comment": "Scores of the checklist items of each 5S/6S audit"},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Score row number")
    audit_id: Mapped[int] = mapped_column(ForeignKey("five_s_audits.id"), index=True, comment="Audit scored")
    s: Mapped[str] = mapped_column(
        String(20), comment="Which S: sort, set_in_order, shine, standardize, sustain or safety"
    )
    item: Mapped[str] = mapped_column(
        String(40), comment="Checklist item, e.g. set_in_order.1; the S itself when scored as a whole"
    )
    item_text: Mapped[str] = mapped_column(String(300), default="", comment="What the item checks")
    score: Mapped[int | None] = mapped_column(Integer, comment="Item score, 1-5; empty when skipped")
    note: Mapped[str | None] = mapped_column(Text, comment="Auditor's note on the item")
    scored_by: Mapped[str] = mapped_column(String(100), comment="Who scored the item")
    scored_at: Mapped[datetime] = mapped_column(DateTime, comment="When the item was scored (UTC)")

    audit: Mapped[FiveSAudit] = relationship(back_populates="scores")
