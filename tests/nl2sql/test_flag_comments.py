"""A 1/0 column whose comment says only what 1 means ("1 = vacuum-assisted casting") is a flag:
"which cells are vacuum-assisted" are the rows with 1, said with the column ("vacuum = 1")."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import understood, understood_rows

SCHEMA = (
    """CREATE TABLE cells (
  cell_code TEXT PRIMARY KEY,
  cell_name TEXT NOT NULL,
  vacuum INTEGER NOT NULL -- 1 = vacuum-assisted casting
)""",
)
ROWS: dict[str, list[tuple[object, ...]]] = {
    "cells": [("C1", "Cell one", 1), ("C2", "Cell two", 0), ("C3", "Cell three", 1), ("C4", "Cell four", 0)],
}


def test_the_rows_a_flag_is_set_on(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "Which cells are vacuum-assisted?")
    names = sorted(row[answer.columns.index("cell_name")] for row in answer.rows)
    assert names == ["Cell one", "Cell three"], answer.sql
    assert "vacuum = 1" in answer.interpretation, answer.interpretation


def test_the_rows_a_flag_is_not_set_on(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "How many cells are not vacuum-assisted?") == [(2,)]
