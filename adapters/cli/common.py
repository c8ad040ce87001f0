"""What every command needs: settings built once, and clear exits on bad configuration."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from pydantic import ValidationError
from sqlalchemy import Engine

from adapters.settings import Settings
from bot.store.db import make_engine


def fail(text: str) -> NoReturn:
    """Say what is wrong on stderr and exit with status 2 (a usage or setting error)."""
    typer.secho(text, fg="red", err=True)
    raise typer.Exit(2)


def load_settings() -> Settings:
    """The settings from the environment and `.env`; exits with the problems when invalid."""
    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"]).upper()
            typer.secho(f"Invalid setting {name}: {problem['msg']}", fg="red", err=True)
        raise typer.Exit(2) from None


@contextmanager
def store_engine(settings: Settings) -> Iterator[Engine]:
    """An engine on Gemba's own database, closed when the command ends."""
    engine = make_engine(settings.gemba_database_url)
    try:
        yield engine
    finally:
        engine.dispose()
