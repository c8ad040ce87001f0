"""`gemba serve slack`: Gemba as a Slack app, over HTTP or Socket Mode."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer

from adapters.cli.common import fail, load_settings


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add `serve slack`."""
    serve_app.command("slack")(serve_slack)


def serve_slack(
    socket: Annotated[
        bool, typer.Option("--socket", help="Use Socket Mode (SLACK_APP_TOKEN) instead of HTTP.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port for POST /slack/events.")] = 3000,
    host: Annotated[str, typer.Option(help="HTTP address to listen on.")] = "0.0.0.0",
) -> None:
    """Run Gemba as a Slack app: events, slash commands and buttons, until Ctrl-C."""
    from adapters.cli.background_wiring import build_background
    from adapters.cli.monitoring import build_monitoring
    from adapters.cli.wiring import (
        configure_logging,
        file_limits,
        running_services,
        warm_up_knowledge,
    )
    from adapters.files import FilesByPlatform
    from adapters.health import ReadinessCheck
    from adapters.slack.app import build_slack_bot
    from adapters.slack.files import SlackFileFetcher
    from adapters.slack.server import serve_http, serve_socket_mode, socket_mode_handler
    from bot.store.migrate import current_revision, head_revision
    from bot.worker import InboxWorker

    settings = load_settings()
    configure_logging(settings)
    app_token = settings.slack_app_token.get_secret_value()
    signing_secret = settings.slack_signing_secret.get_secret_value()
    if socket and not app_token:
        fail("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-…).")
    if not socket and not signing_secret:
        fail("HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials).")
    with running_services(settings) as services:
        engine = services.sessions.kw["bind"]
        if current_revision(engine) != head_revision():
            fail("The database is not up to date; run `gemba db upgrade` first.")
        monitoring = build_monitoring(services, index_loaded=warm_up_knowledge(services))
        background: list = []

        def wake() -> None:
            for item in background:
                getattr(item, "wake", lambda: None)()

        try:
            bot = build_slack_bot(settings, services, wake=wake)
        except Exception as error:  # a bad token (auth.test) or missing settings
            fail(f"Cannot start the Slack app: {error}")
        # Photos shared with a command are copied under GEMBA_FILES_DIR (needs files:read).
        services.files = FilesByPlatform({"slack": SlackFileFetcher(bot.platform, **file_limits(settings))})
        background.extend(build_background(settings, services, {"slack": bot.platform}))
        # Last: stopped first, so the answers in hand reach the outbox before it stops.
        background.append(
            InboxWorker(
                services, {"slack": bot.process}, lease=timedelta(seconds=settings.gemba_inbox_lease_s)
            )
        )
        if socket:
            handler = socket_mode_handler(bot, app_token)
            monitoring.add_check(
                ReadinessCheck(
                    "platform", lambda: None if handler.client.is_connected() else "not connected to Slack"
                )
            )
            side = monitoring.side_listener(settings, host=host)
            typer.echo("Gemba on Slack, Socket Mode. Ctrl-C to stop.")
            serve_socket_mode(bot, app_token, [side, *background] if side else background, handler=handler)
        else:
            typer.echo(f"Gemba on Slack: POST http://{host}:{port}/slack/events. Ctrl-C to stop.")
            serve_http(bot, signing_secret, background, host=host, port=port, health=monitoring.routes())
