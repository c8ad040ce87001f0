"""Rows keyed by several columns, on a schema of its own (a tile kiln): a lot's rejects by defect,
keyed by (lot, defect), whose lot number points to the firing lots though no foreign key says so.
The link is found (one part of a key of several columns may point elsewhere), so the rejects are
counted by the lots' firing date and kiln; and such rows are tallies: "how many rejects", "the
defect that caused the most rejects" and "the share of the rejects" add up their pieces, while
"how many lots had cracks" counts the lots."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood_rows

SCHEMA = (
    """CREATE TABLE firing_lot (
  lot_no TEXT PRIMARY KEY,
  fired_on TEXT NOT NULL, -- firing date
  kiln TEXT NOT NULL
)""",
    "CREATE TABLE defect (defect_code INTEGER PRIMARY KEY, defect_name TEXT NOT NULL)",
    """CREATE TABLE lot_defect (
  lot_no TEXT NOT NULL, -- firing lot
  defect_code INTEGER NOT NULL, -- defect
  pieces INTEGER NOT NULL, -- tiles rejected
  PRIMARY KEY (lot_no, defect_code)
)""",
)
ROWS = {
    "firing_lot": [
        ("L-101", "2026-10-05", "K1"),
        ("L-102", "2026-10-06", "K2"),
        ("L-103", "2026-10-20", "K2"),
        ("L-104", "2026-11-03", "K1"),
    ],
    "defect": [(1, "crack"), (2, "glaze run"), (3, "warp")],
    # fired in October: one row of 40 cracked tiles; three rows of 5 glaze runs; one of 12 warped
    "lot_defect": [
        ("L-101", 1, 40),
        ("L-101", 2, 5),
        ("L-102", 2, 5),
        ("L-103", 2, 5),
        ("L-103", 3, 12),
        ("L-104", 1, 90),
    ],
}


def test_the_rejects_of_a_kiln_are_its_pieces_by_the_lots_date(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "How many rejects did kiln K2 have in October?") == [(22,)]


def test_the_defect_that_caused_the_most_rejects_is_by_pieces_not_rows(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "Which defect caused the most rejects in October?")
    assert [row[0] for row in rows] == ["crack"]


def test_a_share_of_the_rejects_is_of_their_pieces(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "In October, what share of the rejects were cracks?") == [(59.7,)]


def test_the_lots_with_a_defect_are_counted_as_lots(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "How many lots had cracks in October?") == [(1,)]
