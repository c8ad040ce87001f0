"""nl2sql fixtures: the sample plant on SQLite, PostgreSQL and MariaDB, and the answerer over it.

PostgreSQL and MariaDB get their own uniquely named databases for this run (dropped after),
filled with one week of the sample plant.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from adapters.cli.wiring import store_queryable
from bot.metrics import DURATION_METRICS
from bot.sample_plant.generate import generate
from bot.sample_plant.schema import PLANT_ROLLUPS
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from bot.store.models import every_table
from evals.nl2sql.maintenance import generate as generate_maintenance
from evals.nl2sql.qualitylab import generate as generate_qualitylab
from nl2sql import (
    NL2SQL,
    Answer,
    Catalog,
    NamedMetric,
    NL2SQLError,
    Source,
    add_metrics,
    add_rollups,
    introspect,
)
from tests.conftest import MARIADB_ADMIN_URL, PLANT_END, POSTGRES_ADMIN_URL, _temporary_database
from tests.nl2sql.vault import Vault, vault

NOW = datetime(2026, 11, 21, 12, 0)
UTC = ZoneInfo("UTC")
# What a data question sees of the store, as Gemba shows it (`STORE_QUERYABLE`): every other
# table is left out and every other column hidden.
SHOWN = store_queryable()
HIDDEN = tuple(
    f"{table.name}.{column.name}"
    for table in every_table().sorted_tables
    if table.name in SHOWN
    for column in table.columns
    if column.name not in SHOWN[table.name]
)


def metrics() -> list[NamedMetric]:
    """`bot.metrics` as nl2sql named metrics (what the composition root does)."""
    return [
        NamedMetric(
            m.name,
            m.table,
            "duration",
            m.label_en,
            m.label_zh,
            start=m.start,
            end=m.end,
            excluded_status=m.excluded_status,
            synonyms=list(m.synonyms),
        )
        for m in DURATION_METRICS
    ]


def plant_catalog(engine: Engine) -> Catalog:
    """The plant as the composition root shows it: named metrics, daily production as a rollup."""
    catalog = introspect(engine, include=list(SHOWN), hidden_columns=HIDDEN)
    return add_rollups(add_metrics(catalog, metrics()), list(PLANT_ROLLUPS))


def sqlite_database(path: Path, schema: Sequence[str], rows: dict[str, list[tuple[object, ...]]]) -> Engine:
    """A SQLite database at `path`: the tables of `schema`, with `rows` inserted into each."""
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        for ddl in schema:
            connection.execute(text(ddl))
        for table, values in rows.items():
            marks = ", ".join(f":c{i}" for i in range(len(values[0])))
            connection.execute(
                text(f'INSERT INTO "{table}" VALUES ({marks})'),
                [{f"c{i}": v for i, v in enumerate(row)} for row in values],
            )
    return engine


def answerer(engine: Engine, **kwargs: object) -> NL2SQL:
    return NL2SQL([Source("plant", engine, plant_catalog(engine))], timezone=UTC, charts=False, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def plant_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The sample plant (seed 7, ending 21 Nov 2026, plant time = UTC) on SQLite."""
    path: Path = tmp_path_factory.mktemp("nl2sql") / "plant.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    generate(engine, end=PLANT_END, seed=7)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The quality lab's catalog (`evals.nl2sql.qualitylab`), on SQLite."""
    path = tmp_path_factory.mktemp("lab") / "lab.db"
    generate_qualitylab(str(path))
    return introspect(make_engine(f"sqlite:///{path}"))


@pytest.fixture(scope="session")
def maintenance(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The maintenance shop's catalog (`evals.nl2sql.maintenance`), on SQLite."""
    path = tmp_path_factory.mktemp("maint") / "maint.db"
    generate_maintenance(str(path))
    return introspect(make_engine(f"sqlite:///{path}"))


@pytest.fixture(scope="module")
def own_plant(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NL2SQL]:
    """The rules over the test module's own `SCHEMA` and `ROWS`, on SQLite."""
    module = request.module
    folder = tmp_path_factory.mktemp(module.__name__.rsplit(".", 1)[-1])
    engine = sqlite_database(folder / "plant.db", module.SCHEMA, module.ROWS)
    yield NL2SQL([Source("plant", engine, introspect(engine))], charts=False)
    engine.dispose()


def understood(nl2sql: NL2SQL, question: str) -> Answer:
    """The answer to `question`, in its own language, at `NOW`; it must not be a question back."""
    answer = nl2sql.answer(question, now=NOW, language="zh" if not question.isascii() else "en")
    assert not answer.choices, answer.choices
    return answer


def answered_outright(nl2sql: NL2SQL, question: str) -> Answer | None:
    """The answer to `question` at `NOW` when it is given outright; None when Gemba refuses it or
    asks back, which a guard against a wrong answer accepts."""
    try:
        answer = nl2sql.answer(question, now=NOW, language="zh" if not question.isascii() else "en")
    except NL2SQLError:
        return None
    return None if answer.choices else answer


def understood_rows(nl2sql: NL2SQL, question: str) -> list[tuple[object, ...]]:
    """The rows of `understood`, sorted."""
    return sorted(map(tuple, understood(nl2sql, question).rows))


@pytest.fixture(scope="session")
def plant(plant_engine: Engine) -> NL2SQL:
    return answerer(plant_engine)


def _server_plant(admin: str, template: str) -> Iterator[Engine]:
    for url in _temporary_database(admin, template):
        engine = make_engine(url)
        upgrade(engine)
        generate(engine, end=PLANT_END, seed=7, weeks=1)
        yield engine
        engine.dispose()


@pytest.fixture(scope="session")
def pg_plant() -> Iterator[Engine]:
    """One week of the sample plant on PostgreSQL."""
    yield from _server_plant(POSTGRES_ADMIN_URL, "postgresql+psycopg://postgres@127.0.0.1:5432/{name}")


@pytest.fixture(scope="session")
def maria_plant() -> Iterator[Engine]:
    """One week of the sample plant on MariaDB."""
    yield from _server_plant(MARIADB_ADMIN_URL, "mysql+pymysql://root@127.0.0.1:3306/{name}?charset=utf8mb4")


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def any_plant(request: pytest.FixtureRequest) -> Engine:
    """The sample plant on each database kind."""
    name = {"sqlite": "plant_engine", "postgresql": "pg_plant", "mariadb": "maria_plant"}[request.param]
    return request.getfixturevalue(name)


class FakeLLM:
    """An LLM that answers from a list, recording what it was asked."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.calls: list[list[dict[str, str]]] = []

    def complete(self, messages: list[dict[str, str]]) -> str:
        self.calls.append(messages)
        return self.answers[min(len(self.calls), len(self.answers)) - 1]


@pytest.fixture(scope="session")
def sqlite_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """The store and a week of the plant on SQLite, with secrets in every forbidden place."""
    tmp = tmp_path_factory.mktemp("vault")
    with vault("sqlite", f"sqlite:///{tmp / 'vault.db'}", tmp) as filled:
        yield filled


@pytest.fixture(scope="session")
def pg_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """The vault on PostgreSQL, read (in the worst case) as the superuser that owns the store."""
    for url in _temporary_database(POSTGRES_ADMIN_URL, "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"):
        with vault("postgresql", url, tmp_path_factory.mktemp("vault")) as filled:
            yield filled


@pytest.fixture(scope="session")
def maria_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """The vault on MariaDB, read (in the worst case) as root."""
    for url in _temporary_database(
        MARIADB_ADMIN_URL, "mysql+pymysql://root@127.0.0.1:3306/{name}?charset=utf8mb4"
    ):
        with vault("mariadb", url, tmp_path_factory.mktemp("vault")) as filled:
            yield filled


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def any_vault(request: pytest.FixtureRequest) -> Vault:
    """The vault on each database kind."""
    name = {"sqlite": "sqlite_vault", "postgresql": "pg_vault", "mariadb": "maria_vault"}[request.param]
    return request.getfixturevalue(name)
