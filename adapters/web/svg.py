"""Small server-side SVG charts: horizontal bars and a Pareto (bars with a cumulative line).

The charts are inline `<svg>` elements: labels are SVG `<text>`, so they use the page's font
(Chinese renders wherever the page does) and nothing is fetched. Each chart carries a
`<title>` (named by `aria-labelledby`, `role="img"`); the page puts a data table beside it.
Callers pass every label and value text already formatted in the page language; this module
only places shapes. Colours come from CSS classes (`static/kpi.css`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 600  # about the width a chart gets on a laptop, so 13 px text stays 13 px
FONT_PX = 13
ROW = 30  # height of one horizontal bar's row
MAX_LABEL_W = 190  # the widest label column of horizontal bars
VALUE_W = 90  # room for the value right of the longest bar
PARETO_H = 240  # plot height of the Pareto
PARETO_LEFT = 96  # room for the first slanted label and the minutes axis
PARETO_LABEL_H = 90  # room for the slanted labels under the Pareto's bars
MAX_LABEL_CHARS = 22
PARETO_LABEL_CHARS = 14


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (the length) and the text shown at its end."""

    label: str
    value: float
    text: str


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (1 for nothing), so axes end on
    a round number.

    >>> nice_max(0), nice_max(7), nice_max(23), nice_max(140), nice_max(0.8)
    (1.0, 10.0, 25.0, 200.0, 1.0)
    """
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover (the loop always returns)


def short(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    """`label` cut to `limit` characters with an ellipsis (the full text stays in the table).

    >>> short("material shortage at the press", 12)
    'material sh…'
    """
    return label if len(label) <= limit else label[: limit - 1] + "…"


def text_width(text: str, font_px: float = FONT_PX) -> float:
    """About how wide `text` is drawn, in pixels: a Chinese character is one em, others about
    0.6 em (enough to size a label column; the browser does the real layout).

    >>> text_width("L3"), text_width("物料")
    (15.6, 26.0)
    """
    return round(sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in text) * font_px, 1)


def bar_chart(
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    *,
    reference: float | None = None,
    reference_text: str = "",
) -> str:
    """Horizontal bars, one row each, in the order given; `reference` draws a dashed line at
    that value (e.g. 100 % of plan) labelled `reference_text`. Returns an `<svg>` element."""
    top = max((bar.value for bar in bars), default=0.0)
    scale_max = nice_max(max(top, reference or 0.0))
    label_w = min(MAX_LABEL_W, max((text_width(short(bar.label)) for bar in bars), default=0.0) + 16)
    plot_w = WIDTH - label_w - VALUE_W
    height = ROW * max(len(bars), 1) + 30
    parts = [_open(chart_id, title, height)]
    for tick in _ticks(scale_max):
        x = label_w + plot_w * tick / scale_max
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 22}"/>')
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        length = plot_w * max(bar.value, 0.0) / scale_max
        parts.append(
            f'<text class="label" x="{label_w - 8:.1f}" y="{y + ROW / 2 + 5:.1f}" text-anchor="end">'
            f"{_text(short(bar.label))}</text>"
        )
        parts.append(
            f'<rect class="bar" x="{label_w:.1f}" y="{y + 4}" width="{length:.1f}" height="{ROW - 8}">'
            f"<title>{_text(bar.label)}: {_text(bar.text)}</title></rect>"
        )
        parts.append(
            f'<text class="value" x="{label_w + length + 6:.1f}" y="{y + ROW / 2 + 5:.1f}">'
            f"{_text(bar.text)}</text>"
        )
    if reference is not None:
        x = label_w + plot_w * reference / scale_max
        parts.append(f'<line class="reference" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 22}"/>')
        parts.append(
            f'<text class="axis" x="{x:.1f}" y="{height - 6}" text-anchor="middle">'
            f"{_text(reference_text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def pareto_chart(
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    cumulative: Sequence[float],
    *,
    cumulative_text: Sequence[str],
) -> str:
    """A Pareto: vertical bars (largest first, as given) on the left axis, and the cumulative
    share (0-1) of each bar as a line with points on the right axis (0-100 %), each point
    labelled by `cumulative_text`. Returns an `<svg>` element."""
    if len(cumulative) != len(bars) or len(cumulative_text) != len(bars):
        raise ValueError("a Pareto needs one cumulative share and text per bar")
    left, right, top = PARETO_LEFT, 44, 24
    plot_w = WIDTH - left - right
    height = top + PARETO_H + PARETO_LABEL_H
    scale_max = nice_max(max((bar.value for bar in bars), default=0.0))
    slot = plot_w / max(len(bars), 1)
    base = top + PARETO_H
    parts = [_open(chart_id, title, height)]
    for tick in _ticks(scale_max):
        y = base - PARETO_H * tick / scale_max
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:g}</text>')
    for share in (0, 50, 80, 100):
        y = base - PARETO_H * share / 100
        parts.append(f'<text class="axis" x="{left + plot_w + 6}" y="{y + 4:.1f}">{share}%</text>')
    y80 = base - PARETO_H * 0.8
    parts.append(f'<line class="reference" x1="{left}" y1="{y80:.1f}" x2="{left + plot_w}" y2="{y80:.1f}"/>')
    points = []
    for i, bar in enumerate(bars):
        x = left + i * slot
        bar_h = PARETO_H * max(bar.value, 0.0) / scale_max
        centre = x + slot / 2
        vital = (cumulative[i - 1] if i else 0.0) < 0.8  # the vital few, before 80 % is reached
        parts.append(
            f'<rect class="bar{"" if vital else " trivial"}" x="{x + slot * 0.15:.1f}" '
            f'y="{base - bar_h:.1f}" width="{slot * 0.7:.1f}" height="{bar_h:.1f}">'
            f"<title>{_text(bar.label)}: {_text(bar.text)} · {_text(cumulative_text[i])}</title></rect>"
        )
        parts.append(
            f'<text class="value" x="{centre:.1f}" y="{base - bar_h - 4:.1f}" text-anchor="middle">'
            f"{_text(bar.text)}</text>"
        )
        parts.append(
            f'<text class="label" transform="translate({centre:.1f} {base + 14}) rotate(-30)" '
            f'text-anchor="end">{_text(short(bar.label, PARETO_LABEL_CHARS))}</text>'
        )
        points.append((centre, base - PARETO_H * min(max(cumulative[i], 0.0), 1.0)))
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline class="cumulative" points="{path}"/>')
        for (x, y), text in zip(points, cumulative_text, strict=True):
            parts.append(f'<circle class="cumulative-point" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>')
            parts.append(
                f'<text class="cumulative-text" x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle">'
                f"{_text(text)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _open(chart_id: str, title: str, height: int) -> str:
    return (
        f'<svg class="chart-svg" id="{_text(chart_id)}" role="img" aria-labelledby="{_text(chart_id)}-title" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet"'
        f'><title id="{_text(chart_id)}-title">{_text(title)}</title>'
    )


def _ticks(scale_max: float) -> list[float]:
    """Four equal steps from 0 to `scale_max` (a nice number), 0 included.

    >>> _ticks(200.0)
    [0.0, 50.0, 100.0, 150.0, 200.0]
    """
    return [scale_max * i / 4 for i in range(5)]


def _text(value: str) -> str:
    return escape(value, quote=True)
