"""The optional semantic file: synonyms, labels, units, time columns, hidden columns, metrics.

It enriches the introspected catalog and never replaces it: a table or column the file
names but the database lacks is ignored. Format (YAML)::

    tables:
      andon_calls:
        label: {en: Andon calls, zh: 安灯呼叫}
        synonyms: [alarm, 呼叫]
        time_column: raised_at
        columns:
          reason: {synonyms: [cause, 原因]}
          channel: {hidden: true}
    metrics:
      - name: scrap_rate
        table: production
        kind: ratio            # or duration (start/end/excluded_status)
        numerator: scrap_qty
        denominator: output_qty
        label: {en: Scrap rate, zh: 报废率}
        synonyms: [scrap %]
    hidden_tables: [audit_log]
    rollups:                   # summary tables the database keeps complete (see nl2sql.roll_up)
      - table: output_daily
        of: output_hourly
        day: day               # the plant day of `day_of`
        day_of: hour_start
        keys: [line_id, shift_id]
        sums: [output_qty, scrap_qty]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from nl2sql.catalog import Catalog, NamedMetric, Rollup


def load_semantic(path: str | Path) -> dict[str, Any]:
    """The semantic file's content (an empty dict for an empty file)."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


def enrich(catalog: Catalog, semantic: dict[str, Any]) -> Catalog:
    """Apply `semantic` to `catalog` in place and return it.

    >>> from nl2sql.catalog import Column, TableInfo
    >>> c = Catalog("sqlite", {"t": TableInfo("t", [Column("a", "int")])})
    >>> spec = {"tables": {"t": {"synonyms": ["thing"], "columns": {"a": {"unit": "min"}}}}}
    >>> enrich(c, spec).tables["t"].synonyms
    ['thing']
    """
    for name in semantic.get("hidden_tables", []) or []:
        catalog.tables.pop(name, None)
    for name, spec in (semantic.get("tables") or {}).items():
        table = catalog.table(name)
        if table is None or not isinstance(spec, dict):
            continue
        label = spec.get("label") or {}
        table.label_en = label.get("en", table.label_en)
        table.label_zh = label.get("zh", table.label_zh)
        table.synonyms = [*table.synonyms, *map(str, spec.get("synonyms", []) or [])]
        if spec.get("time_column") and table.column(spec["time_column"]):
            table.time_column = spec["time_column"]
        for column_name, column_spec in (spec.get("columns") or {}).items():
            column = table.column(column_name)
            if column is None or not isinstance(column_spec, dict):
                continue
            column.synonyms = [*column.synonyms, *map(str, column_spec.get("synonyms", []) or [])]
            column.unit = column_spec.get("unit", column.unit)
            column.hidden = bool(column_spec.get("hidden", column.hidden))
            if column.hidden:
                column.values = None  # what a hidden column holds is never offered either
            if "utc" in column_spec:
                column.utc = bool(column_spec["utc"])
    for spec in semantic.get("metrics", []) or []:
        label = spec.get("label") or {}
        metric = NamedMetric(
            name=spec["name"],
            table=spec["table"],
            kind=spec.get("kind", "ratio"),
            label_en=label.get("en", spec["name"]),
            label_zh=label.get("zh", spec["name"]),
            start=spec.get("start", ""),
            end=spec.get("end", ""),
            excluded_status=spec.get("excluded_status", ""),
            numerator=spec.get("numerator", ""),
            denominator=spec.get("denominator", ""),
            synonyms=list(map(str, spec.get("synonyms", []) or [])),
        )
        add_metrics(catalog, [metric])
    add_rollups(catalog, semantic.get("rollups", []) or [])
    _changed(catalog)
    return catalog


def add_metrics(catalog: Catalog, metrics: list[NamedMetric]) -> Catalog:
    """Add the metrics whose table and columns exist in `catalog` (replacing same names)."""
    for metric in metrics:
        table = catalog.table(metric.table)
        needed = [c for c in (metric.start, metric.end, metric.numerator, metric.denominator) if c]
        if table is None or any(table.column(c) is None for c in needed):
            continue
        catalog.metrics = [m for m in catalog.metrics if m.name != metric.name] + [metric]
    _changed(catalog)
    return catalog


def add_rollups(catalog: Catalog, specs: list[dict[str, Any]]) -> Catalog:
    """Take the summary tables `specs` describe out of the tables questions are linked to and
    keep them as `catalog.rollups`, where both tables and every column named exist.

    A spec names `table`, `of`, `day`, `day_of`, `keys` and `sums` (see `Rollup`). The summary
    table must be complete: Gemba cannot check that it holds every row of the table it sums.

    >>> from nl2sql.catalog import Column, TableInfo
    >>> line, qty = Column("line_id", "int"), Column("qty", "int")
    >>> hourly = TableInfo("hourly", [line, Column("at", "datetime"), qty])
    >>> daily = TableInfo("daily", [line, Column("day", "date"), qty])
    >>> c = Catalog("sqlite", {"hourly": hourly, "daily": daily})
    >>> spec = {"table": "daily", "of": "hourly", "day": "day", "day_of": "at"}
    >>> spec |= {"keys": ["line_id"], "sums": ["qty"]}
    >>> sorted(add_rollups(c, [spec]).tables), list(c.rollups)
    (['hourly'], ['hourly'])
    """
    for spec in specs:
        summary, source = catalog.table(str(spec.get("table", ""))), catalog.table(str(spec.get("of", "")))
        if summary is None or source is None:
            continue
        keys, sums = list(map(str, spec.get("keys") or [])), list(map(str, spec.get("sums") or []))
        shared = [*keys, *sums]
        day, day_of = summary.column(str(spec.get("day", ""))), source.column(str(spec.get("day_of", "")))
        if day is None or day.kind != "date" or day_of is None or not day_of.temporal or day_of.utc:
            continue  # a plant day is the day of a time kept in plant time
        if not sums or any(summary.column(c) is None or source.column(c) is None for c in shared):
            continue
        rollup = Rollup(summary.name, source.name, day.name, day_of.name, keys, sums, summary)
        catalog.rollups[source.name] = rollup
        del catalog.tables[summary.name]
    _changed(catalog)
    return catalog


def _changed(catalog: Catalog) -> None:
    """Forget what was derived from `catalog` (its index, its views with a summary table)."""
    catalog.__dict__.pop("_index", None)
    catalog.__dict__.pop("_with_rollup", None)
