"""Acting from the board: a signed-in person's tile buttons, answered through `bot.handle` with
their roles, in real Chromium; refusals over real HTTP (no session, no CSRF token, a command
no button sends); no buttons for a TV link, TV mode or a read-only browser on this machine."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
from typer.testing import CliRunner

from adapters.cli.main import app
from tests.adapters.processes import wait_until
from tests.adapters.web.chat_server import ChatServer, signed_in_client

YELLOW = "rgb(242, 193, 46)"
runner = CliRunner()


def _sign_in_and_open_board(page, server: ChatServer, *, user: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.signin_link(user=user))
    page.click("#signin")
    page.wait_for_url(re.compile(r"/chat\?"))
    page.goto(f"{server.url}/board/L3?lang={lang}")
    page.wait_for_function("document.getElementById('board').dataset.version")
    page.evaluate("window.notReloaded = true")


def _tile(station: str) -> str:
    return f".tile[data-station='{station}']"


def test_a_signed_in_person_acknowledges_from_the_board_and_the_tile_turns_yellow(
    chat_server: ChatServer, page
) -> None:  # type: ignore[no-untyped-def]
    call_id, ref = chat_server.raise_call()
    _sign_in_and_open_board(page, chat_server, user="U7", lang="en")
    tile = page.locator(f"{_tile('WD-03')}[data-state='raised']")
    tile.wait_for(timeout=15_000)
    assert tile.locator(".tile-button").all_inner_texts() == ["Acknowledge", "Resolve", "Escalate"]
    tile.locator(".tile-button", has_text="Acknowledge").click()
    page.wait_for_selector(f"#board-toast:has-text('Andon {ref} acknowledged by U7')")
    page.wait_for_selector(f"{_tile('WD-03')}[data-state='acknowledged']", timeout=15_000)
    colour = page.eval_on_selector(_tile("WD-03"), "el => getComputedStyle(el).backgroundColor")
    assert colour == YELLOW
    assert page.evaluate("window.notReloaded") is True  # changed by the live feed, no reload
    call = chat_server.call(call_id)
    assert call.status == "acknowledged" and call.acknowledged_by == "U7"
    # An acknowledged call offers what is left to do.
    buttons = page.locator(_tile("WD-03")).locator(".tile-button").all_inner_texts()
    assert buttons == ["Resolve", "Escalate"]


def test_an_operator_who_may_not_resolve_is_told_so_in_the_page_language(
    chat_server: ChatServer, page
) -> None:  # type: ignore[no-untyped-def]
    call_id, ref = chat_server.raise_call()
    _sign_in_and_open_board(page, chat_server, user="U9", lang="zh")  # U9: an operator
    page.locator(_tile("WD-03")).locator(".tile-button", has_text="解决").click()
    toast = page.locator("#board-toast")
    toast.wait_for()
    assert "只有班组长" in toast.inner_text() and f"可以解决 {ref}" in toast.inner_text()
    assert chat_server.call(call_id).status == "raised"
    assert page.get_attribute(_tile("WD-03"), "data-state") == "raised"


def _action(client: httpx.Client, command: str, csrf: str | None) -> httpx.Response:
    fields = {"command": command, "delivery_id": "d1", **({"csrf": csrf} if csrf else {})}
    return client.post("/board/actions?lang=en", data=fields)


def test_acting_without_a_session_or_the_csrf_token_is_refused_and_changes_nothing(
    chat_server: ChatServer,
) -> None:
    call_id, ref = chat_server.raise_call()
    with httpx.Client(base_url=chat_server.url) as stranger:  # this machine, read-only
        assert _action(stranger, f"ack {ref}", "x").status_code == 401
    client, csrf = signed_in_client(chat_server)
    try:
        for token in (None, "forged"):
            refused = _action(client, f"ack {ref}", token)
            assert refused.status_code == 403 and "security token" in refused.json()["html"]
        no_button = _action(client, f"ack {ref}; resolve {ref}", csrf)
        assert no_button.status_code == 400 and "none of them" in no_button.json()["html"]
        assert chat_server.call(call_id).status == "raised"
        answered = _action(client, f"resolve {ref}", csrf)
        assert answered.status_code == 200 and f"{ref}" in answered.json()["html"]
        assert chat_server.call(call_id).status == "resolved"
    finally:
        client.close()


def _board_link(server: ChatServer, store_url: str) -> str:
    env = {"GEMBA_DATABASE_URL": store_url, "GEMBA_BOARD_URL": server.url, "GEMBA_EMBEDDER": "fake"}
    result = runner.invoke(app, ["board", "link", "--line", "L3"], env=env)
    assert result.exit_code == 0, result.output
    parts = urlsplit(result.stdout.strip())
    return f"{parts.path}?{parts.query}"


def _first_board_event(client: httpx.Client, url: str) -> str:
    with client.stream("GET", url) as stream:
        lines = stream.iter_lines()
        assert next(lines) == "event: board"
        return next(lines)


def test_only_a_signed_in_person_off_tv_mode_sees_the_buttons(chat_server: ChatServer, plant_db: str) -> None:
    chat_server.raise_call()
    tv_link = _board_link(chat_server, plant_db)
    with httpx.Client(base_url=chat_server.url, timeout=30) as tv:
        # The page shows the live feed's latest board: wait until it has the call.
        wait_until(lambda: 'data-state="raised"' in tv.get(tv_link).text, timeout=15)
        page = tv.get(tv_link)
        assert page.status_code == 200
        assert "tile-button" not in page.text and "data-csrf" not in page.text
        key = re.search(r"key=([^&]+)", tv_link)
        assert key
        assert "tile-button" not in _first_board_event(tv, f"/board/events?key={key.group(1)}")
    with httpx.Client(base_url=chat_server.url, timeout=30) as local:  # this machine, read-only
        assert "tile-button" not in local.get("/board").text
    client, _csrf = signed_in_client(chat_server)
    try:
        assert "tile-button" in client.get("/board").text
        assert "tile-button" in _first_board_event(client, "/board/events")
        assert "tile-button" not in client.get("/board?tv=1").text  # a TV signed in by someone
        assert "tile-button" not in _first_board_event(client, "/board/events?tv=1")
    finally:
        client.close()


def test_an_operator_may_escalate_from_the_board_and_a_second_press_escalates_once(
    chat_server: ChatServer,
) -> None:
    call_id, ref = chat_server.raise_call()
    client, csrf = signed_in_client(chat_server, user="U9")  # an operator: asking for help is allowed
    try:
        page = client.get("/board/L3")
        wait_until(lambda: f'data-command="escalate {ref} level:1"' in client.get("/board/L3").text)
        first = client.post(
            "/board/actions?lang=en",
            data={"command": f"escalate {ref} level:1", "delivery_id": "e1", "csrf": csrf},
        )
        again = client.post(  # the same button pressed on a board that had not refreshed yet
            "/board/actions?lang=en",
            data={"command": f"escalate {ref} level:1", "delivery_id": "e2", "csrf": csrf},
        )
        assert page.status_code == first.status_code == again.status_code == 200
        assert chat_server.call(call_id).escalation_level == 1
        assert f"{ref} escalated to level 1" in first.json()["html"]
        assert f"{ref} was already escalated to level 1" in again.json()["html"]
    finally:
        client.close()
