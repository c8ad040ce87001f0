"""What every command needs: settings built once, and clear exits on bad configuration."""

from __future__ import annotations

import typer
from pydantic import ValidationError

from adapters.settings import Settings


def load_settings() -> Settings:
    """The settings from the environment and `.env`; exits with the problems when invalid."""
    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"]).upper()
            typer.secho(f"Invalid setting {name}: {problem['msg']}", fg="red", err=True)
        raise typer.Exit(2) from None
