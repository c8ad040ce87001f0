"""`gemba config check`: what is configured, what is missing, and whether values are valid."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from adapters.cli.common import load_settings, store_engine
from adapters.settings import Settings
from bot.store.migrate import current_revision, head_revision


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add `config check` and `config docs`."""
    config_app = typer.Typer(help="Configuration.", no_args_is_help=True)
    config_app.command("check")(check)
    config_app.command("docs")(docs)
    app.add_typer(config_app, name="config")


def check() -> None:
    """Print every setting (secrets redacted), what each integration still needs, and the database state.

    Exits 2 when a value is invalid, 1 when the database cannot be reached.
    """
    settings = load_settings()
    for name, field in Settings.model_fields.items():
        typer.echo(f"{name.upper():<28} {_shown(getattr(settings, name)):<40} {field.description}")
    typer.echo("")
    for integration, missing in readiness(settings).items():
        state = "ready" if not missing else "not configured (needs " + ", ".join(missing) + ")"
        typer.echo(f"{integration:<10} {state}")
    with store_engine(settings) as engine:
        try:
            revision = current_revision(engine)
        except Exception as error:
            typer.secho(f"database   cannot connect: {error}", fg="red")
            raise typer.Exit(1) from None
        head = head_revision()
        state = "up to date" if revision == head else f"at {revision or 'empty'}, run: gemba db upgrade"
        typer.echo(f"database   {engine.url.render_as_string(hide_password=True)} — schema {state}")


def docs(
    ctx: typer.Context,
    write: Annotated[
        bool,
        typer.Option("--write", help="Rewrite the generated parts of README.md and docs/ARCHITECTURE.md."),
    ] = False,
) -> None:
    """Print the settings table README.md shows; with --write, rewrite the generated parts of the docs."""
    from adapters import docs as generated

    if not write:
        typer.echo(generated.settings_table())
        return
    changed = generated.write(ctx.find_root().command)  # type: ignore[arg-type]
    typer.echo("\n".join(f"rewrote {path.name}" for path in changed) or "the docs are up to date")


def readiness(settings: Settings) -> dict[str, list[str]]:
    """For each optional integration, the settings it still needs (empty: ready)."""

    def missing(*names: str) -> list[str]:
        return [n.upper() for n in names if not _value(getattr(settings, n))]

    slack = missing("slack_bot_token")
    if not _value(settings.slack_app_token) and not _value(settings.slack_signing_secret):
        slack.append("SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)")
    return {
        "slack": slack,
        "dingtalk": missing("dingtalk_client_id", "dingtalk_client_secret"),
        "llm": missing("gemba_llm_base_url", "gemba_llm_model"),
    }


def _value(value: object) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


def _shown(value: object) -> str:
    if isinstance(value, SecretStr):
        return "(set, hidden)" if value.get_secret_value() else "(not set)"
    text = str(value)
    return "(not set)" if text == "" else _without_password(text)


def _without_password(text: str) -> str:
    if "://" in text and "@" in text:
        try:
            return make_url(text).render_as_string(hide_password=True)
        except Exception:
            return text
    return text
