"""Due: a time held against the time it was due ("jobs shipped after their due date", "orders
closed later than scheduled", "began more than 20 minutes late", "overdue service requests",
"the on-time share per vendor", "逾期未关闭的工单", "按时关闭率").

`take_due` is a reading stage: it takes the words of lateness out of the text, with how much
later ("more than 4 days late"), the length asked ("how many hours late") and a share asked of
it ("on-time share"), when some table keeps a time things are due or planned by. `due_columns` finds,
in the plan's table or one its rows point to, the time due and the time the step was taken:
the one the words name ("shipped", "began"), else the record's end. `choose_due` is a choose
stage: the comparison becomes the plan's `late`, a filter, the condition of a share, or, with a
length asked, the measure. A lateness that names no two such times is left for `leftovers`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nl2sql.lexicon import concepts_of_text
from nl2sql.link import SchemaIndex
from nl2sql.types import Filter, Late, Measure, Plan, Ref
from nl2sql.understand.reading import Due, Given, Reading, blank, blank_all
from nl2sql.understand.span import span_aggregate
from nl2sql.understand.steps import COMPLETIONS, ENDED, not_failed
from nl2sql.units import UNIT_MINUTES, asked_time_unit

#: Concepts of a time a row is due or planned by, not one it records.
_DUE = frozenset(["due", "plan"])
_START = frozenset(["started"])
#: Concepts of the steps a record takes, which a word beside a lateness may name.
_STEPS = COMPLETIONS | _START

_WHOSE = r"(?:its|their|the|his|her|our)"
_DUE_NOUN = (
    r"(?:due(?: date| time)?|deadline|promised(?: ship| delivery)?(?: date)?|"
    r"(?:planned|scheduled|target) (?:end|finish|completion|start|ship|delivery)(?: time| date)?)"
)
_ZH_DUE = (
    r"(?:承诺交期|交货期|交期|到期日|到期时间|截止日期|截止时间|"
    r"计划(?:完工|结束|完成|开工|开始|交货)(?:时间|日期)?)"
)
_UNIT = r"(?:days?|hours?|hrs?|minutes?|mins?|weeks?)"
_ZH_UNIT = r"(?:天|小时|分钟)"
#: How much later: "5 days", "3个小时".
_HOW_MUCH = rf"(?P<n>\d+(?:\.\d+)?) (?P<unit>{_UNIT})"
_ZH_HOW_MUCH = rf"(?P<n>\d+(?:\.\d+)?)个?(?P<unit>{_ZH_UNIT})"
#: "after their date due", "later than scheduled".
_AFTER_DUE = (
    rf"\blater than (?:planned|scheduled)\b|\b(?:after|later than|past|beyond) {_WHOSE} {_DUE_NOUN}\b"
)
#: Verbs of a step done, after which "past its due date" is late, not overdue.
_DONE = r"\b(?:received|finished|completed|closed|delivered|shipped|arrived|came|started)\b"
#: "(already) past their due date" of no step done: overdue (read where the steps not taken are
#: blanked: "past the due date and not yet closed" is overdue too).
_PAST_DUE = re.compile(rf"^(?!.*{_DONE}).*?\b(?P<said>(?:already )?past {_WHOSE} {_DUE_NOUN})\b")
#: Each kind of lateness, in the order tried. A pattern's `n` and `unit` say how much later.
_KINDS = (
    ("overdue", re.compile(r"\boverdue\b|\bpast due\b")),
    ("overdue", _PAST_DUE),
    (
        "overdue",
        re.compile(
            rf"(?:已经?)?(?:逾期|超期|过了{_ZH_DUE})(?:还|仍|但)?(?:未|没有?|还没)[\u4e00-\u9fff]{{0,2}}"
        ),
    ),
    ("on time", re.compile(r"\bon[- ]time\b")),
    ("on time", re.compile(rf"\b(?:on or before|no later than|not later than|by) {_WHOSE} {_DUE_NOUN}\b")),
    ("on time", re.compile(rf"按时|准时|按期|如期|不晚于{_ZH_DUE}")),
    ("late", re.compile(rf"\b(?:more than|over|at least|by more than) {_HOW_MUCH} (?:late\b|{_AFTER_DUE})")),
    ("late", re.compile(rf"\blate by (?:more than |over )?{_HOW_MUCH}")),
    ("late", re.compile(r"\blate (?:deliveries|delivery|arrivals?|completions?|shipments?|receipts?)\b")),
    ("late", re.compile(rf"\blate\b(?! shift)|\bbehind schedule\b|{_AFTER_DUE}")),
    ("late", re.compile(rf"(?:晚于|迟于|超过|过了){_ZH_DUE}(?:{_ZH_HOW_MUCH}(?:以上)?)?")),
    ("late", re.compile(rf"(?:晚|迟|延迟|延误|拖)了?(?:超过)?{_ZH_HOW_MUCH}(?:以上)?")),
    ("late", re.compile(r"延迟|延误|延期|拖期|迟到|晚到|晚交|迟交|逾期")),
)
#: Words an overdue already says: what is overdue is still open, not yet done.
_STILL_OPEN = re.compile(
    r"\b(?:still |already )?open\b"
    r"|\b(?:and |but )?(?:still )?not (?:yet )?(?:done|finished|completed|closed)(?: yet)?\b"
    r"|(?:还|仍|但)?(?:没有?|未)(?:完成|完工|关闭|做完|修完)"
)
#: A share asked of it, right after: "on-time share", "on-time shipment ratio", "准时发货率".
_RATE = re.compile(
    r"^\s*(?:delivery|deliveries|completion|shipment)?\s*(?:rate|ratio|share|percentage|performance)\b"
    r"|^(?:交付|交货|完工|完成|到货|收货|发货)?(?:率|比例|占比)"
)
#: "how many hours late", "by how many days", "晚了多少天": the lateness itself is asked.
_LENGTH = re.compile(
    rf"\b(?:by )?how (?:many|much) (?P<unit>{_UNIT})(?: (?:late|behind|overdue)\b)?"
    r"|(?<!\d )\b(?P<unit2>days|hours|minutes) late\b"
    rf"|(?:晚|迟|延迟|延误|逾期|拖)了?(?:多少|几)个?(?P<zunit>{_ZH_UNIT})"
)
#: The verb naming the step that was late, said before the lateness ("came in late", "开工晚").
_STEP_BEFORE = re.compile(
    r"(?:\b([a-z]+ed|[a-z]{3,}ing|came in|come in|arrive|deliver|ship|start|finish)\s+(?:in\s+)?$)"
    r"|([\u4e00-\u9fff]{2})$"
)
_STEP_AFTER = re.compile(r"^([\u4e00-\u9fff]{2})")
_SAYS_LATE = re.compile(r"\b(?:late|behind|overdue)\b|[晚迟延逾拖]")
_ZH_UNITS = {"天": "days", "小时": "hours", "分钟": "minutes"}
_HOW_MUCH_LATER = re.compile(rf"\d+(?:\.\d+)?\s*个?(?:{_UNIT}|{_ZH_UNIT})")


def take_due(r: Reading, given: Given) -> Reading:
    """ "shipped after their due date", "overdue", "on-time share", "晚于交期": see the module."""
    if not any(due_times(table, given.index) for table in given.index.catalog.tables):
        return r
    length = _LENGTH.search(r.text)
    rest = blank(r.text, length.span()) if length else r.text
    plain = blank_all(_STILL_OPEN, rest)  # see `_PAST_DUE`
    found = next(
        (
            (kind, m)
            for kind, pattern in _KINDS
            if (m := pattern.search(plain if pattern is _PAST_DUE else rest))
        ),
        None,
    )
    if found is None and not (length and _SAYS_LATE.search(length.group())):
        return r
    kind, m = found or ("late", length)
    assert m is not None
    start, end = m.span("said") if "said" in m.re.groupindex else m.span()
    rate = _RATE.search(rest[end:]) if found else None
    named = m.groupdict() if found else {}
    unit = _ZH_UNITS.get(named.get("unit") or "", named.get("unit") or "")
    gap = asked_time_unit(unit) if named.get("n") else None
    verb = _STEP_BEFORE.search(rest[:start])
    start = verb.start() if verb and verb.group(1) else start  # "shipped" of "shipped late" is said
    due = Due(
        said=rest[start:end].strip() or m.group().strip(),
        kind=kind,
        step=_step_words(rest, start, end),
        gap_s=float(named["n"]) * gap[1] * 60 if gap else 0.0,
        length=_length_unit(length) if length else "",
        share=rate is not None,
        now=given.now.isoformat(),
    )
    r = r.taking((start, end + (rate.end() if rate else 0)), due=due)
    if length:
        r = r.taking(length.span())
    if kind == "overdue":
        r = replace(r, text=blank_all(_STILL_OPEN, r.text))
    return r


def _step_words(text: str, start: int, end: int) -> str:
    """The words of the lateness with the verb before it ("came in late") or, in Chinese, the
    word beside it ("开工晚了", "收货晚"); "晚到" is a late arrival."""
    said = text[start:end]
    before = _STEP_BEFORE.search(text[:start]) if not said.isascii() else None
    after = _STEP_AFTER.search(text[end:]) if not said.isascii() else None
    said = _HOW_MUCH_LATER.sub(" ", said)  # "20 minutes" names no step
    arrival = "到货" if re.search(r"[晚迟]到", said) else ""
    # the word beside it when it names a step ("收货晚"), not a noun ("订单是晚到的")
    beside = [before.group(2) if before else "", after.group(1) if after else ""]
    steps = [w for w in beside if concepts_of_text(w) & _STEPS]
    return " ".join(w for w in (said, *steps, arrival) if w.strip())


def _length_unit(found: re.Match[str]) -> str:
    words = found.group("unit") or found.group("unit2") or _ZH_UNITS.get(found.group("zunit") or "", "")
    asked = asked_time_unit(words)
    return asked[0] if asked else "d"


def due_times(table: str, index: SchemaIndex) -> list[str]:
    """The time columns of `table` that say when a row is due or planned to happen."""
    return [
        c.name
        for c in index.table(table).visible
        if c.temporal and _DUE & index.column_concepts[(table, c.name)]
    ]


#: Where a lateness is held: the table, its time due, the time the step was taken (None where
#: overdue asks only the time due), and whether the words named that step ("shipped").
DueTimes = tuple[str, str, str | None, bool]


def due_columns(table: str, due: Due, index: SchemaIndex) -> DueTimes | None:
    """The times of `table`, or of one its rows point to, a lateness is held against; None
    where they are not both found."""
    pointed = [other for _c, other, _oc, way in index.edges.get(table, []) if way == "out"]
    for candidate in [table, *pointed]:
        found = _own_due_columns(candidate, due, index)
        if found is not None:
            return (candidate, *found)
    return None


def _own_due_columns(table: str, due: Due, index: SchemaIndex) -> tuple[str, str | None, bool] | None:
    said = concepts_of_text(due.step)
    starts = bool(said & _START)

    def concepts(name: str) -> frozenset[str]:
        return index.column_concepts[(table, name)]

    dues = due_times(table, index)
    strict = [name for name in dues if "due" in concepts(name)]
    by_step = [name for name in dues if bool(concepts(name) & _START) == starts]
    chosen = strict if strict and not starts else by_step
    if len(chosen) != 1:
        return None
    times = [c.name for c in index.table(table).visible if c.temporal and c.name not in dues]
    named = [name for name in times if said & concepts(name) - _DUE]
    if starts:
        steps = [name for name in named if not concepts(name) & COMPLETIONS]
    else:
        ends = [name for name in times if concepts(name) & COMPLETIONS]
        steps = named if len(named) == 1 else ends
    if len(steps) != 1:
        return (chosen[0], None, False) if due.kind == "overdue" else None
    return chosen[0], steps[0], steps[0] in named


def choose_due(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """The lateness read becomes `plan.late`: a filter, the condition of a share asked, or,
    with its length asked, the measure of the rows that were late."""
    if r.due is None:
        return
    found = due_columns(plan.table, r.due, index)
    if found is None:
        return
    table, due, actual, _named = found
    if r.due.kind == "overdue":
        plan.late = Late(Ref(table, due), "<", now=r.due.now, label=r.due.said)
        if actual is not None:  # not done yet, nor ended another way
            empty = f"{actual} 为空" if not r.text.isascii() else f"no {actual}"
            plan.filters.append(Filter(Ref(table, actual), "is null", None, empty))
            plan.filters += not_failed(plan, index, ENDED)
        return
    if actual is None:
        return
    op = "<=" if r.due.kind == "on time" else ">"
    late = Late(Ref(table, due), op, Ref(table, actual), gap_s=r.due.gap_s, label=r.due.said)
    unnamed = plan.time_ref is None or plan.time_ref.column == index.time_column(plan.table)
    if plan.window is not None and unnamed and not r.basis:
        plan.time_ref = Ref(table, actual)  # "late last month": the step taken last month, unless named
    cues = r.cues
    if r.due.length and op == ">" and (cues.average or cues.total or cues.maximum or cues.minimum):
        unit = r.due.length
        plan.measure = Measure(
            span_aggregate(cues),
            Ref(table, actual),
            unit=unit,
            scale=1 / (60 * UNIT_MINUTES[unit]),
            since=Ref(table, due),
        )
    elif r.due.share or (r.share is not None and (plan.measure is None or plan.measure.agg != "share")):
        late = replace(late, shared=True)
        plan.measure = Measure("share", unit="%")
    plan.late = late


def due_kept(plan: Plan, r: Reading) -> bool:
    """Whether the plan holds the lateness read, and its length where one is asked."""
    if r.due is None:
        return True
    measured = plan.measure is not None and plan.measure.since is not None
    return plan.late is not None and (not r.due.length or measured)
