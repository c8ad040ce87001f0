"""Charts: a PNG for trends (line) and breakdowns (bars), drawn with matplotlib's Agg backend.

Drawing costs 150–300 ms on a busy two-core host (tick-label layout dominates), several
times the rest of an answer. So `chart()` only decides *whether* there is a chart and keeps
the points; the PNG is drawn on first access of `Chart.png`, when an adapter uploads it.
Answers that are never rendered (`gemba ask --json`, evals, the LLM repair loop) never draw.
"""

from __future__ import annotations

import io
import threading
import warnings
from functools import cache, cached_property
from typing import Any

MAX_POINTS = 40
_DRAWING = threading.Lock()  # matplotlib's text and font caches are not thread-safe
#: Fonts with Chinese characters, best first; the first one installed draws every label.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans SC",
    "AR PL UMing CN",
)


class Chart:
    """A chart to draw: `title`, (label, value) `points` and whether it is a `trend` line.

    >>> c = Chart("Output by line", [("Line 1", 3), ("Line 2", 5)], trend=False)
    >>> c.png[:4]
    b'\\x89PNG'
    """

    def __init__(self, title: str, points: list[tuple[str, float]], *, trend: bool) -> None:
        self.title = title
        self.points = points[:MAX_POINTS]
        self.trend = trend

    def __repr__(self) -> str:
        return f"Chart({self.title!r}, {len(self.points)} points, trend={self.trend})"

    @cached_property
    def png(self) -> bytes:
        """The PNG bytes, drawn on first access and kept."""
        with _DRAWING:
            return _draw(self.title, self.points, trend=self.trend)


def chart(title: str, columns: list[str], rows: list[list[Any]], *, trend: bool) -> Chart | None:
    """A chart of the last column against the first, or None when there is nothing to draw.

    >>> chart("t", ["day", "n"], [["2026-11-01", 1]], trend=True) is None
    True
    >>> chart("t", ["day", "n"], [["2026-11-01", 1], ["2026-11-02", 4]], trend=True)
    Chart('t', 2 points, trend=True)
    """
    points = [
        (str(r[0]), r[-1]) for r in rows if isinstance(r[-1], int | float) and not isinstance(r[-1], bool)
    ]
    if len(points) < 2 or len(columns) < 2:
        return None
    return Chart(title, points, trend=trend)


@cache
def cjk_font() -> str | None:
    """The name of an installed font that has Chinese characters, or None."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _draw(title: str, points: list[tuple[str, float]], *, trend: bool) -> bytes:
    from matplotlib import rc_context

    font = cjk_font()  # Latin glyphs come from DejaVu Sans, Chinese ones (table names, values) from it
    with rc_context({"font.family": ["DejaVu Sans", font] if font else ["DejaVu Sans"]}):
        return _draw_figure(title, points, trend=trend)


def _draw_figure(title: str, points: list[tuple[str, float]], *, trend: bool) -> bytes:
    # A bare `Figure` on an Agg canvas: no pyplot state, no layout engine.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 3.5), dpi=80)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.22, 0.18, 0.74, 0.72))
    labels, values = zip(*points, strict=True)
    if trend:
        axes.plot(labels, values, marker="o")
        axes.tick_params(axis="x", labelrotation=45, labelsize=7)
    else:
        axes.barh(list(reversed(labels)), list(reversed(values)))
        axes.tick_params(axis="y", labelsize=7)
    axes.set_title(title[:90], fontsize=9)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # glyphs missing from the font: drawn as boxes
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
