"""Read-only board links for TVs (`gemba board link`), over real HTTP: the page and its live
stream work without sign-in, for the link's line only, until the link is revoked or expires;
browsers on this machine see the board without sign-in only when GEMBA_BOARD_LOCAL_VIEW is on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from typer.testing import CliRunner

from adapters.cli.main import app
from adapters.cli.web_cmds import build_web_app
from adapters.web.server import BackgroundServer
from tests.adapters.web.chat_server import ChatServer
from tests.adapters.web.conftest import web_settings

runner = CliRunner()


def gemba(server: ChatServer, store_url: str, *args: str) -> str:
    """Run `gemba board …` on the server's store; its standard output."""
    env = {"GEMBA_DATABASE_URL": store_url, "GEMBA_BOARD_URL": server.url, "GEMBA_EMBEDDER": "fake"}
    result = runner.invoke(app, ["board", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def store_url(plant_db: str) -> str:
    return plant_db


def _path(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def _events(client: httpx.Client, link: str) -> str:
    key = re.search(r"key=([^&]+)", link)
    assert key
    return f"/board/events?key={key.group(1)}&line=L3"


def test_a_tv_link_shows_its_line_until_revoked_on_the_page_and_the_stream(
    chat_server: ChatServer, store_url: str
) -> None:
    link = gemba(chat_server, store_url, "link", "--line", "L3", "--days", "30").strip()
    assert link.startswith(f"{chat_server.url}/board/L3?tv=1&key=")
    link_id = re.search(r"key=(\d+)\.", link)
    assert link_id
    with httpx.Client(base_url=chat_server.url, timeout=30) as tv:
        page = tv.get(_path(link))
        assert page.status_code == 200 and "Line 3" in page.text
        assert tv.get(_path(link).replace("/board/L3", "/board/L1")).status_code != 200  # its line only
        assert tv.get(_path(link)[:-3] + "AAA").status_code == 403  # a forged key
        with tv.stream("GET", _events(tv, link)) as stream:
            assert stream.status_code == 200
            lines = stream.iter_lines()
            assert next(lines) == "event: board"
            assert "active" in gemba(chat_server, store_url, "links")
            assert gemba(chat_server, store_url, "revoke", link_id.group(1)).startswith("Link")
            chat_server.raise_call()  # a change on the board: the open stream re-checks and ends
            rest = list(lines)  # the stream ends…
            assert "event: board" not in rest  # …without sending the board again
        assert tv.get(_path(link)).status_code == 403
        assert tv.get(_events(tv, link)).status_code == 403
    assert "revoked" in gemba(chat_server, store_url, "links")


def test_an_expired_tv_link_stops_working(chat_server: ChatServer, store_url: str) -> None:
    link = gemba(chat_server, store_url, "link", "--days", "1").strip()
    with httpx.Client(base_url=chat_server.url) as tv:
        assert tv.get(_path(link)).status_code == 200
        chat_server.clock.advance(days=30)  # the sample plant's clock is in Nov 2026: well past
        assert tv.get(_path(link)).status_code == 403


@pytest.fixture
def closed_server(chat_server: ChatServer, plant_db: str) -> Iterator[str]:
    """A second server on the same store with GEMBA_BOARD_LOCAL_VIEW off."""
    settings = web_settings(plant_db, gemba_board_local_view=False)
    server = BackgroundServer(build_web_app(settings, chat_server.services), port=0)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def test_without_local_view_the_board_needs_a_link_or_a_signin(
    chat_server: ChatServer, store_url: str, closed_server: str
) -> None:
    with httpx.Client(base_url=closed_server) as browser:
        assert browser.get("/board").status_code == 403
        assert browser.get("/board/events").status_code == 403
        link = gemba(chat_server, store_url, "link").strip()
        assert browser.get(_path(link)).status_code == 200
    with httpx.Client(base_url=chat_server.url) as local:  # the same store, local view on
        assert local.get("/board").status_code == 200
