"""Parts of another column: a number held against a share of another the row keeps ("runs that
made less than 80% of their planned pieces", "more than 5% short of their planned pieces", "2%
under their planned volume", "load above 90% of their rated load", "产出不到计划的90%"), or
against the other itself ("below their minimum stock", "低于安全库存").

`take_part` is a reading stage: it takes the comparison, the share and the words naming the
other column out of the text. `part_columns` finds the two columns: the one the words after "of"
name (of the rows, or of a row they point to), and the row's own number the words before name or,
when they name none, the one number of the row kept like it (a quantity beside a quantity, in
the same unit). `choose_part` is a choose stage: a filter `column < 0.8 × other`, or, where the
rows are grouped ("which items"), the HAVING on the ratio of their sums. A part whose columns
are not found is left for `leftovers`.
"""

from __future__ import annotations

import re

from nl2sql.lexicon import concepts_of_text
from nl2sql.link import SchemaIndex
from nl2sql.types import Filter, Measure, Part, Plan, Ref
from nl2sql.understand.reading import Given, Reading, Said
from nl2sql.units import column_unit

_BELOW = r"less than|fewer than|lower than|under|below|at most|不到|不足|低于|跌破|少于|小于|未达到|没达到"
_ABOVE = r"more than|over|above|at least|exceeding|超过|高于|大于|多于"
_OF = r"(?:its|their|the|his|her)"
#: Where the words naming the other column end.
_END = r"(?=\s+(?:as|in|on|for|this|last|yesterday|today|by|during|since|so far)\b|\s*[?,.;!(]|\s*$)"
#: The words naming the other column: up to four.
_WORDS = r"[a-z][a-z-]*(?: [a-z][a-z-]*){0,3}?"
_PARTS = (
    # "made less than 80% of their planned pieces"
    re.compile(
        rf"\b(?P<op>{_BELOW}|{_ABOVE}) (?P<n>\d+(?:\.\d+)?)\s*(?:%|percent) of {_OF} (?P<of>{_WORDS}){_END}"
    ),
    # "more than 5% short of their planned pieces": below 95% of it
    re.compile(
        rf"\b(?P<short>more than|over|at least) (?P<n>\d+(?:\.\d+)?)\s*(?:%|percent) short of {_OF} "
        rf"(?P<of>{_WORDS}){_END}"
    ),
    # "产出不到计划的90%"
    re.compile(rf"(?P<op>{_BELOW}|{_ABOVE})(?P<of>[\u4e00-\u9fff]{{1,8}}?)的(?P<n>\d+(?:\.\d+)?)\s*%"),
    # "2% under their planned volume": under 98% of it
    re.compile(
        rf"\b(?:more than |over |at least )?(?P<n>\d+(?:\.\d+)?)\s*(?:%|percent) "
        rf"(?P<side>below|under|above|over) {_OF} (?P<of>{_WORDS}){_END}"
    ),
    # "below their minimum stock", "低于安全库存": the other column itself
    re.compile(
        rf"\b(?P<op>below|under|less than|lower than|above|over|more than|higher than) "
        rf"{_OF} (?P<of>{_WORDS}){_END}"
    ),
    re.compile(
        r"(?P<op>低于|跌破|少于|小于|不足|高于|超过|大于)(?P<of>[\u4e00-\u9fff]{2,6}?)(?=了|的|[？?，,。]|$)"
    ),
)
#: The words naming the row's own number, said before the comparison ("peak load", "产出").
_OWN = re.compile(r"([a-z][a-z ]{0,30}|[\u4e00-\u9fff]{1,8})\s*$")
#: A verb said just before the comparison, which it completes: "made", "ran", "came in".
_VERB = re.compile(r"\b(?:[a-z]+ed|ran|came in|made)\s+(?:for\s+)?$")
_BELOW_WORDS = frozenset(re.split(r"\|", _BELOW))
_INCLUSIVE = frozenset(["at most", "at least"])


def take_part(r: Reading, given: Given) -> Reading:
    """ "less than 80% of their planned pieces": see the module."""
    for pattern in _PARTS:
        m = pattern.search(r.text)
        if m is None:
            continue
        named = m.groupdict()
        share = float(named["n"]) / 100 if named.get("n") else 1.0
        if named.get("short"):
            op, share = "<", 1 - share
        elif named.get("side"):  # "2% under": under 98%; "2% above": over 102%
            op, share = ("<", 1 - share) if named["side"] in ("below", "under") else (">", 1 + share)
        else:
            below = named["op"] in _BELOW_WORDS
            op = ("<=" if below else ">=") if named["op"] in _INCLUSIVE else ("<" if below else ">")
        own = _OWN.search(r.text[: m.start()])
        verb = _VERB.search(r.text[: m.start()])
        start = verb.start() if verb else m.start()  # "made" of "made less than …" is said
        said = Said(r.text[start : m.end()].strip(), own.group(1).strip() if own else "", named["of"].strip())
        return r.taking((start, m.end()), part=(said, op, share))
    return r


#: Concepts that say what a number is planned or rated to be, or the least it may be, not what it is.
TARGET = frozenset(
    ["plan", "planned", "rated", "standard", "target", "expected", "capacity", "reorder", "minimum", "safety"]
)
#: … said in Chinese: 计划量, 额定功率, 最低库存, 安全库存, 再订货点.
_TARGET_ZH = re.compile(r"计划|标准|额定|目标|容量|最低|安全|再订货")


def part_columns(table: str, part: tuple[Said, str, float], index: SchemaIndex) -> tuple[str, Ref] | None:
    """The row's own number and the other column it is held to a part of, if both are found."""
    said, _op, _share = part
    of_words = concepts_of_text(said.of) | ({"plan"} if _TARGET_ZH.search(said.of) else set())
    if not of_words & TARGET:
        return None  # "more than 10% of their pieces" is a share of all, not a part of a plan
    pointed = [other for _c, other, _oc, way in index.edges.get(table, []) if way == "out"]
    # the row's own plan first ("their planned pieces"), else one it points to ("their rated load")
    other = next(
        (
            found
            for t in [table, *pointed]
            if (found := _named(of_words, [(t, c) for c in _numbers(t, index)], index, TARGET))
        ),
        None,
    )
    if other is None and _TARGET_ZH.search(said.of):  # "安全库存" of a column commented "safety stock"
        targets = [(table, c) for c in _numbers(table, index) if index.column_concepts[(table, c)] & TARGET]
        other = Ref(*targets[0]) if len(targets) == 1 else None
    if other is None or (other.table != table and part_columns(other.table, part, index) is not None):
        return None  # … and a thing held to its own ("parts below their reorder point"), not its uses
    # "which runs made …": the rows' own noun names none of their numbers
    own_words = concepts_of_text(said.own) - of_words - index.table_name_concepts[table]
    candidates = [(table, c) for c in _numbers(table, index) if Ref(table, c) != other]
    own = _named(own_words, candidates, index)
    if own is None:  # "came in under 80% of their planned pieces": the quantity kept beside it
        alike = [
            (t, c)
            for t, c in candidates
            if _alike(Ref(t, c), other, index) and _same_unit(Ref(t, c), other, index)
        ]
        made = [
            col for col in alike if index.column_concepts[col] & _MADE
        ]  # … the good output, not the scrap
        own = Ref(*alike[0]) if len(alike) == 1 else Ref(*made[0]) if len(made) == 1 else None
    if own is None or not _alike(own, other, index) or not _same_unit(own, other, index):
        return None  # "strokes" are no part of planned minutes, whatever words name them
    return own.column, other


def _numbers(table: str, index: SchemaIndex) -> list[str]:
    return [
        c.name
        for c in index.table(table).visible
        if c.numeric
        and c.kind not in ("bool", "code")
        and not c.primary_key
        and not c.references
        and not c.temporal
    ]


def _named(
    said: frozenset[str],
    columns: list[tuple[str, str]],
    index: SchemaIndex,
    prefer: frozenset[str] = frozenset(),
) -> Ref | None:
    """The one column the words name most (on a tie, the one that is also `prefer`), or None
    where none is named or two are named alike."""
    scored = sorted(
        (
            (
                (hits := len(said & index.column_concepts[col])),
                hits and len(prefer & index.column_concepts[col]),
            ),
            col,
        )
        for col in columns
    )[::-1]
    if not scored or scored[0][0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return Ref(*scored[0][1])


#: Concepts of what a plan is met with: the good output made.
_MADE = frozenset(["good", "output"])


def _alike(own: Ref, other: Ref, index: SchemaIndex) -> bool:
    """Whether `own` keeps what `other` plans: a quantity beside a quantity ("made_qty" and
    "plan_qty"), minutes beside minutes, and is itself no plan."""
    kept = index.column_concepts[(own.table, own.column)]
    planned = index.column_concepts[(other.table, other.column)]
    return not kept & TARGET and bool((kept & planned) - TARGET - concepts_of_text(own.table))


def _same_unit(own: Ref, other: Ref, index: SchemaIndex) -> bool:
    """Both columns in one unit, or neither in one said: litres are no part of hectolitres."""
    units = [index.table(ref.table).column(ref.column) for ref in (own, other)]
    found = [column_unit(c) if c is not None else "" for c in units]
    return found[0] == found[1] or "" in found


def choose_part(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """The part read becomes a filter on each row, or the HAVING of a group's sums."""
    if r.part is None:
        return
    found = part_columns(plan.table, r.part, index)
    if found is None:
        return
    said, op, share = r.part
    own, other = found
    measured = (
        plan.measure is None
        or plan.measure.agg == "count"
        or plan.measure.ref in (Ref(plan.table, own), other)
    )
    if plan.group and other.table == plan.table and measured:
        # "which items made less than 95% of their planned pieces": the sums, not each row
        plan.measure = Measure(
            "ratio", Ref(plan.table, own), f"{own}/{other.column}", said.said, said.said, "%"
        )
        plan.having = Filter(Ref(plan.table, "*"), op, round(share * 100, 6), said.said)
        return
    plan.filters.append(Filter(Ref(plan.table, own), op, Part(share, other), said.said))


def part_kept(plan: Plan, r: Reading) -> bool:
    """Whether the plan holds the part read, as a filter or a HAVING."""
    if r.part is None:
        return True
    said = r.part[0].said
    return any(f.label == said for f in [*plan.filters, *([plan.having] if plan.having else [])])
