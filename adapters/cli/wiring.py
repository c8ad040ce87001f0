"""The composition root: builds every part from the settings. The one place that knows them all."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Engine

from adapters.settings import Settings
from bot.outbox import ChatPlatform
from bot.services import Services, system_clock
from bot.store.db import make_engine, make_sessions
from bot.worker import OutboxWorker


def configure_logging(settings: Settings) -> None:
    """Log to stderr at the configured level."""
    logging.basicConfig(
        level=settings.gemba_log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)


def build_services(
    settings: Settings,
    *,
    clock: Callable[[], datetime] | None = None,
    data_url: str | None = None,
    engine: Engine | None = None,
) -> Services:
    """Services for `bot.handle`: the store, the plant clock and the configured capabilities.

    `data_url` replaces the configured plant databases for data questions (`gemba ask --db`).
    """
    engine = engine or make_engine(settings.gemba_database_url)
    return Services(
        sessions=make_sessions(engine),
        timezone=settings.timezone,
        default_language=settings.gemba_language,
        clock=clock or system_clock,
        max_message_chars=settings.gemba_max_message_chars,
        nl2sql=build_nl2sql(settings, engine, data_url=data_url),
        knowledge=build_knowledge(settings),
    )


@contextmanager
def running_services(
    settings: Settings, *, clock: Callable[[], datetime] | None = None, data_url: str | None = None
) -> Iterator[Services]:
    """`build_services` for the length of a command; connections are closed at the end."""
    engine = make_engine(settings.gemba_database_url)
    try:
        yield build_services(settings, clock=clock, data_url=data_url, engine=engine)
    finally:
        engine.dispose()


def build_nl2sql(settings: Settings, store_engine: Engine, *, data_url: str | None = None) -> object | None:
    """The data-question answerer, or None when not available."""
    return None


def build_knowledge(settings: Settings) -> object | None:
    """The playbook library (loaded lazily on first use), or None when not available."""
    return None


def build_background(
    settings: Settings, services: Services, platforms: dict[str, ChatPlatform]
) -> list[OutboxWorker]:
    """What a server process runs besides answering: outbox delivery (and, later, the scheduler).

    Each item has `start()` and `stop()`; `gemba serve …` starts them all and stops them on exit.
    """
    return [OutboxWorker(services, platforms)]
