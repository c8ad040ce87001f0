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
from nl2sql.understand.cues import Cues
from nl2sql.understand.reading import Given, Reading, blank
from nl2sql.units import UNIT_MINUTES, asked_time_unit

_SPAN = re.compile(
    r"\b(?:from|between)\s+(?:the\s+)?(?P<a>[a-z][a-z ]{0,30}?)\s+(?:to|and|until|till)\s+(?:the\s+)?"
    r"(?P<b>[a-z][a-z ]{0,30}?)(?=\s+(?:for|per|by|in|on|of|at|during|across|last|this|each|over)\b|"
    r"\s*[?,.;!]|\s*$)"
    r"|从(?P<za>[\u4e00-\u9fff]{1,8}?)到(?P<zb>[\u4e00-\u9fff]{1,8}?)"
    r"(?=的|平均|一共|总|用了|花了|需要|要|之间|间隔|\s*[？?，,。]|\s*$)"
)
#: A span from the row's own time to a later step: "time to acknowledge", "how long did it take
#: to close", "多少分钟才被确认", "维修要多久".
_TIME_TO = re.compile(
    r"\b(?:time|how long|minutes|hours|days)\b[a-z ]{0,30}?\bto\s+(?!date\b|time\b)(?P<b>[a-z]{3,})\b"
    r"|(?:多久|多少(?:个)?(?:分钟|小时|天))(?:才|能)?被?(?P<zb>[\u4e00-\u9fff]{2})"
    r"|(?P<zb2>[\u4e00-\u9fff]{2})(?:要|需要|用了|花了)多久"
)
#: Words that ask a length of time, without which "from A to B" is no span ("from line 1 to 3").
_LENGTH = re.compile(
    r"\b(?:time|days|hours|minutes|weeks|how long|lead time|duration|took|takes?|long)\b|"
    r"时间|天数|多久|多长|小时|分钟|天|周期|时长|间隔|用时|耗时"
)


def take_span(r: Reading, given: Given) -> Reading:
    """ "from order to delivery": the two ends of a length of time the question asks; "time to
    close" starts at the row's own time, said as no words."""
    if not _LENGTH.search(r.text):
        return r
    if found := _SPAN.search(r.text):
        start, end = found.group("a") or found.group("za"), found.group("b") or found.group("zb")
    elif (found := _TIME_TO.search(r.text)) and _names_a_step(
        end := found.group("b") or found.group("zb") or found.group("zb2"), given.index
    ):
        start = ""
    else:
        return r
    return replace(
        r, text=blank(r.text, found.span()), span=(found.group().strip(), start.strip(), end.strip())
    )


def span_measure(plan: Plan, r: Reading, index: SchemaIndex) -> Measure | None:
    """The measure of the span the question asks, in the unit asked (hours by default), when its
    two ends name two time columns of the plan's table, or, when it keeps fewer than two times,
    of a table its rows point to (an order line's order); else None."""
    if r.span is None:
        return None
    own_times = [c for c in index.table(plan.table).visible if c.temporal]
    # A table that keeps its own start and end spans with them, never with another table's.
    pointed = [other for _c, other, _oc, way in index.edges.get(plan.table, []) if way == "out"]
    for table in [plan.table, *(pointed if len(own_times) < 2 else [])]:
        ends = span_columns(table, r.span, index)
        if ends is not None:
            cues = r.cues
            agg = span_aggregate(cues)
            asked = cues.asked_unit or asked_time_unit(r.span[0])  # "多少分钟才确认" was taken
            unit = asked[0] if asked else _natural_unit(table, ends, index)
            return Measure(
                agg,
                Ref(table, ends[1]),
                unit=unit,
                scale=1 / (60 * UNIT_MINUTES[unit]),
                since=Ref(table, ends[0]),
            )
    return None


#: A length of time said as what something took: "took the longest", "take on average", "how
#: long did the press run take".
TAKES_A_LENGTH = re.compile(
    r"\b(?:takes?|took|taken|taking)\s+(?:(?:the|on|an?|us|them|it)\s+)*(?:long|longer|longest|short|shorter|"
    r"shortest|average)\b|"
    r"\bhow (?:long|many (?:hours|minutes|days|weeks|seconds))\b[^?.]*\b(?:take|took)\b"
)


def own_span_measure(plan: Plan, r: Reading, index: SchemaIndex) -> Measure | None:
    """The length of each row from its own start to its own end ("the average setup
    time"), in the unit asked, where the plan's table keeps both."""
    table = plan.table
    ends = (index.time_column(table), time_column_named(table, "end", index))
    if ends[0] is None or ends[1] is None or ends[0] == ends[1]:
        return None
    asked = r.cues.asked_unit
    unit = asked[0] if asked else _natural_unit(table, (ends[0], ends[1]), index)
    return Measure(
        span_aggregate(r.cues),
        Ref(table, ends[1]),
        unit=unit,
        scale=1 / (60 * UNIT_MINUTES[unit]),
        since=Ref(table, ends[0]),
    )


def span_aggregate(cues: Cues) -> str:
    """How a length of time is summed up: the total, the average ("the longest average time" ranks
    averages), the longest, the shortest, else the average."""
    if cues.total:
        return "sum"
    return "avg" if cues.average else "max" if cues.maximum else "min" if cues.minimum else "avg"


def span_columns(table: str, span: tuple[str, str, str], index: SchemaIndex) -> tuple[str, str] | None:
    """The start and end columns of `table` that a span's two ends name, if both are found; no
    words for the start name the table's own time."""
    _said, start_words, end_words = span
    start = time_column_named(table, start_words, index) if start_words else index.time_column(table)
    end = time_column_named(table, end_words, index)
    return (start, end) if start is not None and end is not None and start != end else None


def _names_a_step(words: str, index: SchemaIndex) -> bool:
    """Whether `words` name a time column of some table ("acknowledge": `ack_ts`), so that "time
    to acknowledge" is a span, where "response time to andon calls" is not."""
    return any(time_column_named(table, words, index) for table in index.catalog.tables)


def _natural_unit(table: str, ends: tuple[str, str], index: SchemaIndex) -> str:
    """Days between two dates, hours between two moments, when the question names no unit."""
    columns = [index.table(table).column(name) for name in ends]
    dated = any(c is not None and (c.kind == "date" or c.storage == "date_text") for c in columns)
    return "d" if dated else "h"


def _step_of_noun(word: str) -> frozenset[str]:
    """The step a noun names, as its participle does: "from report to …" is from when it was
    reported."""
    return concepts_of_text(f"{word}ed") or concepts_of_text(f"{word}d") if word.isalpha() else frozenset()


def time_column_named(table: str, words: str, index: SchemaIndex) -> str | None:
    """The one time column of `table` that `words` name best: by its name's and comment's
    concepts, or its comment holding the words ("报修" in "报修时间")."""
    concepts = concepts_of_text(words) | _step_of_noun(words)
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
