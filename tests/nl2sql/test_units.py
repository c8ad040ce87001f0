"""A question's unit ("in litres", "how many kWh", "多少升") is answered from the measure kept in
that unit, and a unit that no measure is kept in is not answered as if understood. "Time to
finish" is the span from a row's own time to the step named; a column that identifies rows is
never summed or averaged.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.store.db import make_engine
from nl2sql import NL2SQL, Answer, Source, introspect
from nl2sql.errors import NL2SQLError
from nl2sql.units import asked_units
from tests.nl2sql.conftest import NOW

SCHEMA = """
CREATE TABLE cleaning_cycles ( -- 清洗周期: clean-in-place cycles of the tanks
  id INTEGER PRIMARY KEY,
  tank TEXT NOT NULL, -- Tank cleaned, e.g. T-04
  started_at TIMESTAMP NOT NULL, -- When the cycle started
  finished_at TIMESTAMP, -- When the cycle finished
  operator_id INTEGER, -- Operator who ran it
  water_l REAL NOT NULL, -- Rinse water 用水
  steam_kg REAL NOT NULL -- Steam used
)
"""


@pytest.fixture(scope="module")
def cycles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{Path(tmp_path_factory.mktemp('units')) / 'cip.db'}")
    with engine.begin() as connection:
        connection.execute(text(SCHEMA))
        for i in range(40):
            start = NOW - timedelta(hours=3 * i + 1)
            connection.execute(
                text("INSERT INTO cleaning_cycles VALUES (:i, :tank, :start, :end, :op, :water, :steam)"),
                {
                    "i": i + 1,
                    "tank": f"T-{i % 5:02d}",
                    "start": start.isoformat(" "),
                    "end": (start + timedelta(minutes=20 + i)).isoformat(" "),
                    "op": 100 + i % 3,
                    "water": 500.0 + 10 * i,
                    "steam": 40.0 + i,
                },
            )
    yield engine
    engine.dispose()


def _answer(engine: Engine, question: str) -> Answer:
    nl2sql = NL2SQL([Source("cip", engine, introspect(engine))], charts=False)
    return nl2sql.answer(question, now=NOW, language="en" if question.isascii() else "zh")


def _ask(engine: Engine, question: str) -> list[list[object]]:
    answer = _answer(engine, question)
    assert not answer.choices, answer.choices
    return answer.rows


def _yesterday(engine: Engine, expression: str) -> float:
    day = (NOW - timedelta(days=1)).date()
    with engine.connect() as connection:
        return connection.execute(
            text(f"SELECT {expression} FROM cleaning_cycles WHERE started_at >= :a AND started_at < :b"),
            {"a": str(day), "b": str(day + timedelta(days=1))},
        ).scalar_one()


@pytest.mark.parametrize(
    "question",
    ["How many litres of water did the cleaning cycles use yesterday?", "昨天清洗周期一共用了多少升水？"],
)
def test_an_amount_asked_in_litres_sums_the_column_kept_in_litres(cycles: Engine, question: str) -> None:
    assert _ask(cycles, question) == [[pytest.approx(_yesterday(cycles, "SUM(water_l)"))]]


def test_an_amount_in_kilograms_sums_the_column_kept_in_kilograms(cycles: Engine) -> None:
    question = "How many kg did the cleaning cycles use yesterday?"
    assert _ask(cycles, question) == [[pytest.approx(_yesterday(cycles, "SUM(steam_kg)"))]]


def test_a_unit_no_measure_is_kept_in_is_not_answered(cycles: Engine) -> None:
    with pytest.raises(NL2SQLError) as raised:
        _ask(cycles, "How many kWh did the cleaning cycles use yesterday?")
    assert "kwh" in str(raised.value.reason).lower()


def test_time_to_finish_is_the_span_from_the_rows_own_time(cycles: Engine) -> None:
    rows = _ask(cycles, "On average, how long does it take to finish a cleaning cycle, in minutes?")
    with cycles.connect() as connection:
        spans = connection.execute(text("SELECT started_at, finished_at FROM cleaning_cycles")).all()
    minutes = [(datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds() / 60 for a, b in spans]
    assert rows == [[pytest.approx(sum(minutes) / len(minutes), abs=0.01)]]


def test_an_identifier_is_never_averaged(cycles: Engine) -> None:
    answer = _answer(cycles, "What is the average operator of the cleaning cycles?")
    assert answer.choices and not answer.sql  # asked back: "operator" is no measure


def test_an_amount_asked_in_another_unit_of_the_same_quantity_is_converted(cycles: Engine) -> None:
    litres = sum(500.0 + 10 * i for i in range(40))
    answer = _answer(cycles, "How much rinse water did the cleaning cycles use in total, in hectolitres?")
    assert answer.rows == [[pytest.approx(litres / 100)]]
    assert "in hL" in answer.text
    tonnes = _answer(cycles, "total steam used by the cleaning cycles, in tonnes")
    assert tonnes.rows == [[pytest.approx(sum(40.0 + i for i in range(40)) / 1000)]]


def test_an_amount_asked_in_a_unit_of_another_quantity_is_not_answered(cycles: Engine) -> None:
    try:
        answer = _answer(cycles, "total steam used by the cleaning cycles, in m3")
    except NL2SQLError:
        return
    assert answer.choices and not answer.rows  # asked back, nothing answered in kg as if m3


def test_cubic_metres_asked_in_chinese_without_the_metre() -> None:
    assert asked_units("这个月一共用了多少立方？") == ["m3"]
