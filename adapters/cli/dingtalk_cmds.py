"""Commands of this area; registered by `adapters.cli.main`."""

from __future__ import annotations

import typer


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add this module's commands to the `gemba` app."""
