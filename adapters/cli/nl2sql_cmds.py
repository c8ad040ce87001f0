"""`gemba catalog refresh|show` and `gemba eval nl2sql`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from adapters.cli.common import load_settings

if TYPE_CHECKING:
    from nl2sql import Column


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add this module's commands to the `gemba` app."""
    catalog_app = typer.Typer(
        help="The catalog of the databases Gemba answers questions from.", no_args_is_help=True
    )
    catalog_app.command("refresh")(catalog_refresh)
    catalog_app.command("show")(catalog_show)
    app.add_typer(catalog_app, name="catalog")
    eval_app.command("nl2sql")(eval_nl2sql)


DbOption = Annotated[str, typer.Option(help="Database (SQLAlchemy URL); default: the configured sources.")]


def catalog_refresh(db: DbOption = "") -> None:
    """Introspect the databases again (tables, comments, values) and update the cached catalogs."""
    from adapters.cli.wiring import build_nl2sql
    from bot.store.db import make_engine

    settings = load_settings()
    nl2sql = build_nl2sql(
        settings, make_engine(db or settings.gemba_database_url), data_url=db or None, refresh=True
    )
    assert nl2sql is not None
    for source in nl2sql.sources:
        tables = source.catalog.tables.values()
        values = sum(1 for t in tables for c in t.columns if c.values)
        typer.echo(f"{source.name}: {len(source.catalog.tables)} tables, {values} columns with known values")


def catalog_show(
    db: DbOption = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the catalog as JSON.")] = False,
) -> None:
    """Print the tables, columns, comments and known values Gemba can answer from."""
    from adapters.cli.wiring import build_nl2sql
    from bot.store.db import make_engine

    settings = load_settings()
    nl2sql = build_nl2sql(settings, make_engine(db or settings.gemba_database_url), data_url=db or None)
    assert nl2sql is not None
    for source in nl2sql.sources:
        if as_json:
            typer.echo(json.dumps(source.catalog.to_dict(), ensure_ascii=False, indent=1))
            continue
        typer.echo(f"# {source.name} ({source.catalog.dialect})")
        for table in source.catalog.tables.values():
            typer.echo(f"{table.name} — {table.comment} ({table.rows} rows)")
            for c in table.visible:
                typer.echo(f"  {c.name} {_inferred(c)}  {c.comment}{_known_values(c)}")
        for m in source.catalog.metrics:
            typer.echo(f"metric {m.name}: {m.label_en} / {m.label_zh} ({m.table})")


def _inferred(column: Column) -> str:
    """What Gemba took a column for: "datetime (epoch_s, UTC, days)", "code", "int → lines.id",
    "min", "text (unique)"."""
    from nl2sql.units import column_unit

    unit = "" if column.temporal else column_unit(column)
    days = "days" if column.day_starts else ""  # every value the same moment of the day
    said = (column.storage, "UTC" if column.utc else "", days, unit, "unique" if column.unique else "")
    how = [h for h in said if h]
    ref = f" → {column.references[0]}.{column.references[1]}" if column.references else ""
    ref += " (implied by its name and values)" if column.implied else ""
    return f"{column.kind}{' (' + ', '.join(how) + ')' if how else ''}{ref}"


def _known_values(column: Column) -> str:
    """The values a question can name it by: stored values, or codes with their meanings."""
    named = [f"{code}={meaning}" for code, meaning in column.labels.items()] or column.values or []
    return f"  [{', '.join(named[:8])}{'…' if len(named) > 8 else ''}]" if named else ""


def eval_nl2sql(
    db: Annotated[str, typer.Option(help="Database the cases ask about (SQLAlchemy URL).")],
    cases: Annotated[Path, typer.Option(help="JSONL file: id, question, optional now, gold_sql, tier.")],
    out: Annotated[Path, typer.Option(help="Where to write predictions (JSONL: id, sql, outcome, error).")],
) -> None:
    """Answer every case; with gold SQL, print execution accuracy and the shares answered, asked
    back, refused and confidently wrong, overall, by language and by tier."""
    from adapters.cli.nl2sql_score import Tally, score_file
    from adapters.cli.wiring import build_nl2sql
    from bot.store.db import make_engine

    settings = load_settings()
    engine = make_engine(db)
    nl2sql = build_nl2sql(settings, engine, data_url=db, refresh=True)
    assert nl2sql is not None
    nl2sql.charts = False
    tally = Tally()
    score_file(nl2sql, engine, cases, out, datetime.now(settings.timezone), tally)
    for summary in tally.lines():
        typer.echo(summary)
