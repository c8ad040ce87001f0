"""Data questions about safety observations, through the real nl2sql path on the sample plant.

What the parser answers today: the English kinds ("injuries", "unsafe acts"), a line or area,
a period; "near misses" after clarifications ("near miss" is also an andon reason, and the
scoped question "Safety observations: …" reads "safety" again as the andon category); Chinese
questions only when they name the stored kind. Chinese safety words (未遂, 受伤, 安全观察) link
to nothing. Reported, not special-cased in nl2sql.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from adapters.cli.wiring import build_nl2sql
from adapters.settings import Settings
from bot import Services, handle
from bot.safety.models import SafetyObservation
from bot.store.db import make_engine, make_sessions
from bot.store.models import Area
from tests.conftest import PLANT_TZ, FakeClock, message


@pytest.fixture
def asking(plant_db: str, clock: FakeClock, tmp_path, monkeypatch) -> Iterator[Services]:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # the catalog cache
    engine = make_engine(plant_db)
    settings = Settings(_env_file=None, gemba_database_url=plant_db, gemba_timezone="Asia/Shanghai")  # type: ignore[call-arg]
    nl2sql = build_nl2sql(settings, engine)
    assert nl2sql is not None
    nl2sql.charts = False
    yield Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock, nl2sql=nl2sql)
    engine.dispose()


def _utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=PLANT_TZ).astimezone(UTC).replace(tzinfo=None)


def _count(services: Services, kind: str, start: datetime, end: datetime, area: str | None = None) -> int:
    query = (
        select(func.count()).select_from(SafetyObservation).join(Area, Area.id == SafetyObservation.area_id)
    )
    query = query.where(
        SafetyObservation.kind == kind,
        SafetyObservation.observed_at >= start,
        SafetyObservation.observed_at < end,
    )
    if area:
        query = query.where(Area.code == area)
    with services.sessions() as session:
        return int(session.scalar(query) or 0)


def test_how_many_injuries_on_line_3_this_month(asking: Services) -> None:
    handle(message("safety L3 operator cut a finger on a burr"), asking)  # one more, today
    reply = handle(message("how many injuries on line 3 this month"), asking)
    assert reply is not None and reply.code is not None
    assert "safety_observations" in reply.code and "'injury'" in reply.code
    expected = _count(asking, "injury", _utc(2026, 11, 1), _utc(2026, 11, 22), "L3")
    assert expected >= 1 and f"**{expected}**" in reply.text


def test_how_many_unsafe_acts_last_month(asking: Services) -> None:
    reply = handle(message("how many unsafe acts last month"), asking)
    assert reply is not None and reply.code is not None and "'unsafe_act'" in reply.code
    expected = _count(asking, "unsafe_act", _utc(2026, 10, 1), _utc(2026, 11, 1))
    assert expected > 0 and f"**{expected}**" in reply.text


def test_a_chinese_question_counts_injuries_per_area_this_month(asking: Services) -> None:
    reply = handle(message("本月各区域的 injury 数量"), asking)
    assert reply is not None and reply.table is not None and reply.language == "zh"
    with asking.sessions() as session:
        names = {a.name: a.code for a in session.scalars(select(Area))}
    for name, code, count in reply.table.rows:  # each area by its name, with its code beside it
        assert code == names[str(name)]
        assert count == _count(asking, "injury", _utc(2026, 11, 1), _utc(2026, 11, 22), code)


def test_safety_words_that_ask_for_figures_reach_the_data_not_a_report(asking: Services) -> None:
    with asking.sessions() as session:
        before = session.scalar(select(func.count()).select_from(SafetyObservation))
    reply = handle(message("safety observations by kind this month"), asking)
    assert reply is not None and "Where was it?" not in reply.text
    with asking.sessions() as session:
        assert session.scalar(select(func.count()).select_from(SafetyObservation)) == before


def test_the_reporter_is_never_queryable(asking: Services) -> None:
    catalog = asking.nl2sql.sources[0].catalog
    columns = {c.name: c for c in catalog.tables["safety_observations"].columns}
    assert columns["reporter"].hidden and not columns["kind"].hidden
    reply = handle(message("who reported the most observations"), asking)
    assert reply is not None and "reporter" not in (reply.code or "")


def test_near_misses_on_line_3_this_month_are_answered_after_the_clarifications(asking: Services) -> None:
    """ "near miss" is also an andon reason in the sample plant, so Gemba asks which data is
    meant; pressing the buttons a person would press ends in the count of near misses."""
    reply = handle(message("how many near misses were reported on line 3 this month"), asking)
    presses = 0
    while reply is not None and reply.code is None and presses < 3:
        button = next(b for b in reply.buttons if "Andon calls" not in b.command)
        reply = handle(message(button.command), asking)
        presses += 1
    assert reply is not None and reply.code is not None and "'near_miss'" in reply.code
    expected = _count(asking, "near_miss", _utc(2026, 11, 1), _utc(2026, 11, 22), "L3")
    assert f"**{expected}**" in reply.text
