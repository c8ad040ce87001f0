"""Times as people say them.

"planned to begin next week" windows the planned start, not the actual one; "the average setup
time" is how long setups took, from start to end, where "the standard setup time" is the
standard; "since 2 November" is a window whatever words follow it, "over an hour" one hour;
"low-priority" is "low priority"; and a count asked in a sentence of its own beside a total
is not answered by the total alone."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import answered_outright, understood, understood_rows

SCHEMA = (
    """CREATE TABLE work_orders (
  wo TEXT PRIMARY KEY,
  prio TEXT NOT NULL, -- H=high, M=medium, L=low
  plan_start TEXT NOT NULL, -- planned start
  plan_end TEXT NOT NULL, -- planned end
  actual_start TEXT -- actual start; NULL until started
)""",
    """CREATE TABLE setups (
  setup_id INTEGER PRIMARY KEY,
  machine TEXT NOT NULL,
  began TEXT NOT NULL, -- setup start, local time
  ended TEXT NOT NULL, -- setup end, local time
  std_min INTEGER NOT NULL -- standard setup time, minutes
)""",
    """CREATE TABLE stops (
  stop_no INTEGER PRIMARY KEY,
  press TEXT NOT NULL, -- the press that stopped
  stopped_at TEXT NOT NULL,
  lost_min INTEGER NOT NULL -- minutes lost
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    # Next week is Mon 23 – Sun 29 Nov: W1, W2 and W3 are planned to start then, W4 only to end
    # then; W5 started on plan.
    "work_orders": [
        ("W1", "H", "2026-11-24 06:00:00", "2026-11-24 18:00:00", None),
        ("W2", "H", "2026-11-25 06:00:00", "2026-11-26 06:00:00", None),
        ("W3", "M", "2026-11-24 14:00:00", "2026-11-24 22:00:00", None),
        ("W4", "L", "2026-11-20 06:00:00", "2026-11-23 06:00:00", "2026-11-20 06:05:00"),
        ("W5", "H", "2026-11-18 06:00:00", "2026-11-18 14:00:00", "2026-11-18 06:10:00"),
    ],
    # Last week's setups took 30 and 50 minutes (40 on average) against a standard of 20.
    "setups": [
        (1, "Mill 1", "2026-11-10 08:00:00", "2026-11-10 08:30:00", 20),
        (2, "Mill 2", "2026-11-12 13:00:00", "2026-11-12 13:50:00", 20),
        (3, "Mill 1", "2026-11-03 08:00:00", "2026-11-03 10:00:00", 20),  # the week before
    ],
    # Since 2 November: three stops, two of them over an hour; last week Press 1 stopped twice.
    "stops": [
        (1, "Press 1", "2026-10-30 08:00:00", 100),
        (2, "Press 2", "2026-11-03 09:00:00", 90),
        (3, "Press 1", "2026-11-10 10:00:00", 30),
        (4, "Press 1", "2026-11-12 11:00:00", 120),
    ],
}


def test_planned_to_begin_windows_the_planned_start(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Which work orders are planned to begin next week?")
    assert [row[0] for row in rows] == ["W1", "W2", "W3"], rows


def test_a_hyphenated_compound_is_its_two_words(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "How many low-priority work orders are there?")
    assert answer.rows == [[1]], answer.sql


def test_the_time_a_setup_took_is_from_its_start_to_its_end(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "What was the average setup time last week, in minutes?")
    assert [round(float(v), 1) for v in answer.rows[0]] == [40.0], answer.sql  # not the standard 20


def test_the_standard_time_is_the_standard_when_it_is_asked(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "What was the average standard setup time last week?")
    assert [float(v) for v in answer.rows[0]] == [20.0], answer.sql


def test_since_a_day_is_a_window_whatever_follows_it(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "How many stops since 2 November lasted over an hour?")
    assert answer.rows == [[2]], answer.sql


def test_since_a_day_in_chinese(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "11月2日以来停机了几次？")
    assert answer.rows == [[3]], answer.sql


def test_a_count_asked_beside_a_total_is_not_answered_by_the_total(own_plant: NL2SQL) -> None:
    answer = answered_outright(own_plant, "上周Press 1停机了几次？一共多少分钟？")
    assert answer is None or len(answer.rows[0]) == 2, answer.sql  # the count and the minutes, or neither
