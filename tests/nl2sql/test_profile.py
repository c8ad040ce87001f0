"""Time columns stored as text (with or without an offset from UTC, or the day before the year)
or epoch numbers are found by their values and windowed and grouped correctly, on SQLite,
PostgreSQL and MariaDB; codes explained in comments are values."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from bot.store.db import make_engine
from nl2sql import NL2SQL, Source, introspect
from tests.conftest import empty_database

NOW = datetime(2026, 11, 21, 12, 0)  # a Saturday; last week is Mon 9 – Sun 15 Nov
MOMENTS = [
    datetime(2026, 11, 8, 23, 30),  # the Sunday before: outside
    datetime(2026, 11, 9, 0, 30),
    datetime(2026, 11, 12, 10, 0),
    datetime(2026, 11, 15, 23, 30),
    datetime(2026, 11, 16, 0, 30),  # this week: outside
]
# One table a storage form: (table, column type, how a moment is stored).
FORMS = {
    "receipts": ("VARCHAR(20)", lambda m: f"'{m:%Y-%m-%dT%H:%M:%S}'"),
    "picks": ("BIGINT", lambda m: str(int(m.replace(tzinfo=UTC).timestamp()))),
    "scraps": ("BIGINT", lambda m: str(int(m.replace(tzinfo=UTC).timestamp()) * 1000)),
    "transfers": ("VARCHAR(20)", lambda m: f"'{m:%Y-%m-%d %H:%M}'"),
    # local time with its offset from UTC (a summer offset too), and UTC written as "Z"
    "shipments": ("VARCHAR(30)", lambda m: f"'{m:%Y-%m-%dT%H:%M:%S}{'+02:00' if m.day == 9 else '+01:00'}'"),
    "deliveries": ("VARCHAR(30)", lambda m: f"'{m:%Y-%m-%dT%H:%M:%S}Z'"),
    # the day before the year, as European and American exports write it
    "loads": ("VARCHAR(20)", lambda m: f"'{m:%d.%m.%Y %H:%M}'"),
    "bookings": ("VARCHAR(20)", lambda m: f"'{m:%m/%d/%Y %H:%M}'"),
}


def _fill(engine: Engine) -> None:
    comment = "status: 0=open, 1=done"
    with engine.begin() as db:
        for table, (kind, stored) in FORMS.items():
            status = f"status INTEGER {'-- ' + comment if engine.dialect.name == 'sqlite' else ''}"
            if engine.dialect.name == "mysql":
                status = f"status INTEGER COMMENT '{comment}'"
            columns = f"id INTEGER PRIMARY KEY, happened {kind}, qty INTEGER,\n{status}\n"
            db.execute(text(f"CREATE TABLE {table} ({columns})"))
            if engine.dialect.name == "postgresql":
                db.execute(text(f"COMMENT ON COLUMN {table}.status IS '{comment}'"))
            for i, moment in enumerate(MOMENTS):
                db.execute(text(f"INSERT INTO {table} VALUES ({i}, {stored(moment)}, {i + 1}, {i % 2})"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql", "mariadb"])
def shop(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NL2SQL]:
    for url in empty_database(request.param, tmp_path_factory.mktemp("profile")):
        engine = make_engine(url)
        _fill(engine)
        yield NL2SQL([Source("shop", engine, introspect(engine))], charts=False)
        engine.dispose()


def test_the_catalog_finds_times_in_text_and_numbers_and_codes_in_comments(shop: NL2SQL) -> None:
    tables = shop.sources[0].catalog.tables
    storage = {name: (t.column("happened").kind, t.column("happened").storage) for name, t in tables.items()}  # type: ignore[union-attr]
    assert storage == {
        "picks": ("datetime", "epoch_s"),
        "receipts": ("datetime", "iso_t"),
        "scraps": ("datetime", "epoch_ms"),
        "transfers": ("datetime", "iso"),
        "shipments": ("datetime", "iso_t_tz"),
        "deliveries": ("datetime", "iso_t_tz"),
        "loads": ("datetime", "dmy"),
        "bookings": ("datetime", "mdy"),
    }
    assert tables["deliveries"].column("happened").utc and not tables["shipments"].column("happened").utc  # type: ignore[union-attr]
    status = tables["picks"].column("status")
    assert status is not None and status.kind == "code" and status.labels == {"0": "open", "1": "done"}


@pytest.mark.parametrize("table", sorted(FORMS))
def test_a_window_counts_the_rows_of_that_week(shop: NL2SQL, table: str) -> None:
    answer = shop.answer(f"how many {table} last week?", now=NOW)
    assert answer.rows == [[3]], answer.sql


@pytest.mark.parametrize("table", sorted(FORMS))
def test_a_trend_groups_by_the_day_it_happened(shop: NL2SQL, table: str) -> None:
    answer = shop.answer(f"{table} per day last week", now=NOW)
    assert [(str(day)[:10], n) for day, n in answer.rows] == [
        ("2026-11-09", 1),
        ("2026-11-12", 1),
        ("2026-11-15", 1),
    ], answer.sql


def test_a_code_is_named_by_its_meaning(shop: NL2SQL) -> None:
    answer = shop.answer("how many open picks?", now=NOW)
    assert answer.rows == [[3]] and "status" in answer.sql, answer.sql


def test_a_share_of_rows_is_computed_in_every_dialect(shop: NL2SQL) -> None:
    answer = shop.answer("what percentage of picks were open last week?", now=NOW)
    assert [[float(v) for v in row] for row in answer.rows] == [[33.33]], answer.sql  # 1 of 3


@pytest.mark.parametrize("table", ["picks", "scraps"])
def test_a_list_shows_times_kept_as_numbers_as_times(shop: NL2SQL, table: str) -> None:
    answer = shop.answer(f"Show all {table}", now=NOW)
    assert sorted(str(row[1])[:16] for row in answer.rows) == [f"{m:%Y-%m-%d %H:%M}" for m in MOMENTS]


def test_a_listed_time_is_shown_in_plant_time_to_the_minute(shop: NL2SQL) -> None:
    india = NL2SQL(shop.sources, timezone=ZoneInfo("Asia/Kolkata"), charts=False)  # 5 h 30 min ahead
    answer = india.answer("Show all picks", now=NOW)
    ahead = [m + timedelta(hours=5, minutes=30) for m in MOMENTS]
    assert sorted(str(row[1])[:16] for row in answer.rows) == [f"{m:%Y-%m-%d %H:%M}" for m in ahead]
