"""A question whose query runs past the time limit is stopped and answered with what to
narrow, in the language of the question — never a hang. The queries here really are slower
than their limit: on SQLite the limit has passed before the first row is read; on PostgreSQL
another transaction holds the table, so without the limit the query would wait for ever."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from nl2sql import NL2SQL, QueryTimeout
from tests.nl2sql.conftest import NOW, answerer


def _timed_out(nl2sql: NL2SQL, question: str) -> QueryTimeout:
    with pytest.raises(QueryTimeout) as caught:
        nl2sql.answer(question, now=NOW)
    return caught.value


def test_a_period_over_every_line_is_narrowed_to_a_shorter_period_or_one_line(plant_engine: Engine) -> None:
    timeout = _timed_out(answerer(plant_engine, timeout_s=0), "total output by line last month")
    english, chinese = timeout.user_message("en"), timeout.user_message("zh")
    assert "stopped it" in english and "a shorter period than Oct 2026" in english and "one line" in english
    assert "已停止" in chinese and "比2026年10月更短的时间段" in chinese and "某一产线" in chinese


def test_a_question_about_one_line_is_not_told_to_pick_one_line(plant_engine: Engine) -> None:
    # An average of the hours: read from the hourly rows, not from the plant's daily totals.
    question = "average hourly output of line 6 last month"
    english = _timed_out(answerer(plant_engine, timeout_s=0), question).user_message("en")
    assert "a shorter period than Oct 2026" in english and "one line" not in english


@pytest.fixture
def andon_calls_held(pg_plant: Engine) -> Iterator[None]:
    """Another transaction holds `andon_calls` exclusively (released after 60 s at the latest,
    so a missing limit fails the test instead of hanging it)."""
    connection = pg_plant.connect()
    connection.execute(text("LOCK TABLE andon_calls IN ACCESS EXCLUSIVE MODE"))
    release = threading.Timer(60, connection.rollback)
    release.start()
    yield
    release.cancel()
    connection.rollback()
    connection.close()


@pytest.fixture
def pg_answerer(pg_plant: Engine) -> NL2SQL:
    # Below a millisecond: a limit PostgreSQL would read as none, were it rounded down to 0.
    return answerer(pg_plant, timeout_s=0.0004)


def test_a_query_waiting_on_postgresql_is_stopped_by_the_statement_timeout(
    pg_answerer: NL2SQL, andon_calls_held: None
) -> None:
    timeout = _timed_out(pg_answerer, "how many andon calls last week?")
    assert "a shorter period than Mon 9 – Sun 15 Nov 2026, or one line" in timeout.user_message("en")
    assert "比2026年11月9日至15日更短的时间段" in timeout.user_message("zh")
