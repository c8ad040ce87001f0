"""The digest's charts as PNG, drawn on matplotlib's Agg canvas directly (no display, no
pyplot state, so safe in a server thread). 1200 × 900 pixels with large type: readable on a phone.

Labels are in the digest's language when a Chinese font is installed; without one, the
charts fall back to English rather than draw empty boxes.
"""

from __future__ import annotations

import io
import warnings
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from bot.digest.compute import Change, Digest, LineOutput, ParetoRow
from bot.texts import word
from bot.types import Image, Language
from nl2sql.chart import cjk_font

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib is imported when a chart is drawn, not when the chat core starts.

SIZE_INCHES = (8.0, 6.0)
DPI = 150  # 1200 × 900 pixels
BAR, LAST, TARGET = "#1f6fb2", "#b8c7d6", "#2b8a3e"
_LABELS = {
    "pareto_title": ("Downtime Pareto · {week}", "停机帕累托 · {week}"),
    "minutes": ("minutes", "分钟"),
    "cumulative": ("cum.", "累计"),
    "andon_title": ("Andon calls by line · {week}", "各产线安灯次数 · {week}"),
    "this_week": ("this week", "本周"),
    "last_week": ("last week", "上周"),
    "output_title": ("Output against plan · {week}", "产量达成率 · {week}"),
    "attainment": ("output / plan", "实际 / 计划"),
}


def charts(digest: Digest, language: Language) -> dict[str, Image]:
    """The digest's charts by file stem: the downtime Pareto, andon calls by line (this
    week against last) and output against plan; each only when it has data."""
    lang = language if language == "en" or cjk_font() else "en"
    out = {}
    if digest.pareto:
        out["downtime_pareto"] = pareto_chart(digest.pareto, str(digest.week), lang)
    if any(change.this_week or change.last_week for change in digest.by_line):
        out["andon_by_line"] = andon_chart(digest.by_line, str(digest.week), lang)
    if digest.output and any(row.planned for row in digest.output):
        out["output_vs_plan"] = output_chart(digest.output, str(digest.week), lang)
    return out


def pareto_chart(rows: list[ParetoRow], week: str, language: Language) -> Image:
    """Horizontal bars of downtime minutes by reason, largest on top, each labelled with its
    minutes and the cumulative share (long reasons stay readable on a narrow screen)."""
    labels = [word(r.reason, language) if r.reason == "other" else r.reason for r in rows]
    with _style(language):
        figure, axes = _figure()
        positions = list(range(len(rows)))
        colours = [BAR if r.cumulative - r.share < 0.8 else LAST for r in rows]  # the vital few in blue
        bars = axes.barh(positions, [r.minutes for r in rows], color=colours)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(_t("minutes", language))
        cumulative = _t("cumulative", language)
        axes.bar_label(
            bars, labels=[f" {r.minutes:,} · {cumulative} {r.cumulative:.0%}" for r in rows], fontsize=12
        )
        axes.set_xlim(0, max(r.minutes for r in rows) * 1.45)
        axes.grid(axis="y", visible=False)
        axes.grid(axis="x", alpha=0.3)
        title = _t("pareto_title", language, week=week)
        axes.set_title(title)
        alt = "; ".join(
            f"{label} {r.minutes} min ({r.cumulative:.0%} cum.)"
            for label, r in zip(labels, rows, strict=True)
        )
        return Image(_png(figure), title, alt)


def andon_chart(changes: list[Change], week: str, language: Language) -> Image:
    """Grouped bars: andon calls per line this week and last week."""
    with _style(language):
        figure, axes = _figure()
        positions = list(range(len(changes)))
        width = 0.4
        axes.bar(
            [x - width / 2 for x in positions],
            [c.last_week for c in changes],
            width,
            color=LAST,
            label=_t("last_week", language),
        )
        bars = axes.bar(
            [x + width / 2 for x in positions],
            [c.this_week for c in changes],
            width,
            color=BAR,
            label=_t("this_week", language),
        )
        axes.bar_label(bars, fontsize=12)
        axes.set_xticks(positions, [c.label for c in changes])
        axes.legend(frameon=False)
        title = _t("andon_title", language, week=week)
        axes.set_title(title)
        alt = "; ".join(f"{c.label} {c.this_week} (last week {c.last_week})" for c in changes)
        return Image(_png(figure), title, alt)


def output_chart(rows: list[LineOutput], week: str, language: Language) -> Image:
    """Bars of output / plan per line with the 100 % line."""
    planned = [row for row in rows if row.planned]
    with _style(language):
        figure, axes = _figure()
        values = [(row.attainment or 0) * 100 for row in planned]
        bars = axes.bar([row.line for row in planned], values, color=BAR)
        axes.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=12)
        axes.axhline(100, color=TARGET, linestyle="--", linewidth=1.5)
        axes.set_ylim(0, max(110, max(values, default=0) + 10))
        axes.yaxis.set_major_formatter("{x:.0f}%")
        axes.set_ylabel(_t("attainment", language))
        title = _t("output_title", language, week=week)
        axes.set_title(title)
        alt = "; ".join(f"{row.line} {v:.1f}%" for row, v in zip(planned, values, strict=True))
        return Image(_png(figure), title, alt)


def _figure() -> tuple[Figure, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top"]].set_visible(False)
    axes.grid(axis="y", alpha=0.3)
    return figure, axes


def _style(language: Language) -> AbstractContextManager[Any]:
    from matplotlib import rc_context

    params: dict[str, Any] = {"font.size": 14, "axes.titlesize": 17, "axes.titleweight": "bold"}
    font = cjk_font()
    if language == "zh" and font:
        params["font.sans-serif"] = [font, "DejaVu Sans"]
    return rc_context(params)  # type: ignore[arg-type]


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # Reasons typed in Chinese on a machine without a Chinese font draw as boxes, not as errors.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _t(key: str, language: Language, **values: object) -> str:
    english, chinese = _LABELS[key]
    return (chinese if language == "zh" else english).format(**values)
