"""The handover table on SQLite, PostgreSQL and MariaDB, and data questions about handovers
through the real nl2sql path on the seeded sample plant."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, insert, inspect, select, text

from adapters.cli.wiring import build_nl2sql
from adapters.settings import Settings
from bot import Services, handle
from bot.handover.models import Handover
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.migrate import downgrade, upgrade
from bot.store.models import Line
from tests.conftest import PLANT_TZ, FakeClock, message


def test_the_migration_creates_the_table_with_comments_and_a_handover_round_trips(any_store_url: str) -> None:
    engine = make_engine(any_store_url)
    try:
        upgrade(engine)
        columns = {c["name"]: c for c in inspect(engine).get_columns("handovers")}
        assert {"confirmed_at", "confirmed_by", "watch_note", "reminded_at"} <= set(columns)
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                ddl = connection.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'handovers'")
                ).scalar()
            assert "/* What the next shift must watch */" in ddl
        else:
            assert columns["watch_note"]["comment"] == "What the next shift must watch"
        with engine.begin() as connection:
            connection.execute(
                insert(Line.__table__), [{"id": 1, "code": "L1", "name": "Line 1", "area": "", "plant": ""}]
            )
        clock = FakeClock(datetime(2026, 11, 21, 14, 10, tzinfo=PLANT_TZ).astimezone(UTC))
        services = Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock)
        reply = handle(message("交接 1号线 质量：焊点气孔 | 安全：无 | 关注：电极头", user="许刚"), services)
        assert reply is not None and "H1" in (reply.title or "")
        handle(message("handover H1 submit", user="许刚"), services)
        handle(message("handover confirm H1", user="Ma Lin"), services)
        with transaction(services.sessions) as session:
            record = session.scalars(select(Handover)).one()
            assert (record.shift_code, record.shift_date, record.status) == (
                "A",
                date(2026, 11, 21),
                "confirmed",
            )
            assert record.quality_note == "焊点气孔" and record.confirmed_by == "Ma Lin"
            assert record.planned_qty is None  # no production table in this store: no figures made up
    finally:
        downgrade(engine, "base")
    assert "handovers" not in inspect(engine).get_table_names()
    engine.dispose()


@pytest.fixture
def asking(
    services: Services, plant_db: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    """The sample plant's services with data questions, as `gemba chat` builds them."""
    monkeypatch.chdir(str(tmp_path))  # the catalog cache of this store stays in the test's folder
    engine = make_engine(plant_db)
    settings = Settings(_env_file=None, gemba_database_url=plant_db, gemba_timezone="Asia/Shanghai")  # type: ignore[call-arg]
    nl2sql = build_nl2sql(settings, engine)
    assert nl2sql is not None
    nl2sql.charts = False
    yield dataclasses.replace(services, nl2sql=nl2sql)
    engine.dispose()


def _count(services: Services, *conditions: object) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Handover).where(*conditions)) or 0)


# Last week in the plant (Sat 21 Nov 2026) is Mon 9 to Sun 15 Nov, plant time (UTC+8).
LAST_WEEK = (datetime(2026, 11, 8, 16), datetime(2026, 11, 15, 16))


def _answer(services: Services, question: str) -> str:
    reply = handle(message(question), services)
    assert reply is not None and reply.code is not None, reply.text if reply else question
    assert "handovers" in reply.code
    return reply.text


def test_english_questions_about_handovers(asking: Services) -> None:
    started = (Handover.created_at >= LAST_WEEK[0], Handover.created_at < LAST_WEEK[1])
    unconfirmed = _count(asking, Handover.status == "submitted", *started)
    assert 0 < unconfirmed < _count(asking, *started)
    assert f"**{unconfirmed}**" in _answer(asking, "how many submitted handovers last week?")
    line3 = _count(asking, Handover.line_id == 3, *started)
    assert line3 == 21  # three shifts a day, seven days
    assert f"**{line3}**" in _answer(asking, "how many handovers on line 3 last week?")


def test_a_chinese_question_names_the_line_in_chinese(asking: Services) -> None:
    started = (Handover.created_at >= LAST_WEEK[0], Handover.created_at < LAST_WEEK[1])
    expected = f"**{_count(asking, Handover.line_id == 3, *started)}**"
    assert expected in _answer(asking, "上周3号线的handovers有多少")
    assert expected in _answer(asking, "上周3号线有几次交接")  # the lexicon's 交接 (handover)


def test_a_step_not_taken_counts_the_handovers_still_unconfirmed(asking: Services) -> None:
    started = (Handover.created_at >= LAST_WEEK[0], Handover.created_at < LAST_WEEK[1])
    unconfirmed = _count(asking, Handover.confirmed_at.is_(None), *started)
    assert 0 < unconfirmed < _count(asking, *started)
    for question in ("how many handovers were not confirmed last week?", "上周有几次交接没有确认"):
        assert f"**{unconfirmed}**" in _answer(asking, question)
