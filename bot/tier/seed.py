"""Three weeks of the sample plant's tier meetings: one a working day (Mon–Sat, 07:45) per
line, with the figures the board would have shown, the team's ✅ and the items raised."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, func, insert, or_, select

from bot.sample_plant.schema import downtime_events, production
from bot.store.models import AndonCall, Problem
from bot.tier.models import TierAttendance, TierConcern, TierMeeting
from bot.tier.topics import load_topics, topic_of

if TYPE_CHECKING:
    from bot.sample_plant.routines import SeedPlant

WEEKS = 3
MEETING_TIME = time(7, 45)
# Items teams raise at the board, English and Chinese (the meeting's language alternates by line).
ITEMS = (
    ("Gloves size L out of stock at the line store", "线边库 L 号手套缺货"),
    ("Torque tool calibration due this week", "扭力扳手本周需要校准"),
    ("New operator needs standard work training", "新员工需要标准作业培训"),
    ("Scrap bin full before end of shift", "下班前废料箱已满"),
    ("Forklift horn not working", "叉车喇叭不响"),
    ("Label printer jams at end of line", "线尾标签打印机卡纸"),
    ("Changeover took 40 min, standard is 25", "换型用了 40 分钟，标准是 25 分钟"),
    ("Air leak at station 3", "3 号工位漏气"),
)


def seed_tier(connection: Connection, plant: SeedPlant) -> dict[Table, int]:
    """Insert the meetings, acknowledgements and items; rows per table."""
    meetings: list[dict[str, Any]] = []
    acks: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    topics = load_topics()
    rng = plant.rng
    first = plant.end - timedelta(days=7 * WEEKS)
    for offset in range((plant.end - first).days):
        day = first + timedelta(days=offset)
        if day.weekday() == 6:  # no meeting on Sundays
            continue
        for line in plant.lines:
            held = plant.utc(datetime.combine(day, MEETING_TIME))
            meeting = {
                "id": len(meetings) + 1,
                "line_id": line["id"],
                "meeting_date": day,
                "held_at": held,
                "scheduled_for": held,
                "kind": "scheduled",
                "called_by": "gemba",
                "figures_date": day - timedelta(days=1),
                **_figures(connection, plant, line["id"], day - timedelta(days=1)),
                **_open(connection, line["id"], held, day),
                "safety_topic": topic_of(day, topics).en,
                "safety_topic_zh": topic_of(day, topics).zh,
            }
            team = [name for name in plant.people if rng.random() < 0.3][:8]
            present = [] if rng.random() < 0.07 else team
            for n, person in enumerate(present):
                acks.append(
                    {
                        "meeting_id": meeting["id"],
                        "person": person,
                        "user_key": f"seed:{person}",
                        "acknowledged_at": held + timedelta(minutes=1 + n + rng.randint(0, 4)),
                    }
                )
            raised = rng.choices((0, 1, 2), weights=(55, 33, 12))[0]
            for n in range(raised):
                english, chinese = rng.choice(ITEMS)
                items.append(
                    {
                        "meeting_id": meeting["id"],
                        "line_id": line["id"],
                        "text": chinese if line["id"] % 2 == 0 else english,
                        "raised_by": rng.choice(present or team or plant.people),
                        "raised_at": held + timedelta(minutes=3 + 2 * n + rng.randint(0, 5)),
                        "problem_id": None,
                    }
                )
            meeting["ack_count"], meeting["concern_count"] = len(present), raised
            meetings.append(meeting)
    counts = {}
    for model, rows in ((TierMeeting, meetings), (TierAttendance, acks), (TierConcern, items)):
        table = model.__table__
        assert isinstance(table, Table)
        if rows:
            connection.execute(insert(table), rows)
        counts[table] = len(rows)
    return counts


def _figures(connection: Connection, plant: SeedPlant, line_id: int, day: Any) -> dict[str, Any]:
    """The line's output, plan, scrap and downtime of the plant day `day` (plant-local tables)
    and its andon calls (UTC)."""
    start = datetime.combine(day, time())
    end = start + timedelta(days=1)
    p = production.c
    planned, output, scrap = connection.execute(
        select(func.sum(p.planned_qty), func.sum(p.output_qty), func.sum(p.scrap_qty)).where(
            p.line_id == line_id, p.hour_start >= start, p.hour_start < end
        )
    ).one()
    d = downtime_events.c
    downtime = connection.scalar(
        select(func.sum(d.duration_min)).where(
            d.line_id == line_id, d.started_at >= start, d.started_at < end
        )
    )
    utc_start, utc_end = plant.utc(start), plant.utc(end)
    calls = connection.scalar(
        select(func.count()).where(
            AndonCall.line_id == line_id,
            AndonCall.raised_at >= utc_start,
            AndonCall.raised_at < utc_end,
            AndonCall.status != "cancelled",
        )
    )
    return {
        "planned_qty": int(planned or 0),
        "output_qty": int(output or 0),
        "scrap_qty": int(scrap or 0),
        "downtime_min": int(downtime or 0),
        "andon_calls": int(calls or 0),
    }


def _open(connection: Connection, line_id: int, at: datetime, day: Any) -> dict[str, int]:
    """What was open on the line at `at`: calls, problems, and problems past due."""
    calls = connection.scalar(
        select(func.count()).where(
            AndonCall.line_id == line_id,
            AndonCall.raised_at < at,
            or_(AndonCall.resolved_at.is_(None), AndonCall.resolved_at > at),
            or_(AndonCall.cancelled_at.is_(None), AndonCall.cancelled_at > at),
        )
    )
    still_open = (
        Problem.line_id == line_id,
        Problem.opened_at < at,
        or_(Problem.resolved_at.is_(None), Problem.resolved_at > at),
        or_(Problem.closed_at.is_(None), Problem.closed_at > at),
        or_(Problem.rejected_at.is_(None), Problem.rejected_at > at),
    )
    problems = connection.scalar(select(func.count()).where(*still_open))
    overdue = connection.scalar(select(func.count()).where(*still_open, Problem.due_date < day))
    return {
        "open_andon_calls": int(calls or 0),
        "open_problems": int(problems or 0),
        "overdue_problems": int(overdue or 0),
    }


__all__ = ["seed_tier"]
