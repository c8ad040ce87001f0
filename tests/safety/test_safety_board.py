"""The web board's safety panel: days since the last injury and near misses this week, per
area, in English and Chinese; it follows new reports without a restart."""

from __future__ import annotations

import re
import time

import httpx

from tests.adapters.web.conftest import WebServer, browser, page, web  # noqa: F401


def _row(html: str, area: str) -> tuple[str, str]:
    found = re.search(
        rf'<tr data-area="{area}">.*?class="safety-days">(.*?)</td>\s*<td class="safety-near">(\d+)</td>',
        html,
        re.S,
    )
    assert found, f"no safety row for {area}"
    return found.group(1).strip(), found.group(2)


def _board_when(server: WebServer, path: str, ready) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 10
    while True:
        html = httpx.get(f"{server.url}{path}", timeout=10).text
        if ready(html) or time.monotonic() > deadline:
            return html
        time.sleep(0.1)


def test_the_board_shows_days_since_injury_and_near_misses_this_week(web: WebServer) -> None:  # noqa: F811
    web.say("safety TOOL operator cut a finger on a burr")
    web.say("safety TOOL forklift nearly hit a walker")
    web.say("safety TOOL pallet almost fell kind:near_miss")
    html = _board_when(web, "/board", lambda h: 'data-area="TOOL"' in h and _row(h, "TOOL") == ("0", "2"))
    assert "Days since last injury" in html and "Near misses this week" in html
    assert _row(html, "TOOL") == ("0", "2")
    zh = httpx.get(f"{web.url}/board?lang=zh", timeout=10).text
    assert "距上次受伤天数" in zh and "本周未遂事件" in zh and "工具间" in zh


def test_the_panel_looks_right_in_a_browser(web: WebServer, page) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    web.say("安全 3号线 叉车差点撞到人")
    _board_when(web, "/board?lang=zh", lambda h: _row(h, "L3")[1] != "0")
    page.goto(f"{web.url}/board?lang=zh")
    panel = page.locator("section.safety-panel")
    panel.wait_for()
    assert panel.is_visible() and "安全" in panel.inner_text()
    panel.screenshot(path="/tmp/safety_panel_zh.png")
