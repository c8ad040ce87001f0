"""Score: which table a reading asks about. Every weight is a named constant here, with the
evidence it weighs; `choose_table` ranks the tables by them and picks one, or asks back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from nl2sql.lexicon import (
    concepts_of_phrase,
    concepts_of_text,
    head_concepts,
    name_word_concepts,
    name_words,
    spells,
    stem,
)
from nl2sql.link import SchemaIndex, ValueRef
from nl2sql.profile import meanings, names_identifier
from nl2sql.types import Clarification
from nl2sql.understand.clarify import ambiguous, nothing_found
from nl2sql.understand.due import due_columns
from nl2sql.understand.part import TARGET, part_columns
from nl2sql.understand.reading import Reading, dimension_words, which_noun
from nl2sql.understand.span import span_columns
from nl2sql.understand.worth import worth_columns, worth_words
from nl2sql.units import asked_amounts, column_unit, keeps_time, stated_unit

# Table scoring: the evidence each weighs, for one concept of the question (once a table).
W_NAME = 3.0  # the table's own name (or label, synonym) says the word
W_DESCRIBED = 1.0  # only its comment or a column's name or comment says it
W_COLUMN = 0.8  # a column (not a key) is named by the word
W_NUMERIC_COLUMN = 0.4  # … and that column is a number, something to measure
W_AMOUNT_COLUMN = 2.5  # … and the question asks an amount of it ("how much electricity")
W_WORDED_COLUMN = 0.3  # … and its comment holds the word as said (报废 in "报废数量"), not only its meaning
W_VALUE = 1.5  # a value the question names is stored in the table (per value)
W_WEAK_VALUE = 1.0  # … a value that is also a lexicon word ("收货", "scrap"), when the question counts
W_METRIC = 6.0  # a named metric or a ratio of the table's columns
W_SPAN = 4.0  # the two ends of a span asked ("days from order to delivery") are two of its times
W_COUNTED = 2.0  # the table's own name is the noun a count asks about ("how many NCRs")
W_DIMENSION = -0.5  # a table of things others point to, when a fact table also fits
W_WHOLE_NAME = 0.75  # every word of the table's name is said ("machines": `machine`, not `machine_event`)
W_SPELLED_NAME = 1.0  # … as a fact table's name is written, not a synonym ("welders": `welder`)
W_PLANNED_TIME = -1.5  # a window would fall on the time the rows were planned for, which is unsaid
W_ROW_ASKED = 2.5  # a row the question names is in it, and a column asked of it is spelled ("its model")
W_WORTH = 2.5  # the worth asked ("the value of the goods received") is reckoned from its rows
W_DUE = 2.0  # the lateness asked ("shipped after their due date") is held against its own times
W_PART = 2.0  # the part of a plan asked ("below their minimum stock") is of two of its own numbers
W_UNIT = 2.0  # an amount asked in a unit ("how many kilos") is kept by one of its measures in it
#: Below this best score (its values left out), a question names no table of its own: in a
#: thread it is a follow-up of the last question ("and line 2?").
FOLLOW_UP_BELOW = 2.5
#: The steps a time column other than the table's own may record, when the question names one:
#: "due in October", "closed last week", "received in October" (the receipt date, not the order's).
TIME_STEPS = frozenset(
    [
        "due",
        "resolved",
        "closed",
        "acknowledged",
        "started",
        "opened",
        "cancelled",
        "escalation",
        "receipt",
        "shipment",
    ]
)
#: What a table scores above the best one when it takes its place because only it holds what the
#: question aggregates or sums ("highest tensile strength" of products: the test results hold it).
W_HOLDS_THE_MEASURE = 1.0


def evidence(r: Reading, index: SchemaIndex) -> float:
    """The best table's score from words alone (values left out): how clearly a table is named."""
    return max(score_tables(r, index, with_values=False).values(), default=0.0)


def choose_table(question: str, r: Reading, index: SchemaIndex) -> str | Clarification:
    """The table the plan is about: the best scored, or the one fact table holding every value
    named; a question back when fact tables tie. Raises `NoSuchData` when nothing matches."""
    scores = score_tables(r, index)
    if evidence(r, index) <= 0:
        owner = only_owner(r, index) or _keeping_the_values_unit(r, index)
        if owner is None:
            return nothing_found(question, r, index)
        scores = {owner: 1.0}
    named = named_tables(r, index)
    ranked = sorted(
        scores.items(), key=lambda kv: (-kv[1], kv[0] not in named, index.is_dimension(kv[0]), kv[0])
    )
    headed = counted_tables(r, index)
    if headed and ranked[0][0] not in headed:
        # "how many blades are of kind BND": the blades, not the kinds the code names
        ranked = _moved_to(ranked, lambda t: t in headed, index)
    table = ranked[0][0]
    spans = bool(r.span and span_columns(table, r.span, index))
    if r.cues.aggregate and not measures(table, index) and not spans:
        # "highest tensile strength on fiber products": products has nothing to aggregate.
        ranked = _moved_to(ranked, lambda t: bool(measures(t, index)), index)
    elif r.worth and not worth_columns(table, worth_words(r), index):
        # "the value of the open purchase orders": the order is named, its lines are priced.
        ranked = _moved_to(ranked, lambda t: bool(worth_columns(t, worth_words(r), index)), index)
    elif r.cues.amount and not amount_columns(table, r, index) and not spans:
        # "how much electricity did press 2 use": the meter is named, the reading holds the kWh;
        # "how much water did we use": the meter's medium, whose meaning says m3, is named.
        holds = lambda t: bool(amount_columns(t, r, index))  # noqa: E731
        ranked = _moved_to(ranked, holds, index, unscored=bool(value_units(r, index)))
    if r.window is not None and index.window_time(ranked[0][0]) is None:
        # "litres of Lemonade made last week": the recipe is named, the batches keep the time.
        measured = bool(r.cues.aggregate or r.cues.amount) and not spans
        ranked = _moved_to(
            ranked,
            lambda t: (
                not index.is_dimension(t)  # a machine's install date is no time of its tool changes
                and index.window_time(t) is not None
                and (not measured or bool(measures(t, index)))
            ),
            index,
        )
    table = ranked[0][0]
    tied = [t for t, s in ranked if s == ranked[0][1] and not index.is_dimension(t)]
    if len(tied) > 1 and not named & set(tied):
        return ambiguous(question, tied[:3], index)
    return table


def _moved_to(
    ranked: list[tuple[str, float]],
    holds: Callable[[str], bool],
    index: SchemaIndex,
    *,
    unscored: bool = False,
) -> list[tuple[str, float]]:
    """`ranked` with the best other table that `holds` what the first lacks, and reaches it or is
    reached by it, first (one no word named too, when `unscored`); else the first again: either
    scored `W_HOLDS_THE_MEASURE` above the rest."""
    best, score = ranked[0]
    holder = next(
        (
            t
            for t, other in ranked[1:]
            if (other > 0 or (unscored and other == 0))
            and holds(t)
            and (index.path(t, best) or index.path(best, t))
        ),
        best,
    )
    return [(holder, score + W_HOLDS_THE_MEASURE), *ranked]


def score_tables(r: Reading, index: SchemaIndex, *, with_values: bool = True) -> dict[str, float]:
    """Every table's score for the reading (see the weights above)."""
    counted = _counted(r)
    headed = counted_tables(r, index)
    group_starts = {at for at, _ in r.group_phrases}
    dim_words = dimension_words(r, index)
    # "which press is out of service" names nothing but the press: it is the thing asked, not
    # the grouping of another table's rows.
    others = (
        r.metric
        or r.ratio
        or any(s not in dim_words for _at, _c, s in r.concepts)
        or any(
            not weak and not any(index.is_dimension(ref.table) for ref in refs) for _s, refs, weak in r.values
        )
    )
    which = r.cues.which is not None and bool(r.cues.ranks or others)
    amount = bool(r.cues.amount or r.worth)  # a worth is an amount of the quantity priced
    said = {c for _at, cs, _s in r.concepts for c in cs}
    # the words as written, or a Chinese word's dictionary word: 城市 is the `city` table's,
    # though the lexicon reads it as a region
    spelled = {s for _at, _cs, s in r.concepts if s.isascii()}
    spelled |= {w for _at, _cs, s in r.concepts if not s.isascii() for w in index.chinese_names().get(s, ())}
    named = named_tables(r, index)
    amounts = set(asked_amounts(r.text))
    scores: dict[str, float] = {}
    for name in index.catalog.tables:
        score = 0.0
        name_c, all_c = index.table_name_concepts[name], index.table_concepts[name]
        info = index.table(name)
        seen: set[str] = set()
        spelled_columns: set[str] = set()  # a column of it the words spell ("model")
        for _at, concepts, surface in r.concepts:
            if surface in dim_words and (group_starts or which or r.limit):
                continue
            for c in concepts:
                if c in seen:
                    continue
                if c in name_c:
                    score += W_NAME
                elif c in all_c:
                    score += W_DESCRIBED
                col_hits = [
                    col
                    for col in info.visible
                    if not col.primary_key
                    and not col.references
                    and c in index.column_concepts[(name, col.name)]
                ]
                if col_hits:
                    spelled_columns |= {col.name for col in col_hits if spells(surface, col.name)}
                    numeric = any(col.numeric and col.kind != "bool" for col in col_hits)
                    score += W_COLUMN + (W_NUMERIC_COLUMN if numeric else 0)
                    score += W_AMOUNT_COLUMN if numeric and amount else 0
                    worded = any(surface.lower() in (col.comment or "").lower() for col in col_hits)
                    score += W_WORDED_COLUMN if worded else 0
                seen.add(c)
        for _surface, refs, weak in r.values if with_values else ():
            if any(ref.table == name or (name in headed and _keyed_here(ref, name, index)) for ref in refs):
                score += W_VALUE if not weak else W_WEAK_VALUE if r.cues.count else 0.0
                asked = not weak and not r.cues.ranks and spelled_columns - set(index.naming_columns(name))
                score += W_ROW_ASKED if asked else 0.0
        if r.metric and any(m.name == r.metric and m.table == name for m in index.catalog.metrics):
            score += W_METRIC
        if r.ratio and ratio_columns(name, r.ratio, index):
            score += W_METRIC
        if r.span and (name in named or not named) and span_columns(name, r.span, index):
            score += W_SPAN  # of the table the question names, if it names one
        if r.part and (name in named or not named) and part_columns(name, r.part, index):
            score += W_PART
        if counted & name_c and (name in headed or not headed):
            score += W_COUNTED
        kept = set(measures(name, index))
        if amounts and any(column_unit(c) in amounts for c in info.visible if c.name in kept):
            score += W_UNIT
        if score > 0 and index.is_dimension(name):
            score += W_DIMENSION
        if score > 0 and r.window is not None and _planned_time(name, said, index):
            score += W_PLANNED_TIME  # "yesterday's output": not that of the orders planned for yesterday
        words = name_word_concepts(name)
        if score > 0 and words and all(word & said for word in words):
            score += W_WHOLE_NAME
            # … not a table of things others point to: "mold MD-1" names the mold of the runs asked
            spelled_here = any(spells(s, name) for s in spelled) and not index.is_dimension(name)
            score += W_SPELLED_NAME if spelled_here else 0.0
        scores[name] = score
    scores = _with_due(scores, r, index, named) if r.due else scores
    return _with_worth(scores, r, index) if r.worth else scores


def _with_due(scores: dict[str, float], r: Reading, index: SchemaIndex, named: set[str]) -> dict[str, float]:
    """`scores` with `W_DUE` for each table (named, if the question names any) whose own times
    the lateness asked is held against: those whose step the words name, where some are."""
    assert r.due is not None
    held = {
        t: found[3]
        for t in scores
        if (t in named or not named) and (found := due_columns(t, r.due, index)) and found[0] == t
    }
    chosen = {t for t, step_named in held.items() if step_named} or set(held)
    return {t: s + W_DUE if t in chosen else s for t, s in scores.items()}


def _with_worth(scores: dict[str, float], r: Reading, index: SchemaIndex) -> dict[str, float]:
    """`scores` with `W_WORTH` for each table the worth asked is reckoned from, that is or reaches
    a table the words name ("the value of the open purchase orders": their lines, not another
    table's rows that a unit cost also prices)."""
    named = [t for t, s in scores.items() if s > 0]
    words = worth_words(r)
    return {
        t: s + W_WORTH
        if worth_columns(t, words, index) and (not named or any(t == n or index.path(t, n) for n in named))
        else s
        for t, s in scores.items()
    }


def _planned_time(table: str, said: set[str], index: SchemaIndex) -> bool:
    """Whether `table`'s own time is when its rows were planned for, and the words say no plan
    and no other step a time of it records ("completed last week": its end)."""
    column = index.time_column(table)
    if column is None or "plan" not in index.column_concepts[(table, column)] - said:
        return False
    times = [c.name for c in index.table(table).visible if c.temporal]
    return not any(index.column_concepts[(table, name)] & TIME_STEPS & said for name in times)


def measures(table: str, index: SchemaIndex) -> list[str]:
    """The numeric columns of `table` that are no key, no reference, no identifier and no flag:
    what it can aggregate."""
    return [
        c.name
        for c in index.table(table).visible
        if c.numeric and not (c.primary_key or c.references or c.kind == "bool" or names_identifier(c.name))
    ]


def amount_columns(table: str, r: Reading, index: SchemaIndex) -> list[str]:
    """Numeric columns of `table` (no key) that a word of the question names, or kept in the unit
    a named value's meaning says ("water": kept in m3): what an amount sums."""
    said = {c for _at, cs, _s in r.concepts for c in cs} | {
        c for surface, _refs, weak in r.values if weak for c in concepts_of_phrase(stem(surface))
    }
    units = value_units(r, index)
    return [
        col
        for col in measures(table, index)
        if index.column_concepts[(table, col)] & said - index.table_name_concepts[table]
        or index.column_concepts[(table, col)] & said & {"qty", "duration", "cost", "energy", "weight"}
        or column_unit(index.table(table).column(col)) in units  # type: ignore[arg-type]
    ]


def value_units(r: Reading, index: SchemaIndex) -> set[str]:
    """The units the meanings of the stored codes named say they are kept in: 'W' meaning
    "water (m3)" is an amount in m3."""
    return {unit for _surface, refs, _weak in r.values for ref in refs if (unit := meaning_unit(ref, index))}


def meaning_unit(ref: ValueRef, index: SchemaIndex) -> str:
    """The unit the meaning of a stored code says in its column's comment ("W water
    (m3)"); "" when none."""
    column = index.table(ref.table).column(ref.column)
    return stated_unit(meanings(column.comment).get(ref.value, "")) if column is not None else ""


def _keeping_the_values_unit(r: Reading, index: SchemaIndex) -> str | None:
    """ "How much water did the press hall use": the one fact table reaching every table of the
    values named that keeps an amount in the unit their meaning says."""
    owners = {ref.table for _s, refs, weak in r.values if not weak for ref in refs}
    if not r.cues.amount or not value_units(r, index):
        return None
    found = [
        t
        for t in index.catalog.tables
        if not index.is_dimension(t)
        and all(t == o or index.path(t, o) for o in owners)
        and amount_columns(t, r, index)
    ]
    return found[0] if len(found) == 1 else None


def ratio_columns(table: str, ratio: tuple[str, str, str, str], index: SchemaIndex) -> tuple[str, str] | None:
    """The numerator and denominator columns of a ratio in `table`, if it has both."""
    if ratio[0] == "faulty":  # a reject rate: the scrap in all made, else the faulty in their whole
        return ratio_columns(table, ("scrap", *ratio[1:]), index) or _faulty_part(table, index)
    num, den = ratio[0], ratio[1]
    info = index.table(table)
    numeric = [c for c in info.visible if c.numeric and not c.primary_key and not c.references]

    def find(concept: str, avoid: str) -> str | None:
        by_name = [c.name for c in numeric if concept in concepts_of_text(c.name)]
        hits = [
            c.name
            for c in numeric
            if concept in index.column_concepts[(table, c.name)]
            and avoid not in index.column_concepts[(table, c.name)]
        ]
        return next(iter(by_name or hits), None)

    a, b = find(num, den), find(den, num)
    good = next((c.name for c in numeric if "good" in index.column_concepts[(table, c.name)]), None)
    if num == "scrap" and a and good and (b is None or b == good or keeps_time(info.column(b))):
        return a, f"{good}+{a}"  # a scrap rate is a share of all parts made: the good and the scrap
    if num == "good" and a and b and not keeps_time(info.column(a)):
        return a, f"{a}+{b}"  # … and so is a yield
    if not (a and b) or keeps_time(info.column(a)) != keeps_time(info.column(b)):
        return None  # a share of pieces in minutes of planned time is no rate
    return a, b


#: What a column of the faulty pieces is said with: "rejected", "NG", "次品数".
_FAULTY = frozenset(["scrap", "defect", "reject", "rejected", "ng"])
#: A comment saying its column is a part of another: "part of packs_made", "included in total".
_PART_OF = re.compile(r"\b(?:part of|included in|subset of|out of)\s+([A-Za-z_][A-Za-z0-9_]*)")


def _faulty_part(table: str, index: SchemaIndex) -> tuple[str, str] | None:
    """A reject rate kept without a scrap and a good count: the faulty pieces in the whole their
    comment says they are part of ("packs_rej: part of packs_made"), else in the one other count of
    the rows in the same unit ("次品数" of "检验数")."""
    counts = [
        c
        for c in index.table(table).visible
        if c.kind == "int"
        and not (c.primary_key or c.references or names_identifier(c.name) or keeps_time(c))
    ]
    for c in counts:
        said = _PART_OF.search(c.comment)
        if said and said.group(1) in {o.name for o in counts if o is not c}:
            return c.name, said.group(1)
    faulty = [c for c in counts if index.column_concepts[(table, c.name)] & _FAULTY]
    others = [
        c
        for c in counts
        if c not in faulty
        and column_unit(c) == column_unit(faulty[0] if faulty else c)
        and not index.column_concepts[(table, c.name)] & TARGET
    ]
    return (faulty[0].name, others[0].name) if len(faulty) == 1 and len(others) == 1 else None


def named_tables(r: Reading, index: SchemaIndex) -> set[str]:
    """Tables whose own name the question uses ("andon calls", "停机")."""
    dims = dimension_words(r, index)
    said = {c for _at, cs, s in r.concepts if s not in dims for c in cs}
    return {t for t, c in index.table_name_concepts.items() if c & said}


def only_owner(r: Reading, index: SchemaIndex) -> str | None:
    """The one fact table holding every value the question names, if there is exactly one."""
    owners = {ref.table for _s, refs, weak in r.values if not weak for ref in refs}
    facts = [t for t in owners if not index.is_dimension(t)]
    if len(facts) == 1:
        return facts[0]
    # "how many chillers do we have?", "which operators are no longer active?": every value lives
    # in one table of things, which the question counts or lists.
    if facts:
        return None
    noun = which_noun(r)
    listed = [t for t in owners if noun is not None and noun[1] & index.table_name_concepts[t]]
    if len(listed) == 1:
        return listed[0]
    # "how many breakdowns did MC-07 have": the stoppage table holds the breakdown and reaches the
    # machine; the machine table reaches no stoppage. Count in the table that reaches the others.
    hubs = [t for t in owners if all(t == o or index.path(t, o) for o in owners)]
    if len(owners) > 1 and len(hubs) == 1 and r.cues.count:
        return hubs[0]
    # "how many engineers", "list our engineers": the one table holding the value, counted or listed.
    return next(iter(owners)) if len(owners) == 1 and (r.cues.count or r.cues.listing) else None


def _keyed_here(ref: ValueRef, table: str, index: SchemaIndex) -> bool:
    """Whether a value stored in another table's key is stored in `table` too, by a column
    pointing to that key (a blade's kind code: the code of `blade_kind`); weighed only for the
    table the noun counted heads ("how many blades have kind code BND")."""
    return any(
        col.references is not None and tuple(col.references) == (ref.table, ref.column)
        for col in index.table(table).visible
    )


def counted_tables(r: Reading, index: SchemaIndex) -> set[str]:
    """The tables a count asks about by name: "how many blades" heads `blade`, not
    `blade_kind`, which only holds the noun as a modifier; of those, the ones that reach
    every value named ("how many lots had cracks": the lots' defects, where the cracks are)."""
    counted = _counted(r, head=True)
    if not counted:
        return set()
    return {t for t in index.catalog.tables if counted & _head(t) and _reaches_values(t, r, index)}


def _reaches_values(table: str, r: Reading, index: SchemaIndex) -> bool:
    """Whether every stored value the question names is kept in `table` or a table it reaches."""
    return all(
        any(ref.table == table or index.path(table, ref.table) for ref in refs)
        for _s, refs, _weak in r.values
    )


@lru_cache(maxsize=4096)
def _head(table: str) -> frozenset[str]:
    """The concepts of the last word of a table's name, or that word itself where no lexicon knows
    it (`Blades`: "blade")."""
    words = name_words(table)
    return head_concepts(table) or (frozenset([stem(words[-1])]) if words else frozenset())


def _counted(r: Reading, *, head: bool = False) -> set[str]:
    """Concepts of the noun a count asks about: "how many NCRs", "number of samples", "样品数";
    with `head`, of the last of the nouns written together there ("how many blade kinds": kinds)."""
    found: set[str] = set()
    for end in r.cues.counted_at:
        after = [(at, cs, s) for at, cs, s in r.concepts if end <= at <= end + 24]
        while head and len(after) > 1 and after[1][0] == after[0][0] + len(after[0][2]) + 1:
            after = after[1:]
        if after:
            found |= after[0][1]
    for start in r.cues.counted_zh_at:
        before = [
            cs for at, cs, s in r.concepts if at + len(s) <= start and not r.text[at + len(s) : start].strip()
        ]
        if before:
            found |= before[-1]
    return found
