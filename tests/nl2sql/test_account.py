"""Account: what the question says either becomes part of the SQL, or the question is not
answered as if understood — on a small schema the parser was not written for."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.store.db import make_engine
from nl2sql import NL2SQL, Source, introspect
from nl2sql.errors import NotUnderstood

NOW = datetime(2026, 11, 21, 12, 0)


@pytest.fixture(scope="module")
def robots(tmp_path_factory: pytest.TempPathFactory) -> NL2SQL:
    """Robots (no time column) and their repair jobs (with one), in a fresh SQLite file."""
    path: Path = tmp_path_factory.mktemp("account") / "cell.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as db:
        db.execute(text("CREATE TABLE robots (id INTEGER PRIMARY KEY, name TEXT, payload_kg INTEGER)"))
        db.execute(
            text(
                "CREATE TABLE repairs (id INTEGER PRIMARY KEY, robot_id INTEGER REFERENCES robots(id), "
                "cost REAL, done_at TIMESTAMP)"
            )
        )
        for i in range(1, 7):
            db.execute(text(f"INSERT INTO robots VALUES ({i}, 'R{i}', {i * 50})"))
            db.execute(
                text(f"INSERT INTO repairs VALUES ({i}, {i}, {i * 10.0}, '2026-11-{10 + i} 08:00:00')")
            )
    return NL2SQL([Source("cell", engine, introspect(engine))], charts=False)


def test_a_fully_read_question_is_answered(robots: NL2SQL) -> None:
    answer = robots.answer("how many robots?", now=NOW)
    assert answer.rows == [[6]] and not answer.choices


def test_a_time_window_the_table_cannot_hold_is_not_dropped_in_silence(robots: NL2SQL) -> None:
    with pytest.raises(NotUnderstood) as refused:
        robots.answer("how many robots last week?", now=NOW)
    assert refused.value.words == ["last week"]
    assert "I did not understand “last week”" in refused.value.user_message("en")
    assert "没有理解" in refused.value.user_message("zh")


def test_a_negation_is_not_offered_away(robots: NL2SQL) -> None:
    with pytest.raises(NotUnderstood) as refused:
        robots.answer("how many robots are not repaired?", now=NOW)
    assert "not" in refused.value.words


def test_a_stray_word_is_asked_back_with_the_question_that_is_fully_read(robots: NL2SQL) -> None:
    answer = robots.answer("how many robots, asap?", now=NOW)
    assert answer.ignored == ["asap"] and not answer.sql and not answer.rows
    assert answer.text.startswith("I did not understand “asap”")
    [offer] = answer.choices
    assert "asap" not in offer
    assert robots.answer(offer, now=NOW).rows == [[6]]


def test_sql_for_refuses_what_it_did_not_understand(robots: NL2SQL) -> None:
    with pytest.raises(NotUnderstood):
        robots.sql_for("how many robots last week?", now=NOW)
