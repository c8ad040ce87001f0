"""Shared fixtures: a controllable clock, stores on SQLite, PostgreSQL and MariaDB, a sample plant.

PostgreSQL and MariaDB run on this machine (and in CI); their tests never skip. Each test
run creates its own uniquely named databases and drops them afterwards.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, create_engine, text

from bot.sample_plant.generate import generate
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import upgrade
from bot.types import Message

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
MARIADB_ADMIN_URL = "mysql+pymysql://root@127.0.0.1:3306/test"
PLANT_END = date(2026, 11, 21)
PLANT_TZ = ZoneInfo("Asia/Shanghai")
# Saturday 21 Nov 2026, 10:00 in the plant.
PLANT_NOW = datetime(2026, 11, 21, 10, 0, tzinfo=PLANT_TZ)


@dataclass
class FakeClock:
    """A clock that stands still until a test moves it."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(PLANT_NOW.astimezone(UTC))


@pytest.fixture(scope="session")
def plant_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the migrated store and the sample plant (seed 7, ending 21 Nov 2026)."""
    path = tmp_path_factory.mktemp("plant") / "plant.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    generate(engine, end=PLANT_END, seed=7, timezone=PLANT_TZ)
    engine.dispose()
    return path


@pytest.fixture
def plant_db(plant_template: Path, tmp_path: Path) -> str:
    """A private copy of the sample plant database; returns its URL."""
    path = tmp_path / "gemba.db"
    shutil.copy(plant_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def services(plant_db: str, clock: FakeClock) -> Iterator[Services]:
    """Services on a private sample-plant store, with the fake clock; no nl2sql or knowledge."""
    engine = make_engine(plant_db)
    yield Services(sessions=make_sessions(engine), timezone=PLANT_TZ, default_language="en", clock=clock)
    engine.dispose()


def message(
    text: str,
    *,
    user: str = "ana",
    channel: str = "line-3",
    delivery_id: str | None = None,
    platform: str = "console",
    thread: str | None = None,
) -> Message:
    """A chat message from `user` in `channel`."""
    return Message(
        platform=platform,
        channel=channel,
        user=user,
        user_name=user,
        text=text,
        delivery_id=delivery_id,
        thread=thread,
    )


def _temporary_database(admin_url: str, url_for: str) -> Iterator[str]:
    name = f"gemba_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield url_for.format(name=name)
    finally:
        with admin.connect() as connection:
            if admin.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                    {"name": name},
                )
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


def empty_database(kind: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database of `kind` ("sqlite", "postgresql" or "mariadb"), dropped
    afterwards; SQLite's is a file in `folder`."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'shop.db'}"
    elif kind == "postgresql":
        yield from _temporary_database(
            POSTGRES_ADMIN_URL, "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        )
    else:
        yield from _temporary_database(
            MARIADB_ADMIN_URL, "mysql+pymysql://root@127.0.0.1:3306/{name}?charset=utf8mb4"
        )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """An empty PostgreSQL database for this test run."""
    yield from _temporary_database(POSTGRES_ADMIN_URL, "postgresql+psycopg://postgres@127.0.0.1:5432/{name}")


@pytest.fixture(scope="session")
def mariadb_url() -> Iterator[str]:
    """An empty MariaDB database for this test run."""
    yield from _temporary_database(
        MARIADB_ADMIN_URL, "mysql+pymysql://root@127.0.0.1:3306/{name}?charset=utf8mb4"
    )


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def any_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind the store supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_url" if request.param == "postgresql" else "mariadb_url")


def reset(engine: Engine) -> None:
    """Drop every table, so a shared server database starts empty."""
    from bot.store.migrate import downgrade

    downgrade(engine, "base")
