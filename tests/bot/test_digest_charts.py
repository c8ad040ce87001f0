"""The digest's charts are real PNGs, 1200 × 900 pixels, with something drawn in them."""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from matplotlib import image as mpimg

from bot import Services
from bot.digest import Week, charts, compute
from bot.digest.charts import BAR, andon_chart, pareto_chart
from bot.digest.compute import Change, ParetoRow

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _share_of_colour(png: bytes, hex_colour: str) -> float:
    pixels = mpimg.imread(io.BytesIO(png), format="png")[:, :, :3]
    target = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return float((np.abs(pixels - target).max(axis=2) < 0.02).mean())


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_sample_weeks_charts_are_phone_sized_pngs_with_bars(services: Services, language: str) -> None:
    with services.sessions() as session:
        digest = compute(session, services, Week.parse("2026-W46"))
    images = charts(digest, language)  # type: ignore[arg-type]
    assert set(images) == {"downtime_pareto", "andon_by_line", "output_vs_plan"}
    for stem, image in images.items():
        assert _size(image.png) == (1200, 900), stem
        assert _share_of_colour(image.png, BAR) > 0.03, f"{stem} has no bars"
        assert image.title and "2026-W46" in image.title and image.alt


def test_bars_grow_with_the_data() -> None:
    small = pareto_chart([ParetoRow("a", 10, 1, 0.1, 0.1), ParetoRow("b", 90, 2, 0.9, 1.0)], "W", "en")
    assert _share_of_colour(small.png, BAR) > 0.03
    calls = andon_chart([Change("L1", 5, 3), Change("L2", 0, 0)], "W", "en")
    assert "L1 5 (last week 3)" in calls.alt


def test_a_week_without_data_has_no_charts(services: Services) -> None:
    with services.sessions() as session:
        digest = compute(session, services, Week.parse("2025-W01"))
    assert digest.empty and charts(digest, "en") == {}
