"""Lengths of time said in days and weeks bound the column that keeps a length, converted;
never a column of labour booked, which says nothing of how long a row lasted."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import answered_outright, understood_rows

SCHEMA = (
    """CREATE TABLE stops (
  stop_id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  dur_min INTEGER NOT NULL -- length of the stop, minutes
)""",
    """CREATE TABLE repair_orders (
  order_no TEXT PRIMARY KEY,
  opened_at TEXT NOT NULL,
  closed_at TEXT,
  labour_min INTEGER NOT NULL -- labour booked, minutes
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    # Last month (October): stop 1 lasted 3,000 minutes (over 2 days), stop 2 1,500 (over 1 day).
    "stops": [
        (1, "2026-10-05 08:00:00", 3000),
        (2, "2026-10-12 08:00:00", 1500),
        (3, "2026-10-20 08:00:00", 90),
    ],
    # R1 was open 25 days with 300 minutes of labour; R2 open 2 days with 35,000 minutes booked.
    "repair_orders": [
        ("R1", "2026-10-01 08:00:00", "2026-10-26 08:00:00", 300),
        ("R2", "2026-10-10 08:00:00", "2026-10-12 08:00:00", 35000),
    ],
}

OVER_A_DAY = ("Which stops last month lasted more than 1 day?", "上个月哪些停机超过1天？")


@pytest.mark.parametrize("question", OVER_A_DAY)
def test_a_bound_in_days_is_converted_to_the_minutes_kept(own_plant: NL2SQL, question: str) -> None:
    rows = understood_rows(own_plant, question)
    assert [row[0] for row in rows] == [1, 2], rows  # not the 90-minute stop, nor every stop over 1 minute


def test_a_bound_in_weeks_is_seven_days_each(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Which stops last month lasted more than 2 weeks?")
    assert rows == [], rows  # 3,000 minutes is about 2 days


def test_how_long_a_row_was_open_is_not_the_labour_booked(own_plant: NL2SQL) -> None:
    answer = answered_outright(own_plant, "Which repair orders were open for more than three weeks?")
    assert answer is None or [row[0] for row in answer.rows] == ["R1"], answer.sql
