"""Improvement projects in the store on SQLite, PostgreSQL and MariaDB: the migration, the
sample plant's projects, a project's steps, and a stage change made once when two race."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from bot.errors import BotError
from bot.improve import service
from bot.improve.models import Project
from bot.improve.texts import Stage
from bot.sample_plant.generate import clear, generate
from bot.sample_plant.schema import metadata as plant_metadata
from bot.services import Services
from bot.store.db import make_sessions, transaction
from bot.store.migrate import downgrade, upgrade
from tests.conftest import PLANT_END, PLANT_TZ, FakeClock, reset
from tests.improve.conftest import opened_ref, say

TABLES = {"improvement_projects", "improvement_whys", "improvement_actions", "improvement_measurements"}


def test_projects_live_in_the_store_on_every_database(any_store_url: str, clock: FakeClock) -> None:
    engine = create_engine(any_store_url)
    try:
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                ddl = connection.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'improvement_projects'")
                ).scalar()
            assert "/* Current PDCA stage of the improvement project" in str(ddl)
        else:
            columns = {c["name"]: c for c in inspect(engine).get_columns("improvement_projects")}
            assert str(columns["stage"]["comment"]).startswith(
                "Current PDCA stage of the improvement project"
            )
        counts = generate(engine, end=PLANT_END, timezone=PLANT_TZ)
        assert counts.rows["improvement_projects"] == 5
        services = Services(sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock)
        with services.sessions() as session:
            stages = session.execute(select(Project.stage, func.count()).group_by(Project.stage)).all()
        assert dict((str(s), int(n)) for s, n in stages) == {
            s: 1 for s in ("plan", "do", "check", "act", "closed")
        }

        ref = opened_ref(say(services, "improve Fewer robot faults on L3"))
        assert ref == 6, "ids continue after the seeded projects (PostgreSQL sequences too)"
        say(services, f"improve J{ref} problem Robots fault at the start of every shift")
        say(services, f"improve J{ref} figure downtime L3 robot fault")
        say(services, f"improve J{ref} target -20%")
        for why in ("cold grippers", "no warm-up cycle", "no standard for restarts"):
            say(services, f"improve J{ref} why {why}")

        # Two people press "Next stage" on the same project at once: one moves it, the other is told.
        late = make_sessions(engine)()
        try:
            seen = service.get_project(late, ref)  # bo reads the project in Plan, gate open …
            assert seen.stage == "plan"
            with transaction(services.sessions) as session:  # … ana moves it on first
                service.advance(
                    session, project=service.get_project(session, ref), actor="ana", now=services.now()
                )
            with pytest.raises(BotError) as refused:
                service.advance(late, project=seen, actor="bo", now=services.now())
            assert refused.value.key == "improve_wrong_stage" and refused.value.params["stage"] == Stage("do")
            late.rollback()
        finally:
            late.close()
        assert "J6 is in stage Do" in say(services, f"improve J{ref} why one more").text

        clear(engine)
        with engine.connect() as connection:
            assert not connection.execute(select(func.count()).select_from(Project)).scalar()
        downgrade(engine, "0011")
        assert not TABLES & set(inspect(engine).get_table_names())
    finally:
        plant_metadata.drop_all(engine)
        reset(engine)
        engine.dispose()
