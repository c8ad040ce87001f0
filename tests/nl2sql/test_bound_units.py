"""A bound goes on the column that keeps what it is said in, or nowhere.

"humidity above 0.2%" bounds the column kept in percent, never a weight the question's other
words also name; "a scrap rate above 8%" of each row bounds its scrapped pieces against all it
made, never its scrapped pieces alone; "超过2个小时" is two hours, whatever measure word stands
between the number and its unit; a bound said of a total bounds each group's sum."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import NOW, answered_outright, understood, understood_rows

SCHEMA = (
    """CREATE TABLE lots (
  lot_ref TEXT PRIMARY KEY,
  received_on TEXT NOT NULL, -- date received
  received_kg REAL NOT NULL, -- weight received (kg)
  humidity_pct REAL NOT NULL, -- humidity on arrival (%)
  good_pcs INTEGER NOT NULL, -- good pieces made from the lot
  scrap_pcs INTEGER NOT NULL -- pieces scrapped
)""",
    """CREATE TABLE stops (
  stop_id INTEGER PRIMARY KEY,
  machine TEXT NOT NULL,
  started_at TEXT NOT NULL,
  dur_min INTEGER NOT NULL -- length of the stop in minutes
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    # Last week is Mon 9 – Sun 15 Nov. Humidity above 0.2%: L2 and L3 (every lot weighs over 0.2 kg).
    # Scrap rate above 8%: L1 (12 of 100) and L3 (10 of 100); L2 is 4% and L5 4.5% (9 of 200).
    "lots": [
        ("L1", "2026-11-10", 500.0, 0.1, 88, 12),
        ("L2", "2026-11-11", 450.0, 0.3, 96, 4),
        ("L3", "2026-11-12", 300.0, 0.25, 90, 10),
        ("L5", "2026-11-13", 200.0, 0.1, 191, 9),
        ("L4", "2026-11-02", 250.0, 0.5, 50, 50),  # the week before
    ],
    # Longer than two hours last week: S2 (150 min); S1 lasted 90 minutes.
    "stops": [
        (1, "Press 1", "2026-11-10 08:00:00", 90),
        (2, "Press 2", "2026-11-11 09:00:00", 150),
        (3, "Press 1", "2026-11-12 10:00:00", 20),
    ],
}


def test_a_percent_bounds_the_column_kept_in_percent(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Which lots received last week came in with humidity above 0.2%?")
    assert [row[0] for row in rows] == ["L2", "L3"], rows


def test_a_rate_of_each_row_bounds_each_rows_part_of_its_whole(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which lots last week had a scrap rate above 8%?")
    assert sorted(row[0] for row in answer.rows) == ["L1", "L3"], answer.sql  # not L5's 9 pieces
    assert {"scrap_pcs", "good_pcs"} <= set(answer.columns), answer.columns  # what the rate is of
    assert "scrap rate > 8 %" in answer.interpretation, answer.interpretation


def test_a_count_of_rows_by_their_rate(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "How many lots had a scrap rate below 5% last week?")
    assert answer.rows == [[2]], answer.sql  # L2 and L5


def test_hours_said_with_a_measure_word_are_hours(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "上周哪些停机超过2个小时？")
    assert [row[0] for row in rows] == [2], rows


#: A bound said of a total: each machine's sum of stop minutes, not one stop's.
TOTALS = ("上周哪些机器停机累计超过100分钟？", "Which machines stopped over 100 minutes in total last week?")


@pytest.mark.parametrize("question", TOTALS)
def test_a_bound_on_a_total_bounds_each_groups_sum(own_plant: NL2SQL, question: str) -> None:
    rows = understood_rows(own_plant, question)
    assert [row[0] for row in rows] == ["Press 1", "Press 2"], rows  # 90 + 20 and 150 minutes


def test_a_total_of_rows_listed_is_not_a_bound_on_each(own_plant: NL2SQL) -> None:
    answer = answered_outright(own_plant, "上周累计停机超过100分钟的有哪些？")
    assert answer is None or [row[0] for row in answer.rows] == ["Press 1", "Press 2"], answer and answer.sql


def test_a_rate_of_each_row_is_shown_beside_it(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which lots last week had a scrap rate above 8%?")
    assert "scrap_pcs_share" in answer.columns, answer.columns
    rates = sorted(round(row[answer.columns.index("scrap_pcs_share")], 3) for row in answer.rows)
    assert rates == [0.1, 0.12], answer.sql  # 10 of 100 and 12 of 100


def test_a_follow_up_keeps_the_whole_a_rate_is_of(own_plant: NL2SQL) -> None:
    first = understood(own_plant, "Which lots last week had a scrap rate above 8%?")
    answer = own_plant.answer("what about this month?", now=NOW, context=first.context)
    rates = sorted(round(row[answer.columns.index("scrap_pcs_share")], 3) for row in answer.rows)
    assert rates == [0.1, 0.12, 0.5], answer.sql  # of good + scrapped, not of good alone
