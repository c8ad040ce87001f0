"""A thing is shown by its name with the code people say beside it ("3号冲压机 · CY-03"), and a
state labelled in Chinese in a comment ("1=在用") is also named by its English words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.store.db import make_engine
from nl2sql import NL2SQL, Source, introspect
from tests.nl2sql.conftest import NOW

SCHEMA = (
    """CREATE TABLE machines ( -- Machines
  code TEXT PRIMARY KEY, -- Machine code, e.g. CY-03
  name TEXT NOT NULL, -- Machine name
  state INTEGER NOT NULL -- 设备状态: 1=在用 2=停用
)""",
    """CREATE TABLE stoppages ( -- Machine stoppages
  id INTEGER PRIMARY KEY,
  machine_code TEXT NOT NULL REFERENCES machines(code),
  started_at TIMESTAMP NOT NULL, -- When the stoppage started
  minutes REAL NOT NULL -- Length of the stoppage
)""",
)
MACHINES = [("CY-01", "1号冲压机", 1), ("CY-02", "2号冲压机", 1), ("CY-03", "3号冲压机", 2)]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NL2SQL]:
    engine: Engine = make_engine(f"sqlite:///{Path(tmp_path_factory.mktemp('names')) / 'shop.db'}")
    with engine.begin() as connection:
        for statement in SCHEMA:
            connection.execute(text(statement))
        connection.execute(
            text("INSERT INTO machines VALUES (:c, :n, :s)"),
            [dict(zip("cns", m, strict=True)) for m in MACHINES],
        )
        stops = [
            (i, MACHINES[i % 3 if i < 7 else 2][0], NOW - timedelta(hours=i + 1), 10.0) for i in range(9)
        ]
        connection.execute(
            text("INSERT INTO stoppages VALUES (:i, :m, :t, :d)"),
            [{"i": i, "m": m, "t": t.isoformat(" "), "d": d} for i, m, t, d in stops],
        )
    yield NL2SQL([Source("shop", engine, introspect(engine))], charts=False)
    engine.dispose()


def test_a_breakdown_shows_each_thing_by_name_and_code(shop: NL2SQL) -> None:
    answer = shop.answer("how many stoppages per machine?", now=NOW)
    assert sorted(answer.rows) == [
        ["1号冲压机", "CY-01", 3],
        ["2号冲压机", "CY-02", 2],
        ["3号冲压机", "CY-03", 4],
    ]
    assert "3号冲压机 · CY-03: 4" in answer.text


def test_an_english_state_names_a_code_labelled_in_chinese(shop: NL2SQL) -> None:
    answer = shop.answer("which machines are in use?", now=NOW)
    assert sorted(row[:2] for row in answer.rows) == [["CY-01", "1号冲压机"], ["CY-02", "2号冲压机"]]
