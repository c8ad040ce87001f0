"""Values said and values left out of one column stay apart: "how many failed, excluding aborted
ones" counts the failed, where both used to be left out together."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood

SCHEMA = (
    """CREATE TABLE wash_cycles (
  cycle_id INTEGER PRIMARY KEY,
  ran_at TEXT NOT NULL,
  outcome INTEGER NOT NULL -- 0=OK, 1=failed, 2=aborted
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    # Last week (Mon 9 – Sun 15 Nov): 2 failed, 1 aborted, 3 OK.
    "wash_cycles": [
        (1, "2026-11-09 08:00:00", 1),
        (2, "2026-11-10 08:00:00", 1),
        (3, "2026-11-11 08:00:00", 2),
        (4, "2026-11-12 08:00:00", 0),
        (5, "2026-11-13 08:00:00", 0),
        (6, "2026-11-14 08:00:00", 0),
    ],
}
QUESTIONS = (
    "上周有几次清洗失败？中止的不算",
    "How many wash cycles failed last week, excluding aborted ones?",
)


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_values_said_are_kept_and_those_left_out_left_out(own_plant: NL2SQL, question: str) -> None:
    answer = understood(own_plant, question)
    assert answer.rows == [[2]], answer.sql  # not the 3 OK ones: neither failed nor aborted
