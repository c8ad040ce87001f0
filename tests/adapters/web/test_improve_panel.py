"""The board's improvement projects panel: projects by PDCA stage and overdue countermeasures,
in both languages, following the store."""

from __future__ import annotations

import re

import httpx

from tests.adapters.processes import wait_until
from tests.adapters.web.conftest import WebServer


def _panel(web: WebServer, lang: str = "en") -> str:
    page = httpx.get(f"{web.url}/board?lang={lang}").text
    found = re.search(r'<section class="improve-panel".*?</section>', page, re.S)
    assert found, "the board has its improvement projects panel"
    return found.group()


def _count(panel: str, stage: str) -> int:
    found = re.search(rf'data-stage="{stage}">.*?improve-count">(\d+)<', panel, re.S)
    assert found
    return int(found.group(1))


def test_the_board_shows_projects_by_stage_and_their_overdue_countermeasures(web: WebServer) -> None:
    panel = _panel(web)
    assert "Improvement projects" in panel
    assert [_count(panel, s) for s in ("plan", "do", "check", "act", "closed")] == [1, 1, 1, 1, 1]
    assert "Overdue countermeasures" in panel and "<b>J4 #2</b> Stagger breaks" in panel
    chinese = _panel(web, "zh")
    assert "改善项目" in chinese and "计划" in chinese and "标准化" in chinese and "逾期对策" in chinese

    web.say("improve J4 done 2")
    web.say("improve J4 next")
    wait_until(lambda: _count(_panel(web), "check") == 2)  # the live feed has read both changes
    panel = _panel(web)
    assert _count(panel, "do") == 0 and "Overdue countermeasures" not in panel
    assert not httpx.get(f"{web.url}/board/L3").text.count("improve-panel"), "a line's page keeps to its line"
