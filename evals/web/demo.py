"""A sample-plant board served in this process, for the screenshots and the benchmark."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from adapters.cli.web_cmds import build_web_app
from adapters.settings import Settings
from adapters.web.live import LiveFeed
from adapters.web.server import BackgroundServer
from bot import Message, Reply, Services, handle
from bot.sample_plant.generate import generate
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import upgrade

TZ = ZoneInfo("Asia/Shanghai")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class DemoBoard:
    """The served board (`url`), its store (`services`, `store_url`), its live feed and a way to chat."""

    url: str
    services: Services
    store_url: str
    feed: LiveFeed

    def say(self, text: str, *, user: str = "ana") -> Reply:
        """Send `text` through `bot.handle`, as a chat platform would."""
        message = Message(platform="console", channel="line", user=user, user_name=user, text=text)
        reply = handle(message, self.services)
        assert reply is not None
        return reply


@contextmanager
def demo_board(*, poll_s: float = 0.4) -> Iterator[DemoBoard]:
    """A fresh sample plant (ending today) with its board served on a free port."""
    with tempfile.TemporaryDirectory(prefix="gemba-board-") as folder:
        store_url = f"sqlite:///{Path(folder) / 'gemba.db'}"
        engine = make_engine(store_url)
        upgrade(engine)
        generate(engine, end=date.today(), seed=7, timezone=TZ)
        services = Services(sessions=make_sessions(engine), timezone=TZ, default_language="en")
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            gemba_database_url=store_url,
            gemba_timezone=TZ.key,
            gemba_embedder="fake",
            gemba_board_poll_s=poll_s,
        )
        app = build_web_app(settings, services)
        server = BackgroundServer(app, port=0, on_exit=app.state.ctx.feed.close)
        server.start()
        try:
            yield DemoBoard(server.url, services, store_url, app.state.ctx.feed)
        finally:
            server.stop()
            engine.dispose()
