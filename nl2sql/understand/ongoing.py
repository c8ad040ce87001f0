"""Events going on now: "Which stations are halted right now?", "现在在停机的工位", said of events
with no state named, are the rows that have not ended yet, by the one end time their table
leaves empty until then (a comment says so: "NULL until it ends", "为空表示未结束").

`choose_ongoing` is a choose stage; without such a column, "now" is left for `leftovers`.
"""

from __future__ import annotations

import re

from nl2sql.link import SchemaIndex
from nl2sql.types import Filter, Measure, Plan, Ref
from nl2sql.understand.reading import Reading
from nl2sql.units import keeps_time

#: A comment saying a row's end is not set while it still goes on: "NULL until it ends", "NULL =
#: still halted", "为空表示未结束".
_OPEN_WHILE_NULL = re.compile(r"\bnull\b.{0,12}\b(?:while|still|until)\b|为空|空表示", re.IGNORECASE)
_ENDS = frozenset(["end", "ended", "finished", "closed", "completed"])
_ENDS_ZH = re.compile(r"结束|完成|完工|恢复")


def choose_ongoing(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """The rows not ended yet, where "now" is said of events with no state named: see the module."""
    stated = any(says_a_state(f, plan, index) for f in plan.filters)
    if not r.unmatched_now or stated or index.is_dimension(plan.table):
        return
    ends = [
        c
        for c in index.table(plan.table).visible
        if c.nullable
        and c.temporal
        and _OPEN_WHILE_NULL.search(c.comment)
        and (index.column_concepts[(plan.table, c.name)] & _ENDS or _ENDS_ZH.search(c.comment))
    ]
    if len(ends) != 1:
        return
    word, end = r.unmatched_now[0], ends[0].name
    said = f"{word}（{end}为空）" if not word.isascii() else f"{word} ({end} not set)"
    plan.filters.append(Filter(Ref(plan.table, end), "is null", None, said))
    # "down right now" is a state, not the stop minutes its row keeps once it has ended
    m, cues = plan.measure, r.cues
    asked = cues.total or cues.average or cues.maximum or cues.minimum or cues.amount or cues.asked_unit
    kept = m.ref if m is not None and not asked else None
    if kept is not None and keeps_time(index.table(kept.table).column(kept.column)):
        plan.measure = Measure("count")


def says_a_state(f: Filter, plan: Plan, index: SchemaIndex) -> bool:
    """Whether a filter keeps the plan's rows in a state: a code, a flag, a stored state of their
    own, or a step taken or not ("open", "on hold", "not acknowledged"), not a thing they are of
    ("line 3", "press P-07")."""
    if f.op in ("is null", "is not null"):
        return True
    column = index.table(f.ref.table).column(f.ref.column)
    if column is None:
        return False
    named = column.references or column.name == index.label_column(plan.table)
    return column.kind in ("code", "bool") or bool(column.labels) or (f.ref.table == plan.table and not named)
