"""Spans: the time from one recorded step to another ("days from order to delivery",
"从下单到交货的平均天数"), read as a measure between two time columns of one row.

`take_span` is a reading stage: it takes "from A to B" out of the text when the question asks a
length of time, so that A and B are not read as values or nouns. `span_measure` is used by the
measure stage: each end names a time column of the plan's table, by the words of its name or
comment; a span whose ends name no two columns is left for `leftovers` to report.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nl2sql.lexicon import concepts_of_text
from nl2sql.link import SchemaIndex
from nl2sql.types import Measure, Plan, Ref
from nl2sql.understand.reading import Given, Reading, blank

_SPAN = re.compile(
    r"\b(?:from|between)\s+(?:the\s+)?(?P<a>[a-z][a-z ]{0,30}?)\s+(?:to|and|until|till)\s+(?:the\s+)?"
    r"(?P<b>[a-z][a-z ]{0,30}?)(?=\s+(?:for|per|by|in|on|of|at|during|across|last|this|each|over)\b|"
    r"\s*[?,.;!]|\s*$)"
    r"|从(?P<za>[\u4e00-\u9fff]{1,8}?)到(?P<zb>[\u4e00-\u9fff]{1,8}?)"
    r"(?=的|平均|一共|总|用了|花了|需要|要|之间|间隔|\s*[？?，,。]|\s*$)"
)
#: Words that ask a length of time, without which "from A to B" is no span ("from line 1 to 3").
_LENGTH = re.compile(
    r"\b(?:time|days|hours|minutes|weeks|how long|lead time|duration|took|takes?|long)\b|"
    r"时间|天数|多久|多长|小时|分钟|天|周期|时长|间隔|用时|耗时"
)
#: Seconds in each unit a span can be given in; hours unless the question asks another.
UNIT_SECONDS = {"d": 86400.0, "h": 3600.0, "min": 60.0, "s": 1.0}


def take_span(r: Reading, given: Given) -> Reading:
    """ "from order to delivery": the two ends of a length of time the question asks."""
    found = _SPAN.search(r.text)
    if found is None or not _LENGTH.search(r.text):
        return r
    start, end = (
        (found.group("a"), found.group("b")) if found.group("a") else (found.group("za"), found.group("zb"))
    )
    return replace(
        r, text=blank(r.text, found.span()), span=(found.group().strip(), start.strip(), end.strip())
    )


def span_measure(plan: Plan, r: Reading, index: SchemaIndex) -> Measure | None:
    """The measure of the span the question asks, in the unit asked (hours by default), when its
    two ends name two time columns of the plan's table, or of a table its rows point to (an order
    line's order); else None."""
    if r.span is None:
        return None
    for table in [
        plan.table,
        *(other for _c, other, _oc, way in index.edges.get(plan.table, []) if way == "out"),
    ]:
        ends = span_columns(table, r.span, index)
        if ends is not None:
            cues = r.cues
            agg = "sum" if cues.total else "max" if cues.maximum else "min" if cues.minimum else "avg"
            unit = cues.asked_unit[0] if cues.asked_unit else _natural_unit(table, ends, index)
            return Measure(
                agg, Ref(table, ends[1]), unit=unit, scale=1 / UNIT_SECONDS[unit], since=Ref(table, ends[0])
            )
    return None


def span_columns(table: str, span: tuple[str, str, str], index: SchemaIndex) -> tuple[str, str] | None:
    """The start and end columns of `table` that a span's two ends name, if both are found."""
    _said, start_words, end_words = span
    start, end = _time_column(table, start_words, index), _time_column(table, end_words, index)
    return (start, end) if start is not None and end is not None and start != end else None


def _natural_unit(table: str, ends: tuple[str, str], index: SchemaIndex) -> str:
    """Days between two dates, hours between two moments, when the question names no unit."""
    columns = [index.table(table).column(name) for name in ends]
    dated = any(c is not None and (c.kind == "date" or c.storage == "date_text") for c in columns)
    return "d" if dated else "h"


def _time_column(table: str, words: str, index: SchemaIndex) -> str | None:
    """The one time column of `table` that `words` name best: by its name's and comment's
    concepts, or its comment holding the words ("报修" in "报修时间")."""
    concepts = concepts_of_text(words)
    scored = []
    for column in index.table(table).visible:
        if not column.temporal:
            continue
        score = len(concepts & index.column_concepts[(table, column.name)])
        score += 2 * (words in column.comment.lower() or words in column.name.lower())
        if score:
            scored.append((score, column.name))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]
