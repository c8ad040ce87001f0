"""Questions about tier meetings through the real data-question path (the store's queryable
tables, as `gemba` wires them) on the seeded sample plant, in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adapters.cli.wiring import build_nl2sql
from adapters.settings import Settings
from bot import handle
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from bot.tier.models import TierConcern, TierMeeting
from tests.conftest import PLANT_TZ, FakeClock, message

# Last week in the plant: Mon 9 – Sun 15 Nov 2026, as naive UTC.
WEEK = (datetime(2026, 11, 8, 16), datetime(2026, 11, 15, 16))


@pytest.fixture
def asking(
    plant_db: str, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    monkeypatch.chdir(tmp_path)  # the catalog cache
    engine = make_engine(plant_db)
    settings = Settings(_env_file=None, gemba_database_url=plant_db, gemba_timezone="Asia/Shanghai")
    nl2sql = build_nl2sql(settings, engine)
    assert nl2sql is not None
    nl2sql.charts = False
    yield Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock, nl2sql=nl2sql)
    engine.dispose()


def _answer(services: Services, question: str) -> tuple[str, str]:
    reply = handle(message(question), services)
    assert reply is not None and reply.code, reply.text if reply else question
    return reply.text, reply.code


def test_meetings_nobody_acknowledged_last_week(asking: Services) -> None:
    text, sql = _answer(asking, "how many tier meetings last week with ack count below 1")
    with asking.sessions() as session:
        expected = session.scalar(
            select(func.count()).where(
                TierMeeting.ack_count == 0, TierMeeting.held_at >= WEEK[0], TierMeeting.held_at < WEEK[1]
            )
        )
    assert expected and '"tier_meetings"."ack_count" < 1' in sql
    assert text == f"Tier meetings · ack_count < 1 · Mon 9 – Sun 15 Nov 2026: **{expected}**"


def test_concerns_raised_last_week_in_chinese(asking: Services) -> None:
    text, sql = _answer(asking, "上周早会提出了多少个事项")
    with asking.sessions() as session:
        expected = session.scalar(
            select(func.count()).where(TierConcern.raised_at >= WEEK[0], TierConcern.raised_at < WEEK[1])
        )
    assert expected and 'FROM "tier_concerns"' in sql
    assert text.endswith(f"2026年11月9日至15日: **{expected}**")


def test_meetings_of_line_3_last_week_in_chinese(asking: Services) -> None:
    text, sql = _answer(asking, "上周3号线有多少次早会")
    assert 'FROM "tier_meetings"' in sql and "'3号线'" in sql
    assert text.endswith("**6**")  # Monday to Saturday
