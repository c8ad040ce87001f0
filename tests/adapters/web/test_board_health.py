"""`/healthz`, `/readyz` and `/metrics` of the board server, over real HTTP: the same checks as
every Gemba server (`adapters.cli.monitoring`), and the board's own figures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from subprocess import Popen

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.cli.web_cmds import build_web_app
from adapters.web.server import BackgroundServer
from bot.services import Services
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import upgrade
from tests.adapters.processes import wait_until
from tests.adapters.web.conftest import WebServer, web_settings
from tests.conftest import PLANT_TZ


def _figures(url: str) -> dict[str, float]:
    response = httpx.get(f"{url}/metrics", timeout=30)
    assert response.status_code == 200
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if not sample.labels
    }


def test_the_board_server_is_ready_and_counts_its_open_streams(web: WebServer) -> None:
    assert httpx.get(f"{web.url}/healthz").json() == {"ok": True}
    ready = httpx.get(f"{web.url}/readyz", timeout=30)
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "checks": {"store": "ok", "migrations": "ok"}}
    before = _figures(web.url)
    assert before["gemba_board_streams_open"] == 0
    assert before["gemba_board_snapshots_total"] >= 1  # the feed's first snapshot
    assert "gemba_andon_calls_open" in before  # the store's gauges, as on every server
    with (
        httpx.Client(base_url=web.url, timeout=30) as browser,
        browser.stream("GET", "/board/events") as stream,
    ):
        lines = stream.iter_lines()
        assert next(lines) == "event: board"
        assert _figures(web.url)["gemba_board_streams_open"] == 1
        web.say("andon L3 WD-03 kanban empty")  # a change: the feed builds a new snapshot
        assert next(lines).startswith("data: ")
        assert next(lines) == ""
        assert next(lines) == "event: board"
    assert _figures(web.url)["gemba_board_snapshots_total"] > before["gemba_board_snapshots_total"]
    wait_until(lambda: _figures(web.url)["gemba_board_streams_open"] == 0)  # the browser left


@pytest.fixture
def store_behind(tmp_path: Path) -> Iterator[Services]:
    """Services on a SQLite store migrated to an older revision than this Gemba needs."""
    engine = make_engine(f"sqlite:///{tmp_path / 'behind.db'}")
    upgrade(engine, "0003")
    yield Services(sessions=make_sessions(engine), timezone=PLANT_TZ)
    engine.dispose()


def test_a_board_server_on_a_store_that_is_behind_is_not_ready_naming_the_migrations(
    store_behind: Services,
) -> None:
    url = str(store_behind.sessions.kw["bind"].url)
    app = build_web_app(web_settings(url), store_behind)
    server = BackgroundServer(app, port=0, on_exit=app.state.ctx.feed.close)
    server.start()
    try:
        assert httpx.get(f"{server.url}/healthz").status_code == 200  # alive, but…
        response = httpx.get(f"{server.url}/readyz", timeout=30)
    finally:
        server.stop()
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["migrations"] and body["checks"]["store"] == "ok"
    assert body["checks"]["migrations"].startswith("the store is at 0003")


def test_gemba_serve_board_answers_readyz_and_metrics(
    start_board_process: Callable[..., tuple[Popen[bytes], str]],
) -> None:
    _process, url = start_board_process()
    # Ready once the playbook index it answers chat questions from is loaded (it loads at start).
    ready = wait_until(
        lambda: (r := httpx.get(f"{url}/readyz", timeout=30)).status_code == 200 and r, timeout=60
    )
    assert ready.json()["checks"] == {"store": "ok", "migrations": "ok", "index": "ok"}
    figures = _figures(url)
    assert {"gemba_board_streams_open", "gemba_board_snapshots_total", "gemba_store_up"} <= figures.keys()
