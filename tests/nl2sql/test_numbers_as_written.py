"""Numbers as people write them, and kinds asked that the SQL does not group by.

"1,200 yuan" is 1200 in the column kept in yuan, "1.2万" is 12000; "which item categories
received more than …", grouped by item, is not answered as if the move type filtered were the
category asked."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import answered_outright, understood_rows

SCHEMA = (
    """CREATE TABLE repairs (
  ticket TEXT PRIMARY KEY,
  done_on TEXT NOT NULL, -- date the repair was finished
  cost REAL NOT NULL -- repair cost (元)
)""",
    """CREATE TABLE items (
  part_no TEXT PRIMARY KEY,
  descr TEXT NOT NULL,
  family TEXT NOT NULL, -- category: BRG bearings, SEAL seals
  price REAL NOT NULL -- price per piece, EUR
)""",
    """CREATE TABLE moves (
  move_id INTEGER PRIMARY KEY,
  part_no TEXT NOT NULL REFERENCES items(part_no),
  moved_on TEXT NOT NULL,
  kind TEXT NOT NULL, -- move type: IN receipt, OUT issue
  qty INTEGER NOT NULL
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    # This month: R2 cost 1,800 and R3 16,000; R1 cost 900.
    "repairs": [("R1", "2026-11-03", 900.0), ("R2", "2026-11-10", 1800.0), ("R3", "2026-11-12", 16000.0)],
    "items": [("B-1", "Ball bearing", "BRG", 10.0), ("S-1", "Shaft seal", "SEAL", 4.0)],
    "moves": [
        (1, "B-1", "2026-10-05", "IN", 300),
        (2, "S-1", "2026-10-06", "IN", 500),
        (3, "B-1", "2026-10-07", "OUT", 20),
    ],
}


def test_thousands_are_read_across_their_comma(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Which repairs done this month cost more than 1,200 yuan?")
    assert [row[0] for row in rows] == ["R2", "R3"], rows


def test_ten_thousands_in_chinese(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "这个月哪些维修的费用超过1.2万？")
    assert [row[0] for row in rows] == ["R3"], rows


def test_a_kind_asked_is_not_the_kind_filtered(own_plant: NL2SQL) -> None:
    answer = answered_outright(own_plant, "上个月哪些零件类别的收货金额超过1000欧元？")
    assert answer is None or sorted(map(tuple, answer.rows))[0][0] == "BRG", (
        answer.sql
    )  # by family, or not at all
