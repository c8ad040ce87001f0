"""The board's 5S panel: each area's latest audit score with its trend, in both languages."""

from __future__ import annotations

import httpx
from sqlalchemy import text

from tests.adapters.web.conftest import WebServer


def test_the_board_shows_each_areas_latest_score_with_its_trend(web: WebServer) -> None:
    with web.services.sessions() as session:
        rows = session.execute(
            text(
                "SELECT a.code, f.score FROM five_s_audits f JOIN areas a ON a.id = f.area_id "
                "WHERE f.status = 'done' ORDER BY a.code, f.finished_at DESC"
            )
        ).all()
    latest: dict[str, list[float]] = {}
    for code, score in rows:
        latest.setdefault(code, []).append(score)
    page = httpx.get(f"{web.url}/board?lang=zh").text
    assert "5S 审核：各区域最新得分" in page and "工具间" in page
    for code, scores in latest.items():
        trend = "up" if scores[0] > scores[1] + 0.04 else "down" if scores[0] < scores[1] - 0.04 else "same"
        assert f'<tr data-area="{code}" data-trend="{trend}">' in page, code
    web.say("5s office 1 1 1 1 1")
    page = httpx.get(f"{web.url}/board").text
    assert '<tr data-area="OFFICE" data-trend="down">' in page and "5S audits: latest score per area" in page
    assert "audit-panel" not in httpx.get(f"{web.url}/board/L3").text
