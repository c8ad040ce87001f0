"""Tables of tier meetings: the meeting (the board posted, with the figures it showed), who
acknowledged it, and the items raised at it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.store.models import Base, Line


class TierMeeting(Base):
    """One tier-1 meeting of a line: the board Gemba posted and the figures on it."""

    __tablename__ = "tier_meetings"
    __table_args__ = (
        # A scheduled meeting is posted once per line and fire time, however many processes run.
        UniqueConstraint("line_id", "scheduled_for"),
        Index("ix_tier_meetings_line_held", "line_id", "held_at"),
        {"comment": "Tier meetings (早会, daily stand-ups) of each line with the figures shown"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(
        ForeignKey("lines.id"), index=True, comment="Line whose team held the tier meeting"
    )
    meeting_date: Mapped[date] = mapped_column(Date, comment="Plant date of the tier meeting")
    held_at: Mapped[datetime] = mapped_column(DateTime, comment="When the meeting's board was posted (UTC)")
    scheduled_for: Mapped[datetime | None] = mapped_column(
        DateTime, comment="Scheduled time of the post (UTC); empty when posted on demand"
    )
    kind: Mapped[str] = mapped_column(String(20), comment="scheduled or on_demand")
    called_by: Mapped[str] = mapped_column(
        String(100), comment="Who posted the board on demand; gemba for a scheduled meeting"
    )
    figures_date: Mapped[date] = mapped_column(
        Date, comment="Day the figures are of: the day before the meeting"
    )
    planned_qty: Mapped[int | None] = mapped_column(
        Integer, comment="Planned output of that day, pieces (target)"
    )
    output_qty: Mapped[int | None] = mapped_column(Integer, comment="Actual output of that day, pieces")
    scrap_qty: Mapped[int | None] = mapped_column(Integer, comment="Pieces scrapped that day")
    downtime_min: Mapped[int | None] = mapped_column(Integer, comment="Minutes of downtime that day")
    andon_calls: Mapped[int] = mapped_column(Integer, default=0, comment="Andon calls raised that day")
    open_andon_calls: Mapped[int] = mapped_column(
        Integer, default=0, comment="Andon calls still open when the meeting was held"
    )
    open_problems: Mapped[int] = mapped_column(
        Integer, default=0, comment="Problems still open when the meeting was held"
    )
    overdue_problems: Mapped[int] = mapped_column(
        Integer, default=0, comment="Overdue actions: open problems past their due date at the meeting"
    )
    safety_topic: Mapped[str] = mapped_column(String(300), default="", comment="Safety topic of the day")
    safety_topic_zh: Mapped[str] = mapped_column(
        String(300), default="", comment="Safety topic of the day in Chinese"
    )
    ack_count: Mapped[int] = mapped_column(
        Integer,
        default=0,
        comment="Acknowledgements: how many people acknowledged (attended) the meeting; 0 means none",
    )
    concern_count: Mapped[int] = mapped_column(
        Integer, default=0, comment="How many concerns (事项) the team raised at the meeting"
    )

    line: Mapped[Line] = relationship()


class TierAttendance(Base):
    """One person's ✅ on a meeting: at most one per person and meeting."""

    __tablename__ = "tier_attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_key"),
        {"comment": "Who acknowledged (attended) each tier meeting, and when"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("tier_meetings.id"), index=True, comment="Tier meeting acknowledged"
    )
    person: Mapped[str] = mapped_column(String(100), comment="Who acknowledged (attended) the meeting")
    user_key: Mapped[str] = mapped_column(
        String(230), comment="Internal: platform:user id, so each person acknowledges once"
    )
    acknowledged_at: Mapped[datetime] = mapped_column(DateTime, comment="When they acknowledged (UTC)")


class TierConcern(Base):
    """Something raised at a meeting; it may have become a problem."""

    __tablename__ = "tier_concerns"
    __table_args__ = (
        Index("ix_tier_concerns_line_raised", "line_id", "raised_at"),
        {"comment": "Concerns (事项) the team raised at tier meetings"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("tier_meetings.id"), index=True, comment="Tier meeting the concern was raised at"
    )
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"), comment="Line of the meeting")
    text: Mapped[str] = mapped_column(Text, comment="What was raised")
    raised_by: Mapped[str] = mapped_column(String(100), comment="Who raised the concern")
    raised_at: Mapped[datetime] = mapped_column(DateTime, comment="When the concern was raised (UTC)")
    problem_id: Mapped[int | None] = mapped_column(
        ForeignKey("problems.id"), comment="Problem the concern was turned into, if any"
    )
