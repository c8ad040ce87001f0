"""The safety observations table: one row per unsafe act, unsafe condition, near miss or injury.

Anonymous reports keep no reporter at all (`reporter` is NULL and `anonymous` is true);
see `bot.safety.service.report` for everything else that keeps no trace of them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.store.models import AndonCall, Area, Base, Line, Station

KINDS = ("near_miss", "unsafe_act", "unsafe_condition", "injury")
LEVELS = ("low", "medium", "high", "critical")
STATUSES = ("open", "closed")


class SafetyObservation(Base):
    __tablename__ = "safety_observations"
    __table_args__ = (
        Index("ix_safety_observations_observed", "observed_at", "area_id", "kind"),
        Index("ix_safety_observations_area_kind", "area_id", "kind", "observed_at"),
        {
            "comment": "Safety (EHS) observations: near misses (未遂事件), unsafe acts, unsafe "
            "conditions (安全隐患) and injuries (受伤) reported from the shop floor"
        },
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(
        ForeignKey("areas.id"), comment="Area where it was observed (a line, office, warehouse, tool room)"
    )
    line_id: Mapped[int | None] = mapped_column(
        ForeignKey("lines.id"), comment="Production line where it was observed, if it was on a line"
    )
    station_id: Mapped[int | None] = mapped_column(
        ForeignKey("stations.id"), comment="Station or machine where it was observed, if named"
    )
    kind: Mapped[str] = mapped_column(
        String(20),
        comment="Kind of observation: near_miss (near miss, 未遂事件), unsafe_act (unsafe act, "
        "不安全行为), unsafe_condition (unsafe condition, 不安全状态) or injury (受伤)",
    )
    severity: Mapped[str] = mapped_column(
        String(10), comment="Severity of the observation: low, medium, high or critical"
    )
    description: Mapped[str] = mapped_column(Text, comment="What happened or was seen, as reported")
    observed_at: Mapped[datetime] = mapped_column(DateTime, comment="When the observation was reported (UTC)")
    anonymous: Mapped[bool] = mapped_column(
        Boolean, default=False, comment="Whether the observation was reported anonymously"
    )
    reporter: Mapped[str | None] = mapped_column(
        String(100), comment="Who reported it; empty for anonymous reports (never queryable)"
    )
    status: Mapped[str] = mapped_column(String(10), default="open", comment="open or closed")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When it was closed (UTC)")
    closed_by: Mapped[str | None] = mapped_column(String(100), comment="Who closed it")
    close_note: Mapped[str | None] = mapped_column(Text, comment="What was done about it")
    escalation_level: Mapped[int] = mapped_column(
        Integer, default=0, comment="0 = not escalated, 1 = EHS manager (high), 2 = plant manager (critical)"
    )
    andon_id: Mapped[int | None] = mapped_column(
        ForeignKey("andon_calls.id"), comment="Andon call this observation is linked to, if any"
    )
    language: Mapped[str] = mapped_column(String(5), default="en", comment="Language of the report")

    area: Mapped[Area] = relationship()
    line: Mapped[Line | None] = relationship()
    station: Mapped[Station | None] = relationship()
    andon: Mapped[AndonCall | None] = relationship()


def safety_ref(observation_id: int) -> str:
    """How a safety observation is named in chat.

    >>> safety_ref(12)
    'S12'
    """
    return f"S{observation_id}"
