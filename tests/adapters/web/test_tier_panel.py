"""The web board's tier panel: today's meeting of each line, with its ✅ and concerns."""

from __future__ import annotations

import re

import httpx

from tests.adapters.web.conftest import WebServer


def _panel(html: str) -> dict[str, str]:
    section = html[html.index('<section class="tier-panel"') :]
    section = section[: section.index("</section>")]
    return {
        line: re.sub(r"<[^>]+>", "", text).strip()
        for line, text in re.findall(r'<li data-line="(\w+)"><b>\w+</b>(.*?)</li>', section)
    }


def test_the_board_shows_todays_tier_meetings(web: WebServer) -> None:
    board = web.say("tier L3")
    ref = board.buttons[0].command.split()[-1]
    web.say(f"tier ok {ref}", user="bo")
    web.say(f"tier item {ref} label printer jams", user="li")
    panel = _panel(httpx.get(f"{web.url}/board").text)
    assert re.fullmatch(rf"{ref} posted \d\d:\d\d · 1 ✅ · 1 concerns", panel["L3"])
    assert panel["L1"] == "not held yet" and len(panel) == 6
    chinese = _panel(httpx.get(f"{web.url}/board?lang=zh").text)
    assert re.fullmatch(rf"{ref} \d\d:\d\d 发布 · ✅ 1 人 · 事项 1 个", chinese["L3"])
    assert "tier-panel" not in httpx.get(f"{web.url}/board?tv=1").text  # TVs show the tiles only
