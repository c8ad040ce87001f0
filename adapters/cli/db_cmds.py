"""`gemba db upgrade` and `gemba demo-data`: the schema and the sample plant."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from adapters.cli.common import load_settings, store_engine

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from adapters.settings import Settings


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add `db` and `demo-data`."""
    db_app = typer.Typer(help="Gemba's own database.", no_args_is_help=True)
    db_app.command("upgrade")(db_upgrade)
    db_app.command("current")(db_current)
    app.add_typer(db_app, name="db")
    app.command("demo-data")(demo_data)


def db_upgrade(
    revision: Annotated[str, typer.Option(help="Target revision.")] = "head",
) -> None:
    """Create or upgrade the schema of the database GEMBA_DATABASE_URL names."""
    from bot.store.migrate import current_revision, upgrade

    with store_engine(load_settings()) as engine:
        before = _revision(engine)
        upgrade(engine, revision)
        schema = f"{before or 'empty'} → {current_revision(engine)}"
        typer.echo(f"Schema of {engine.url.render_as_string(hide_password=True)}: {schema}")


def db_current() -> None:
    """Show the schema revision of the database GEMBA_DATABASE_URL names."""
    with store_engine(load_settings()) as engine:
        typer.echo(_revision(engine) or "empty (run: gemba db upgrade)")


def demo_data(
    end_date: Annotated[str, typer.Option(help="Last day of history (YYYY-MM-DD); default today.")] = "",
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same plant.")] = 7,
    weeks: Annotated[
        int, typer.Option(min=12, max=520, help="Full weeks of history before the last week.")
    ] = 12,
    scale: Annotated[int, typer.Option(min=1, max=1000, help="Multiply the plant (lines and rows).")] = 1,
    if_missing: Annotated[bool, typer.Option(help="Do nothing when the database already has lines.")] = False,
    replace: Annotated[bool, typer.Option(help="Delete existing plant data and records first.")] = False,
) -> None:
    """Generate a sample plant into the database GEMBA_DATABASE_URL names (schema upgraded first)."""
    settings = load_settings()
    try:
        end = date.fromisoformat(end_date) if end_date else date.today()
    except ValueError:
        typer.secho(f"--end-date: not a date: {end_date!r}", fg="red", err=True)
        raise typer.Exit(2) from None
    with store_engine(settings) as engine:
        _generate(
            engine,
            end=end,
            seed=seed,
            weeks=weeks,
            scale=scale,
            if_missing=if_missing,
            replace=replace,
            settings=settings,
        )


def _generate(
    engine: Engine,
    *,
    end: date,
    seed: int,
    weeks: int,
    scale: int,
    if_missing: bool,
    replace: bool,
    settings: Settings,
) -> None:
    from bot.sample_plant.generate import clear, generate, has_plant_data
    from bot.store.migrate import upgrade

    upgrade(engine)
    if has_plant_data(engine):
        if if_missing:
            typer.echo("The database already has plant data; nothing generated.")
            return
        if not replace:
            typer.secho(
                "The database already has plant data. Use --replace to start over (this deletes "
                "lines, andon calls and problems) or --if-missing to keep it.",
                fg="red",
                err=True,
            )
            raise typer.Exit(1)
        clear(engine)
    counts = generate(engine, end=end, seed=seed, weeks=weeks, scale=scale, timezone=settings.timezone)
    typer.echo(f"Sample plant generated (seed {seed}, {weeks} weeks to {end}, scale {scale}):")
    for table, rows in counts.rows.items():
        typer.echo(f"  {table:<16} {rows:>10,}")


def _revision(engine: Engine) -> str | None:
    from bot.store.migrate import current_revision

    try:
        return current_revision(engine)
    except Exception as error:
        typer.secho(f"Cannot open the database: {error}", fg="red", err=True)
        raise typer.Exit(1) from None
