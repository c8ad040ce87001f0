"""Roll up: read a plan from a summary table where that gives exactly the same answer.

A month of an hourly table is hundreds of thousands of rows at a large plant; the summary
table that plant keeps per day holds a few thousand. A plan reads the summary (a `Rollup` of
its table) only when every part of it is answered there exactly:

- the measure is a sum of summed columns, or a ratio of two (a sum of sums is the sum);
- the window starts and ends at midnight, plant time, and the grouping by time is by day,
  week or month (a day's rows are wholly inside or outside);
- every other column it filters or groups by is one the two tables share (`keys`), or is
  reached through one by the same foreign keys.

Anything else (an average, a count of rows, an hour, a column only the fine table has, rows
listed) reads the table itself. The SQL that runs names the summary table, so the
restatement says what was read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, time

from nl2sql.catalog import Catalog, Rollup
from nl2sql.link import SchemaIndex
from nl2sql.types import Filter, Measure, Plan, Ref

#: Time groupings made of whole days.
WHOLE_DAYS = ("day", "week", "month")


def roll_up(plan: Plan, catalog: Catalog) -> tuple[Plan, Catalog]:
    """`plan` over its table's summary table and a catalog that holds it, when that is exact;
    else `plan` and `catalog` as they are.

    >>> from nl2sql.catalog import Column, TableInfo
    >>> hourly = TableInfo("hourly", [Column("at", "datetime"), Column("qty", "int")])
    >>> daily = Rollup("daily", "hourly", "day", "at", [], ["qty"],
    ...                TableInfo("daily", [Column("day", "date"), Column("qty", "int")]))
    >>> c = Catalog("sqlite", {"hourly": hourly}, rollups={"hourly": daily})
    >>> total = Plan("hourly", Measure("sum", Ref("hourly", "qty")))
    >>> roll_up(total, c)[0].measure.ref
    Ref(table='daily', column='qty')
    >>> roll_up(replace(total, measure=Measure("max", Ref("hourly", "qty"))), c)[0].table
    'hourly'
    """
    rollup = catalog.rollups.get(plan.table)
    if rollup is None:
        return plan, catalog
    view = _with_rollup(catalog, rollup)
    if not _exact(plan, rollup, SchemaIndex.of(catalog), SchemaIndex.of(view)):
        return plan, catalog
    return _moved(plan, rollup), view


def _exact(plan: Plan, rollup: Rollup, index: SchemaIndex, view: SchemaIndex) -> bool:
    """Whether every part of `plan` is answered exactly by `rollup`."""
    measure = plan.measure
    if measure is None or measure.also or plan.columns or plan.absent or plan.late is not None:
        return False  # a summary keeps no row's own times, nor its own columns to compare
    if any(f.held_to() for f in plan.filters):
        return False  # a summary keeps no row's own columns to hold one to another
    if not _summed(measure, rollup):
        return False
    if plan.window is not None and not (_midnight(plan.window.start) and _midnight(plan.window.end)):
        return False
    if plan.time_ref is not None and plan.time_ref != Ref(rollup.of, rollup.day_of):
        return False
    for dim in plan.group:
        if dim.grain:
            if dim.ref != Ref(rollup.of, rollup.day_of) or dim.grain not in WHOLE_DAYS:
                return False
        elif not _shared(dim.ref, rollup, index, view):
            return False
    return all(_shared(f.ref, rollup, index, view) for f in plan.filters) and (
        plan.having is None or plan.having.ref == measure.ref
    )


def _summed(measure: Measure, rollup: Rollup) -> bool:
    """A sum of a summed column, or a ratio of two."""
    if measure.ref is None or measure.ref.table != rollup.of:
        return False
    if measure.agg == "sum":
        return measure.ref.column in rollup.sums
    if measure.agg == "ratio":
        return all(column in rollup.sums for column in re.split(r"[/+]", measure.metric))
    return False


def _midnight(moment: datetime) -> bool:
    return moment.time() == time(0)


def _shared(ref: Ref, rollup: Rollup, index: SchemaIndex, view: SchemaIndex) -> bool:
    """A column both tables hold with the same values, or one reached from both alike."""
    if ref.table == rollup.of:
        return ref.column in rollup.keys
    path = index.path(rollup.of, ref.table)
    if not path or path[0][1] not in rollup.keys:
        return False
    return view.path(rollup.table, ref.table) == [(rollup.table, *path[0][1:]), *path[1:]]


def _moved(plan: Plan, rollup: Rollup) -> Plan:
    """`plan` with each column of the fine table replaced by the summary's."""

    def ref(r: Ref) -> Ref:
        if r.table != rollup.of:
            return r
        return Ref(rollup.table, rollup.day if r.column == rollup.day_of else r.column)

    measure = plan.measure
    assert measure is not None and measure.ref is not None
    return replace(
        plan,
        table=rollup.table,
        measure=replace(measure, ref=ref(measure.ref)),
        filters=[Filter(ref(f.ref), f.op, f.value, f.label) for f in plan.filters],
        time_ref=ref(plan.time_ref) if plan.time_ref else None,
        group=[replace(d, ref=ref(d.ref)) for d in plan.group],
        having=replace(plan.having, ref=ref(plan.having.ref)) if plan.having else None,
    )


def _with_rollup(catalog: Catalog, rollup: Rollup) -> Catalog:
    """`catalog` with `rollup`'s table among its tables: what the rolled-up plan is built,
    checked and run against. Kept on the catalog, so its index is built once."""
    views: dict[str, Catalog] = catalog.__dict__.setdefault("_with_rollup", {})
    if rollup.table not in views:
        tables = {**catalog.tables, rollup.table: rollup.info}
        views[rollup.table] = Catalog(catalog.dialect, tables, catalog.metrics)
    return views[rollup.table]
