"""What every command needs: settings built once, and clear exits on bad configuration.

How the `gemba` modules import (so a command loads only what it runs): a command module's
top level imports the standard library, `typer` and this module, nothing else — its
commands' options must be readable for `gemba --help`. Everything a command runs (the
settings, the wiring, the bot, the libraries) is imported inside the command's function.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from adapters.settings import Settings


def fail(text: str) -> NoReturn:
    """Say what is wrong on stderr and exit with status 2 (a usage or setting error)."""
    typer.secho(text, fg="red", err=True)
    raise typer.Exit(2)


def load_settings() -> Settings:
    """The settings from the environment and `.env`; exits with the problems when invalid."""
    from pydantic import ValidationError

    from adapters.settings import Settings

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
    from bot.store.db import make_engine

    engine = make_engine(settings.gemba_database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without Python's cyclic garbage collector, then freeze what it made.

    A command's start-up (imports, settings, wiring, catalogs) makes objects that live as long
    as the process, and the collector scans them again and again while they pile up: about a
    tenth of a short command's CPU time. After the block they are frozen (left out of every
    later collection) and the collector runs again, as it did before the block, for what
    comes next.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
