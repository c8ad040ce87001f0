"""Groups and time bases said in Chinese on a schema of its own (a packing hall): "每条线" is read
每 + 条线 (a line) and groups by line, though the phrase after 每 begins at 线; "按完成日期算"
counts the batches by when they ended, and an aborted batch, which ended too, is no completed one;
"from report to finish" names its steps by their nouns (reported: logged, finished)."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood_rows

SCHEMA = (
    "CREATE TABLE pack_line (line_id INTEGER PRIMARY KEY, line_name TEXT NOT NULL)",
    """CREATE TABLE pack_batch (
  batch_id INTEGER PRIMARY KEY,
  line_id INTEGER NOT NULL REFERENCES pack_line(line_id),
  started_at TEXT NOT NULL, -- local time
  ended_at TEXT, -- local time
  state INTEGER NOT NULL -- 1=running, 2=completed, 3=aborted
)""",
    """CREATE TABLE line_repair (
  repair_id INTEGER PRIMARY KEY,
  line_id INTEGER NOT NULL REFERENCES pack_line(line_id),
  logged_at TEXT NOT NULL, -- local time
  completed_at TEXT -- local time
)""",
)
ROWS = {
    "pack_line": [(1, "Tray line"), (2, "Pouch line")],
    # ended in October: Tray line two completed and one aborted; Pouch line one completed, started
    # in September; one still running
    "pack_batch": [
        (1, 1, "2026-10-05 06:00:00", "2026-10-05 09:00:00", 2),
        (2, 1, "2026-10-06 06:00:00", "2026-10-06 09:00:00", 2),
        (3, 1, "2026-10-07 06:00:00", "2026-10-07 07:00:00", 3),
        (4, 2, "2026-09-30 22:00:00", "2026-10-01 04:00:00", 2),
        (5, 2, "2026-10-30 22:00:00", None, 1),
    ],
    # completed in October: after 2 and 4 hours; one still open
    "line_repair": [
        (1, 1, "2026-10-05 06:00:00", "2026-10-05 08:00:00"),
        (2, 2, "2026-10-06 06:00:00", "2026-10-06 10:00:00"),
        (3, 2, "2026-10-07 06:00:00", None),
    ],
}


def test_each_line_said_in_chinese_groups_by_line(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "上个月每条线各做完了几个批次？") == [
        ("Pouch line", 1),
        ("Tray line", 2),
    ]


def test_batches_counted_by_when_they_were_completed_leave_out_aborted_ones(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "上个月每条线各做完了几个批次？按完成日期算")
    assert rows == [("Pouch line", 1), ("Tray line", 2)]


def test_a_span_from_one_step_to_another_is_said_with_their_nouns(own_plant: NL2SQL) -> None:
    question = "For line repairs finished in October, the average time from report to finish, in hours?"
    assert understood_rows(own_plant, question) == [(3.0,)]
