"""`gemba serve board`: the web board (看板), KPI pages and web chat, served by Gemba itself,
with `/healthz`, `/readyz` and `/metrics` like every Gemba server."""

from __future__ import annotations

import errno
import threading
from typing import TYPE_CHECKING, Annotated

import typer

from adapters.cli.common import fail, load_settings

if TYPE_CHECKING:  # what the commands run is imported when they run (see adapters.cli.common)
    from starlette.applications import Starlette

    from adapters.settings import Settings
    from adapters.web.server import BackgroundServer
    from bot.services import Services


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add `serve board`."""
    serve_app.command("board")(serve_board)


def build_web_app(
    settings: Settings, services: Services, *, index_loaded: threading.Event | None = None
) -> Starlette:
    """The web app on `services`, with the board's live feed polling every GEMBA_BOARD_POLL_S,
    and `/healthz`, `/readyz`, `/metrics` as every Gemba server has them (`build_monitoring`:
    the store reachable, its migrations current, and the playbook index loaded when
    `index_loaded` is given), the board's own figures included."""
    from adapters.cli.monitoring import build_monitoring
    from adapters.metrics import BoardMetrics
    from adapters.web.app import build_app
    from adapters.web.board import board_feed
    from adapters.web.context import WebContext

    monitoring = build_monitoring(services, index_loaded=index_loaded)
    metrics = BoardMetrics(monitoring.registry)
    feed = board_feed(services, interval_s=settings.gemba_board_poll_s, metrics=metrics)
    ctx = WebContext(services=services, settings=settings, feed=feed, metrics=metrics)
    return build_app(ctx, health=monitoring.routes())


def start_background_board(
    settings: Settings, services: Services, *, index_loaded: threading.Event | None = None
) -> BackgroundServer:
    """The web app served in a thread on GEMBA_BOARD_HOST:GEMBA_BOARD_PORT, or on a free port
    when that one is taken (`gemba chat --board`); started, so its `url` is final.
    `index_loaded`: set once the playbook index is loaded (for `/readyz`)."""
    from adapters.web.server import BackgroundServer

    app = build_web_app(settings, services, index_loaded=index_loaded)
    host, on_exit = settings.gemba_board_host, app.state.ctx.feed.close
    try:
        server = BackgroundServer(app, host=host, port=settings.gemba_board_port, on_exit=on_exit)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        server = BackgroundServer(app, host=host, port=0, on_exit=on_exit)
    server.start()
    if not settings.gemba_board_url:  # `board login` links name the port actually used
        services.web_url = server.url
    return server


def serve_board(
    port: Annotated[int | None, typer.Option(help="HTTP port (default: GEMBA_BOARD_PORT).")] = None,
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default: GEMBA_BOARD_HOST).")
    ] = None,
) -> None:
    """Serve the andon board (看板) and Gemba's other web pages until Ctrl-C."""
    from adapters.cli.wiring import configure_logging, running_services, warm_up_knowledge
    from adapters.web.server import serve
    from bot.store.migrate import current_revision, head_revision

    settings = load_settings()
    configure_logging(settings)
    host = host or settings.gemba_board_host
    port = settings.gemba_board_port if port is None else port
    with running_services(settings) as services:
        engine = services.sessions.kw["bind"]
        if current_revision(engine) != head_revision():
            fail("The database is not up to date; run `gemba db upgrade` first.")
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        if not settings.gemba_board_url:  # `board login` links name the port actually used
            services.web_url = f"http://{shown}:{port}"
        typer.echo(f"Board: http://{shown}:{port}/board  (Ctrl-C to stop)")
        app = build_web_app(settings, services, index_loaded=warm_up_knowledge(services))
        serve(app, host=host, port=port, on_exit=app.state.ctx.feed.close)
