"""Engines and sessions for Gemba's store on SQLite, PostgreSQL or MySQL/MariaDB."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("gemba")
T = TypeVar("T")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for `url`; SQLite gets WAL, foreign keys and a busy timeout.

    >>> make_engine("sqlite://").dialect.name
    'sqlite'
    """
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {}).setdefault("timeout", 30)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted and overwritten content is zeroed, so what an anonymous report scrubs is gone
    # from the file too, not only from the tables.
    cursor.execute("PRAGMA secure_delete=ON")
    if cursor.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back when it raises."""
    with sessions() as session, session.begin():
        yield session


#: How the databases say they undid a transaction that raced another: PostgreSQL's SQLSTATEs for
#: a serialization failure and a deadlock, MySQL/MariaDB's error numbers for a deadlock and a lock
#: wait timeout.
_RACED_STATES = frozenset({"40001", "40P01"})
_RACED_NUMBERS = frozenset({1213, 1205})


#: How many times a transaction runs when the database undoes it for racing another.
RACED_ATTEMPTS = 3


def again_if_raced(run: Callable[[], T]) -> T:
    """`run()`, run again (up to `RACED_ATTEMPTS` times in all) while the database undoes its
    transaction for racing another: nothing of it was kept, so the next run answers as if it came
    second, instead of "the database cannot be reached"."""
    attempt = 1
    while True:
        try:
            return run()
        except DBAPIError as error:
            if attempt == RACED_ATTEMPTS or not raced(error):
                raise
            log.warning("transaction raced another, running it again (attempt %d): %s", attempt, error)
            attempt += 1


def raced(error: BaseException) -> bool:
    """Whether `error` is the database undoing a transaction that raced another (a deadlock, a
    serialization failure): nothing of it was kept, and running it again is safe."""
    if not isinstance(error, DBAPIError):
        return False
    cause = error.orig
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    number = cause.args[0] if cause is not None and cause.args else None
    return state in _RACED_STATES or number in _RACED_NUMBERS


def analyze(connection: Connection, tables: list[str]) -> None:
    """Refresh the query planner's statistics of `tables` (after a bulk load or new indexes),
    so that it knows, say, that one line is a small part of a large table."""
    dialect = connection.dialect.name
    quote = connection.dialect.identifier_preparer.quote
    if dialect in ("mysql", "mariadb"):
        connection.execute(text("ANALYZE TABLE " + ", ".join(quote(name) for name in tables)))
        return
    for name in tables:
        connection.execute(text(f"ANALYZE {quote(name)}"))
