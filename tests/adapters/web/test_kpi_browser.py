"""The KPI page in real headless Chromium (Debian's, through Playwright): the Chinese page
draws its charts with Chinese labels, seen in the screenshot's pixels.

Set GEMBA_SAVE_SCREENSHOTS=1 to also write the screenshot to docs/kpi.png (for README).
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from adapters.cli.web_cmds import build_web_app
from adapters.web.server import BackgroundServer
from bot import Services
from tests.adapters.web.conftest import ROOT, web_settings

BAR_RGB = (0x4C, 0x8D, 0xFF)  # .chart-svg .bar in static/kpi.css


@pytest.fixture
def kpi_url(services: Services, plant_db: str) -> Iterator[str]:
    """The web app on the sample plant with the plant clock at Sat 21 Nov 2026 10:00."""
    server = BackgroundServer(build_web_app(web_settings(plant_db), services), port=0)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def _pixels(png: bytes) -> list[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    data = image.tobytes()
    return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]


def _near(pixel: tuple[int, int, int], colour: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def test_the_chinese_kpi_page_draws_its_charts_with_chinese_labels(
    kpi_url: str, page, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{kpi_url}/kpi?lang=zh")
    assert page.title().startswith("关键指标")
    pareto = page.locator("#chart-pareto svg")
    assert pareto.is_visible()
    box = pareto.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    # Bars are drawn: the chart's screenshot has many pixels of the bar colour.
    bars = sum(_near(p, BAR_RGB) for p in _pixels(pareto.screenshot()))
    assert bars > 2000
    # Chinese labels are SVG text in the page font, drawn as glyphs: two different labels of
    # two characters look different (missing glyphs would be two identical boxes each).
    labels = page.locator("#chart-by-reason svg text.label")
    texts = labels.all_text_contents()
    assert texts and all(not t.isascii() for t in texts) and "安全" in texts
    first, other = labels.nth(0).screenshot(), labels.nth(texts.index("安全")).screenshot()
    assert len(set(_pixels(first))) > 10  # anti-aliased strokes, not a flat box
    assert _pixels(first) != _pixels(other)
    # The data table alternative opens.
    page.locator("#chart-pareto summary").click()
    assert page.locator("#chart-pareto table").is_visible()
    page.locator("#chart-pareto summary").click()
    shot = tmp_path / "kpi.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    if os.environ.get("GEMBA_SAVE_SCREENSHOTS"):
        shutil.copy(shot, ROOT / "docs" / "kpi.png")


def test_the_week_form_and_the_problem_links_work_in_the_browser(kpi_url: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{kpi_url}/kpi/L3")
    page.select_option("select[name=week]", "2026-W46")
    page.locator(".kpi-week-form button").click()
    page.wait_for_url("**/kpi/L3?lang=en&week=2026-W46")
    assert "Week 46, 2026" in page.locator(".kpi-week").inner_text()
    page.locator("#chart-aging .kpi-links a", has_text="7+").click()
    page.wait_for_url("**/problems?age=7%2B&line=L3&lang=en")
    rows = page.locator("tr[data-problem]")
    assert rows.count() > 0
    rows.first.locator("a").first.click()
    assert page.locator("h2").inner_text() == "History"
    assert page.locator("table.events tbody tr").count() >= 1
