"""Understand: a question in plain English or Chinese → a typed `Plan`, without an LLM.

It reads as its stages:

1. `read` (`read.READ_STAGES`): each stage takes its span out of the text — the time window
   and the time it is counted by ("by receipt date"), a named metric, a span, a worth ("the
   value of …"), top-N, thresholds, an absence, stored values ("Line 3", "PR-07", "缺料"),
   steps not yet taken — then the words left are read through the bilingual lexicon and the
   cues computed once. The `Reading` is frozen after it.
2. A question in a thread that names no table of its own follows up the last plan (`follow`).
3. `score.choose_table`: tables scored by named weights; the best fact table, or a question
   back when they tie or nothing fits (`clarify`).
4. `choose.plan_for` (`choose.CHOOSE_STAGES`): time, filters, group, measure, share, columns, unit,
   thresholds, order, absence, pending, and what the plan leaves out; joined to lines,
   machines or shifts through foreign keys when the question filters or groups by them.
5. `clarify.two_ways`: a question back where the plan reaches a table by two links.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nl2sql.catalog import Catalog
from nl2sql.link import Embed, SchemaIndex
from nl2sql.types import Clarification, Plan
from nl2sql.understand.choose import plan_for
from nl2sql.understand.clarify import two_ways
from nl2sql.understand.cues import asks_amount
from nl2sql.understand.follow import follow_up, inherit, names_no_table
from nl2sql.understand.read import read
from nl2sql.understand.reading import Given
from nl2sql.understand.score import choose_table
from nl2sql.understand.values import inflections

__all__ = ["asks_amount", "inflections", "understand"]


def understand(
    question: str,
    catalog: Catalog,
    *,
    now: datetime,
    context: dict[str, Any] | None = None,
    embed: Embed | None = None,
) -> Plan | Clarification:
    """The plan for `question` (plant-local `now`), or a clarifying question.

    `context` is the previous plan of the thread (`Plan.to_dict()`), for follow-ups.
    Raises `NoSuchData` when nothing in the catalog matches the question.
    """
    index = SchemaIndex.of(catalog)
    reading = read(question, Given(index, now, embed))
    previous = Plan.from_dict(context) if context else None
    if previous is not None and names_no_table(reading, index):
        return follow_up(previous, reading, index)
    table = choose_table(question, reading, index)
    if isinstance(table, Clarification):
        return table
    plan = plan_for(table, reading, index)
    plan = inherit(plan, previous, reading) if previous is not None else plan
    return two_ways(question, plan, index) or plan
