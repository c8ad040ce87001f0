"""Row scope: a role limited to some lines reads only their rows, whoever wrote the SQL.

On real SQLite, PostgreSQL and MariaDB: counts through `scoped` equal the direct SQL for
the allowed line only; SQL an LLM wrote to read every line is limited the same way (and a
corpus of such SQL, `OTHER_LINES`, shows no other line's row or is refused); a CTE named
like a table is left alone, one that would stand in for a table the limit reads is refused;
and the rewritten SQL passes the read policy.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlglot
from sqlalchemy import Engine, text

from nl2sql import NL2SQL, Rejected, Source
from nl2sql.check import check_tree
from nl2sql.scope import RowScope, applied, scoped
from tests.nl2sql.conftest import NOW, UTC, FakeLLM, plant_catalog

ONLY_L3 = RowScope("lines", "code", frozenset({"L3"}))

# What is counted, and the direct SQL that counts it for line L3 only.
COUNTS = {
    "andon_calls": "SELECT COUNT(*) FROM andon_calls a JOIN lines l ON a.line_id = l.id WHERE l.code = 'L3'",
    "downtime_events": (
        "SELECT COUNT(*) FROM downtime_events d JOIN stations s ON d.station_id = s.id "
        "JOIN lines l ON s.line_id = l.id WHERE l.code = 'L3'"
    ),
    "stations": "SELECT COUNT(*) FROM stations s JOIN lines l ON s.line_id = l.id WHERE l.code = 'L3'",
    "lines": "SELECT COUNT(*) FROM lines WHERE code = 'L3'",
}


def _dialect(engine: Engine) -> str:
    return {"sqlite": "sqlite", "postgresql": "postgres", "mysql": "mysql"}[engine.dialect.name]


def _direct(engine: Engine, sql: str) -> str:
    """`sql` (written for SQLite) as `engine` reads it (`lines` is a reserved word in MariaDB)."""
    return sqlglot.transpile(sql, read="sqlite", write=_dialect(engine), identify=True)[0]


def _one(engine: Engine, sql: str) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(sql)).scalar_one()


def _run(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


@pytest.mark.parametrize("table", sorted(COUNTS))
def test_a_scoped_count_equals_the_direct_sql_for_the_line(any_plant: Engine, table: str) -> None:
    catalog = plant_catalog(any_plant)
    dialect = _dialect(any_plant)
    every = _direct(any_plant, f"SELECT COUNT(*) FROM {table}")
    tree = scoped(sqlglot.parse_one(every, read=dialect), catalog, ONLY_L3)
    sql = check_tree(tree, catalog, dialect, again=True)
    expected = _one(any_plant, _direct(any_plant, COUNTS[table]))
    assert expected and _one(any_plant, sql) == expected
    assert _one(any_plant, every) > expected  # other lines have rows too


def test_questions_by_the_rules_read_only_the_line(any_plant: Engine) -> None:
    nl2sql = NL2SQL([Source("plant", any_plant, plant_catalog(any_plant))], timezone=UTC, charts=False)
    everyone = nl2sql.answer("downtime by line last week", now=NOW)
    assert len(everyone.rows) > 1
    answer = nl2sql.answer("downtime by line last week", now=NOW, scope=ONLY_L3)
    assert [row[0] for row in answer.rows] == ["Line 3"]
    assert answer.rows[0] in everyone.rows
    assert answer.interpretation.endswith("· only L3")
    other = nl2sql.answer("how many andon calls on line 4 last week?", now=NOW, scope=ONLY_L3)
    assert other.rows == [[0]]  # another line's rows are not there to count


def test_sql_an_llm_wrote_for_every_line_is_limited_too(any_plant: Engine) -> None:
    every_line = (
        "SELECT l.code, COUNT(*) AS n FROM andon_calls a JOIN lines l ON a.line_id = l.id "
        "WHERE a.line_id IN (SELECT id FROM lines) GROUP BY l.code "
        "UNION ALL SELECT s.code, COUNT(*) FROM downtime_events d JOIN stations s ON d.station_id = s.id "
        "GROUP BY s.code"
    )
    llm = FakeLLM(f"```sql\n{_direct(any_plant, every_line)}\n```")
    nl2sql = NL2SQL(
        [Source("plant", any_plant, plant_catalog(any_plant))], timezone=UTC, charts=False, llm=llm
    )
    answer = nl2sql.answer("how many flux capacitor calls per line?", now=NOW, scope=ONLY_L3, language="zh")
    assert answer.path == "llm" and answer.rows
    l3_stations = {
        row[0]
        for row in _run(any_plant, _direct(any_plant, COUNTS["stations"].replace("COUNT(*)", "s.code")))
    }
    codes = {row[0] for row in answer.rows}
    assert codes <= {"L3"} | l3_stations and "L3" in codes
    assert answer.interpretation.endswith("· 仅限 L3")
    calls = dict(
        _run(
            any_plant,
            _direct(
                any_plant,
                "SELECT l.code, COUNT(*) FROM andon_calls a JOIN lines l ON a.line_id = l.id GROUP BY l.code",
            ),
        )
    )
    assert dict(answer.rows)["L3"] == calls["L3"]


def test_a_cte_named_like_a_table_is_not_taken_for_it(plant_engine: Engine) -> None:
    catalog = plant_catalog(plant_engine)
    sql = (
        "WITH andon_calls AS (SELECT id FROM stations) "
        "SELECT (SELECT COUNT(*) FROM andon_calls) AS from_cte, COUNT(*) AS calls FROM problems"
    )
    tree = scoped(sqlglot.parse_one(sql, read="sqlite"), catalog, ONLY_L3)
    cte = tree.find(sqlglot.exp.CTE)
    assert cte is not None and "IN ('L3')" in cte.sql()  # stations inside the CTE are limited
    assert "(SELECT COUNT(*) FROM andon_calls)" in tree.sql()  # the CTE reference is left as it is
    from_cte, problems = _run(plant_engine, check_tree(tree, catalog, "sqlite"))[0]
    assert from_cte == _one(plant_engine, COUNTS["stations"])
    assert problems == _one(
        plant_engine, "SELECT COUNT(*) FROM problems p JOIN lines l ON p.line_id = l.id WHERE l.code = 'L3'"
    )
    # …and below its own WITH only: a base table of the same name elsewhere is limited.
    shadow = (
        "SELECT (WITH andon_calls AS (SELECT 1 AS id) SELECT COUNT(*) FROM andon_calls) AS a, "
        "COUNT(*) AS b FROM andon_calls"
    )
    tree = scoped(sqlglot.parse_one(shadow, read="sqlite"), catalog, ONLY_L3)
    assert _run(plant_engine, check_tree(tree, catalog, "sqlite")) == [
        (1, _one(plant_engine, COUNTS["andon_calls"]))
    ]


@pytest.mark.parametrize(
    "sql",
    [
        "WITH lines AS (SELECT 1 AS id, 'L3' AS code) SELECT COUNT(*) FROM andon_calls",
        "SELECT (WITH Lines AS (SELECT id, 'L3' AS code FROM stations) SELECT COUNT(*) FROM problems) AS n",
    ],
)
def test_a_cte_that_would_stand_in_for_the_scope_table_is_refused(plant_engine: Engine, sql: str) -> None:
    with pytest.raises(Rejected, match="names a CTE after a table that limits your rows"):
        scoped(sqlglot.parse_one(sql, read="sqlite"), plant_catalog(plant_engine), ONLY_L3)


def test_scoping_fails_closed(plant_engine: Engine) -> None:
    catalog = plant_catalog(plant_engine)
    with pytest.raises(Rejected, match="cannot limit"):
        scoped(
            sqlglot.parse_one("SELECT * FROM (andon_calls JOIN lines ON andon_calls.line_id = lines.id)"),
            catalog,
            ONLY_L3,
        )
    with pytest.raises(Rejected, match="does not hold"):
        scoped(sqlglot.parse_one("SELECT 1"), catalog, RowScope("lines", "nosuch", frozenset({"x"})))
    shifts = scoped(sqlglot.parse_one("SELECT COUNT(*) FROM shifts"), catalog, ONLY_L3)
    assert shifts.sql() == "SELECT COUNT(*) FROM shifts"  # no line to tie a shift to
    assert not applied(shifts, ONLY_L3)


# SQL a hostile or careless model might write to see other lines: every one is limited or refused.
OTHER_LINES = [
    "SELECT code FROM lines",
    "SELECT code FROM lines WHERE code <> 'L3'",
    "SELECT l.code FROM lines l UNION SELECT s.code FROM stations s",
    "WITH x AS (SELECT code FROM lines) SELECT code FROM x",
    "SELECT (SELECT MAX(code) FROM lines WHERE code = 'L4') AS code",
    "SELECT code FROM lines WHERE EXISTS (SELECT 1 FROM andon_calls a WHERE a.line_id = lines.id)",
    "SELECT DISTINCT l.code FROM andon_calls a LEFT JOIN lines l ON l.id = a.line_id",
    "SELECT DISTINCT s.code FROM downtime_events d JOIN stations s ON s.id = d.station_id",
    "SELECT code FROM (SELECT code FROM lines) AS lines",
    "SELECT t.code FROM (SELECT id, code FROM lines) AS t JOIN stations ON stations.line_id = t.id",
    "SELECT lines.code FROM stations AS lines",
    "SELECT code FROM lines AS andon_calls",
    "SELECT (WITH y AS (SELECT code FROM lines) SELECT MAX(code) FROM y) AS code",
    "WITH lines AS (SELECT id, code FROM stations) SELECT code FROM lines",
    "WITH stations AS (SELECT 1 AS id) SELECT l.code FROM lines l",
    "SELECT code FROM lines l WHERE l.id IN (SELECT line_id FROM problems)",
    "SELECT code FROM lines GROUP BY code HAVING COUNT(*) > 0 ORDER BY code",
]


@pytest.mark.parametrize("sql", OTHER_LINES)
def test_llm_sql_never_shows_another_lines_rows(any_plant: Engine, sql: str) -> None:
    catalog = plant_catalog(any_plant)
    dialect = _dialect(any_plant)
    l3 = {"L3"} | {
        row[0]
        for row in _run(any_plant, _direct(any_plant, COUNTS["stations"].replace("COUNT(*)", "s.code")))
    }
    every = {
        row[0]
        for row in _run(
            any_plant, _direct(any_plant, "SELECT code FROM lines UNION SELECT code FROM stations")
        )
    }
    try:
        tree = scoped(sqlglot.parse_one(_direct(any_plant, sql), read=dialect), catalog, ONLY_L3)
        rows = _run(any_plant, check_tree(tree, catalog, dialect, again=True))
    except Rejected:
        return
    shown = {value for row in rows for value in row if value is not None}
    assert shown <= l3 and not shown & (every - l3)
