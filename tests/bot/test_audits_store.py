"""The audit tables on SQLite, PostgreSQL and MariaDB: migration up and down, comments, and the
compare-and-set of scoring and finishing."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import inspect, select, text

from bot.audits import service
from bot.audits.models import FiveSAudit, FiveSScore
from bot.audits.templates import load_template
from bot.errors import BotError
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.migrate import downgrade, upgrade
from bot.store.models import Area, Event
from bot.store.service import Origin

NOW = datetime(2026, 11, 21, 2, 0)
TABLES = {"five_s_audits", "five_s_scores"}


def test_the_migration_creates_commented_tables_and_removes_them(any_store_url: str) -> None:
    engine = make_engine(any_store_url)
    try:
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                ddl = connection.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'five_s_audits'")
                ).scalar()
            assert "/* Set in order (seiton, 整顿) score, 1-5 */" in ddl
        else:
            columns = {c["name"]: c for c in inspect(engine).get_columns("five_s_audits")}
            assert columns["set_in_order_score"]["comment"] == "Set in order (seiton, 整顿) score, 1-5"
            scores = inspect(engine).get_columns("five_s_scores")
            assert all(c["comment"] for c in scores)
        downgrade(engine, "0007")
        assert not TABLES & set(inspect(engine).get_table_names())
        upgrade(engine)
    finally:
        downgrade(engine, "base")
        engine.dispose()


def test_an_audit_is_scored_once_per_check_and_finished_once(any_store_url: str) -> None:
    engine = make_engine(any_store_url)
    sessions = make_sessions(engine)
    items = load_template("tool_room").checklist(six=True)
    try:
        upgrade(engine)
        with transaction(sessions) as session:
            area = Area(code="TOOL", name="Tool room", name_zh="工具间", kind="tool_room", owner="Wang")
            session.add(area)
            session.flush()
            audit = service.start_audit(
                session, area=area, six=True, auditor="ana", origin=Origin("console", "", "c"),
                language="en", now=NOW,
            )  # fmt: skip
            audit_id = audit.id
            for n, item in enumerate(items):
                score = None if n == 0 else 1 + n % 5
                service.score_item(
                    session, audit=audit, item=item, score=score, note=None, actor="ana", now=NOW
                )
            with pytest.raises(BotError) as twice:
                service.score_item(
                    session, audit=audit, item=items[1], score=5, note=None, actor="bo", now=NOW
                )
            assert twice.value.key == "audit_already_scored" and twice.value.params["actor"] == "ana"
            per_s = service.finish_audit(session, audit=audit, actor="ana", now=NOW)
            assert list(per_s) == ["sort", "set_in_order", "shine", "standardize", "sustain", "safety"]
        with transaction(sessions) as session:
            audit = service.get_audit(session, audit_id, lock=True)
            assert audit.status == "done" and audit.sort_score == 2  # the skipped check left out
            assert audit.safety_score == pytest.approx((1 + 2) / 2)
            assert audit.score == pytest.approx(round(sum(per_s.values()) / 6, 2))
            with pytest.raises(BotError) as again:
                service.finish_audit(session, audit=audit, actor="bo", now=NOW)
            assert again.value.key == "audit_not_open"
        with sessions() as session:
            assert len(session.scalars(select(FiveSScore).where(FiveSScore.audit_id == audit_id)).all()) == 12
            events = session.scalars(select(Event.action).where(Event.record_kind == "audit")).all()
            assert events == ["start", "skip", *["score"] * 11, "finish"]  # the refused second score: none
            assert session.get(FiveSAudit, audit_id) is not None
    finally:
        downgrade(engine, "base")
        engine.dispose()
