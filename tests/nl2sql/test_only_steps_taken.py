""" "Only count the ones that have ended", "finished stops only": the rows whose step was taken.

Where a table records when the step is taken, the rows with that time set are counted; where it
keeps only a state ("done batches only"), the rows in that state. "报了几次停机" counts the stops:
the verb says only that they happened."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood

SCHEMA = (
    """CREATE TABLE stops (
  stop_id INTEGER PRIMARY KEY,
  began_at TEXT NOT NULL,
  ended_at TEXT, -- empty while the stop goes on
  minutes INTEGER NOT NULL -- stop length so far, minutes
)""",
    """CREATE TABLE batches (
  batch_no TEXT PRIMARY KEY,
  made_on TEXT NOT NULL,
  litres REAL NOT NULL,
  state TEXT NOT NULL -- DONE = done, RUN = running
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    # Last week: two ended stops of 10 and 20 minutes; one still going, 90 minutes so far.
    "stops": [
        (1, "2026-11-10 08:00:00", "2026-11-10 08:10:00", 10),
        (2, "2026-11-11 08:00:00", "2026-11-11 08:20:00", 20),
        (3, "2026-11-15 22:30:00", None, 90),
    ],
    "batches": [
        ("B1", "2026-11-10", 1000.0, "DONE"),
        ("B2", "2026-11-11", 500.0, "DONE"),
        ("B3", "2026-11-12", 800.0, "RUN"),
    ],
}


def test_only_the_rows_whose_step_was_taken_are_counted(own_plant: NL2SQL) -> None:
    question = "Average stop length in minutes last week? Only count those that have ended."
    answer = understood(own_plant, question)
    assert answer.rows == [[15.0]], answer.sql


def test_a_step_kept_only_as_a_state_is_that_state(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "How many litres did we make last week (done batches only)?")
    assert answer.rows == [[1500.0]], answer.sql


def test_a_light_verb_before_a_count_only_says_the_rows_happened(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "上周一共报了几次停机？")
    assert answer.rows == [[3]], answer.sql
