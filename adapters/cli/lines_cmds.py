"""`gemba lines list` and `gemba lines import FILE.csv`: the plant's lines and stations."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from adapters.cli.common import load_settings, store_engine


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add `lines list` and `lines import`."""
    lines_app = typer.Typer(
        help="The plant's lines and stations (what andon calls name).", no_args_is_help=True
    )
    lines_app.command("list")(list_lines)
    lines_app.command("import")(import_file)
    app.add_typer(lines_app, name="lines")


def list_lines() -> None:
    """Show every line with its stations."""
    from sqlalchemy.orm import Session

    from bot.locations import all_lines

    with store_engine(load_settings()) as engine, Session(engine) as session:
        for line in all_lines(session):
            stations = ", ".join(station.code for station in line.stations) or "–"
            typer.echo(f"{line.code:<6} {line.name:<16} {line.name_zh or '':<8} {line.area:<12} {stations}")


def import_file(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="CSV file, UTF-8, with a header row.")
    ],
) -> None:
    """Add or update lines and stations from a CSV file with the columns line, line_name, line_name_zh,
    area, plant, station, station_name, station_name_zh, kind (only line is required)."""
    from bot.errors import BotError
    from bot.locations import import_locations
    from bot.store.db import make_sessions
    from bot.texts import say

    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    except (UnicodeDecodeError, csv.Error) as error:
        typer.secho(f"Cannot read {path}: {error}", fg="red", err=True)
        raise typer.Exit(2) from None
    with store_engine(load_settings()) as engine, make_sessions(engine).begin() as session:
        try:
            added_lines, added_stations = import_locations(session, rows)
        except BotError as error:
            typer.secho(say(error.key, "en", **error.params), fg="red", err=True)
            raise typer.Exit(2) from None
    typer.echo(
        f"{len(rows)} rows read: {added_lines} lines and {added_stations} stations added, the rest updated."
    )
