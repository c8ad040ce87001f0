"""Answers that would be another question's are not given: a window is not taken from the date of
a master table the rows point to (when a machine was installed is no time of its tool changes),
a rate does not divide pieces by minutes, a scrap rate is a share of all parts made, a state said
with "not" is every other state, and "the one with the fewest" is never a list of all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from nl2sql import NL2SQL, NL2SQLError, Source, introspect
from tests.nl2sql.conftest import NOW, sqlite_database

SCHEMA = (
    """CREATE TABLE machine (
  machine_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  installed_on TEXT NOT NULL
)""",
    """CREATE TABLE tool_change (
  change_id INTEGER PRIMARY KEY,
  machine_id INTEGER NOT NULL REFERENCES machine(machine_id),
  tool TEXT NOT NULL
)""",
    """CREATE TABLE lot (
  lot_id INTEGER PRIMARY KEY,
  scrap_qty INTEGER NOT NULL, -- scrapped castings
  plan_min INTEGER NOT NULL -- planned production time, minutes
)""",
    """CREATE TABLE batch (
  batch_id INTEGER PRIMARY KEY,
  good_qty INTEGER NOT NULL,
  scrap_qty INTEGER NOT NULL,
  state TEXT NOT NULL
)""",
)
MACHINES = [(1, "Lathe 1", "2026-10-05"), (2, "Lathe 2", "2019-03-01")]
CHANGES = [(i, 1 + i % 2, f"T{i % 4}") for i in range(1, 61)]  # 30 a machine: the machines are no header
LOTS = [(i, i % 7, 480) for i in range(1, 21)]
BATCHES = [(1, 90, 10, "closed"), (2, 45, 5, "open"), (3, 80, 20, "closed"), (4, 10, 0, "on hold")]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NL2SQL]:
    engine: Engine = sqlite_database(
        tmp_path_factory.mktemp("guards") / "shop.db",
        SCHEMA,
        {"machine": MACHINES, "tool_change": CHANGES, "lot": LOTS, "batch": BATCHES},
    )
    yield NL2SQL([Source("shop", engine, introspect(engine))], charts=False)
    engine.dispose()


def test_a_window_is_not_taken_from_a_master_tables_date(shop: NL2SQL) -> None:
    try:
        answer = shop.answer("How many tool changes last month?", now=NOW)
    except NL2SQLError as error:
        assert "last month" in error.user_message("en")  # said not understood, not dropped
        return
    assert answer.choices or "installed_on" not in (answer.sql or ""), answer.sql


def test_a_rate_does_not_divide_pieces_by_minutes(shop: NL2SQL) -> None:
    try:
        answer = shop.answer("What is the scrap rate?", now=NOW)
    except NL2SQLError:
        return
    assert "plan_min" not in (answer.sql or ""), answer.sql


def test_a_scrap_rate_is_a_share_of_all_parts_made(shop: NL2SQL) -> None:
    answer = shop.answer("What is the scrap rate of the batches?", now=NOW)
    assert answer.rows == [[round(100 * 35 / 260, 2)]], answer.sql  # not 35 over the 225 good


def test_a_state_said_with_not_is_every_other_state(shop: NL2SQL) -> None:
    answer = shop.answer("How many batches are not closed?", now=NOW)
    assert answer.rows == [[2]], answer.sql
    assert "not closed" in answer.text  # the restatement says the negation it applied


def test_the_one_with_the_fewest_is_never_a_list_of_all(shop: NL2SQL) -> None:
    try:
        answer = shop.answer("List the batch with the fewest scrap of all", now=NOW)
    except NL2SQLError:
        return
    assert answer.choices or len(answer.rows) == 1, answer.sql
