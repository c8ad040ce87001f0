"""Fixtures for the web pages: a real board server on a sample-plant store, and real Chromium.

- `web`: the web app served by uvicorn in a thread on port 0 (`WebServer`: `url`, `services`
  on the same store with the real clock, `feed`, `say(text, user=...)` to act through
  `bot.handle` as another platform would).
- `start_board_process(port=None)`: `gemba serve board` as a subprocess on the same kind of
  store (for kill/restart tests); returns (process, url); stopped at the end of the test.
- `chat_server`: the same with data questions, the sample plant's fixed clock and a roles
  file, for the web chat and sign-in tests (`chat_server.py`).
- `browser` (one per test module) and `page` (a fresh page per test, 1280×800): Playwright driving
  Debian's Chromium at /usr/bin/chromium. No browser is ever downloaded.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from adapters.cli.web_cmds import build_web_app
from adapters.settings import Settings
from adapters.web.live import LiveFeed
from adapters.web.server import BackgroundServer
from bot import Message, Reply, Services, handle
from bot.roles import parse_roles
from bot.store.db import make_engine, make_sessions
from nl2sql import NL2SQL, Source
from tests.adapters.processes import free_port, is_up, stop, wait_until
from tests.adapters.web.chat_server import ChatServer
from tests.conftest import PLANT_TZ, FakeClock
from tests.nl2sql.conftest import plant_catalog

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
ROOT = Path(__file__).resolve().parents[3]


def web_settings(store_url: str, **overrides: object) -> Settings:
    """Settings for a test server on `store_url` (no `.env`, fake embedder, fast polling)."""
    values: dict[str, object] = {
        "gemba_database_url": store_url,
        "gemba_timezone": "Asia/Shanghai",
        "gemba_embedder": "fake",
        "gemba_scheduler_enabled": False,
        "gemba_board_poll_s": 0.2,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class WebServer:
    """A running web app, the services of its store and its live feed."""

    url: str
    services: Services
    feed: LiveFeed

    def say(
        self, text: str, *, user: str = "ana", channel: str = "line-3", platform: str = "console"
    ) -> Reply:
        """Send `text` to Gemba through `bot.handle`, as a chat platform would."""
        message = Message(platform=platform, channel=channel, user=user, user_name=user, text=text)
        reply = handle(message, self.services)
        assert reply is not None
        return reply


@pytest.fixture
def web(plant_db: str) -> Iterator[WebServer]:
    """The web app on a private sample-plant store, served in a thread on a free port."""
    engine = make_engine(plant_db)
    services = Services(sessions=make_sessions(engine), timezone=PLANT_TZ, default_language="en")
    app = build_web_app(web_settings(plant_db), services)
    server = BackgroundServer(app, port=0, on_exit=app.state.ctx.feed.close)
    server.start()
    try:
        yield WebServer(server.url, services, app.state.ctx.feed)
    finally:
        server.stop()
        engine.dispose()


@pytest.fixture
def start_board_process(
    plant_db: str, tmp_path: Path
) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], str]]]:
    """Start `gemba serve board` on the test's store as a real process (port: free if None)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(port: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
        port = port or free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "GEMBA_DATABASE_URL": plant_db,
            "GEMBA_TIMEZONE": "Asia/Shanghai",
            "GEMBA_EMBEDDER": "fake",
            "GEMBA_SCHEDULER_ENABLED": "false",
            "GEMBA_BOARD_POLL_S": "0.2",
        }
        command = [sys.executable, "-c", "from adapters.cli.main import main; main()", "serve", "board"]
        process = subprocess.Popen(
            [*command, "--port", str(port), "--host", "127.0.0.1"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: is_up(url) or process.poll() is not None, timeout=60)
        assert process.poll() is None, "gemba serve board did not start"
        return process, url

    yield start
    for process in started:
        stop(process, signal.SIGTERM)


@pytest.fixture
def plant_services(plant_db: str) -> Iterator[Services]:
    """Services on the test's store with the real clock (to act beside a board process)."""
    engine = make_engine(plant_db)
    yield Services(sessions=make_sessions(engine), timezone=PLANT_TZ, default_language="en")
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium, driven by Playwright (never a downloaded browser).

    One per test module, not per session: Playwright's sync API keeps an event loop running
    in the test thread while it is open, and tests elsewhere call `asyncio.run`.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh browser page (its own context: no shared cookies), 1280×800."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def chat_server(plant_db: str, clock: FakeClock) -> Iterator[ChatServer]:
    """The web app on a private sample-plant store, with data questions, the fixed clock of the
    sample plant, `board login` links pointing at it, and a roles file in which Slack user U9
    is an operator (everyone else a team lead)."""
    engine = make_engine(plant_db)
    nl2sql = NL2SQL([Source("plant", engine, plant_catalog(engine))], timezone=PLANT_TZ)
    roles = parse_roles({"people": {"slack:U9": "operator"}, "default": "team_lead"})
    services = Services(
        sessions=make_sessions(engine), timezone=PLANT_TZ, clock=clock, nl2sql=nl2sql, roles=roles
    )
    server = BackgroundServer(build_web_app(web_settings(plant_db), services), port=0)
    server.start()
    services.web_url = server.url
    try:
        yield ChatServer(server.url, services, clock)
    finally:
        server.stop()
        engine.dispose()
