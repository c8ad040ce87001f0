"""Who did a step most: a column named after another table's key with a role before it
(`closer_st_id` for `staff.st_id`, who closed a ticket) points to that table, so "who closed the
most tickets" is the person, by name."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood

SCHEMA = (
    "CREATE TABLE staff (st_id INTEGER PRIMARY KEY, st_name TEXT NOT NULL)",
    """CREATE TABLE tickets ( -- service tickets (工单)
  ticket_id INTEGER PRIMARY KEY,
  opened_at TEXT NOT NULL,
  closed_at TEXT, -- when it was closed
  closer_st_id INTEGER -- who closed it
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "staff": [(1, "Ana"), (2, "Bo"), (3, "Chen")],
    # Closed last week (Mon 9 – Sun 15 Nov): three by Bo, one each by Ana and Chen.
    "tickets": [
        (1, "2026-11-09 08:00:00", "2026-11-09 10:00:00", 2),
        (2, "2026-11-10 08:00:00", "2026-11-10 09:00:00", 2),
        (3, "2026-11-10 11:00:00", "2026-11-11 09:00:00", 1),
        (4, "2026-11-12 08:00:00", "2026-11-12 15:00:00", 2),
        (5, "2026-11-13 08:00:00", "2026-11-13 12:00:00", 3),
        (6, "2026-11-02 08:00:00", "2026-11-02 12:00:00", 1),  # the week before
        (7, "2026-11-14 08:00:00", None, None),
    ],
}


@pytest.mark.parametrize("question", ["Who closed the most tickets last week?", "上周谁关闭的工单最多？"])
def test_who_did_a_step_most_is_the_person_by_name(own_plant: NL2SQL, question: str) -> None:
    answer = understood(own_plant, question)
    assert [row[0] for row in answer.rows] == ["Bo"], answer.sql
