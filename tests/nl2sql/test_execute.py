"""execute: read-only, time-limited, capped — on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from nl2sql import QueryFailed, QueryTimeout, execute

SLOW = {
    "sqlite": "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100000000) "
    "SELECT COUNT(*) FROM r",
    "postgresql": "SELECT pg_sleep(5)",
    "mysql": "SELECT SLEEP(5)",  # MariaDB caps recursion at 1000 rows, so sleep instead
}


def test_rows_are_capped(any_plant: Engine) -> None:
    result = execute(any_plant, "SELECT code FROM stations ORDER BY code", row_cap=5)
    assert len(result.rows) == 5 and result.truncated and result.columns == ["code"]


def test_writes_fail_in_the_read_only_transaction(any_plant: Engine) -> None:
    with pytest.raises(QueryFailed):
        execute(any_plant, "UPDATE shifts SET name = 'x'")
    assert execute(any_plant, "SELECT COUNT(*) FROM shifts WHERE name = 'x'").rows == [[0]]


def test_slow_statements_are_stopped(any_plant: Engine) -> None:
    with pytest.raises(QueryTimeout) as caught:
        execute(any_plant, SLOW[any_plant.dialect.name], timeout_s=0.5)
    assert "0.5 s" in caught.value.user_message("en")


def test_the_connection_is_usable_afterwards(any_plant: Engine) -> None:
    with pytest.raises(QueryFailed):
        execute(any_plant, "SELECT nosuch FROM shifts")
    assert execute(any_plant, "SELECT COUNT(*) FROM shifts").rows == [[3]]
