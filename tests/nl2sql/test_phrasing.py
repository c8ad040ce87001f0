"""Ways plant staff phrase questions that must be read, not guessed at: "flagged as preferred",
"still open", "the lead time" beside a stored role 'Lead', "the most work orders" (rows, not the
order quantity), "who has the most" (the top one), the counter 笔, and 分别 after a breakdown.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.store.db import make_engine
from nl2sql import NL2SQL, Answer, Source, introspect
from tests.nl2sql.conftest import NOW

SCHEMA = (
    """CREATE TABLE suppliers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  country TEXT,
  lead_time_days INTEGER,
  is_preferred INTEGER NOT NULL -- 1=preferred, 0=not preferred
)""",
    "CREATE TABLE employees (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL)",
    """CREATE TABLE work_orders (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL,
  order_qty INTEGER NOT NULL,
  employee_id INTEGER REFERENCES employees(id),
  created_at TIMESTAMP NOT NULL
)""",
)
SUPPLIERS = [
    (1, "Danube Castings", "AT", 18, 1),
    (2, "Sino Parts", "CN", 45, 0),
    (3, "Baltic Steel", "PL", 12, 1),
    (4, "Rhein Tools", "DE", 7, 0),
]
EMPLOYEES = [(1, "Ana Silva", "Lead"), (2, "Ben Ode", "Clerk"), (3, "Cai Wen", "Driver")]
#: Ana writes few orders of many pieces, Ben the most orders: counting rows and summing the
#: order quantity name different people.
WORK_ORDERS = [
    (i, "OPEN" if i % 3 == 0 else "CLOSED", 100 if i <= 6 else 5, 1 if i <= 6 else 2 if i <= 20 else 3)
    for i in range(1, 31)
]


@pytest.fixture(scope="module")
def plant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{Path(tmp_path_factory.mktemp('phrasing')) / 'plant.db'}")
    with engine.begin() as connection:
        for ddl in SCHEMA:
            connection.execute(text(ddl))
        connection.execute(text("INSERT INTO suppliers VALUES (:a, :b, :c, :d, :e)"), _rows(SUPPLIERS))
        connection.execute(text("INSERT INTO employees VALUES (:a, :b, :c)"), _rows(EMPLOYEES))
        connection.execute(
            text("INSERT INTO work_orders VALUES (:a, :b, :c, :d, '2026-11-02 08:00:00')"), _rows(WORK_ORDERS)
        )
    yield engine
    engine.dispose()


def _rows(rows: list[tuple[object, ...]]) -> list[dict[str, object]]:
    return [dict(zip("abcde", row, strict=False)) for row in rows]


def _answer(engine: Engine, question: str) -> Answer:
    nl2sql = NL2SQL([Source("plant", engine, introspect(engine))], charts=False)
    answer = nl2sql.answer(question, now=NOW, language="en" if question.isascii() else "zh")
    assert not answer.choices, answer.text
    return answer


def test_a_state_flagged_or_marked_as_is_the_state(plant: Engine) -> None:
    preferred = sum(1 for s in SUPPLIERS if s[4])
    assert _answer(plant, "How many suppliers are flagged as preferred?").rows == [[preferred]]
    assert _answer(plant, "How many of our suppliers are marked as preferred?").rows == [[preferred]]


def test_still_open_is_the_open_state(plant: Engine) -> None:
    still_open = sum(1 for w in WORK_ORDERS if w[1] == "OPEN")
    assert _answer(plant, "How many work orders are still open?").rows == [[still_open]]


def test_a_column_named_in_words_is_not_a_stored_value_that_shares_a_word(plant: Engine) -> None:
    # 'Lead' is a stored role; "lead time" names `lead_time_days`.
    answer = _answer(plant, "What's the lead time for Danube Castings?")
    assert answer.rows == [[18]]
    assert "lead_time_days" in answer.sql and "role" not in answer.sql


def test_the_most_work_orders_counts_them_and_who_asks_for_the_top_one(plant: Engine) -> None:
    for question in ("which employee has the most work orders?", "who has the most work orders?"):
        answer = _answer(plant, question)
        assert answer.rows == [["Ben Ode", 14]], question


def test_the_counter_bi_counts_rows_and_fenbie_is_no_breakdown_word(plant: Engine) -> None:
    assert _answer(plant, "一共有多少笔工单？").rows == [[len(WORK_ORDERS)]]
    answer = _answer(plant, "各个员工分别有多少笔工单？")
    assert sorted(answer.rows) == [["Ana Silva", 6], ["Ben Ode", 14], ["Cai Wen", 10]]
