"""A 1/0 column whose comment says only what 1 means ("1 = heat-treated after casting") is a
flag: "which castings are heat-treated" are the rows with 1, said with the column ("ht = 1")."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood, understood_rows

SCHEMA = (
    """CREATE TABLE castings (
  casting_code TEXT PRIMARY KEY,
  casting_name TEXT NOT NULL,
  ht INTEGER NOT NULL -- 1 = heat-treated after casting
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "castings": [("K1", "Bracket", 1), ("K2", "Cover", 0), ("K3", "Housing", 1), ("K4", "Lever", 0)],
}


def test_the_rows_a_flag_is_set_on(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which castings are heat-treated?")
    names = sorted(row[answer.columns.index("casting_name")] for row in answer.rows)
    assert names == ["Bracket", "Housing"], answer.sql
    assert "ht = 1" in answer.interpretation, answer.interpretation


def test_the_rows_a_flag_is_not_set_on(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "How many castings are not heat-treated?") == [(2,)]
