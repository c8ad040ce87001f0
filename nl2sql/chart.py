"""Charts: a PNG for trends (line) and breakdowns (bars), drawn with matplotlib's Agg backend.

A bare `Figure` on an Agg canvas (no pyplot state, no layout engine) keeps a chart to a
few tens of milliseconds.
"""

from __future__ import annotations

import io
import warnings
from typing import Any


def chart(title: str, columns: list[str], rows: list[list[Any]], *, trend: bool) -> bytes | None:
    """A PNG of the last column against the first, or None when there is nothing to draw."""
    points = [
        (str(r[0]), r[-1]) for r in rows if isinstance(r[-1], int | float) and not isinstance(r[-1], bool)
    ]
    if len(points) < 2 or len(columns) < 2:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 3.5), dpi=80)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.22, 0.18, 0.74, 0.72))
    labels, values = zip(*points[:40], strict=True)
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
