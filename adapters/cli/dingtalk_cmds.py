"""`gemba serve dingtalk`: Gemba as a DingTalk robot, in Stream mode or HTTP callback mode."""

from __future__ import annotations

import contextlib
import logging
import signal
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from adapters.cli.common import fail, load_settings

if TYPE_CHECKING:
    from adapters.dingtalk import DingTalkAPI, StreamClient
    from adapters.settings import Settings


def register(app: typer.Typer, *, eval_app: typer.Typer, serve_app: typer.Typer) -> None:
    """Add `serve dingtalk`."""
    serve_app.command("dingtalk")(serve_dingtalk)


def serve_dingtalk(
    http: Annotated[
        bool,
        typer.Option("--http", help="HTTP callback mode (POST /dingtalk/callback) instead of Stream mode."),
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port for POST /dingtalk/callback.")] = 8080,
    host: Annotated[str, typer.Option(help="HTTP address to listen on.")] = "0.0.0.0",
) -> None:
    """Run Gemba as a DingTalk robot until Ctrl-C: Stream mode (no public URL) by default."""
    import asyncio

    from adapters.cli.background_wiring import build_background
    from adapters.cli.monitoring import build_monitoring
    from adapters.cli.wiring import (
        configure_logging,
        file_limits,
        running_services,
        warm_up_knowledge,
    )
    from adapters.dingtalk import (
        DingTalkPlatform,
        DingTalkWebhookPlatform,
        Responder,
        StreamClient,
        callback_app,
        parse_webhooks,
    )
    from adapters.dingtalk.files import DingTalkFileFetcher
    from adapters.files import FilesByPlatform
    from adapters.health import ReadinessCheck
    from adapters.metrics import watch_counter
    from bot.outbox import ChatPlatform
    from bot.store.migrate import current_revision, head_revision
    from bot.worker import InboxWorker

    settings = load_settings()
    configure_logging(settings)
    # httpx logs each URL at INFO; DingTalk URLs carry access tokens and session keys.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    secret = settings.dingtalk_client_secret.get_secret_value()
    if not settings.dingtalk_client_id or not secret:
        fail("DingTalk needs DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET (the app's AppKey and AppSecret).")
    try:
        robots = parse_webhooks(settings.gemba_dingtalk_webhooks.get_secret_value())
    except ValueError as error:
        fail(f"Invalid setting GEMBA_DINGTALK_WEBHOOKS: {error}")
    with running_services(settings) as services:
        if current_revision(services.sessions.kw["bind"]) != head_revision():
            fail("The database is not up to date; run `gemba db upgrade` first.")
        monitoring = build_monitoring(services, index_loaded=warm_up_knowledge(services))
        api = build_dingtalk_api(settings)
        # Pictures sent to the robot are copied under GEMBA_FILES_DIR.
        fetcher = DingTalkFileFetcher(api, **file_limits(settings))
        services.files = FilesByPlatform({"dingtalk": fetcher})
        webhooks = DingTalkWebhookPlatform(robots)
        platforms: dict[str, ChatPlatform] = {"dingtalk": DingTalkPlatform(api), webhooks.name: webhooks}
        # The webhook platform has nothing to run: messages waiting for a robot wait in the outbox.
        background: list[Any] = build_background(settings, services, platforms)

        def wake() -> None:
            for item in background:
                getattr(item, "wake", lambda: None)()

        responder = Responder(services, wake=wake)
        # Last: stopped first, so the answers in hand reach the outbox before it stops.
        background.append(
            InboxWorker(
                services,
                {"dingtalk": responder.process},
                lease=timedelta(seconds=settings.gemba_inbox_lease_s),
            )
        )
        for item in background:
            item.start()
        try:
            if http:
                import uvicorn

                typer.echo(f"Gemba on DingTalk: POST http://{host}:{port}/dingtalk/callback. Ctrl-C to stop.")
                app = callback_app(
                    responder, app_secret=secret, health=monitoring.routes(), observer=monitoring.observer
                )
                uvicorn.run(
                    app, host=host, port=port, log_config=None, log_level=settings.gemba_log_level.lower()
                )
            else:
                typer.echo("Gemba on DingTalk, Stream mode. Ctrl-C to stop.")

                def accept(payload: dict[str, Any], frame_id: str) -> bool:
                    started = time.monotonic()
                    fresh = responder.accept(payload, frame_id)
                    monitoring.observer.event_acked("dingtalk", time.monotonic() - started)
                    return fresh

                client = StreamClient(
                    client_id=settings.dingtalk_client_id,
                    client_secret=secret,
                    on_message=accept,  # the frame is acknowledged when it returns
                    api_url=settings.gemba_dingtalk_api_url,
                    idle_s=settings.gemba_dingtalk_idle_s,
                )
                watch_counter(
                    monitoring.registry,
                    "gemba_dingtalk_stream_reconnects",
                    "Stream connections opened after the first (disconnects, silences, failures).",
                    lambda: client.reconnects,
                )
                monitoring.add_check(
                    ReadinessCheck(
                        "platform", lambda: None if client.connected else "not connected to DingTalk"
                    )
                )
                side = monitoring.side_listener(settings, host=host)
                if side is not None:
                    side.start()
                    background.insert(0, side)  # stopped last, with the others
                asyncio.run(_run_until_signal(client))
        finally:
            for item in reversed(background):
                item.stop()
            webhooks.close()
            fetcher.close()
            api.close()


def build_dingtalk_api(settings: Settings) -> DingTalkAPI:
    """The DingTalk OpenAPI client of the configured app and robot."""
    from adapters.dingtalk import DingTalkAPI

    return DingTalkAPI(
        client_id=settings.dingtalk_client_id,
        client_secret=settings.dingtalk_client_secret.get_secret_value(),
        robot_code=settings.dingtalk_robot_code,
        api_url=settings.gemba_dingtalk_api_url,
        oapi_url=settings.gemba_dingtalk_oapi_url,
    )


async def _run_until_signal(client: StreamClient) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows or off the main thread
            loop.add_signal_handler(stop_signal, client.stop)
    await client.run()
