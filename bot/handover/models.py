"""The handover table: one row per line and shift, from draft to confirmed receipt."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.store.models import Base, Line

#: draft → submitted (handed over, waiting for the next shift) → confirmed (receipt confirmed).
HANDOVER_STATES = ("draft", "submitted", "confirmed")
#: The notes the lead writes, in the order Gemba asks for them.
NOTE_FIELDS = ("quality", "safety", "watch", "output")


class Handover(Base):
    __tablename__ = "handovers"
    __table_args__ = (
        UniqueConstraint("line_id", "shift_date", "shift_code"),
        Index("ix_handovers_status_submitted", "status", "submitted_at"),
        Index("ix_handovers_line_shift", "line_id", "shift_started_at"),
        {"comment": "Shift handovers (交接班) per line: what the leaving shift tells the next shift"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"), comment="Line handed over")
    shift_code: Mapped[str] = mapped_column(
        String(8), comment="Shift handed over: A (day shift), B (swing shift) or C (night shift)"
    )
    shift_date: Mapped[date] = mapped_column(Date, comment="Plant date the shift handed over started on")
    shift_started_at: Mapped[datetime] = mapped_column(
        DateTime, comment="Start of the shift handed over (UTC)"
    )
    shift_ended_at: Mapped[datetime] = mapped_column(DateTime, comment="End of the shift handed over (UTC)")
    status: Mapped[str] = mapped_column(
        String(20),
        default="draft",
        comment="draft (being written), submitted (handed over, not confirmed yet) or confirmed "
        "(the next shift confirmed receipt)",
    )
    handed_over_by: Mapped[str] = mapped_column(
        String(100), comment="Shift lead who wrote and handed over the handover"
    )
    open_calls: Mapped[int] = mapped_column(
        Integer, default=0, comment="Andon calls of the line still open at the handover"
    )
    open_problems: Mapped[int] = mapped_column(
        Integer, default=0, comment="Problems of the line still open at the handover"
    )
    open_items: Mapped[str] = mapped_column(
        Text, default="", comment="The open andon calls and problems handed over, one per line"
    )
    planned_qty: Mapped[int | None] = mapped_column(Integer, comment="Planned output of the shift, pieces")
    output_qty: Mapped[int | None] = mapped_column(Integer, comment="Actual output of the shift, pieces")
    scrap_qty: Mapped[int | None] = mapped_column(Integer, comment="Pieces scrapped in the shift")
    output_note: Mapped[str | None] = mapped_column(Text, comment="Lead's note on output against plan")
    quality_note: Mapped[str | None] = mapped_column(Text, comment="Quality notes for the next shift")
    safety_note: Mapped[str | None] = mapped_column(Text, comment="Safety notes for the next shift")
    watch_note: Mapped[str | None] = mapped_column(Text, comment="What the next shift must watch")
    created_at: Mapped[datetime] = mapped_column(DateTime, comment="When the handover was started (UTC)")
    submitted_at: Mapped[datetime | None] = mapped_column(
        DateTime, comment="When the handover was submitted to the next shift (UTC)"
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(
        DateTime, comment="When the next shift confirmed receipt (UTC); empty: not confirmed"
    )
    confirmed_by: Mapped[str | None] = mapped_column(
        String(100), comment="Lead of the next shift who confirmed receipt"
    )
    reminded_at: Mapped[datetime | None] = mapped_column(
        DateTime, comment="When Gemba reminded the next shift of the unconfirmed handover (UTC): it was late"
    )
    escalated_at: Mapped[datetime | None] = mapped_column(
        DateTime, comment="When the unconfirmed handover was escalated (UTC)"
    )
    platform: Mapped[str] = mapped_column(String(20), default="console", comment="Chat platform")
    workspace: Mapped[str] = mapped_column(String(100), default="", comment="Workspace or org")
    channel: Mapped[str] = mapped_column(String(100), default="", comment="Channel it was posted to")
    thread: Mapped[str | None] = mapped_column(String(100), comment="Thread it was written in")
    language: Mapped[str] = mapped_column(String(5), default="en", comment="Language of the lead")

    line: Mapped[Line] = relationship()

    def note(self, field: str) -> str | None:
        """The lead's note `field` (one of `NOTE_FIELDS`)."""
        value: str | None = getattr(self, f"{field}_note")
        return value
