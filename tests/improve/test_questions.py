"""Data questions about improvement projects through the real nl2sql path, on the seeded plant."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.cli.wiring import build_nl2sql, store_queryable
from adapters.settings import Settings
from bot import Services
from bot.store.db import make_engine, make_sessions
from tests.conftest import PLANT_TZ, FakeClock
from tests.improve.conftest import say


@pytest.fixture
def asking(plant_db: str, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Services:
    monkeypatch.chdir(tmp_path)  # the catalog cache
    engine = make_engine(plant_db)
    settings = Settings(_env_file=None, gemba_database_url=plant_db, gemba_timezone="Asia/Shanghai")
    nl2sql = build_nl2sql(settings, engine)
    assert nl2sql is not None
    nl2sql.charts = False
    return Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock, nl2sql=nl2sql)


def test_the_project_tables_are_queryable_but_not_their_chat_bookkeeping() -> None:
    allowed = store_queryable()
    assert {
        "improvement_projects",
        "improvement_whys",
        "improvement_actions",
        "improvement_measurements",
    } <= set(allowed)
    assert not {"platform", "workspace", "channel", "thread"} & set(allowed["improvement_projects"])


@pytest.mark.parametrize(("stage", "count"), [("check", 1), ("plan", 2)])
def test_how_many_projects_are_in_a_stage(asking: Services, stage: str, count: int) -> None:
    say(asking, "improve Fewer changeover minutes on L1")  # a second project in Plan
    reply = say(asking, f"how many improvement projects are in the {stage} stage?")
    assert reply.code is not None and "improvement_projects" in reply.code and f"'{stage}'" in reply.code
    assert reply.text == f"Improvement projects · {stage} · all time: **{count}**"


def test_projects_by_stage(asking: Services) -> None:
    reply = say(asking, "improvement projects by stage")
    assert reply.table is not None
    assert sorted(map(tuple, reply.table.rows)) == [
        ("act", 1),
        ("check", 1),
        ("closed", 1),
        ("do", 1),
        ("plan", 1),
    ]


def test_a_chinese_question_about_projects_in_a_stage(asking: Services) -> None:
    reply = say(asking, "有几个改善项目处于计划阶段？")
    assert reply.code is not None and "improvement_projects" in reply.code and "**1**" in reply.text
