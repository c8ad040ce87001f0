"""Tables of Gemba's own store: locations, andon calls, problems, the audit trail,
processed deliveries, the outbox and conversation context.

All timestamps are naive UTC. MTTA and MTTR are never stored: they are derived from the
state-change timestamps (see `bot.metrics`).
"""

from __future__ import annotations

import importlib
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.store import sqlite_comments  # noqa: F401  (comments in SQLite DDL)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ANDON_CATEGORIES = ("material", "quality", "equipment", "safety", "process", "other")
PROBLEM_CATEGORIES = ("quality", "safety", "5s", "equipment", "material", "process")
SEVERITIES = ("low", "normal", "high")
PRIORITIES = ("low", "medium", "high", "critical")
AREA_KINDS = ("assembly_line", "office", "warehouse", "tool_room")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Line(Base):
    __tablename__ = "lines"
    __table_args__ = {"comment": "Production lines of the plant"}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, comment="Short line code, e.g. L3")
    name: Mapped[str] = mapped_column(String(100), comment="Line name, e.g. Line 3")
    name_zh: Mapped[str | None] = mapped_column(String(100), comment="Chinese line name, e.g. 3号线")
    area: Mapped[str] = mapped_column(String(100), default="", comment="Area or hall of the plant")
    plant: Mapped[str] = mapped_column(String(100), default="", comment="Plant name")

    stations: Mapped[list[Station]] = relationship(back_populates="line", order_by="Station.code")


class Station(Base):
    __tablename__ = "stations"
    __table_args__ = {"comment": "Stations (machines and work cells) on each line"}

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"), index=True, comment="Line of the station")
    code: Mapped[str] = mapped_column(String(32), unique=True, comment="Station or machine code, e.g. PR-07")
    name: Mapped[str] = mapped_column(String(100), comment="Station or machine name, e.g. Press 7")
    name_zh: Mapped[str | None] = mapped_column(String(100), comment="Chinese station name")
    kind: Mapped[str] = mapped_column(String(50), default="", comment="Machine type, e.g. press, welder")

    line: Mapped[Line] = relationship(back_populates="stations")


# What data questions read of a period's andon calls (counts by line, machine, category,
# severity or status; response and repair times), held by the time index itself.
_ANDON_FIGURES = (
    "raised_at",
    "line_id",
    "station_id",
    "category",
    "severity",
    "status",
    "acknowledged_at",
    "resolved_at",
)


class AndonCall(Base):
    __tablename__ = "andon_calls"
    __table_args__ = (
        Index("ix_andon_calls_status_raised", "status", "raised_at"),
        # Data questions: a period of every line's calls, and one line's calls over a period.
        Index("ix_andon_calls_raised", *_ANDON_FIGURES),
        Index("ix_andon_calls_line_raised", "line_id", "raised_at"),
        {"comment": "Andon calls raised from the shop floor and their lifecycle"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"), index=True, comment="Line that called")
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), comment="Station that called")
    category: Mapped[str] = mapped_column(
        String(20), comment="Reason category: material, quality, equipment, safety, process, other"
    )
    reason: Mapped[str] = mapped_column(Text, default="", comment="Free-text reason given by the caller")
    severity: Mapped[str] = mapped_column(String(10), default="normal", comment="low, normal or high")
    status: Mapped[str] = mapped_column(
        String(20), default="raised", comment="raised, acknowledged, resolved or cancelled"
    )
    raised_at: Mapped[datetime] = mapped_column(DateTime, comment="When the call was raised (UTC)")
    raised_by: Mapped[str] = mapped_column(String(100), comment="Who raised the call")
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When acknowledged (UTC)")
    acknowledged_by: Mapped[str | None] = mapped_column(String(100), comment="Who acknowledged")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When resolved (UTC)")
    resolved_by: Mapped[str | None] = mapped_column(String(100), comment="Who resolved")
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When cancelled (UTC)")
    cancelled_by: Mapped[str | None] = mapped_column(String(100), comment="Who cancelled")
    escalation_level: Mapped[int] = mapped_column(Integer, default=0, comment="0 = not escalated")
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime, comment="Last escalation (UTC)")
    resolution_note: Mapped[str | None] = mapped_column(Text, comment="How it was resolved")
    platform: Mapped[str] = mapped_column(String(20), default="console", comment="Chat platform")
    workspace: Mapped[str] = mapped_column(String(100), default="", comment="Workspace or org")
    channel: Mapped[str] = mapped_column(String(100), default="", comment="Channel it was raised in")
    thread: Mapped[str | None] = mapped_column(String(100), comment="Thread it was raised in")
    message_ref: Mapped[str | None] = mapped_column(String(200), comment="Platform id of the call's card")
    language: Mapped[str] = mapped_column(String(5), default="en", comment="Language of the caller")

    line: Mapped[Line] = relationship()
    station: Mapped[Station | None] = relationship()


class Problem(Base):
    __tablename__ = "problems"
    __table_args__ = (
        Index("ix_problems_status_opened", "status", "opened_at"),
        # Data questions: a period of every line's problems, and one line's over a period.
        Index("ix_problems_opened", "opened_at"),
        Index("ix_problems_line_opened", "line_id", "opened_at"),
        {"comment": "Problem reports and their lifecycle"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), comment="Short title")
    description: Mapped[str] = mapped_column(Text, default="", comment="Details")
    category: Mapped[str] = mapped_column(
        String(20), comment="quality, safety, 5s, equipment, material or process"
    )
    line_id: Mapped[int | None] = mapped_column(ForeignKey("lines.id"), index=True, comment="Line concerned")
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), comment="Station concerned")
    reporter: Mapped[str] = mapped_column(String(100), comment="Who reported it")
    assignee: Mapped[str | None] = mapped_column(String(100), comment="Owner")
    priority: Mapped[str] = mapped_column(String(10), default="medium", comment="low, medium, high, critical")
    due_date: Mapped[date | None] = mapped_column(Date, comment="Due date (plant calendar)")
    status: Mapped[str] = mapped_column(
        String(20), default="open", comment="open, in_progress, resolved, closed or rejected"
    )
    root_cause: Mapped[str | None] = mapped_column(Text, comment="Root cause found")
    countermeasure: Mapped[str | None] = mapped_column(Text, comment="Countermeasure taken")
    opened_at: Mapped[datetime] = mapped_column(DateTime, comment="When reported (UTC)")
    started_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When work started (UTC)")
    started_by: Mapped[str | None] = mapped_column(String(100), comment="Who started work")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When resolved (UTC)")
    resolved_by: Mapped[str | None] = mapped_column(String(100), comment="Who resolved")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When closed (UTC)")
    closed_by: Mapped[str | None] = mapped_column(String(100), comment="Who closed")
    rejected_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When rejected (UTC)")
    rejected_by: Mapped[str | None] = mapped_column(String(100), comment="Who rejected")
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime, comment="Last overdue reminder (UTC)")
    snoozed_until: Mapped[datetime | None] = mapped_column(DateTime, comment="No reminders before (UTC)")
    platform: Mapped[str] = mapped_column(String(20), default="console", comment="Chat platform")
    workspace: Mapped[str] = mapped_column(String(100), default="", comment="Workspace or org")
    channel: Mapped[str] = mapped_column(String(100), default="", comment="Channel it was reported in")
    thread: Mapped[str | None] = mapped_column(String(100), comment="Thread it was reported in")
    message_ref: Mapped[str | None] = mapped_column(String(200), comment="Platform id of the problem's card")
    language: Mapped[str] = mapped_column(String(5), default="en", comment="Language of the reporter")

    line: Mapped[Line | None] = relationship()
    station: Mapped[Station | None] = relationship()


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_record", "record_kind", "record_id"),
        {"comment": "Audit trail: every state change with actor and time"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, comment="When it happened (UTC)")
    actor: Mapped[str] = mapped_column(String(100), comment="Who did it (user or 'gemba')")
    record_kind: Mapped[str] = mapped_column(String(20), comment="andon or problem")
    record_id: Mapped[int] = mapped_column(Integer, comment="Id of the andon call or problem")
    action: Mapped[str] = mapped_column(String(30), comment="raise, acknowledge, resolve, escalate, ...")
    from_status: Mapped[str | None] = mapped_column(String(20), comment="Status before")
    to_status: Mapped[str | None] = mapped_column(String(20), comment="Status after")
    detail: Mapped[str | None] = mapped_column(Text, comment="Note, assignee or escalation target")


class ProcessedDelivery(Base):
    """Platform delivery ids already handled, so a retried delivery is processed once."""

    __tablename__ = "processed_deliveries"
    __table_args__ = {"comment": "Internal: platform deliveries already processed"}

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    delivery_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class InboxEvent(Base):
    """An inbound event accepted from a platform: written before the platform gets its
    acknowledgement, then processed once by `bot.inbox` (in order within its lane).

    Status: pending → working (claimed by `owner`; `next_attempt_at` holds the end of the
    lease) → done, or dead after too many failed attempts.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("platform", "event_key"),
        Index("ix_inbox_due", "status", "next_attempt_at"),
        Index("ix_inbox_lane", "lane", "id"),
        {"comment": "Internal: inbound events accepted from the platforms, processed once"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20), comment="Chat platform the event came from")
    event_key: Mapped[str] = mapped_column(String(200), comment="The platform's id of the event")
    kind: Mapped[str] = mapped_column(String(30), comment="What the adapter does with it")
    lane: Mapped[str] = mapped_column(String(200), comment="Events of one lane are processed in order")
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(
        String(20), default="pending", comment="pending, working, done or dead"
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    owner: Mapped[str | None] = mapped_column(String(64), comment="Claim that is processing it")
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class OutboxMessage(Base):
    """A message to send, written in the same transaction as the change that caused it.

    Status: pending → sending (claimed; `next_attempt_at` holds the end of the lease) → sent,
    or dead after too many failed attempts.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        {"comment": "Internal: messages waiting to be delivered"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(100), default="")
    channel: Mapped[str] = mapped_column(String(100))
    thread: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), comment="post, card, card_update or note")
    record_kind: Mapped[str | None] = mapped_column(String(20))
    record_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(
        String(20), default="pending", comment="pending, sending, sent or dead"
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    platform_message_id: Mapped[str | None] = mapped_column(String(200))


class Conversation(Base):
    """What a thread is about, so follow-ups ("and line 2?") keep their context."""

    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("platform", "workspace", "channel", "thread"),
        {"comment": "Internal: context of chat threads"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(100), default="")
    channel: Mapped[str] = mapped_column(String(100))
    thread: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[dict[str, object]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Feedback(Base):
    """👍/👎 on data answers; 👍 marks the question → SQL pair as verified."""

    __tablename__ = "feedback"
    __table_args__ = {"comment": "Internal: feedback on data answers"}

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(100))
    question: Mapped[str] = mapped_column(Text)
    sql: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(10), comment="up or down")
    verified: Mapped[bool] = mapped_column(default=False)


class JobRun(Base):
    """One claimed run of a scheduled job."""

    __tablename__ = "job_runs"
    __table_args__ = (
        UniqueConstraint("job", "scheduled_for"),
        {"comment": "Internal: scheduled job runs, claimed once per job and fire time"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(100), comment="Job name, e.g. digest")
    scheduled_for: Mapped[datetime] = mapped_column(DateTime, comment="Fire time the run is for (UTC)")
    status: Mapped[str] = mapped_column(String(20), comment="running, done or failed")
    owner: Mapped[str] = mapped_column(String(100), comment="Process that claimed the run")
    started_at: Mapped[datetime] = mapped_column(DateTime, comment="When the run was claimed (UTC)")
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, comment="When it ended (UTC)")
    result: Mapped[str | None] = mapped_column(Text, comment="Summary or error of the run")


class WebChatEntry(Base):
    """One exchange of the web chat: the question and Gemba's reply, kept per person so the
    page shows the conversation so far and a re-sent message gets the same answer."""

    __tablename__ = "web_chat"
    __table_args__ = (
        UniqueConstraint("user_key", "delivery_id"),
        Index("ix_web_chat_user", "user_key", "id"),
        {"comment": "Internal: web chat conversations"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_key: Mapped[str] = mapped_column(String(230), comment="platform:id of the person")
    delivery_id: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    reply: Mapped[dict[str, object]] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime)


class Area(Base):
    """A place the lean routines look after: a line's floor, an office, a warehouse, a tool room."""

    __tablename__ = "areas"
    __table_args__ = {"comment": "Areas of the plant that routines (5S audits, safety walks) cover"}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, comment="Short area code, e.g. L3, TOOL")
    name: Mapped[str] = mapped_column(String(100), comment="Area name, e.g. Line 3, Tool room")
    name_zh: Mapped[str | None] = mapped_column(String(100), comment="Chinese area name, e.g. 3号线, 工具间")
    kind: Mapped[str] = mapped_column(
        String(20), comment="Kind of area: assembly_line, office, warehouse or tool_room"
    )
    line_id: Mapped[int | None] = mapped_column(
        ForeignKey("lines.id"), comment="The production line this area is, if it is one"
    )
    owner: Mapped[str | None] = mapped_column(String(100), comment="Who answers for the area")
    ehs_owner: Mapped[str | None] = mapped_column(String(100), comment="Safety (EHS) owner of the area")
    channel: Mapped[str | None] = mapped_column(
        String(200), comment="Where the area's team talks, platform:channel"
    )

    line: Mapped[Line | None] = relationship()


class StoredFile(Base):
    """A photo or file someone sent with a routine's record: the platform's reference, maybe a copy."""

    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_record", "record_kind", "record_id"),
        {"comment": "Photos and files sent with records (audits, safety reports, problems)"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_kind: Mapped[str] = mapped_column(String(20), comment="Kind of record it belongs to")
    record_id: Mapped[int] = mapped_column(Integer, comment="Id of the record it belongs to")
    platform: Mapped[str] = mapped_column(String(20), comment="Chat platform that holds the file")
    file_id: Mapped[str] = mapped_column(String(500), comment="The platform's id of the file")
    name: Mapped[str] = mapped_column(String(200), default="", comment="File name as sent")
    mime: Mapped[str] = mapped_column(String(100), default="", comment="Media type, e.g. image/jpeg")
    local_path: Mapped[str | None] = mapped_column(String(500), comment="Where a local copy was saved")
    added_by: Mapped[str | None] = mapped_column(
        String(200), comment="Who sent it (empty for anonymous reports)"
    )
    added_at: Mapped[datetime] = mapped_column(DateTime, comment="When it was received, UTC")


INTERNAL_TABLES = (
    "processed_deliveries",
    "inbox",
    "outbox",
    "conversations",
    "feedback",
    "alembic_version",
    "slack_installations",
    "slack_bots",
    "slack_oauth_states",
    "job_runs",
    "web_sessions",
    "web_login_tokens",
    "board_links",
    "web_accounts",
    "web_secrets",
    "web_chat",
)


def every_table() -> MetaData:
    """The metadata of every table of the store: these models and each routine's own
    (`bot/<routine>/models.py`), which the routine's commands import only when they run.

    For what needs the whole schema: the docs' table of the store, clearing the sample plant,
    the migrations' checks.
    """
    for path in sorted(Path(__file__).parents[1].glob("*/models.py")):
        importlib.import_module(f"bot.{path.parent.name}.models")
    return Base.metadata
