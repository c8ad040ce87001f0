"""Explain: what was understood, and the result in words, in English or Chinese."""

from __future__ import annotations

from typing import Any

from nl2sql.lexicon import CONCEPTS, concepts_of_text
from nl2sql.link import SchemaIndex
from nl2sql.types import SPAN_UNITS, Dim, Plan


def zh_words(name: str) -> str:
    """A Chinese name for a schema name, from the lexicon; "" when none.

    >>> zh_words("andon_calls"), zh_words("downtime_events"), zh_words("zzz")
    ('安灯', '停机事件', '')
    """
    parts = []
    for word in name.replace("_", " ").split():
        for concept in sorted(concepts_of_text(word)):
            if concept in CONCEPTS and CONCEPTS[concept][1]:
                parts.append(CONCEPTS[concept][1][0])
                break
    return "".join(dict.fromkeys(parts))


def label(table: str, index: SchemaIndex, language: str) -> str:
    """How people call `table` in `language`."""
    info = index.table(table)
    if language == "zh":
        return info.label_zh or zh_words(table) or table
    if info.label_en:
        return info.label_en
    words = table.replace("_", " ")
    return words[:1].upper() + words[1:]


def column_words(column: str, language: str) -> str:
    """A column's name for people: "unit cost", or its Chinese from the lexicon."""
    if language == "zh":
        return zh_words(column) or column
    return column.replace("_", " ")


def measure_label(plan: Plan, index: SchemaIndex, language: str) -> str:
    """E.g. "Andon calls", "Downtime events · total duration min", "MTTR"."""
    m = plan.measure
    base = label(plan.table, index, language)
    if m is None:
        return base
    if m.agg in ("metric", "ratio"):
        return m.label_zh if language == "zh" else m.label_en
    if m.agg == "count":
        return f"{base}次数" if language == "zh" else base
    if m.agg == "share":
        return f"{base} · {_share_words(plan, language)}"
    assert m.ref is not None
    words = {
        "sum": ("total", "合计"),
        "avg": ("average", "平均"),
        "min": ("minimum", "最小"),
        "max": ("maximum", "最大"),
        "distinct": ("different", "不同"),
    }
    en, zh = words[m.agg]
    if m.since is not None:  # "average days from order dt to rcvd dt"
        unit_en, unit_zh = SPAN_UNITS[m.unit]
        start, end = (column_words(ref.column, language) for ref in (m.since, m.ref))
        if language == "zh":
            return f"{base} · 从{start}到{end}的{zh}{unit_zh}数"
        return f"{base} · {en} {unit_en} from {start} to {end}"
    col = column_words(m.ref.column, language)
    if m.times is not None:  # "total qty rcvd × unit price"
        col = f"{col} × {column_words(m.times.column, language)}"
    if m.scale != 1 and m.unit and m.unit not in SPAN_UNITS:  # converted: "total capacity hl, in L"
        col += f"（{m.unit}）" if language == "zh" else f", in {m.unit}"
    return f"{base} · {zh}{col}" if language == "zh" else f"{base} · {en} {col}"


def _share_words(plan: Plan, language: str) -> str:
    """A share's words: "share with status 3 (aborted)", "share of minutes with reason 7 (jam)",
    "share of the total kwh", "share on time"."""
    m = plan.measure
    assert m is not None
    whole = column_words(m.whole.column, language) if m.whole is not None else ""
    if m.when is not None:
        said = f"{column_words(m.when.ref.column, language)} {m.when.label or m.when.value}"
        if language == "zh":
            return f"{said}占{whole}比例" if whole else f"{said}占比"
        return f"share of {whole} with {said}" if whole else f"share with {said}"
    if plan.late is not None:
        return f"{plan.late.label}占比" if language == "zh" else f"share {plan.late.label}"
    return f"占总{whole}比例" if language == "zh" else f"share of the total {whole}".rstrip()


def dim_label(dim: Dim, language: str) -> str:
    """E.g. "by station", "per day", "按设备"."""
    if dim.grain:
        return (
            {"hour": "每小时", "day": "每天", "week": "每周", "month": "每月"}[dim.grain]
            if language == "zh"
            else (f"per {dim.grain}")
        )
    name = dim.ref.table if dim.ref.column in ("name", "code", "title") else dim.ref.column
    name = name.rstrip("s") if name.endswith("s") and not name.endswith("ss") else name
    return f"按{column_words(name, 'zh')}" if language == "zh" else f"by {name.replace('_', ' ')}"


def format_value(value: Any, unit: str = "") -> str:
    """A number for people: thousands separators, durations as minutes or hours.

    >>> format_value(1234), format_value(12.345), format_value(754.0, "s"), format_value(None)
    ('1,234', '12.35', '12.6 min', '–')
    """
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if unit == "s":
        seconds = float(value)
        if seconds < 60:
            return f"{seconds:.0f} s"
        return f"{seconds / 60:.1f} min" if seconds < 5400 else f"{seconds / 3600:.1f} h"
    text = f"{value:,}" if isinstance(value, int) or float(value).is_integer() else f"{value:,.2f}"
    if isinstance(value, float) and value.is_integer():
        text = f"{int(value):,}"
    suffix = {"%": "%", "": ""}.get(unit, f" {unit}")
    return f"{text}{suffix}"


def summary(plan: Plan | None, meaning: str, columns: list[str], rows: list[list[Any]], language: str) -> str:
    """The answer in words: the number, or the first rows of a breakdown."""
    unit = plan.measure.unit if plan and plan.measure else ""
    if not rows:
        return f"{meaning}: 没有数据。" if language == "zh" else f"{meaning}: no data."
    figures = 1 + len(plan.measure.also) if plan and plan.measure else 1  # the last columns
    if len(rows) == 1 and len(columns) == figures:
        if figures == 1:
            return f"{meaning}: **{format_value(rows[0][0], unit)}**"
        said = (f"{name} **{format_value(v, unit)}**" for name, v in zip(columns, rows[0], strict=True))
        return f"{meaning}: " + " · ".join(said)
    if plan is not None and plan.measure is not None and len(columns) > figures:
        lines = [f"{meaning}:"]
        for row in rows[:10]:
            keys = " · ".join("–" if v is None else str(v) for v in row[:-figures])
            lines.append(f"• {keys}: " + " · ".join(format_value(v, unit) for v in row[-figures:]))
        if len(rows) > 10:
            lines.append(f"… 共 {len(rows)} 行" if language == "zh" else f"… {len(rows)} rows in all")
        return "\n".join(lines)
    return f"{meaning}: {len(rows)} 行" if language == "zh" else f"{meaning}: {len(rows)} rows"
