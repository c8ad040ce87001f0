"""The KPI pages through Starlette's TestClient on the sample plant, with the plant clock at
Saturday 21 Nov 2026 10:00 (week 2026-W47): the figures are the digest's and `status`'s."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.requests import Request
from starlette.testclient import TestClient

from adapters.cli.web_cmds import build_web_app
from adapters.web.links import kept_fields, page_link
from bot import Services, handle
from bot.digest import Week, compute
from bot.metrics import format_duration
from bot.store.db import make_engine, make_sessions
from bot.store.migrate import upgrade
from bot.store.models import Line
from tests.adapters.web.conftest import web_settings
from tests.conftest import PLANT_TZ, FakeClock, message

LOCAL = ("127.0.0.1", 50000)  # the access seam lets this machine look
SIZE_LIMIT = 200_000


@pytest.fixture
def client(services: Services, plant_db: str) -> Iterator[TestClient]:
    with TestClient(build_web_app(web_settings(plant_db), services), client=LOCAL) as test_client:
        yield test_client


def figures(page: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(figure, period) -> (text shown, raw value) from the summary table."""
    found = {}
    for figure, cells in re.findall(r'<tr data-figure="(\w+)">(.*?)</tr>', page, re.S):
        for period, value, text in re.findall(
            r'<td data-period="(\w+)" data-value="([^"]*)">(.*?)</td>', cells
        ):
            found[(figure, period)] = (text, value)
    return found


def _close(raw: str, expected: float | None) -> bool:
    if expected is None:
        return raw == ""
    return float(raw) == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("lines", [None, ["L3"]], ids=["plant", "line L3"])
def test_a_weeks_figures_are_the_weekly_digests(client: TestClient, services: Services, lines) -> None:
    path = "/kpi" if lines is None else f"/kpi/{lines[0]}"
    page = client.get(f"{path}?week=2026-W46")
    assert page.status_code == 200
    shown = figures(page.text)
    with services.sessions() as session:
        digest = compute(session, services, Week.parse("2026-W46"), lines=lines)
    assert {period for _, period in shown} == {"week"}  # a past week has no "today"
    assert shown[("calls", "week")] == (str(digest.calls.this_week), str(digest.calls.this_week))
    for name, stats in (("mtta", digest.mtta), ("mttr", digest.mttr)):
        for suffix, value in (("", stats.mean), ("_median", stats.median), ("_p90", stats.p90)):
            text, raw = shown[(name + suffix, "week")]
            assert text == format_duration(value) and _close(raw, value), name + suffix
    assert _close(shown[("escalated", "week")][1], digest.escalated_share)
    assert shown[("escalated", "week")][0].endswith(f"({digest.escalated} of {digest.calls.this_week})")
    assert shown[("downtime", "week")][1] == str(digest.downtime_minutes)
    assert digest.output is not None
    planned, output = sum(r.planned for r in digest.output), sum(r.output for r in digest.output)
    assert _close(shown[("attainment", "week")][1], output / planned)
    # The Pareto's data table lists the digest's reasons in the digest's order.
    pareto = page.text.split('id="chart-pareto"')[1].split("</figure>")[0]
    assert re.findall(r"<tr><td>([^<]+)</td>", pareto) == [row.reason for row in digest.pareto]


def test_today_is_what_status_says_and_the_week_is_the_current_one(
    client: TestClient, services: Services
) -> None:
    page = client.get("/kpi")
    shown = figures(page.text)
    status = dict(handle(message("status"), services).fields)  # type: ignore[union-attr]
    assert shown[("calls", "today")][0] == status["Raised today"]
    assert shown[("mtta", "today")][0] == status["MTTA today"]
    assert shown[("mttr", "today")][0] == status["MTTR today"]
    assert int(status["Raised today"]) > 0  # the sample plant has calls this morning
    with services.sessions() as session:
        digest = compute(session, services, Week.parse("2026-W47"))
    assert shown[("calls", "week")][1] == str(digest.calls.this_week)
    assert "Week 47, 2026" in page.text and "Today (Sat 21 Nov)" in page.text


def test_the_week_selector_and_its_links(client: TestClient) -> None:
    page = client.get("/kpi/L3?week=2026-W46").text
    assert '<option value="2026-W46" selected>' in page
    assert (
        'href="/kpi/L3?week=2026-W45&amp;lang=en"' in page
        and 'href="/kpi/L3?week=2026-W47&amp;lang=en"' in page
    )
    assert len(re.findall(r"<option value=\"2026-W\d\d\"", page)) == 12


def test_the_page_speaks_chinese_with_chinese_numbers_and_durations(client: TestClient) -> None:
    english, chinese = client.get("/kpi?week=2026-W46").text, client.get("/kpi?week=2026-W46&lang=zh").text
    assert '<html lang="zh-CN"' in chinese and "关键指标 · 全部产线" in chinese
    assert "2026 年第 46 周（11月9日 – 11月15日）" in chinese
    assert "停机帕累托 · 2026-W46" in chinese and "按原因的安灯次数" in chinese
    assert ">物料</text>" in chinese  # a chart label, as SVG text in the page font
    mtta_zh, mtta_en = figures(chinese)[("mtta", "week")][0], figures(english)[("mtta", "week")][0]
    assert mtta_zh.endswith(" 分钟") and mtta_en.endswith(" min") and mtta_zh.split()[0] == mtta_en.split()[0]
    assert "分钟" not in english and "Downtime Pareto · 2026-W46" in english and ">material</text>" in english
    assert re.fullmatch(r"\d+%（\d+ 次中 \d+ 次）", figures(chinese)[("escalated", "week")][0])


@pytest.mark.parametrize("url", ["/kpi", "/kpi?lang=zh", "/kpi/L3?week=2026-W46"])
def test_a_kpi_page_is_small_and_fetches_nothing_from_the_internet(client: TestClient, url: str) -> None:
    page = client.get(url)
    print(f"{url}: {len(page.content):,} bytes")
    assert len(page.content) < SIZE_LIMIT
    assert "http://" not in page.text and "https://" not in page.text
    assert page.text.count("<svg") == page.text.count('role="img"') >= 4
    assert (
        page.text.count("<figure") == page.text.count("<table") - 1
    )  # each chart has its table, plus the summary


def test_open_problems_by_age_match_the_problems_page(client: TestClient) -> None:
    page = client.get("/kpi").text
    aging = page.split('id="chart-aging"')[1].split("</figure>")[0]
    counts = [int(n) for n in re.findall(r"<tr><td>[^<]+</td><td>(\d+)</td>", aging)]
    listed = [
        len(re.findall(r"<tr data-problem=", client.get("/problems", params={"age": age}).text))
        for age in ("0-1", "1-3", "3-7", "7+")
    ]
    assert counts == listed and sum(counts) > 0


@pytest.mark.parametrize(
    ("url", "status", "says"),
    [
        ("/kpi?week=2026-W99", 400, "is not a week"),
        ("/kpi?week=soon&lang=zh", 400, "不是有效的周"),
        ("/kpi/L99", 404, "There is no line L99."),
    ],
)
def test_bad_weeks_and_lines_get_a_clear_answer(client: TestClient, url: str, status: int, says: str) -> None:
    page = client.get(url)
    assert page.status_code == status and says in page.text


def test_a_plant_without_production_tables_says_so_instead_of_a_chart(
    tmp_path: Path, clock: FakeClock
) -> None:
    url = f"sqlite:///{tmp_path / 'bare.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        session.add(Line(code="L1", name="Line 1", name_zh="1号线"))
    bare = Services(sessions=sessions, timezone=PLANT_TZ, clock=clock)
    try:
        with TestClient(build_web_app(web_settings(url), bare), client=LOCAL) as test_client:
            page = test_client.get("/kpi").text
            chinese = test_client.get("/kpi?lang=zh").text
    finally:
        engine.dispose()
    assert "has no production table, so output against plan is not shown" in page
    assert "has no downtime table" in page and "No andon calls in this period." in page
    assert figures(page)[("attainment", "week")] == ("–", "")
    assert "没有生产表" in chinese


def test_links_keep_the_page_language_and_a_tv_links_key() -> None:
    request = Request({"type": "http", "path": "/kpi", "query_string": b"lang=zh&key=k%2B1&week=2026-W46"})
    assert (
        page_link(request, "/kpi/L3", week="2026-W45", line="") == "/kpi/L3?week=2026-W45&lang=zh&key=k%2B1"
    )
    assert page_link(request, "/problems", age="7+") == "/problems?age=7%2B&lang=zh&key=k%2B1"
    assert kept_fields(request) == [("lang", "zh"), ("key", "k+1")]
