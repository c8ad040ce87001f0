"""A number held against a part of what was planned, and bounds on rates of groups.

"runs that made less than 90% of their planned pieces" compares each run with its own plan;
"more than 12% short of" is below 88%; "哪些产品的产量合计不到计划产量的95%" bounds each
product's sums; a share of all ("more than 10% of their pieces") is no part of a plan and is
never answered as one. "报废率超过了4%的产品" and "lines with a hold rate over 30%" bound the
rate of each group."""

from __future__ import annotations

import pytest

from nl2sql import NL2SQL
from tests.nl2sql.conftest import answered_outright, understood, understood_rows

SCHEMA = (
    "CREATE TABLE cell (cell_id INTEGER PRIMARY KEY, cell_name TEXT NOT NULL)",
    """CREATE TABLE runs (
  run_ref TEXT PRIMARY KEY,
  cell_id INTEGER NOT NULL REFERENCES cell(cell_id),
  item TEXT NOT NULL, -- product made
  ended_at TEXT NOT NULL,
  planned_pcs INTEGER NOT NULL, -- planned pieces
  made_pcs INTEGER NOT NULL, -- good pieces made (output)
  scrap_pcs INTEGER NOT NULL, -- scrapped pieces
  state TEXT NOT NULL -- DONE = done, HOLD = held by quality
)""",
    """CREATE TABLE bins (
  bin_code TEXT PRIMARY KEY,
  on_hand INTEGER NOT NULL, -- pieces on hand
  reorder_at INTEGER NOT NULL -- reorder point, pieces
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "cell": [(1, "Cell A"), (2, "Cell B")],
    # Last week (Mon 9 – Sun 15 Nov). R1 made 85% of its plan, R3 89%, R2 and R4 above 90%.
    # By item: Hinge 85 + 95 of 200 (90%), Bracket 89 + 100 of 200 (94.5%), Clip 49 of 50 (98%).
    # Scrap rate by item: Hinge 5/185 (2.7%), Bracket 9/198 (4.55%), Clip 3/52 (5.77%).
    # Held: Cell A 1 of 3 runs (33%), Cell B 0 of 2.
    "runs": [
        ("R1", 1, "Hinge", "2026-11-10 10:00:00", 100, 85, 2, "DONE"),
        ("R2", 1, "Hinge", "2026-11-11 10:00:00", 100, 95, 3, "DONE"),
        ("R3", 2, "Bracket", "2026-11-12 10:00:00", 100, 89, 5, "DONE"),
        ("R4", 2, "Bracket", "2026-11-13 10:00:00", 100, 100, 4, "DONE"),
        ("R5", 1, "Clip", "2026-11-14 10:00:00", 50, 49, 3, "HOLD"),
        ("R6", 1, "Clip", "2026-11-02 10:00:00", 50, 10, 1, "DONE"),  # the week before
    ],
    "bins": [("A-1", 5, 10), ("A-2", 10, 10), ("A-3", 40, 10)],
}


def test_each_row_is_held_against_its_own_plan(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which runs last week made less than 90% of their planned pieces?")
    assert sorted(row[0] for row in answer.rows) == ["R1", "R3"], answer.sql
    assert {"made_pcs", "planned_pcs"} <= set(answer.columns), answer.columns  # both shown


def test_more_than_so_much_short_is_below_the_rest(own_plant: NL2SQL) -> None:
    answer = understood(
        own_plant, "How many runs last week came in more than 12% short of their planned pieces?"
    )
    assert answer.rows == [[1]], answer.sql  # R1 made 85 of 100; R3, 89, is 11% short


def test_a_groups_sums_are_held_against_its_plan(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "上周哪些产品的产量合计不到计划产量的95%？")
    assert [row[0] for row in rows] == ["Bracket", "Hinge"], rows


def test_a_share_of_all_is_no_part_of_a_plan(own_plant: NL2SQL) -> None:
    assert answered_outright(own_plant, "Which runs scrapped more than 10% of their pieces?") is None


@pytest.mark.parametrize(
    "question", ["上周哪些产品的报废率超过了4.5%？", "Which items had a scrap rate over 4.5% last week?"]
)
def test_a_rate_of_each_group_is_bounded(own_plant: NL2SQL, question: str) -> None:
    rows = understood_rows(own_plant, question)
    assert [row[0] for row in rows] == ["Bracket", "Clip"], rows


def test_a_share_of_each_group_is_bounded(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Which cells had a hold rate over 30% last week?")
    assert [row[0] for row in rows] == ["Cell A"], rows


def test_a_share_of_a_quantity_is_a_share_of_its_sum(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "What share of last week's scrapped pieces came from Cell A?")
    assert answer.rows == [[47.06]], answer.sql  # 2 + 3 + 3 of 17, not 3 runs of 5


@pytest.mark.parametrize(
    "question",
    [
        "上周各工位的报废件数分别占全部报废件数的百分之多少？",
        "What share of the total scrapped pieces did each cell have last week?",
    ],
)
def test_each_groups_share_of_the_total(own_plant: NL2SQL, question: str) -> None:
    rows = understood_rows(own_plant, question)
    assert rows == [("Cell A", 47.06), ("Cell B", 52.94)], rows  # 8 and 9 of 17


def test_a_number_below_another_of_the_row(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Which bins are below their reorder point?")
    assert [row[0] for row in rows] == ["A-1"], rows
