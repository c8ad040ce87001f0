"""The safety table on SQLite, PostgreSQL and MariaDB: migration up and down, the sample
plant's seed, a report and a close through chat, the per-area counts."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC

from sqlalchemy import create_engine, func, inspect, select

from bot import handle
from bot.safety.models import SafetyObservation
from bot.sample_plant.generate import generate
from bot.sample_plant.schema import metadata as plant_metadata
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import downgrade, upgrade
from bot.store.models import Event
from tests.conftest import PLANT_END, PLANT_NOW, PLANT_TZ, message, reset


def test_the_migration_creates_and_removes_the_table_with_its_comments(any_store_url: str) -> None:
    engine = make_engine(any_store_url)
    try:
        upgrade(engine)
        columns = {c["name"]: c for c in inspect(engine).get_columns("safety_observations")}
        assert "reporter" in columns and columns["reporter"]["nullable"]
        if engine.dialect.name != "sqlite":
            assert "near_miss" in columns["kind"]["comment"] and "未遂事件" in columns["kind"]["comment"]
        downgrade(engine, "0010")
        assert "safety_observations" not in inspect(engine).get_table_names()
        assert "areas" in inspect(engine).get_table_names()
    finally:
        reset(engine)
        engine.dispose()


def test_seeded_plant_reports_and_closes_on_every_database(any_store_url: str) -> None:
    engine = create_engine(any_store_url)
    try:
        upgrade(engine)
        counts = generate(engine, end=PLANT_END, weeks=2, timezone=PLANT_TZ)
        seeded = counts.rows["safety_observations"]
        assert seeded > 10
        services = Services(
            sessions=make_sessions(engine), timezone=PLANT_TZ, clock=lambda: PLANT_NOW.astimezone(UTC)
        )
        with services.sessions() as session:
            kinds = dict(
                session.execute(
                    select(SafetyObservation.kind, func.count()).group_by(SafetyObservation.kind)
                ).all()
            )
            anonymous = session.scalar(select(func.count()).where(SafetyObservation.anonymous.is_(True)))
            named_anonymous = session.scalar(
                select(func.count()).where(
                    SafetyObservation.anonymous.is_(True), SafetyObservation.reporter.is_not(None)
                )
            )
        assert {"near_miss", "injury"} <= set(kinds) and anonymous and named_anonymous == 0
        reply = handle(message("安全 匿名 L2 叉车差点撞到人 级别:严重"), services)
        assert reply is not None and "已匿名提交" in reply.text
        ref = f"S{seeded + 1}"
        assert f"安全观察 {ref} 已记录" in reply.text  # the sequence continues after the seed
        # Two people press Close at the same moment: one closes it, the other is told who did.
        barrier = threading.Barrier(2)

        def press(user: str) -> str:
            barrier.wait()
            reply = handle(message(f"safety close {ref} mirror fitted", user=user), services)
            assert reply is not None
            return reply.text

        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(press, ["Feng Jing", "Tom Walker"]))
        assert sum(a.startswith("✅") for a in answers) == 1, answers
        assert sum("was already closed by" in a for a in answers) == 1, answers
        with services.sessions() as session:
            closes = session.scalar(
                select(func.count()).where(Event.record_kind == "safety", Event.action == "close")
            )
        assert closes == 1
        stats = handle(message("safety stats"), services)
        assert stats is not None and stats.table is not None
        l2 = next(row for row in stats.table.rows if row[0] == "L2")
        assert l2[1] >= 1
    finally:
        plant_metadata.drop_all(engine)
        reset(engine)
        engine.dispose()
