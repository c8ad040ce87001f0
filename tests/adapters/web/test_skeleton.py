"""The web app's skeleton: pages in both languages, static assets served by Gemba itself."""

from __future__ import annotations

import httpx

from tests.adapters.web.conftest import WebServer


def test_the_home_page_leads_to_the_board_and_assets_are_served_locally(web: WebServer) -> None:
    page = httpx.get(f"{web.url}/", follow_redirects=True)
    assert page.status_code == 200 and str(page.url).endswith("/board")
    for asset in ("/static/gemba.css", "/static/board.css", "/static/board.js"):
        assert httpx.get(f"{web.url}{asset}").status_code == 200
    assert "http://" not in page.text.replace(web.url, "") and "https://" not in page.text


def test_pages_are_in_the_language_asked_for(web: WebServer) -> None:
    english = httpx.get(f"{web.url}/board").text
    chinese = httpx.get(f"{web.url}/board?lang=zh").text
    assert '<html lang="en"' in english and "Andon board" in english
    assert '<html lang="zh-CN"' in chinese and "安灯看板" in chinese and "看板" in chinese


def test_a_page_opens_in_chromium_with_its_navigation(web: WebServer, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{web.url}/board?lang=zh")
    assert page.locator(".topbar nav a").all_inner_texts() == ["看板", "关键指标", "问题", "对话"]
    assert page.title().startswith("安灯看板")
