"""Questions over whole days read the plant's daily production instead of its hours, and get
exactly the answer the hours give; every other question still reads the hours.

The sample plant keeps `production_daily` beside `production` (`PLANT_ROLLUPS`); a plant
declares its own summary tables in the semantic file (`rollups:`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from nl2sql import NL2SQL, Source, add_rollups, check, enrich, introspect
from nl2sql.errors import NL2SQLError
from tests.nl2sql.conftest import NOW, UTC, plant_catalog

DAILY = "production_daily"
HOURLY = re.compile(r"[`\"]production[`\"]")  # the table's name, quoted as each dialect quotes it

WHOLE_DAYS = [
    "total output last week",
    "scrap rate by line last week",
    "output by shift this week",
    "上周各产线的产量",
    "daily output of line 2 this week",
    "本周3号线的计划产量",
    "which line produced the most last week?",
    "本周每天的报废数量",
]
NOT_WHOLE_DAYS = [
    "average hourly output of line 6 last week",  # an average of hours
    "hourly output of line 2 yesterday",  # grouped by the hour
    "output by work order last week",  # a column only the hours have
    "output in the last 8 hours",  # a window that starts inside a day
]


def _both(engine: Engine) -> tuple[NL2SQL, NL2SQL]:
    """The plant as Gemba shows it, and the same plant with no summary table to read."""
    catalog = plant_catalog(engine)
    hours_only = replace(catalog, rollups={})
    return (
        NL2SQL([Source("plant", engine, catalog)], timezone=UTC, charts=False),
        NL2SQL([Source("plant", engine, hours_only)], timezone=UTC, charts=False),
    )


@pytest.mark.parametrize("question", WHOLE_DAYS)
def test_a_question_over_whole_days_reads_the_daily_totals_and_gets_the_hours_answer(
    question: str, any_plant: Engine
) -> None:
    rolled, hourly = _both(any_plant)
    fast, slow = rolled.answer(question, now=NOW), hourly.answer(question, now=NOW)
    assert DAILY in fast.sql and not HOURLY.search(fast.sql)
    assert HOURLY.search(slow.sql) and DAILY not in slow.sql
    assert fast.rows, "the week has production"
    assert fast.rows == slow.rows


@pytest.mark.parametrize("question", NOT_WHOLE_DAYS)
def test_a_question_the_daily_totals_cannot_answer_exactly_reads_the_hours(
    question: str, plant: NL2SQL
) -> None:
    answer = plant.answer(question, now=NOW)
    assert '"production"' in answer.sql and DAILY not in answer.sql


def test_the_restatement_says_the_daily_totals_were_read(plant: NL2SQL) -> None:
    assert plant.answer("total output last week", now=NOW).interpretation.startswith("Production daily")
    assert plant.answer("output in the last 8 hours", now=NOW).interpretation.startswith("Production ·")


def test_the_daily_totals_are_never_offered_to_a_question_or_the_llm(plant: NL2SQL) -> None:
    catalog = plant.sources[0].catalog
    assert "production_daily" not in catalog.tables
    with pytest.raises(NL2SQLError):
        check("SELECT SUM(output_qty) FROM production_daily", catalog, "sqlite")


SHOP = """
CREATE TABLE cell (cell_id INTEGER PRIMARY KEY, cell_name TEXT NOT NULL);
CREATE TABLE made_hourly (
    id INTEGER PRIMARY KEY, cell_id INTEGER REFERENCES cell(cell_id), at_hour TEXT NOT NULL,
    pieces INTEGER NOT NULL, rejects INTEGER NOT NULL, operator TEXT);
CREATE TABLE made_daily (
    id INTEGER PRIMARY KEY, cell_id INTEGER REFERENCES cell(cell_id), made_on DATE NOT NULL,
    pieces INTEGER NOT NULL, rejects INTEGER NOT NULL);
INSERT INTO cell VALUES (1, 'Cell A'), (2, 'Cell B');
INSERT INTO made_hourly VALUES
    (1, 1, '2026-11-16 08:00:00', 40, 1, 'ann'), (2, 1, '2026-11-16 09:00:00', 38, 0, 'ann'),
    (3, 2, '2026-11-17 08:00:00', 55, 2, 'bo'), (4, 2, '2026-11-10 08:00:00', 70, 3, 'bo');
INSERT INTO made_daily VALUES
    (1, 1, '2026-11-16', 78, 1), (2, 2, '2026-11-17', 55, 2), (3, 2, '2026-11-10', 70, 3);
"""
SHOP_ROLLUP = {
    "table": "made_daily",
    "of": "made_hourly",
    "day": "made_on",
    "day_of": "at_hour",
    "keys": ["cell_id"],
    "sums": ["pieces", "rejects"],
}


def _shop(tmp_path: Path, rollups: list[dict[str, Any]]) -> NL2SQL:
    engine = create_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    with engine.begin() as connection:
        for statement in SHOP.split(";"):
            if statement.strip():
                connection.execute(text(statement))
    catalog = enrich(introspect(engine), {"rollups": rollups})
    return NL2SQL([Source("shop", engine, catalog)], timezone=UTC, charts=False)


def test_a_plant_declares_its_own_summary_table_in_the_semantic_file(tmp_path: Path) -> None:
    shop = _shop(tmp_path, [SHOP_ROLLUP])
    answer = shop.answer("pieces by cell this week", now=NOW)
    assert '"made_daily"' in answer.sql
    assert sorted(answer.rows) == [["Cell A", 78], ["Cell B", 55]]
    hourly = shop.answer("pieces by operator this week", now=NOW)
    assert '"made_hourly"' in hourly.sql and sorted(hourly.rows) == [["ann", 78], ["bo", 55]]


@pytest.mark.parametrize(
    "broken",
    [
        {**SHOP_ROLLUP, "sums": ["pieces", "weight"]},  # a column neither table has
        {**SHOP_ROLLUP, "day": "cell_id"},  # not a date
        {**SHOP_ROLLUP, "of": "made_weekly"},  # no such table
    ],
)
def test_a_summary_table_described_wrongly_is_not_used(broken: dict[str, Any], tmp_path: Path) -> None:
    catalog = _shop(tmp_path, [broken]).sources[0].catalog
    assert catalog.rollups == {}
    assert "made_daily" in catalog.tables  # still a table of its own, as the database has it


def test_a_time_kept_in_utc_has_other_days_than_the_plant_and_is_not_summed_by_them(tmp_path: Path) -> None:
    shop = _shop(tmp_path, [])
    catalog = shop.sources[0].catalog
    hourly = catalog.tables["made_hourly"]
    catalog.tables["made_hourly"] = replace(
        hourly, columns=[replace(c, utc=c.name == "at_hour") for c in hourly.columns]
    )
    assert add_rollups(catalog, [SHOP_ROLLUP]).rollups == {}
