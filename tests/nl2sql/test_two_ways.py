"""A table reached by two links (a stock move's from and to location) is never joined by a guess:
Gemba asks which link is meant, each choice answers through its own link, and a question whose
words name one link (received by, not ordered by) takes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from nl2sql import NL2SQL, Answer, Source, introspect
from tests.nl2sql.conftest import NOW, sqlite_database

SCHEMA = (
    "CREATE TABLE warehouses (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    """CREATE TABLE moves (
  id INTEGER PRIMARY KEY,
  from_wh INTEGER REFERENCES warehouses(id), -- where the goods left
  to_wh INTEGER REFERENCES warehouses(id), -- where the goods arrived
  qty INTEGER NOT NULL
)""",
    """CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  ordered_by INTEGER REFERENCES people(id), -- buyer who placed it
  received_by INTEGER REFERENCES people(id), -- clerk who received the goods
  amount REAL NOT NULL
)""",
)
WAREHOUSES = [(1, "Main DC"), (2, "Annex")]
PEOPLE = [(1, "Ana"), (2, "Ben"), (3, "Cai")]
MOVES = [(1, 1, 2, 5), (2, 1, 2, 7), (3, 2, 1, 4), (4, None, 1, 9)]
ORDERS = [(1, 1, 2, 100.0), (2, 1, 3, 50.0), (3, 1, 2, 25.0)]


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = sqlite_database(
        tmp_path_factory.mktemp("two_ways") / "depot.db",
        SCHEMA,
        {"warehouses": WAREHOUSES, "people": PEOPLE, "moves": MOVES, "orders": ORDERS},
    )
    yield engine
    engine.dispose()


def _answer(engine: Engine, question: str) -> Answer:
    nl2sql = NL2SQL([Source("depot", engine, introspect(engine))], charts=False)
    return nl2sql.answer(question, now=NOW, language="en" if question.isascii() else "zh")


def test_a_table_reached_two_ways_is_asked_about_and_each_choice_answers_its_way(depot: Engine) -> None:
    asked = _answer(depot, "how many moves by warehouse?")
    assert asked.sql == "" and len(asked.choices) == 2
    assert {"via moves.from_wh", "via moves.to_wh"} <= {
        c.rsplit("(", 1)[1].rstrip(")") for c in asked.choices
    }
    by_link = {choice.rsplit(".", 1)[1].rstrip(")"): _answer(depot, choice) for choice in asked.choices}
    assert sorted(by_link["from_wh"].rows) == [["Annex", 1], ["Main DC", 2]]
    assert sorted(by_link["to_wh"].rows) == [["Annex", 2], ["Main DC", 2]]


def test_the_words_of_the_question_choose_the_link(depot: Engine) -> None:
    answer = _answer(depot, "who received the most orders?")
    assert not answer.choices and answer.rows == [["Ben", 2]]
    assert "received_by" in answer.sql and "ordered_by" not in answer.sql


def test_a_via_that_names_no_link_is_a_plain_word(depot: Engine) -> None:
    answer = _answer(depot, "how many moves came via DHL?")
    assert answer.sql == ""  # "DHL" is not understood, and no link was taken for it
