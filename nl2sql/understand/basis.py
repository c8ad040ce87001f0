"""Basis: the time a window is counted by, said beside it ("by receipt date", "(shipping
date)", "按入库日期算", "按完成时间").

`take_basis` is a reading stage: when the question asks a window, it takes the words that name the
time column to count by out of the text, if some table has a time column they name. `basis_column`
is used by the time stage: that column of the plan's table, or of the table its window falls on
(an order line's order).
"""

from __future__ import annotations

import re
from dataclasses import replace

from nl2sql.link import SchemaIndex
from nl2sql.types import Plan, Ref
from nl2sql.understand.reading import Given, Reading, blank
from nl2sql.understand.span import time_column_named

_BASIS = re.compile(
    r"\b(?:by|based on|going by|according to|counted by)\s+(?:the\s+)?(?P<a>[a-z]+(?:\s+[a-z]+)?)\s+"
    r"(?:date|time|timestamp)\b"
    r"|\b(?P<b>[a-z]+)\s+(?:date|time)\s*$"
    r"|按(?P<z>[\u4e00-\u9fff]{1,6}?)(?:日期|时间)算?"
)


def take_basis(r: Reading, given: Given) -> Reading:
    """ "…last week, by receipt date": the time column the window is counted by."""
    if r.window is None:
        return r
    found = _BASIS.search(r.text)
    if found is None:
        return r
    words = next(g for g in found.groups() if g)
    if not any(time_column_named(table, words, given.index) for table in given.index.catalog.tables):
        return r
    return replace(r, text=blank(r.text, found.span()), basis=words)


def basis_column(plan: Plan, r: Reading, index: SchemaIndex) -> Ref | None:
    """The time column the basis names, of the plan's table or of its window's table."""
    if not r.basis:
        return None
    header = index.window_time(plan.table)
    for table in dict.fromkeys([plan.table, *([header.table] if header else [])]):
        column = time_column_named(table, r.basis, index)
        if column is not None:
            return Ref(table, column)
    return None
