"""A list of rows whose label is another row's shows their own key: batches shown only by the
cell that made them cannot be told apart, since each cell made many. A list of events shows
what each happened to: the breakdowns that lasted over two hours, with the machine of each,
and how long each lasted in the hours the question said."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood

SCHEMA = (
    "CREATE TABLE cells (cell_code TEXT PRIMARY KEY, cell_name TEXT NOT NULL)",
    "CREATE TABLE machines (machine_code TEXT PRIMARY KEY, machine_name TEXT NOT NULL)",
    """CREATE TABLE breakdowns (
  bd_no INTEGER PRIMARY KEY,
  fault_code TEXT NOT NULL, -- fault reported
  machine_code TEXT NOT NULL REFERENCES machines(machine_code),
  began_at TEXT NOT NULL,
  down_min INTEGER NOT NULL -- minutes down
)""",
    """CREATE TABLE batches (
  batch_no INTEGER PRIMARY KEY,
  cell_code TEXT NOT NULL REFERENCES cells(cell_code),
  made_on TEXT NOT NULL, -- production date
  good_pcs INTEGER NOT NULL, -- good pieces
  scrap_pcs INTEGER NOT NULL -- scrapped pieces
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "cells": [("C1", "Cell one"), ("C2", "Cell two")],
    "machines": [("M-1", "Bender"), ("M-2", "Shear")],
    # Last week, over two hours: 2 (the shear) and 3 (the bender).
    "breakdowns": [
        (1, "HYD", "M-1", "2026-11-10 08:00:00", 45),
        (2, "HYD", "M-2", "2026-11-11 09:00:00", 150),
        (3, "ELE", "M-1", "2026-11-12 10:00:00", 200),
    ],
    # Last week (Mon 9 – Sun 15 Nov), scrap rate above 8%: batches 11 and 12, both of cell C1.
    "batches": [
        (11, "C1", "2026-11-10", 80, 20),
        (12, "C1", "2026-11-11", 85, 15),
        (13, "C1", "2026-11-12", 99, 1),
        (14, "C2", "2026-11-12", 95, 5),
    ],
}


def test_rows_labelled_by_another_row_are_shown_by_their_key(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which production batches last week had a scrap rate above 8%?")
    assert "batch_no" in answer.columns, (answer.columns, answer.sql)
    keys = [row[answer.columns.index("batch_no")] for row in answer.rows]
    assert sorted(keys) == [11, 12], answer.sql


def test_a_list_of_events_shows_what_each_happened_to(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which breakdowns last week lasted more than 2 hours?")
    assert "machine_name" in answer.columns, (answer.columns, answer.sql)
    names = [row[answer.columns.index("machine_name")] for row in answer.rows]
    assert sorted(names) == ["Bender", "Shear"], answer.sql


def test_a_length_bounded_in_hours_is_also_shown_in_hours(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which breakdowns last week lasted more than 2 hours?")
    assert "down_min_in_h" in answer.columns, (answer.columns, answer.sql)
    hours = sorted(round(row[answer.columns.index("down_min_in_h")], 2) for row in answer.rows)
    assert hours == [2.5, 3.33], answer.sql  # 150 and 200 minutes
