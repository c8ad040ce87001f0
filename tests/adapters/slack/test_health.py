"""`/healthz`, `/readyz` and `/metrics` of a Gemba server over real HTTP, on real stores; JSON
log lines carrying the correlation id a user is shown."""

from __future__ import annotations

import doctest
import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette
from websockets.sync.server import ServerConnection, serve

from adapters import health, logs
from adapters.cli.monitoring import build_monitoring
from adapters.logs import log_formatter
from adapters.slack.app import build_slack_bot
from adapters.slack.server import http_app
from bot.handle import handle
from bot.inbox import process_due
from bot.outbox import deliver_due
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import upgrade
from tests.adapters.processes import free_port, stop, wait_until
from tests.adapters.slack.conftest import CHANNEL, SIGNING_SECRET, SlackSide, served, settings_for
from tests.adapters.slack.mock_slack import MockSlackApi
from tests.conftest import PLANT_TZ, POSTGRES_ADMIN_URL, FakeClock, _temporary_database, message


def _readyz(services: Services) -> httpx.Response:
    monitoring = build_monitoring(services, index_loaded=None)
    with served(Starlette(routes=monitoring.routes())) as url:
        assert httpx.get(f"{url}/healthz").json() == {"ok": True}
        return httpx.get(f"{url}/readyz", timeout=30)


def _services(url: str, clock: FakeClock) -> Services:
    return Services(sessions=make_sessions(make_engine(url)), timezone=PLANT_TZ, clock=clock)


def test_ready_when_the_store_is_reachable_and_migrated(services: Services) -> None:
    response = _readyz(services)
    assert response.status_code == 200
    assert response.json() == {"ready": True, "checks": {"store": "ok", "migrations": "ok"}}


def test_not_ready_naming_the_store_when_postgresql_is_not_running(clock: FakeClock) -> None:
    # Nothing listens on this port: a PostgreSQL that is stopped.
    services = _services(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/gemba", clock)
    response = _readyz(services)
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False and "store" in body["failing"]
    assert "OperationalError" in body["checks"]["store"]


@pytest.fixture
def postgres_behind() -> Iterator[str]:
    """A PostgreSQL store of its own, migrated to an older revision than this Gemba needs."""
    for url in _temporary_database(POSTGRES_ADMIN_URL, "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"):
        engine = make_engine(url)
        upgrade(engine, "0003")
        engine.dispose()
        yield url


def test_not_ready_naming_the_migrations_when_the_store_is_behind(
    postgres_behind: str, clock: FakeClock
) -> None:
    services = _services(postgres_behind, clock)
    try:
        response = _readyz(services)
    finally:
        services.sessions.kw["bind"].dispose()
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["migrations"]
    assert body["checks"]["store"] == "ok"
    assert body["checks"]["migrations"].startswith("the store is at 0003")


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_move_when_a_signed_slack_event_is_answered(
    services: Services, slack_api: MockSlackApi
) -> None:
    monitoring = build_monitoring(services, index_loaded=None, backlog_cache_s=0)
    bot = build_slack_bot(settings_for(slack_api), services)
    with served(http_app(bot, SIGNING_SECRET, health=monitoring.routes())) as url:
        slack = SlackSide(url)
        before = _samples(httpx.get(f"{url}/metrics").text)
        mention = {
            "type": "app_mention",
            "user": "U0ANA",
            "text": "<@UGEMBA> andon L3 WD-03 no parts",
            "ts": "1795001001.000001",
            "channel": CHANNEL,
        }
        assert slack.event(mention, event_id="EvM1").status_code == 200
        assert slack.event(mention, event_id="EvM1", retry=1).status_code == 200  # Slack retries
        waiting = _samples(httpx.get(f"{url}/metrics").text)
        process_due(services.sessions, {"slack": bot.process}, services.now)
        deliver_due(services.sessions, {"slack": bot.platform}, services.now())
        after = _samples(httpx.get(f"{url}/metrics").text)
        slack.http.close()

    slack_label = (("platform", "slack"),)
    assert after[("gemba_events_received_total", slack_label)] == 2
    assert after[("gemba_events_deduplicated_total", slack_label)] == 1
    assert after[("gemba_events_acked_total", slack_label)] == 2
    assert after[("gemba_ack_seconds_count", slack_label)] == 2
    assert after[("gemba_answers_total", (("path", "command"),))] == 1
    assert after[("gemba_answer_seconds_count", (("path", "command"),))] == 1
    assert waiting[("gemba_inbox_depth", ())] == 1 and after[("gemba_inbox_depth", ())] == 0
    opened = after[("gemba_andon_calls_open", ())] - before[("gemba_andon_calls_open", ())]
    assert opened == 1
    assert after[("gemba_outbox_depth", ())] == 0 and after[("gemba_store_up", ())] == 1
    assert len(slack_api.in_channel(CHANNEL)) >= 1  # and Slack shows the answer


def test_a_json_log_line_carries_the_correlation_id_the_user_is_shown(
    tmp_path: Path, clock: FakeClock
) -> None:
    # A store without Gemba's tables: the command fails in the database, unexpectedly.
    services = _services(f"sqlite:///{tmp_path / 'empty.db'}", clock)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(log_formatter("json"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        reply = handle(message("andon L3 WD-03 no parts"), services)
    finally:
        root.removeHandler(handler)
        services.sessions.kw["bind"].dispose()
    assert reply is not None
    shown = re.search(r"\b([0-9a-f]{8})\b", reply.text)
    assert shown, reply.text
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    quoting = [line for line in lines if line.get("correlation_id") == shown.group(1)]
    assert len(quoting) == 1
    assert quoting[0]["level"] == "ERROR" and quoting[0]["logger"] == "gemba"
    assert shown.group(1) in quoting[0]["message"]


@pytest.mark.parametrize("module", [health, logs])
def test_docstring_examples_hold(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.failed == 0 and result.attempted > 0


def test_socket_mode_is_ready_while_connected_and_names_the_platform_when_not(
    slack_api: MockSlackApi, plant_db: str, tmp_path: Path
) -> None:
    hang_up = threading.Event()

    def session(websocket: ServerConnection) -> None:
        websocket.send(json.dumps({"type": "hello", "num_connections": 1}))
        hang_up.wait(60)
        websocket.close()

    health_port = free_port()
    url = f"http://127.0.0.1:{health_port}"
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
        "GEMBA_DATABASE_URL": plant_db,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_APP_TOKEN": "xapp-test",
        "GEMBA_SLACK_API_URL": slack_api.url,
        "GEMBA_SCHEDULER_ENABLED": "false",
        "GEMBA_EMBEDDER": "fake",
        "GEMBA_HEALTH_PORT": str(health_port),
    }
    command = [
        sys.executable,
        "-c",
        "from adapters.cli.main import main; main()",
        "serve",
        "slack",
        "--socket",
    ]
    with serve(session, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        slack_api.socket_url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}/link"
        process = subprocess.Popen(
            command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            ready = wait_until(
                lambda: _status(f"{url}/readyz") == 200 or process.poll() is not None, timeout=60
            )
            assert ready is True and process.poll() is None
            slack_api.socket_url = f"ws://127.0.0.1:{free_port()}/link"  # Slack unreachable from now on
            hang_up.set()
            wait_until(lambda: _status(f"{url}/readyz") == 503, timeout=30)
            body = httpx.get(f"{url}/readyz", timeout=10).json()
        finally:
            hang_up.set()
            stop(process, signal.SIGINT)
            server.shutdown()
    assert body["failing"] == ["platform"] and body["checks"]["store"] == "ok"


def _status(url: str) -> int | None:
    try:
        return httpx.get(url, timeout=5).status_code
    except httpx.HTTPError:
        return None
