"""The A3 page as a PNG: A3 landscape, Plan on the left half, Do, Check and Act on the
right, the figure's baseline, after and target as bars in the Check box.

Drawn on matplotlib's Agg canvas directly (no pyplot state, safe in a server thread). Latin
glyphs come from DejaVu Sans and Chinese ones from the installed Chinese font
(`nl2sql.chart.cjk_font`), so a page mixing both draws every character.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from typing import TYPE_CHECKING, Any

from nl2sql.chart import cjk_font

if TYPE_CHECKING:  # the A3 module imports this one to draw its pages
    from matplotlib.figure import Figure

    from bot.improve.a3 import A3, Box

SIZE_INCHES = (16.54, 11.69)  # A3 landscape
DPI = 80
FONT_PT = 11
LINE = FONT_PT * 1.45 / (SIZE_INCHES[1] * 72)  # one line, as a fraction of the page height
COLUMNS = 92  # half-width characters a line of a box holds
TOP, BOTTOM = 0.905, 0.02
CHART = 0.17  # height of the bars in the Check box
EDGE, HEAD = "#1f6fb2", "#e8f0f8"
COLOURS = {"baseline": "#b8c7d6", "check": EDGE, "target": "#2b8a3e"}


def draw(a3: A3) -> bytes:
    """The PNG of `a3`."""
    from matplotlib import rc_context

    font = cjk_font()
    with rc_context(
        {"font.family": ["DejaVu Sans", font] if font else ["DejaVu Sans"], "font.size": FONT_PT}
    ):
        figure = _page(a3)
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            # Chinese on a machine without a Chinese font draws as boxes, not as an error.
            warnings.filterwarnings("ignore", message="Glyph .* missing from")
            figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def wrap(text: str, columns: int = COLUMNS) -> list[str]:
    """`text` in lines of at most `columns` half-width characters (a Chinese character counts
    two), broken between words, or between any two Chinese characters.

    >>> wrap("aaa bbb ccc", 7), wrap("改善项目", 4), wrap("ab", 1)
    (['aaa bbb', 'ccc'], ['改善', '项目'], ['a', 'b'])
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, gap = "", ""
        for token in _TOKENS.findall(paragraph):
            if token.isspace():
                gap = " " if line else ""
                continue
            if line and _width(line + gap + token) > columns:
                lines.append(line)
                line, gap = "", ""
            while _width(token) > columns:  # a word longer than a line
                cut = next(n for n in range(len(token), 0, -1) if _width(token[:n]) <= columns or n == 1)
                lines.append(token[:cut])
                token = token[cut:]
            line, gap = line + gap + token, ""
        lines.append(line)
    return lines


_TOKENS = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+"
)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _page(a3: A3) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    figure.text(0.02, 0.965, a3.title, fontsize=20, fontweight="bold", va="center")
    figure.text(0.02, 0.932, a3.meta, fontsize=12, color="#555555", va="center")
    _column(figure, a3.left, 0.02, 0.47, a3)
    _column(figure, a3.right, 0.51, 0.47, a3)
    return figure


def _column(figure: Figure, boxes: tuple[Box, ...], x: float, width: float, a3: A3) -> None:
    texts = [_lines(box) for box in boxes]
    extra = [CHART if _is_check(box, a3) else 0.0 for box in boxes]
    capacity = (TOP - BOTTOM - sum(extra)) / LINE - 2.6 * len(boxes)
    _fit(texts, int(capacity))
    heights = [(2.6 + len(lines)) * LINE + more for lines, more in zip(texts, extra, strict=True)]
    spare = (TOP - BOTTOM - sum(heights)) / len(boxes)
    y = TOP
    for box, lines, height, more in zip(boxes, texts, heights, extra, strict=True):
        height += spare
        _box(figure, box.heading, lines, x, y - height, width, height)
        if more:
            _bars(figure, a3, x + 0.04, y - height + 0.02, width - 0.08, CHART - 0.03)
        y -= height


def _lines(box: Box) -> list[str]:
    if box.rows:
        rows = [f"{r[0]}. {r[1]} — {r[2]} · {r[3]}" + (f" · {r[4]}" if r[4] else "") for r in box.rows]
        header = " · ".join(box.columns[1:])
        return [header, *[part for row in rows for part in wrap(row)]]
    return [part for line in box.lines for part in wrap(line)]


def _fit(texts: list[list[str]], capacity: int) -> None:
    """Drop lines from the longest boxes until all fit, marking each cut with "…"."""
    while sum(len(lines) for lines in texts) > max(capacity, len(texts)):
        longest = max(texts, key=len)
        del longest[-2:]
        longest.append("…")


def _box(
    figure: Figure, heading: str, lines: list[str], x: float, y: float, width: float, height: float
) -> None:
    from matplotlib.patches import Rectangle

    figure.add_artist(Rectangle((x, y), width, height, fill=False, edgecolor=EDGE, linewidth=1.5))
    band = 1.8 * LINE
    figure.add_artist(Rectangle((x, y + height - band), width, band, color=HEAD, linewidth=0))
    figure.text(
        x + 0.008, y + height - band / 2, heading, fontsize=13, fontweight="bold", va="center", color=EDGE
    )
    top = y + height - band - 0.6 * LINE
    for n, line in enumerate(lines):
        figure.text(x + 0.01, top - n * LINE, line, va="top")


def _is_check(box: Box, a3: A3) -> bool:
    return bool(a3.bars) and box is a3.right[1]


def _bars(figure: Figure, a3: A3, x: float, y: float, width: float, height: float) -> None:
    axes: Any = figure.add_axes((x + 0.08, y, width - 0.1, height))
    labels = [label for _, label, _ in a3.bars]
    values = [value for _, _, value in a3.bars]
    colours = [COLOURS[kind] for kind, _, _ in a3.bars]
    bars = axes.barh(labels[::-1], values[::-1], color=colours[::-1])
    axes.bar_label(bars, labels=[f"{v:.1f} {a3.unit}" for v in values[::-1]], padding=4)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, max(values) * 1.3 or 1)
