"""The store's schema is created and removed by migrations on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from bot.store.db import make_engine
from bot.store.migrate import current_revision, downgrade, head_revision, upgrade
from bot.store.models import every_table

STORE_TABLES = {"lines", "stations", "andon_calls", "problems", "events", "processed_deliveries", "outbox"}


def test_upgrade_creates_every_table_then_downgrade_removes_them(any_store_url: str) -> None:
    engine = make_engine(any_store_url)
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert tables >= STORE_TABLES
        assert set(every_table().tables) <= tables, "every model has its table in the migrations"
        upgrade(engine)  # running it again changes nothing
        assert current_revision(engine) == head_revision()
    finally:
        downgrade(engine, "base")
    assert not STORE_TABLES & set(inspect(engine).get_table_names())
    engine.dispose()


def test_columns_carry_their_comments(any_store_url: str) -> None:
    engine = make_engine(any_store_url)
    try:
        upgrade(engine)
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                ddl = connection.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'andon_calls'")
                ).scalar()
            assert "/* When the call was raised (UTC) */" in ddl
        else:
            columns = {c["name"]: c for c in inspect(engine).get_columns("andon_calls")}
            assert columns["raised_at"]["comment"] == "When the call was raised (UTC)"
    finally:
        downgrade(engine, "base")
        engine.dispose()


def test_the_migration_history_is_one_straight_line() -> None:
    from alembic.script import ScriptDirectory

    from bot.store.migrate import alembic_config_without_engine

    scripts = ScriptDirectory.from_config(alembic_config_without_engine())
    assert len(scripts.get_heads()) == 1
    assert len(scripts.get_bases()) == 1


def test_revisions_read_without_alembic_agree_with_alembic(any_store_url: str) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from bot.store.migrate import alembic_config_without_engine

    scripts = ScriptDirectory.from_config(alembic_config_without_engine())
    assert head_revision() == scripts.get_current_head()
    engine = make_engine(any_store_url)
    try:
        assert current_revision(engine) is None
        for revision in [s.revision for s in scripts.walk_revisions()][::-1]:
            upgrade(engine, revision)
            with engine.connect() as connection:
                assert (
                    current_revision(engine) == MigrationContext.configure(connection).get_current_revision()
                )
                assert current_revision(engine) == revision
    finally:
        downgrade(engine, "base")
        engine.dispose()


def _index_names(engine: Engine, table: str) -> set[str]:
    return {index["name"] for index in inspect(engine).get_indexes(table)}


def test_question_indexes_reach_the_store_and_a_plant_generated_before_them(any_store_url: str) -> None:
    """A store at 0004 beside a sample plant generated without the (line, time) indexes gets
    them from the upgrade; taking the store back down to 0004 removes the store's again."""
    engine = make_engine(any_store_url)
    try:
        upgrade(engine, "0004")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "CREATE TABLE production (id INTEGER PRIMARY KEY, line_id INTEGER, hour_start TIMESTAMP, "
                    "shift_id INTEGER, planned_qty INTEGER, output_qty INTEGER, scrap_qty INTEGER)"
                )
            )
        assert "ix_production_line_hour" not in _index_names(engine, "production")
        upgrade(engine)
        assert {"ix_andon_calls_raised", "ix_andon_calls_line_raised"} <= _index_names(engine, "andon_calls")
        assert {"ix_problems_opened", "ix_problems_line_opened"} <= _index_names(engine, "problems")
        assert {"ix_production_line_hour", "ix_production_hour_figures"} <= _index_names(engine, "production")
        downgrade(engine, "0004")
        assert not {"ix_andon_calls_raised", "ix_andon_calls_line_raised"} & _index_names(
            engine, "andon_calls"
        )
    finally:
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS production"))
        downgrade(engine, "base")
        engine.dispose()
