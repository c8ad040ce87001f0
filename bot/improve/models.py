"""Tables of improvement projects (PDCA / A3, 精益项目改善): the project and its stage, its
5 Whys, its countermeasures and the figures Gemba measured for it.

A project moves plan → do → check → act → closed; each step is gated (see `bot.improve.gates`).
Times are naive UTC; periods of a figure are plant-calendar dates.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.store.models import Base, Line, Problem

STAGES = ("plan", "do", "check", "act", "closed")
SOURCES = ("scratch", "problem", "andon")
MEASUREMENT_KINDS = ("baseline", "check")


class Project(Base):
    __tablename__ = "improvement_projects"
    __table_args__ = (
        Index("ix_improvement_projects_stage", "stage", "opened_at"),
        {"comment": "Improvement projects (PDCA / A3 kaizen, 精益项目改善) and their PDCA stage"},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Project number, shown as J<id>")
    title: Mapped[str] = mapped_column(String(200), comment="Project title, what is to be improved")
    stage: Mapped[str] = mapped_column(
        String(10),
        default="plan",
        comment="Current PDCA stage of the improvement project: plan, do, check, act, or closed",
    )
    source: Mapped[str] = mapped_column(
        String(10),
        default="scratch",
        comment="Where the project came from: scratch, problem (from a problem report) or andon",
    )
    problem_id: Mapped[int | None] = mapped_column(
        ForeignKey("problems.id"), comment="Problem report the project was opened from"
    )
    line_id: Mapped[int | None] = mapped_column(
        ForeignKey("lines.id"), index=True, comment="Line the project improves and whose figure it measures"
    )
    problem_statement: Mapped[str | None] = mapped_column(Text, comment="Problem statement (Plan)")
    metric: Mapped[str | None] = mapped_column(
        String(30),
        comment="Figure measured: andon_calls, downtime_minutes, scrap_pieces or output_attainment",
    )
    metric_filter: Mapped[str | None] = mapped_column(
        String(100), comment="Andon category or downtime reason the figure counts (none: all)"
    )
    target_value: Mapped[float | None] = mapped_column(Float, comment="Target value of the figure")
    playbook_link: Mapped[str | None] = mapped_column(
        String(300), comment="Playbook section the result was standardised in (Act)"
    )
    playbook_draft: Mapped[str | None] = mapped_column(
        Text, comment="New standard drafted as Markdown in the project (Act)"
    )
    leader: Mapped[str] = mapped_column(String(100), comment="Who leads the project")
    opened_at: Mapped[datetime] = mapped_column(DateTime, comment="When the project was opened (UTC)")
    stage_changed_at: Mapped[datetime] = mapped_column(
        DateTime, comment="When the project entered its current stage (UTC)"
    )
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When the project was closed (UTC)")
    platform: Mapped[str] = mapped_column(String(20), default="console", comment="Chat platform")
    workspace: Mapped[str] = mapped_column(String(100), default="", comment="Workspace or org")
    channel: Mapped[str] = mapped_column(String(100), default="", comment="Channel it was opened in")
    thread: Mapped[str | None] = mapped_column(String(100), comment="Thread it was opened in")
    language: Mapped[str] = mapped_column(String(5), default="en", comment="Language of the project's team")

    line: Mapped[Line | None] = relationship()
    problem: Mapped[Problem | None] = relationship()
    whys: Mapped[list[Why]] = relationship(order_by="Why.position", back_populates="project")
    actions: Mapped[list[Action]] = relationship(order_by="Action.position", back_populates="project")
    measurements: Mapped[list[Measurement]] = relationship(
        order_by="Measurement.id", back_populates="project"
    )


class Why(Base):
    __tablename__ = "improvement_whys"
    __table_args__ = (
        UniqueConstraint("project_id", "position"),
        {"comment": "5 Whys of improvement projects: each answer to 'why?', the last one the root cause"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("improvement_projects.id"), comment="Improvement project the why belongs to"
    )
    position: Mapped[int] = mapped_column(Integer, comment="Which why: 1 to 5")
    answer: Mapped[str] = mapped_column(Text, comment="The answer to this why")
    added_by: Mapped[str] = mapped_column(String(100), comment="Who answered")
    added_at: Mapped[datetime] = mapped_column(DateTime, comment="When it was answered (UTC)")

    project: Mapped[Project] = relationship(back_populates="whys")


class Action(Base):
    __tablename__ = "improvement_actions"
    __table_args__ = (
        UniqueConstraint("project_id", "position"),
        Index("ix_improvement_actions_status_due", "status", "due_date"),
        {"comment": "Countermeasures (actions) of improvement projects, with owner and due date"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("improvement_projects.id"), comment="Improvement project the countermeasure belongs to"
    )
    position: Mapped[int] = mapped_column(
        Integer, comment="Which countermeasure of its project it is: 1 for the first"
    )
    text: Mapped[str] = mapped_column(Text, comment="What is to be done")
    owner: Mapped[str] = mapped_column(String(100), comment="Who owns the countermeasure")
    due_date: Mapped[date] = mapped_column(Date, comment="Due date of the countermeasure (plant calendar)")
    status: Mapped[str] = mapped_column(String(10), default="open", comment="open or done")
    done_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When it was done (UTC)")
    done_by: Mapped[str | None] = mapped_column(String(100), comment="Who marked it done")
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime, comment="Last overdue reminder (UTC)")
    added_by: Mapped[str] = mapped_column(String(100), comment="Who added it")
    added_at: Mapped[datetime] = mapped_column(DateTime, comment="When it was added (UTC)")

    project: Mapped[Project] = relationship(back_populates="actions")


class Measurement(Base):
    __tablename__ = "improvement_measurements"
    __table_args__ = {
        "comment": "Figures Gemba measured for improvement projects: baseline (before) and check (after)"
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("improvement_projects.id"), index=True, comment="Improvement project measured"
    )
    kind: Mapped[str] = mapped_column(
        String(10), comment="baseline (before, in Plan) or check (after the countermeasures)"
    )
    metric: Mapped[str] = mapped_column(String(30), comment="Figure measured, as in the project")
    line_id: Mapped[int | None] = mapped_column(ForeignKey("lines.id"), comment="Line measured")
    metric_filter: Mapped[str | None] = mapped_column(
        String(100), comment="Andon category or downtime reason counted (none: all)"
    )
    period_start: Mapped[date] = mapped_column(Date, comment="First day measured (plant calendar)")
    period_end: Mapped[date] = mapped_column(Date, comment="Last day measured (plant calendar)")
    total: Mapped[float] = mapped_column(Float, comment="Total over the period (calls, minutes, pieces, %)")
    value: Mapped[float] = mapped_column(
        Float, comment="The figure: per week for counts and minutes, percent for output vs plan"
    )
    measured_at: Mapped[datetime] = mapped_column(DateTime, comment="When Gemba measured it (UTC)")
    measured_by: Mapped[str] = mapped_column(String(100), comment="Who asked for the measurement")

    project: Mapped[Project] = relationship(back_populates="measurements")
