"""The board's handover panel: the last handover of each line, and whether it was confirmed."""

from __future__ import annotations

import httpx

from tests.adapters.web.conftest import WebServer


def test_the_board_shows_each_lines_last_handover_and_whether_it_was_confirmed(web: WebServer) -> None:
    reply = web.say("handover L3 quality: - | safety: - | watch: die change on PR-03", user="xu")
    ref = next(w for w in (reply.title or "").split() if w[:1] == "H" and w[1:].isdigit())
    web.say(f"handover {ref} submit", user="xu")

    page = httpx.get(f"{web.url}/board", timeout=10).text
    assert "Last shift handover" in page
    l3 = page[page.index('data-line="L3"', page.index("handover-panel")) :].split("</li>")[0]
    assert ref in l3 and "by xu" in l3 and "not confirmed yet" in l3 and "die change on PR-03" in l3
    assert "handover-waiting" in page[: page.index(ref)].rsplit("<li", 1)[1]

    web.say(f"确认交接 {ref}", user="马林")
    page = httpx.get(f"{web.url}/board?lang=zh", timeout=10).text
    l3 = page[page.index('data-line="L3"', page.index("handover-panel")) :].split("</li>")[0]
    assert "最近一次交接班" in page and ref in l3 and "已由 马林 确认" in l3 and "班（" in l3
    l1 = page[page.index('data-line="L1"', page.index("handover-panel")) :].split("</li>")[0]
    assert "已由" in l1 and "夜班" in l1  # the seeded night shift of the 20th, confirmed
