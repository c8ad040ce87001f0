"""Tables of the sample plant's operations data (what a plant's MES would hold).

Their timestamps are plant-local wall-clock times, as most MES keep them. Lines and
stations live in Gemba's own store (`bot.store.models`) and are shared with it.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text

from bot.store import sqlite_comments  # noqa: F401  (comments in SQLite DDL)
from bot.store.models import Line, Station

# Separate from the store's metadata: these tables are the plant's, not migrated by Gemba.
metadata = MetaData()
LINE_ID = Line.__table__.c.id
STATION_ID = Station.__table__.c.id

shifts = Table(
    "shifts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(8), nullable=False, unique=True, comment="Shift code: A, B or C"),
    Column("name", String(40), nullable=False, comment="Shift name: Day, Swing or Night"),
    Column("name_zh", String(40), nullable=False, comment="Chinese shift name: 早班, 中班, 夜班"),
    Column("start_time", String(5), nullable=False, comment="Start, plant time HH:MM"),
    Column("end_time", String(5), nullable=False, comment="End, plant time HH:MM"),
    comment="Shifts of the plant's day",
)

work_orders = Table(
    "work_orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), nullable=False, unique=True, comment="Work order number, e.g. WO-261103-L3-1"),
    Column("line_id", ForeignKey(LINE_ID), nullable=False, index=True, comment="Line that runs it"),
    Column("product", String(60), nullable=False, comment="Part or product made"),
    Column("planned_qty", Integer, nullable=False, comment="Quantity ordered, pieces"),
    Column("due_date", Date, nullable=False, comment="Due date"),
    Column("status", String(20), nullable=False, comment="planned, in_progress or completed"),
    comment="Work orders (production orders) per line",
)

_FIGURES = ("shift_id", "planned_qty", "output_qty", "scrap_qty")
production = Table(
    "production",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("line_id", ForeignKey(LINE_ID), nullable=False, comment="Line"),
    Column("work_order_id", ForeignKey("work_orders.id"), nullable=False, comment="Work order produced"),
    Column("shift_id", ForeignKey("shifts.id"), nullable=False, comment="Shift"),
    Column("hour_start", DateTime, nullable=False, comment="Start of the hour, plant time"),
    Column("planned_qty", Integer, nullable=False, comment="Planned output in the hour, pieces"),
    Column("output_qty", Integer, nullable=False, comment="Actual output in the hour, pieces"),
    Column("scrap_qty", Integer, nullable=False, comment="Pieces scrapped in the hour"),
    # A period's hours summed from an index alone: of one line (or line by line), and of
    # every line in time order.
    Index("ix_production_line_hour", "line_id", "hour_start", *_FIGURES),
    Index("ix_production_hour_figures", "hour_start", "line_id", *_FIGURES),
    comment="Hourly production output against plan, per line",
)

downtime_events = Table(
    "downtime_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("line_id", ForeignKey(LINE_ID), nullable=False, comment="Line"),
    Column("station_id", ForeignKey(STATION_ID), nullable=False, comment="Machine or station that stopped"),
    Column("shift_id", ForeignKey("shifts.id"), nullable=False, comment="Shift when it started"),
    Column("started_at", DateTime, nullable=False, comment="Stop began, plant time"),
    Column("ended_at", DateTime, nullable=False, comment="Stop ended, plant time"),
    Column("duration_min", Integer, nullable=False, comment="Length of the stop, minutes"),
    Column("reason", String(60), nullable=False, comment="Downtime reason, e.g. material shortage"),
    Column("category", String(20), nullable=False, comment="planned or unplanned"),
    Column("note", Text, nullable=True, comment="Operator's note"),
    Index("ix_downtime_events_line_started", "line_id", "started_at"),
    # A period's stops counted and summed by reason, line, machine or shift from the index alone.
    Index(
        "ix_downtime_events_started_figures",
        *("started_at", "line_id", "station_id", "shift_id", "category", "reason", "duration_min"),
    ),
    comment="Machine downtime (stoppages) with reasons",
)

defects = Table(
    "defects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("line_id", ForeignKey(LINE_ID), nullable=False, comment="Line"),
    Column("station_id", ForeignKey(STATION_ID), nullable=False, comment="Station where found"),
    Column("shift_id", ForeignKey("shifts.id"), nullable=False, comment="Shift when found"),
    Column("found_at", DateTime, nullable=False, comment="When found, plant time"),
    Column("defect_type", String(60), nullable=False, comment="Defect type, e.g. scratch, porosity"),
    Column("qty", Integer, nullable=False, comment="Number of defective pieces"),
    Column("disposition", String(20), nullable=False, comment="scrap or rework"),
    Index("ix_defects_line_found", "line_id", "found_at"),
    # A period's defects counted and summed by type, line, station or shift from the index alone.
    Index(
        "ix_defects_found_figures",
        *("found_at", "line_id", "station_id", "shift_id", "defect_type", "disposition", "qty"),
    ),
    comment="Quality defects (rejects) found by inspection",
)

# The hourly production summed per plant day, line and shift, as many MES keep it beside the
# hourly table: a question over whole days reads it instead of the hours (`nl2sql.roll_up`).
production_daily = Table(
    "production_daily",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False, comment="Plant day"),
    Column("line_id", ForeignKey(LINE_ID), nullable=False, comment="Line"),
    Column("shift_id", ForeignKey("shifts.id"), nullable=False, comment="Shift"),
    Column("planned_qty", Integer, nullable=False, comment="Planned output in the day, pieces"),
    Column("output_qty", Integer, nullable=False, comment="Actual output in the day, pieces"),
    Column("scrap_qty", Integer, nullable=False, comment="Pieces scrapped in the day"),
    Index("ix_production_daily_line_day", "line_id", "day", *_FIGURES),
    Index("ix_production_daily_day_figures", "day", "line_id", *_FIGURES),
    comment="Production per plant day, line and shift: the hourly production summed",
)

#: How `production_daily` sums `production` (a rollup spec, see `nl2sql.semantic.add_rollups`).
PLANT_ROLLUPS = (
    {
        "table": production_daily.name,
        "of": production.name,
        "day": "day",
        "day_of": "hour_start",
        "keys": ["line_id", "shift_id"],
        "sums": ["planned_qty", "output_qty", "scrap_qty"],
    },
)

PLANT_TABLES = (shifts, work_orders, production, production_daily, downtime_events, defects)
