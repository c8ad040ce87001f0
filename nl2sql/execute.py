"""Execute: a checked statement on a read-only transaction with a time limit and a row cap.

Per dialect: SQLite gets `PRAGMA query_only`, a progress handler that interrupts after
the deadline and, given the catalog, an authorizer that denies every table and column
the catalog does not show (the database's own check, behind the checker's); PostgreSQL
`SET TRANSACTION READ ONLY` and `SET LOCAL statement_timeout`; MySQL
`max_execution_time` and MariaDB `max_statement_time` in a read-only transaction (run
them as a role that may only SELECT the allowed tables: see the README). The statement
goes to the driver cursor without parameters, so no `%` or `:name` in it is ever
interpreted.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from nl2sql.catalog import Catalog
from nl2sql.errors import AccessDenied, QueryFailed, QueryTimeout
from nl2sql.policy import is_system_name, visible_columns


@dataclass
class Result:
    """Rows of one statement: at most `row_cap`; `truncated` when there were more."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    return value


def execute(
    engine: Engine,
    sql: str,
    *,
    timeout_s: float = 5.0,
    row_cap: int = 1000,
    catalog: Catalog | None = None,
) -> Result:
    """Run `sql` (already checked) read-only; raises `QueryTimeout`, `AccessDenied` or `QueryFailed`.

    With `catalog`, SQLite reads nothing but the catalog's visible columns of its tables.
    """
    name = engine.dialect.name
    started = time.monotonic()
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            if name == "sqlite":
                return _sqlite(raw, sql, timeout_s, row_cap, catalog)
            connection.rollback()  # start from a clean slate on the driver connection
            cursor = raw.cursor()
            try:
                if name == "postgresql":
                    cursor.execute("SET TRANSACTION READ ONLY")
                    cursor.execute(f"SET LOCAL statement_timeout = {_milliseconds(timeout_s)}")
                else:
                    if getattr(connection.dialect, "is_mariadb", False):
                        cursor.execute(f"SET SESSION max_statement_time = {max(0.001, timeout_s)}")
                    else:
                        cursor.execute(f"SET SESSION max_execution_time = {_milliseconds(timeout_s)}")
                    cursor.execute("START TRANSACTION READ ONLY")
                cursor.execute(sql)
                return _fetch(cursor, row_cap)
            finally:
                cursor.close()
                raw.rollback()
    except DBAPIError as error:
        raise _mapped(error.orig or error, sql, started, timeout_s) from None
    except QueryFailed:
        raise
    except Exception as error:  # the driver's own exceptions, when not wrapped
        raise _mapped(error, sql, started, timeout_s) from None


def _milliseconds(timeout_s: float) -> int:
    """The limit in whole milliseconds, at least 1: PostgreSQL and MySQL take 0 as no limit."""
    return max(1, round(timeout_s * 1000))


def _sqlite(raw: Any, sql: str, timeout_s: float, row_cap: int, catalog: Catalog | None) -> Result:
    deadline = time.monotonic() + timeout_s
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 2000)
    cursor = raw.cursor()
    try:
        cursor.execute("PRAGMA query_only = ON")
        if catalog is not None:
            tables = {
                str(name).lower()
                for (name,) in cursor.execute(
                    "SELECT name FROM sqlite_master UNION ALL SELECT name FROM sqlite_temp_master"
                )
            }
            raw.set_authorizer(sqlite_authorizer(catalog, tables))
        cursor.execute(sql)
        return _fetch(cursor, row_cap)
    finally:
        cursor.close()
        raw.set_authorizer(None)
        raw.set_progress_handler(None, 0)
        restore = raw.cursor()
        restore.execute("PRAGMA query_only = OFF")
        restore.close()
        if raw.in_transaction:
            raw.rollback()


_SQLITE_READ, _SQLITE_SELECT, _SQLITE_FUNCTION = 20, 21, 31


def sqlite_authorizer(
    catalog: Catalog, tables: Iterable[str] = ()
) -> Callable[[int, str | None, str | None, str | None, str | None], int]:
    """A `sqlite3` authorizer that lets a statement SELECT and read only what `catalog` shows.

    Reading any other table or column (internal tables, hidden columns, `sqlite_master`,
    `ROWID`, the virtual tables behind `pragma_*` functions) and every other action (PRAGMA,
    ATTACH, writes, recursive CTEs) is denied, so the statement fails rather than returning
    blanks. SQLite reports a read of no column (`count(*)`) of a CTE just as of a table; such
    a read is allowed for names that are not among `tables`, the database's own tables.

    >>> import sqlite3
    >>> from nl2sql.catalog import Column, TableInfo
    >>> db = sqlite3.connect(":memory:")
    >>> _ = db.execute("CREATE TABLE t (a INT, secret TEXT)")
    >>> db.set_authorizer(sqlite_authorizer(Catalog("sqlite", {"t": TableInfo("t", [Column("a", "int")])})))
    >>> db.execute("SELECT count(*), max(a) FROM t").fetchall()
    [(0, None)]
    >>> db.execute("SELECT max(secret) FROM t")
    Traceback (most recent call last):
    ...
    sqlite3.DatabaseError: access to t.secret is prohibited
    """
    allowed = visible_columns(catalog)
    real = {t.lower() for t in tables}

    def authorize(
        action: int, first: str | None, second: str | None, _db: str | None, _via: str | None
    ) -> int:
        if action in (_SQLITE_SELECT, _SQLITE_FUNCTION):
            return sqlite3.SQLITE_OK
        if action == _SQLITE_READ and first is not None:
            name = first.lower()
            columns = allowed.get(name)
            if columns is not None and (not second or second.lower() in columns):
                return sqlite3.SQLITE_OK
            if not second and name not in real and not _system(name):
                return sqlite3.SQLITE_OK  # count(*) of a CTE or subquery
        return sqlite3.SQLITE_DENY

    return authorize


def _system(name: str) -> bool:
    return is_system_name(name) or name.startswith("pragma_") or name.startswith("json_")


def _fetch(cursor: Any, row_cap: int) -> Result:
    columns = [d[0] for d in cursor.description or ()]
    rows = cursor.fetchmany(row_cap + 1)
    truncated = len(rows) > row_cap
    return Result(columns, [[_plain(v) for v in row] for row in rows[:row_cap]], truncated)


def _mapped(error: BaseException, sql: str, started: float, timeout_s: float) -> QueryFailed:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    lowered = text.lower()
    if (
        "not authorized" in lowered
        or "prohibited" in lowered
        or "permission denied" in lowered
        or "command denied" in lowered
    ):
        return AccessDenied(
            f"the database refused: {text}",
            sql=sql,
            hint_en="The database refused that query: it reads data I may not show.",
            hint_zh="数据库拒绝了该查询：它读取了我不能显示的数据。",
        )
    if (
        "interrupted" in lowered
        or "statement timeout" in lowered
        or "max_statement_time" in lowered
        or "maximum statement execution time" in lowered
        or "canceling statement" in lowered
        or time.monotonic() - started >= timeout_s
    ):
        return QueryTimeout(f"query timed out: {text}", sql=sql, timeout_s=timeout_s)
    return QueryFailed(
        f"database error: {text}",
        sql=sql,
        hint_en=f"The database could not run the query: {text[:200]}",
        hint_zh=f"数据库无法执行该查询：{text[:200]}",
    )
