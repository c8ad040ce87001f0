"""Follow-ups: a question in a thread that names no table of its own ("and line 2?", "那上周呢？")
changes the thread's last plan; one that names the same table and opens like a follow-up ("and
…", "only …", "那…") keeps the last plan's window and filters it does not replace.
"""

from __future__ import annotations

from nl2sql.link import SchemaIndex
from nl2sql.types import Filter, Plan
from nl2sql.understand.choose import plan_for
from nl2sql.understand.reading import Reading
from nl2sql.understand.score import FOLLOW_UP_BELOW, evidence


def names_no_table(r: Reading, index: SchemaIndex) -> bool:
    """Whether the words alone (values left out) name no table clearly enough to stand alone."""
    return evidence(r, index) < FOLLOW_UP_BELOW


def follow_up(previous: Plan, r: Reading, index: SchemaIndex) -> Plan:
    """Reuse the thread's last plan, changed by what this message adds."""
    new = plan_for(previous.table, r, index)
    plan = Plan.from_dict(previous.to_dict())
    if new.window is not None:
        plan.window, plan.time_ref = new.window, new.time_ref or plan.time_ref
    for f in new.filters:
        plan.filters = [old for old in plan.filters if not _same_subject(old, f, plan.table)] + [f]
    new_groups = [d for d in new.group if d not in plan.group]
    if r.group_phrases or r.trend:
        plan.group = new_groups or plan.group
        plan.order = new.order or "desc"
        plan.limit = new.limit
    if r.limit:
        plan.limit = r.limit
    plan.ignored = new.ignored
    return plan


def inherit(plan: Plan, previous: Plan, r: Reading) -> Plan:
    """`plan`, with the window and the filters of the thread's last plan it does not replace, when
    the question opens like a follow-up and asks about the same table."""
    if not r.cues.follow or previous.table != plan.table:
        return plan
    if plan.window is None:
        plan.window, plan.time_ref = previous.window, plan.time_ref
    plan.filters += [
        old for old in previous.filters if not any(_same_subject(old, f, plan.table) for f in plan.filters)
    ]
    return plan


def _same_subject(old: Filter, new: Filter, table: str) -> bool:
    """Whether `new` replaces `old`: the same column, or any column of the same joined table."""
    return old.ref == new.ref or (old.ref.table == new.ref.table != table)
