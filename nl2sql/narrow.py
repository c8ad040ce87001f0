"""Narrow: what would make a question that ran past the time limit lighter to answer.

A question over a long period, or over every line of a large plant, may run longer than the
database's time limit. The answer then says what to narrow, from the plan that ran: a
shorter period than the one asked (or a period, when none was), and one of the things its
rows belong to (a line, a machine…) that the question does not already pick one of.
"""

from __future__ import annotations

from nl2sql.catalog import Catalog
from nl2sql.explain import label
from nl2sql.link import SchemaIndex
from nl2sql.types import Plan


def narrowing(plan: Plan, catalog: Catalog) -> tuple[list[str], list[str]]:
    """Ways to narrow `plan`, in English and in Chinese (each possibly empty).

    >>> from datetime import datetime
    >>> from nl2sql.catalog import Column, TableInfo
    >>> from nl2sql.types import Measure, Ref
    >>> from nl2sql.windows import Window
    >>> catalog = Catalog("sqlite", {
    ...     "lines": TableInfo("lines", [Column("id", "int", primary_key=True), Column("name", "text")]),
    ...     "andon_calls": TableInfo("andon_calls", [
    ...         Column("line_id", "int", references=("lines", "id")), Column("raised_at", "datetime")],
    ...         time_column="raised_at")})
    >>> month = Window(datetime(2026, 10, 1), datetime(2026, 11, 1), "last month", "上个月")
    >>> narrowing(Plan("andon_calls", Measure("count"), window=month), catalog)
    (['a shorter period than last month', 'one line'], ['比上个月更短的时间段', '某一产线'])
    >>> narrowing(Plan("andon_calls", Measure("count")), catalog)[0]
    ['one period (such as last week)', 'one line']
    """
    index = SchemaIndex.of(catalog)
    english: list[str] = []
    chinese: list[str] = []
    if plan.window is not None:
        english.append(f"a shorter period than {plan.window.label_en}")
        chinese.append(f"比{plan.window.label_zh}更短的时间段")
    elif plan.time_ref is not None or _time_column(plan.table, catalog):
        english.append("one period (such as last week)")
        chinese.append("某一时间段（如上周）")
    parent = _unpicked_parent(plan, catalog)
    if parent:
        english.append(f"one {_singular(label(parent, index, 'en').lower())}")
        chinese.append(f"某一{label(parent, index, 'zh')}")
    return english, chinese


def _time_column(table: str, catalog: Catalog) -> str:
    info = catalog.table(table)
    return info.time_column if info is not None else ""


def _unpicked_parent(plan: Plan, catalog: Catalog) -> str:
    """The first table the plan's rows belong to (by a foreign key) that no filter picks."""
    info = catalog.table(plan.table)
    if info is None:
        return ""
    picked = {f.ref.table for f in plan.filters}
    picked_keys = {f.ref.column for f in plan.filters if f.ref.table == plan.table}
    for column in info.visible:
        if column.references is None or column.name in picked_keys:
            continue
        parent = column.references[0]
        if parent != plan.table and parent not in picked and catalog.table(parent) is not None:
            return parent
    return ""


def _singular(words: str) -> str:
    return words[:-1] if words.endswith("s") and not words.endswith("ss") else words
