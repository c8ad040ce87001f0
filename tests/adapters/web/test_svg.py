"""The SVG chart builder: well-formed, accessible charts whose shapes follow the data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from adapters.web.svg import Bar, bar_chart, nice_max, pareto_chart, text_width


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_bars_are_as_long_as_their_values_and_labelled_with_text() -> None:
    root = _parse(
        bar_chart("c1", "Calls by line", [Bar("L3", 28, "28"), Bar("L5", 14, "14"), Bar("L1", 0, "0")])
    )
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title"
    assert root.find("title").text == "Calls by line"  # type: ignore[union-attr]
    widths = [float(rect.get("width", "")) for rect in root.iter("rect")]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.2) and widths[2] == 0
    texts = [t.text for t in root.iter("text")]
    assert texts[:3] == ["L3", "28", "L5"]


def test_labels_are_escaped_and_chinese_stays_text() -> None:
    root = _parse(bar_chart("c2", "原因 <&>", [Bar("缺料 <b>", 3, "3 次"), Bar("a & b", 1, "1 次")]))
    texts = [t.text for t in root.iter("text")]
    assert "缺料 <b>" in texts and "a & b" in texts and "3 次" in texts
    assert root.find("title").text == "原因 <&>"  # type: ignore[union-attr]


def test_a_reference_line_sits_at_its_value() -> None:
    root = _parse(
        bar_chart(
            "c3",
            "Output",
            [Bar("L1", 50, "50%"), Bar("L2", 120, "120%")],
            reference=100,
            reference_text="plan",
        )
    )
    (reference,) = [line for line in root.iter("line") if line.get("class") == "reference"]
    bars = list(root.iter("rect"))
    start = float(bars[0].get("x", ""))
    x = float(reference.get("x1", ""))
    assert x - start == pytest.approx(float(bars[0].get("width", "")) * 2, abs=0.2)


def test_long_labels_are_shortened_but_the_full_label_stays_in_the_tooltip() -> None:
    label = "material shortage at the second press line"
    root = _parse(bar_chart("c4", "t", [Bar(label, 1, "1")]))
    assert label not in [t.text for t in root.iter("text")]
    assert any(label in (title.text or "") for title in root.iter("title"))


def test_a_pareto_has_falling_bars_and_a_rising_cumulative_line_to_100_percent() -> None:
    bars = [Bar("a", 50, "50"), Bar("b", 30, "30"), Bar("c", 20, "20")]
    root = _parse(pareto_chart("p", "Pareto", bars, [0.5, 0.8, 1.0], cumulative_text=["50%", "80%", "100%"]))
    heights = [float(rect.get("height", "")) for rect in root.iter("rect")]
    assert heights == sorted(heights, reverse=True) and heights[0] == pytest.approx(
        heights[1] * 5 / 3, abs=0.2
    )
    (line,) = [p for p in root.iter("polyline") if p.get("class") == "cumulative"]
    ys = [float(point.split(",")[1]) for point in line.get("points", "").split()]
    assert ys == sorted(ys, reverse=True)  # rises (SVG y grows downwards)
    top_of_plot = min(
        float(t.get("y", "")) for t in root.iter("text") if t.text == "100%" and t.get("class") == "axis"
    )
    assert ys[-1] == pytest.approx(top_of_plot - 4, abs=0.2)
    # The bars before 80 % is reached are the vital few; the rest are drawn muted.
    assert [rect.get("class") for rect in root.iter("rect")] == ["bar", "bar", "bar trivial"]
    assert [t.text for t in root.iter("text") if t.get("class") == "cumulative-text"] == [
        "50%",
        "80%",
        "100%",
    ]


def test_a_pareto_needs_one_cumulative_share_per_bar() -> None:
    with pytest.raises(ValueError):
        pareto_chart("p", "t", [Bar("a", 1, "1")], [0.5, 1.0], cumulative_text=["50%", "100%"])


def test_axes_end_on_round_numbers_and_empty_charts_still_draw() -> None:
    assert [nice_max(v) for v in (0, 3, 11, 26, 480, 1001)] == [1, 5, 20, 50, 500, 2000]
    assert _parse(bar_chart("e", "empty", [])).find("title") is not None
    assert text_width("物料") > text_width("ab")
