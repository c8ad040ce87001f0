"""Absence: "which stations had no downtime yesterday?" lists the things none of the rows
point to, on SQLite, PostgreSQL and MariaDB, and says so."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from nl2sql.errors import NotUnderstood
from tests.nl2sql.conftest import NOW, answerer


def test_things_without_rows_are_listed(any_plant: Engine) -> None:
    nl2sql = answerer(any_plant)
    answer = nl2sql.answer("which stations had no downtime yesterday?", now=NOW)
    with any_plant.connect() as db:
        stopped = {
            r[0]
            for r in db.execute(
                text(
                    "SELECT station_id FROM downtime_events WHERE started_at >= '2026-11-20' "
                    "AND started_at < '2026-11-21' AND station_id IS NOT NULL"
                )
            )
        }
        stations = {r[0]: r[1] for r in db.execute(text("SELECT id, name FROM stations"))}
    expected = sorted(name for id_, name in stations.items() if id_ not in stopped)
    assert expected and len(expected) < len(stations)  # the question tells stations apart
    assert sorted(r[0] for r in answer.rows) == expected, answer.sql
    assert "NOT" in answer.sql and "without Downtime events" in answer.interpretation
    assert answer.interpretation.endswith("Fri 20 Nov 2026")


def test_absence_in_chinese_and_without_a_grouping_is_not_guessed(any_plant: Engine) -> None:
    nl2sql = answerer(any_plant)
    zh = nl2sql.answer("昨天从来没有停机的设备有哪些？", now=NOW, language="zh")
    en = nl2sql.answer("which stations had no downtime yesterday?", now=NOW)
    assert sorted(zh.rows) == sorted(en.rows) and "没有" in zh.interpretation
    with pytest.raises(NotUnderstood):  # nothing to list: absence of what, for which things?
        nl2sql.answer("how many downtime events had no reason yesterday?", now=NOW)
