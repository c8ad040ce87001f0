"""`gemba board link|links|revoke` (read-only board links for TVs) and `gemba board user add`
(local web accounts, for plants with neither Slack nor DingTalk)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import quote

import typer

from adapters.cli.common import fail, load_settings, store_engine


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add `board link`, `board links`, `board revoke`, `board signout` and `board user add`."""
    board_app = typer.Typer(help="TV links to the web board, and local web accounts.", no_args_is_help=True)
    board_app.command("link")(make_link)
    board_app.command("links")(show_links)
    board_app.command("revoke")(revoke)
    board_app.command("signout")(sign_out)
    user_app = typer.Typer(
        help="Local web accounts (sign-in without Slack or DingTalk).", no_args_is_help=True
    )
    user_app.command("add")(add_user)
    board_app.add_typer(user_app, name="user")
    app.add_typer(board_app, name="board")


def _now() -> datetime:
    """Now, as naive UTC (the store's form)."""
    return datetime.now(UTC).replace(tzinfo=None)


def make_link(
    line: Annotated[str | None, typer.Option(help="The line to show (default: every line).")] = None,
    days: Annotated[int, typer.Option(min=1, max=3650, help="Days the link works.")] = 365,
) -> None:
    """Print a signed read-only link to the board for a TV (no sign-in needed; revocable)."""
    from adapters.cli.wiring import board_url
    from bot.access import create_link
    from bot.access.links import signing_key
    from bot.errors import BotError
    from bot.locations import require_line
    from bot.store.db import make_sessions, transaction
    from bot.texts import say

    settings = load_settings()
    with store_engine(settings) as engine, transaction(make_sessions(engine)) as session:
        code = None
        if line:
            try:
                code = require_line(session, [line])[0].code
            except BotError as error:
                fail(say(error.key, "en", **error.params))
        now = _now()
        key = signing_key(session, settings.gemba_board_secret.get_secret_value(), now=now)
        link, link_key = create_link(session, code, now=now, valid_for=timedelta(days=days), key=key)
    path = f"/board/{quote(code)}" if code else "/board"
    typer.echo(f"{board_url(settings)}{path}?tv=1&key={link_key}")
    typer.echo(
        f"Link {link.id} ({code or 'every line'}), until {link.expires_at:%Y-%m-%d %H:%M} UTC. "
        f"Revoke it with `gemba board revoke {link.id}`.",
        err=True,
    )


def show_links() -> None:
    """List the TV links: id, line, until when, and whether revoked or expired."""
    from bot.access import list_links
    from bot.store.db import make_sessions, transaction

    settings = load_settings()
    now = _now()
    with store_engine(settings) as engine, transaction(make_sessions(engine)) as session:
        links = list_links(session)
        if not links:
            typer.echo("No TV links yet: `gemba board link --line L3`.")
        for link in links:
            state = "revoked" if link.revoked_at else "expired" if link.expires_at <= now else "active"
            typer.echo(
                f"{link.id:>4}  {link.line_code or 'every line':<12} "
                f"created {link.created_at:%Y-%m-%d %H:%M}  "
                f"until {link.expires_at:%Y-%m-%d %H:%M} UTC  {state}"
            )


def revoke(link_id: Annotated[int, typer.Argument(help="The link's id (see `gemba board links`).")]) -> None:
    """Revoke a TV link: it stops working at once, on open boards too."""
    from bot.access import revoke_link
    from bot.store.db import make_sessions, transaction

    settings = load_settings()
    with store_engine(settings) as engine, transaction(make_sessions(engine)) as session:
        revoked = revoke_link(session, link_id, now=_now())
    if not revoked:
        fail(f"There is no active TV link {link_id} (see `gemba board links`).")
    typer.echo(f"Link {link_id} revoked.")


def sign_out(
    who: Annotated[str, typer.Argument(help="The person: id (U024BE7LH), platform:id, or name.")],
) -> None:
    """End every web session of a person at once (they sign in again with a new link)."""
    from bot.access import end_sessions_of
    from bot.store.db import make_sessions, transaction

    settings = load_settings()
    with store_engine(settings) as engine, transaction(make_sessions(engine)) as session:
        ended = end_sessions_of(session, who, now=_now())
    typer.echo(f"{ended} session{'s' if ended != 1 else ''} of {who} ended.")


def add_user(
    name: Annotated[str, typer.Argument(help="The account's name, shown as who acted.")],
    password: Annotated[
        str,
        typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help="Asked for if not given."),
    ],
) -> None:
    """Add a local web account (password hashed with scrypt); it signs in at /login."""
    from adapters.cli.wiring import board_url
    from bot.access import add_account
    from bot.errors import BotError
    from bot.store.db import make_sessions, transaction
    from bot.texts import say

    settings = load_settings()
    try:
        with store_engine(settings) as engine, transaction(make_sessions(engine)) as session:
            add_account(session, name, password, now=_now())
    except BotError as error:
        fail(say(error.key, "en", **error.params))
    typer.echo(f"Account {name} added; it signs in at {board_url(settings)}/login.")
