"""The andon board in a real headless Chromium: live colours, Chinese glyphs, TV mode, restarts.

Calls are raised and acknowledged through `bot.handle`, as Slack, DingTalk or the console
would do from another process; the page must change without a reload.
"""

from __future__ import annotations

import io
import signal
import threading

import httpx
from PIL import Image

from bot import Message, handle
from tests.adapters.processes import stop
from tests.adapters.web.conftest import WebServer

RED = "rgb(215, 38, 61)"
YELLOW = "rgb(242, 193, 46)"


def _open_board(page, url: str) -> None:  # type: ignore[no-untyped-def]
    """Open `url` and wait until the live stream delivered the board; mark the page so a
    reload would show (a reloaded page loses `window.notReloaded`)."""
    page.goto(url)
    page.wait_for_function("document.getElementById('board').dataset.version")
    page.evaluate("window.notReloaded = true")


def _tile_state(page, station: str) -> str:  # type: ignore[no-untyped-def]
    return str(page.get_attribute(f".tile[data-station='{station}']", "data-state"))


def _wait_for_tile(page, station: str, state: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(f".tile[data-station='{station}'][data-state='{state}']", timeout=15_000)


def test_a_call_raised_in_chat_turns_its_tile_red_then_yellow_without_a_reload(
    web: WebServer,
    page,  # type: ignore[no-untyped-def]
) -> None:
    _open_board(page, f"{web.url}/board")
    assert _tile_state(page, "WD-03") == "clear"
    assert page.get_attribute("section[data-line='L3']", "class") == "line line-clear"

    reply = web.say("andon L3 WD-03 material shortage at the feeder")
    ref = next(word for word in reply.text.split() if word.startswith("A") and word[1:].isdigit())
    _wait_for_tile(page, "WD-03", "raised")
    tile = page.locator(".tile[data-station='WD-03']")
    assert tile.evaluate("el => getComputedStyle(el).backgroundColor") == RED
    assert ref in tile.inner_text() and "shortage at the feeder" in tile.inner_text()
    assert "line-open" in str(page.get_attribute("section[data-line='L3']", "class"))
    assert "1 open" in page.inner_text("section[data-line='L3'] .line-banner")
    assert _tile_state(page, "WD-02") == "clear"

    web.say(f"ack {ref}", user="bo")
    _wait_for_tile(page, "WD-03", "acknowledged")
    tile = page.locator(".tile[data-station='WD-03']")
    assert tile.evaluate("el => getComputedStyle(el).backgroundColor") == YELLOW
    assert "ack: bo" in tile.inner_text()
    assert page.evaluate("window.notReloaded") is True


def test_the_elapsed_time_ticks_in_the_page(web: WebServer, page) -> None:  # type: ignore[no-untyped-def]
    web.say("andon L2 PR-07 equipment die change stuck")
    _open_board(page, f"{web.url}/board/L2")
    elapsed = page.locator(".tile[data-station='PR-07'] .tile-elapsed")
    first = elapsed.inner_text()
    page.wait_for_function(
        f"document.querySelector(\".tile[data-station='PR-07'] .tile-elapsed\").textContent != {first!r}"
    )
    assert elapsed.inner_text() != first


def test_a_line_page_shows_that_line_only_and_an_unknown_line_is_a_clear_404(
    web: WebServer,
    page,  # type: ignore[no-untyped-def]
) -> None:
    _open_board(page, f"{web.url}/board/l3")
    assert page.locator("section.line").evaluate_all("els => els.map(e => e.dataset.line)") == ["L3"]
    missing = httpx.get(f"{web.url}/board/L9?lang=zh")
    assert missing.status_code == 404 and "没有产线 L9。" in missing.text


def test_the_chinese_board_draws_chinese_glyphs_not_boxes(web: WebServer, page) -> None:  # type: ignore[no-untyped-def]
    """Pixels, not the DOM: each character of a Chinese label is drawn as its own glyph, and
    none looks like the box drawn for a character no font has (tofu)."""
    _open_board(page, f"{web.url}/board?lang=zh")
    label = page.locator("section[data-line='L2'] .line-summary")
    assert label.inner_text().strip() == "全部正常"
    whole = _ink(label.screenshot())
    assert whole > 0

    def drawn(text: str) -> bytes:
        label.evaluate("(el, text) => { el.textContent = text; }", text)
        return Image.open(io.BytesIO(label.screenshot())).convert("L").tobytes()

    glyphs = [drawn(character) for character in "全部正常"]
    tofu = drawn("\U000f0000")  # a private-use character: no font has it, so a box is drawn
    assert len(set(glyphs)) == 4, "the four characters look alike: boxes, not glyphs"
    assert tofu not in glyphs


def _ink(png: bytes) -> int:
    """How many pixels of a screenshot differ from its background (its top-left pixel)."""
    pixels = Image.open(io.BytesIO(png)).convert("L").tobytes()
    return sum(1 for value in pixels if abs(value - pixels[0]) > 40)


def test_tv_mode_is_full_screen_large_and_rotates_between_lines(web: WebServer, page) -> None:  # type: ignore[no-untyped-def]
    _open_board(page, f"{web.url}/board?tv=1&rotate=3")
    assert page.locator(".topbar").count() == 0
    shown = (
        "Array.from(document.querySelectorAll('section.line'))"
        ".filter(e => !e.hidden).map(e => e.dataset.line)"
    )
    first = page.evaluate(shown)
    assert len(first) == 1
    code_size = page.locator(f"section[data-line='{first[0]}'] .tile-code").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert code_size >= 48  # 4.2vw of a 1280 px screen: readable across the shop floor
    page.wait_for_function(f"before => {shown}[0] !== before", arg=first[0], timeout=15_000)
    second = page.evaluate(shown)
    assert len(second) == 1 and second != first


def test_the_board_recovers_by_itself_when_its_server_is_killed_and_restarted(
    start_board_process,  # type: ignore[no-untyped-def]
    plant_services,  # type: ignore[no-untyped-def]
    page,  # type: ignore[no-untyped-def]
) -> None:
    process, url = start_board_process()
    port = int(url.rsplit(":", 1)[1])
    _open_board(page, f"{url}/board")
    assert page.inner_text("#board-status") == "live"

    stop(process, signal.SIGKILL)
    page.wait_for_selector("body.offline", timeout=15_000)
    assert page.inner_text("#board-status").startswith("offline since ")
    # Disconnected tiles are grey, never a stale green.
    tile = page.locator(".tile[data-station='WD-03']")
    assert tile.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(58, 63, 71)"

    start_board_process(port)
    page.wait_for_function("!document.body.classList.contains('offline')", timeout=30_000)
    assert page.inner_text("#board-status") == "live"
    handle(
        Message(
            platform="dingtalk", channel="line-3", user="di", user_name="di", text="安灯 3号线 WD-03 缺料"
        ),
        plant_services,
    )
    _wait_for_tile(page, "WD-03", "raised")
    assert page.evaluate("window.notReloaded") is True


def test_one_poller_serves_every_open_stream(web: WebServer) -> None:
    """Twenty open boards: every one hears of a new call, and the store is read for the
    change once, not once per board."""
    received: list[str] = []
    ready = threading.Barrier(21)

    def listen() -> None:
        with httpx.stream("GET", f"{web.url}/board/events?line=L4", timeout=30) as stream:
            events = 0
            for line in stream.iter_lines():
                if line.startswith('data: {"version"'):
                    events += 1
                    if events == 1:
                        ready.wait()
                    elif "tile-raised" in line:
                        received.append(line)
                        return

    listeners = [threading.Thread(target=listen) for _ in range(20)]
    for listener in listeners:
        listener.start()
    ready.wait()
    assert web.feed.latest is not None
    before = web.feed.latest.version
    web.say("andon L4 WD-08 material no wire")
    for listener in listeners:
        listener.join(30)
    assert len(received) == 20
    assert web.feed.latest.version - before <= 2  # one snapshot per change, whatever the audience


# Counts the tones the page plays; the page's own code decides when (the speaker is the fake).
COUNT_TONES = """
window.tones = 0;
window.AudioContext = class {
  constructor() { this.currentTime = 0; this.destination = {}; }
  createGain() { return {gain: {}, connect() {}}; }
  createOscillator() { return {frequency: {}, connect() {}, start() { window.tones += 1; }, stop() {}}; }
};
"""


def test_a_tone_sounds_when_a_tile_turns_red_only_when_asked_for(web: WebServer, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_init_script(COUNT_TONES)
    quiet, loud = context.new_page(), context.new_page()
    try:
        _open_board(quiet, f"{web.url}/board/L6")
        _open_board(loud, f"{web.url}/board/L6?sound=1")
        reply = web.say("andon L6 AS-08 safety guard open")
        for page in (quiet, loud):
            _wait_for_tile(page, "AS-08", "raised")
        ref = next(word for word in reply.text.split() if word.startswith("A") and word[1:].isdigit())
        web.say(f"ack {ref}", user="bo")
        for page in (quiet, loud):
            _wait_for_tile(page, "AS-08", "acknowledged")
        assert (quiet.evaluate("window.tones"), loud.evaluate("window.tones")) == (0, 1)
    finally:
        context.close()
