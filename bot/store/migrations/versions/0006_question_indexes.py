"""Indexes for data questions: a period of every line's rows, one line's rows over a period

Data questions filter by a time window and often by one line. The store's andon calls and
problems get an index on their time column and one on (line, time); the sample plant's
tables, when this database holds them (`gemba demo-data` writes them beside the store),
get (line, time). The time indexes of andon calls, production, downtime and defects also
hold the columns questions count and sum by, so a period of every line is read from an
index alone (production's (line, time) index too).

Revision ID: 0006
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from bot.store.db import analyze

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

FIGURES = ["shift_id", "planned_qty", "output_qty", "scrap_qty"]
STORE_INDEXES = (
    (
        "andon_calls",
        "ix_andon_calls_raised",
        [
            "raised_at",
            "line_id",
            "station_id",
            "category",
            "severity",
            "status",
            "acknowledged_at",
            "resolved_at",
        ],
    ),
    ("andon_calls", "ix_andon_calls_line_raised", ["line_id", "raised_at"]),
    ("problems", "ix_problems_opened", ["opened_at"]),
    ("problems", "ix_problems_line_opened", ["line_id", "opened_at"]),
)

PLANT_INDEXES = (
    ("production", "ix_production_line_hour", ["line_id", "hour_start", *FIGURES]),
    ("production", "ix_production_hour_figures", ["hour_start", "line_id", *FIGURES]),
    ("downtime_events", "ix_downtime_events_line_started", ["line_id", "started_at"]),
    ("defects", "ix_defects_line_found", ["line_id", "found_at"]),
    (
        "downtime_events",
        "ix_downtime_events_started_figures",
        ["started_at", "line_id", "station_id", "shift_id", "category", "reason", "duration_min"],
    ),
    (
        "defects",
        "ix_defects_found_figures",
        ["found_at", "line_id", "station_id", "shift_id", "defect_type", "disposition", "qty"],
    ),
)


def _existing(table: str) -> set[str] | None:
    """Names of `table`'s indexes, or None when the database has no such table."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table(table):
        return None
    return {str(index["name"]) for index in inspector.get_indexes(table)}


def upgrade() -> None:
    indexed = {table for table, _name, _columns in STORE_INDEXES}
    for table, name, columns in STORE_INDEXES:
        op.create_index(name, table, columns)
    for table, name, columns in PLANT_INDEXES:
        existing = _existing(table)
        if existing is not None and name not in existing:  # a plant generated with them has them
            op.create_index(name, table, columns)
            indexed.add(table)
    # Without statistics a planner may still read a whole period for one line.
    analyze(op.get_bind(), sorted(indexed | {"lines"}))


def downgrade() -> None:
    # The plant's indexes stay: its tables are not the store's, and a plant generated since
    # has them from its own schema (MariaDB's foreign keys on line_id lean on them).
    for table, name, _columns in reversed(STORE_INDEXES):
        op.drop_index(name, table_name=table)
