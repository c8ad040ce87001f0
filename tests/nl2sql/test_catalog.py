"""catalog: introspection with comments and values, JSON cache, semantic enrichment, internal tables."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from adapters.cli.wiring import load_catalog
from bot.store.db import make_engine
from nl2sql import NL2SQL, Catalog, Source, enrich, introspect
from tests.nl2sql.conftest import NOW, plant_catalog


def test_comments_keys_and_values_are_read(any_plant: Engine) -> None:
    catalog = plant_catalog(any_plant)
    downtime = catalog.tables["downtime_events"]
    assert downtime.comment == "Machine downtime (stoppages) with reasons"
    reason = downtime.column("reason")
    assert (
        reason is not None
        and reason.comment.startswith("Downtime reason")
        and "material shortage" in (reason.values or [])
    )
    station = downtime.column("station_id")
    assert station is not None and station.references == ("stations", "id")
    raised = catalog.tables["andon_calls"].column("raised_at")
    assert raised is not None and raised.utc and raised.kind == "datetime"


def test_internal_tables_and_bookkeeping_columns_are_never_exposed(any_plant: Engine) -> None:
    catalog = plant_catalog(any_plant)
    assert not {"outbox", "processed_deliveries", "conversations", "feedback", "alembic_version"} & set(
        catalog.tables
    )
    channel = catalog.tables["andon_calls"].column("channel")
    assert channel is not None and channel.hidden and channel.values is None


def test_the_cache_round_trips(plant_engine: Engine, tmp_path: Path) -> None:
    catalog = plant_catalog(plant_engine)
    catalog.save(tmp_path / "c.json")
    assert Catalog.load(tmp_path / "c.json") == catalog


def test_the_composition_root_caches_and_hides_the_store_internals(
    plant_engine: Engine, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    catalog = load_catalog(plant_engine, str(plant_engine.url), refresh=True)
    assert "outbox" not in catalog.tables and list(tmp_path.glob(".gemba/catalog/*.json"))


def test_the_semantic_file_enriches_and_never_replaces(plant_engine: Engine) -> None:
    catalog = introspect(plant_engine, include=("production", "lines"))
    enrich(
        catalog,
        {
            "tables": {
                "production": {
                    "label": {"en": "Output", "zh": "产量"},
                    "synonyms": ["yield"],
                    "columns": {"scrap_qty": {"unit": "pcs"}, "nosuch": {"hidden": True}},
                },
                "nosuch": {"synonyms": ["x"]},
            },
            "metrics": [
                {
                    "name": "yield_loss",
                    "table": "production",
                    "kind": "ratio",
                    "numerator": "scrap_qty",
                    "denominator": "output_qty",
                    "label": {"en": "Yield loss", "zh": "良率损失"},
                }
            ],
        },
    )
    production = catalog.tables["production"]
    assert production.label_zh == "产量" and production.synonyms == ["yield"] and len(production.columns) == 8
    assert [m.name for m in catalog.metrics] == ["yield_loss"] and "nosuch" not in catalog.tables


def test_a_cached_catalog_is_read_again_once_the_database_has_new_tables(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Chatting before `gemba demo-data` must not leave an empty catalog behind for good.
    from sqlalchemy import create_engine, text

    monkeypatch.chdir(tmp_path)
    engine = create_engine(f"sqlite:///{tmp_path / 'late.db'}")
    assert load_catalog(engine, str(engine.url)).tables == {}
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE scrap (id INTEGER PRIMARY KEY, qty INTEGER)"))
    assert set(load_catalog(engine, str(engine.url)).tables) == {"scrap"}


def test_a_question_on_a_database_without_tables_gets_an_answer_not_a_crash(tmp_path: Path) -> None:
    from datetime import datetime

    import pytest
    from sqlalchemy import create_engine

    from nl2sql import NL2SQL, NL2SQLError, Source

    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    nl2sql = NL2SQL(
        sources=[Source("empty", engine, introspect(engine))], embed=lambda texts: [[1.0]] * len(texts)
    )
    with pytest.raises(NL2SQLError):
        nl2sql.answer("who approves restarting after a safety stop?", now=datetime(2026, 11, 21, 9))


def test_names_are_known_however_many_rows_there_are(tmp_path: Path) -> None:
    """A plant of 500 lines: a question naming one line still filters on it."""
    engine = make_engine(f"sqlite:///{tmp_path / 'big.db'}")
    with engine.begin() as db:
        db.execute(text("CREATE TABLE lines (id INTEGER PRIMARY KEY, name TEXT, note TEXT)"))
        db.execute(text("CREATE TABLE stops (id INTEGER PRIMARY KEY, line_id INTEGER REFERENCES lines(id))"))
        for i in range(1, 501):
            db.execute(text(f"INSERT INTO lines VALUES ({i}, 'Line {i}', 'note {i}')"))
            db.execute(text(f"INSERT INTO stops VALUES ({i}, {i})"))
        db.execute(text("INSERT INTO stops VALUES (501, 417)"))
    catalog = introspect(engine)
    lines = catalog.tables["lines"]
    assert len(lines.column("name").values or []) == 500  # type: ignore[union-attr]
    assert lines.column("note").values is None  # type: ignore[union-attr]  (free text: not kept)
    nl2sql = NL2SQL([Source("big", engine, catalog)], charts=False)
    answer = nl2sql.answer("how many stops on line 417?", now=NOW)
    assert answer.rows == [[2]], answer.sql
