"""The last stage of `choose`: what the reading found that the plan leaves out.

A time window where the table has no time column, a number that became no threshold, a unit the
measure is not in, a named value that became no filter, a word naming neither one of the plan's
tables nor a column its SQL uses, an absence the plan cannot list, a "now" with no state filter:
each would otherwise be dropped in silence, and the answer would be another question's. They
become `plan.ignored` (with the words not understood), and lower `plan.confidence`.
"""

from __future__ import annotations

import re
from itertools import pairwise

from nl2sql.lexicon import RECORDING, name_word_concepts, stem
from nl2sql.link import SchemaIndex
from nl2sql.types import Filter, Part, Plan, Ref, link_ref
from nl2sql.understand.band import band_kept
from nl2sql.understand.basis import basis_column
from nl2sql.understand.cues import average_word
from nl2sql.understand.due import due_kept
from nl2sql.understand.group import resolve_dim
from nl2sql.understand.measure import EFFORT, counted_column, grouped_by
from nl2sql.understand.ongoing import says_a_state
from nl2sql.understand.part import TARGET, part_kept
from nl2sql.understand.reading import Reading, dimension_words, num, phrase_concepts
from nl2sql.understand.span import TAKES_A_LENGTH
from nl2sql.understand.view import as_measured
from nl2sql.understand.worth import worth_kept
from nl2sql.units import UNIT_MINUTES, asked_amounts, column_unit, keeps_time, unit_words

#: Superlatives whose direction depends on what is measured: the worst pass rate is the lowest.
_POLAR = frozenset({"worst", "best", "最差", "最好"})
#: Concepts that ask for a count of rows, held by every table: "how many times", "次数", and
#: "number of" (the lexicon reads "number" as a code).
_COUNTING = frozenset({"times", "code"})
#: "how many arrived late and how many were received": two counts, where one SQL count answers one.
_HOW_MANY = re.compile(r"\bhow many\b")
#: A column keeping the quantity actually done (`act_qty_kg`): what "how many kilograms did we
#: produce" and 实际 ask of a record that makes things.
_DONE_AMOUNT = frozenset({"actual", "quantity"})
#: The plant as a whole ("how much water did the plant use"): all the rows, unless some table
#: keeps plants or sites apart.
_WHOLE = frozenset({"plant"})
#: The verb of a length of time (see `span.TAKES_A_LENGTH`), accounted for by a measure or a bound
#: of time. Beside a bound ("took more than 4 hours") it stays unaccounted: a stop still going
#: on took longer than any bound, too.
_TAKE = frozenset({"take", "takes", "took", "taken", "taking"})


def note_leftovers(plan: Plan, reading: Reading, index: SchemaIndex) -> None:
    """The plan's ignored words and its confidence (see the module)."""
    said = {c for _at, concepts, _surface in reading.concepts for c in concepts}
    timed = TAKES_A_LENGTH.search(reading.text.lower()) is not None and _times(plan, said, index)
    unmatched = [w for w in reading.unmatched if w not in _TAKE or not timed]
    ignored = [*unmatched, *_unaccounted(plan, as_measured(plan, reading, index), index)]
    plan.ignored = _phrases(ignored, reading.text)
    plan.confidence = 1.0 if not plan.ignored else max(0.2, 1 - 0.25 * len(plan.ignored))


def _times(plan: Plan, said: set[str], index: SchemaIndex) -> bool:
    """Whether the plan measures or bounds how long things took: a span, or a column kept in a
    unit of time that keeps no plan, standard or labour the words do not say ("took" is neither
    the standard time nor the hours worked)."""
    measure = plan.measure
    if measure is not None and measure.since is not None:
        return True
    bounds = [f.ref for f in [*plan.filters, *([plan.having] if plan.having else [])]]
    return any(
        keeps_time(index.table(ref.table).column(ref.column))
        and not index.column_concepts.get((ref.table, ref.column), frozenset()) & (TARGET | EFFORT) - said
        for ref in [*bounds, *([measure.ref] if measure and measure.ref else [])]
    )


#: What a table's rows are when a column of them keeps it: rows keeping their downtime are stops.
_EVENTS_KEPT = frozenset({"downtime"})


def _rows_described(plan: Plan, index: SchemaIndex) -> set[str]:
    """ "停机" of rows that keep their downtime: they are stops."""
    kept = set().union(
        *(index.column_concepts[(plan.table, c.name)] for c in index.table(plan.table).visible)
    )
    return kept & _EVENTS_KEPT


def _recorded(plan: Plan, index: SchemaIndex) -> set[str]:
    """ "raised", "placed", 下了 of rows that keep no time of their own for it: every row of a
    table of records was recorded, at its own time, so the word says nothing the plan leaves
    out unless the plan counts them by another time ("orders placed in May" by their due date)."""
    own = index.time_column(plan.table)
    columns = index.table(plan.table).visible
    kept = any(RECORDING in index.column_concepts[(plan.table, c.name)] for c in columns)
    timed_by_own = plan.time_ref is None or plan.time_ref == Ref(plan.table, own or "")
    return {RECORDING} if own is not None and not kept and timed_by_own else set()


def _describing(plan: Plan, r: Reading, index: SchemaIndex) -> set[str]:
    """Words naming the things the rows are of, said right before the rows' own noun and grouping
    nothing ("设备故障", "machine breakdowns": breakdowns are of machines)."""
    pointed = {other for _c, other, _oc, way in index.edges.get(plan.table, []) if way == "out"}
    things = set().union(*(index.table_name_concepts[t] for t in pointed))
    rows = index.table_concepts[plan.table] | _rows_described(plan, index)
    grouping = dimension_words(r, index)
    return {
        surface
        for (at, concepts, surface), (next_at, next_concepts, _s) in pairwise(r.concepts)
        if concepts <= things
        and next_concepts & rows
        and surface not in grouping
        and next_at - (at + len(surface)) <= (1 if surface.isascii() else 0)
    }


def _phrases(words: list[str], text: str) -> list[str]:
    """`words`, those written next to each other in Chinese joined into the phrase they make:
    给老板汇报用 leaves “老板汇报” not understood, not 老板 and 汇报.

    >>> _phrases(["老板", "asap", "汇报"], "上周安灯 给老板汇报用"), _phrases(["老板", "汇报"], "老板 汇报")
    (['老板汇报', 'asap'], ['老板', '汇报'])
    """
    placed = sorted((at, w) for w in dict.fromkeys(words) if not w.isascii() and (at := text.find(w)) >= 0)
    runs: list[list[tuple[int, str]]] = []
    for at, word in placed:
        if runs and at == runs[-1][-1][0] + len(runs[-1][-1][1]):
            runs[-1].append((at, word))
        else:
            runs.append([(at, word)])
    joined = {word: "".join(w for _at, w in run) for run in runs for _at, word in run}
    return list(dict.fromkeys(joined.get(w, w) for w in words))


def _unaccounted(plan: Plan, r: Reading, index: SchemaIndex) -> list[str]:
    missing = []
    if r.window is not None and plan.time_ref is None:
        missing.append(r.window.phrase or r.window.label_en)
    if r.cues.extreme and plan.measure is None and plan.sort is None and plan.limit is None:
        missing.append(r.cues.extreme)  # "the line with the fewest stops": no list of all
    if r.limit and plan.limit is None:
        # "top 3 parts by scrap", "前三": a ranking, not one total
        missing.append(f"top {r.limit}" if r.text.isascii() else f"前{r.limit}")
    shared = plan.measure is not None and plan.measure.agg == "share"
    if r.share and not shared:
        missing.append(r.share[0])  # "the abort rate" with no one value to count the rows of
    if shared and r.cues.extreme in _POLAR:
        missing.append(r.cues.extreme)  # "the worst pass rate": the lowest, which "worst" does not say
    if r.cues.average and plan.measure is None:
        missing.append(average_word(r.text))  # "the average date": rows listed average nothing
    if r.ratio and (plan.measure is None or plan.measure.agg != "ratio"):
        words = r.ratio[2].lower() if r.text.isascii() else r.ratio[3]
        if not any(isinstance(f.value, Part) and f.label.startswith(f"{words} ") for f in plan.filters):
            missing.append(words)  # "scrap rate", with no rate, nor a bound on each row's (`choose_row_rate`)
    conditions = [*plan.filters, *([plan.having] if plan.having else [])]
    for op, value, unit in r.thresholds:
        said = f"{op} {num(value)}"
        if not any(re.search(rf"(?:^|\s){re.escape(said)}(?:\s|$)", f.label) for f in conditions):
            missing.append(f"{said} {unit}".strip())
    missing += _contradicted(conditions)
    asked = r.cues.asked_unit
    if asked and plan.measure is not None and plan.measure.ref is not None and not r.thresholds:
        if plan.measure.whole is not None:  # "the share of stop minutes": a share of minutes
            col = index.table(plan.measure.whole.table).column(plan.measure.whole.column)
            shown = column_unit(col) if col else ""
        else:
            col = index.table(plan.measure.ref.table).column(plan.measure.ref.column)
            shown = plan.measure.unit or (column_unit(col) if col else "")
        if col is not None and asked[0] != shown:
            missing.append(unit_words(asked[0], r.text))
    amounts = asked_amounts(r.text)
    if amounts and plan.measure is not None and plan.measure.agg == "count" and not r.thresholds:
        missing.append(unit_words(amounts[0], r.text))  # "total water in m3" is no count of rows
    elif amounts and plan.measure is not None and plan.measure.ref is not None and not r.thresholds:
        col = index.table(plan.measure.ref.table).column(plan.measure.ref.column)
        kept = plan.measure.unit or (column_unit(col) if col else "")
        if kept and kept not in UNIT_MINUTES and kept != amounts[0]:
            missing.append(unit_words(amounts[0], r.text))  # "in tonnes" of a sum kept in kg, unconverted
    # "the abort rate": the value the share counts is a condition of the plan as a filter is
    counted = [plan.measure.when] if plan.measure is not None and plan.measure.when else []
    filtered = {(f.ref.table, f.ref.column) for f in [*plan.filters, *counted]}
    used = " ".join(str(f.value) for f in [*plan.filters, *counted]).lower()
    for surface, refs, weak in r.values:
        if (
            not weak
            and not any((v.table, v.column) in filtered for v in refs)
            and surface.lower() not in used
            and not _says_the_measure(surface, plan, index)
        ):
            missing.append(surface)
    columns = _columns_of(plan, index)
    held = set().union(
        _COUNTING,
        *(index.table_concepts[t] for t in {plan.table, *(ref.table for ref in columns)}),
        *(index.column_concepts.get((ref.table, ref.column), frozenset()) for ref in columns),
    )
    held |= {r.metric} if r.metric else set()
    done = any(index.column_concepts.get((c.table, c.column), frozenset()) >= _DONE_AMOUNT for c in columns)
    held |= {"output"} if done else set()
    held |= _WHOLE - set().union(*index.column_concepts.values(), *index.table_concepts.values())
    spans = plan.measure is not None and plan.measure.since is not None
    held |= {"duration"} if spans else set()  # "how long", of a span
    held |= _rows_described(plan, index)
    held |= _recorded(plan, index)
    held |= _roles_joined(plan, index)
    kinds = [
        d
        for d in plan.group
        if _coded(d.ref, index) or any(f.op == "in" and f.ref == d.ref for f in plan.filters)
    ]
    held |= {"category"} if kinds else set()  # "by defect type", "each kind of film"
    if "category" in held and _kind_only_filtered(plan, columns, index):
        held.discard("category")  # "零件类别的入库金额": parts grouped, the move type only filtered
    held |= {"name"} if index.name_of(plan.table) in columns else set()
    as_filters = {
        surface for surface, refs, _w in r.values if any((v.table, v.column) in filtered for v in refs)
    }
    units = {plan.measure.unit} if plan.measure is not None else _units_shown(plan, index)
    described = _describing(plan, r, index)
    for _at, concepts, surface in r.concepts:
        # "报废" read as move_type = 'scrap'; "minutes" or "litres" of a measure given in them
        given_in = any(
            unit_words(unit, surface) == surface or surface in map(stem, unit_words(unit, r.text).split())
            for unit in units
        )
        if not concepts & held and surface not in as_filters and not given_in and surface not in described:
            missing.append(surface)
        elif surface not in as_filters and _kind_of_person_unsaid(concepts, plan, filtered, index):
            missing.append(surface)  # 质检员 of all staff: the role they are coded by is not filtered

    if r.span and (plan.measure is None or plan.measure.since is None):
        missing.append(r.span[0])  # "from order to delivery", with no two time columns to span
    if r.basis and not (plan.time_ref and basis_column(plan, r, index) == plan.time_ref):
        missing.append(r.basis)  # "by receipt date" of rows that keep no such time
    taken = {f.label for f in plan.filters if f.op == "is not null"}
    missing += [surface for surface, _concepts in r.done if surface not in taken]  # no column records it
    if not part_kept(plan, r):
        assert r.part is not None
        missing.append(r.part[0].said)  # "less than 80% of their planned pieces", no such columns
    if not band_kept(plan, r):
        assert r.band is not None
        missing.append(r.band[0])  # "a weight outside the product's limits", with no limits kept
    if not due_kept(plan, r):
        assert r.due is not None
        missing.append(r.due.said)  # "shipped after their due date" of rows that keep no time due
    if r.worth and not worth_kept(plan, index):
        missing.append(r.worth[0])  # "the value of …" with no quantity priced or money kept
    by_name = r.sort is not None and r.sort[3]  # "alphabetically": a figure has no name to order by
    if r.sort and (plan.measure is None or by_name) and plan.sort is None:
        missing.append(r.sort[2])  # "sorted by …" a column the list does not have
    unset = {f.label for f in plan.filters if f.op in ("is null", "!=", "not in")}
    # "never been acknowledged" is read as both: the rows none of (absent), or the step not taken
    step_taken = any(surface in unset and r.absence in surface.split() for surface, _cs in r.pending)
    if r.absence and not plan.absent and not step_taken:
        missing.append(r.absence)
    missing += [
        word
        for surface, _cs in r.pending
        if surface not in unset and not (plan.absent and r.absence in surface.split())
        for word in surface.split()
    ]
    if not plan.group:
        missing += _unresolved_groups(plan, r, index)  # "各个品类" read, but grouped by nothing
    distinct = plan.measure is not None and plan.measure.agg == "distinct"
    if r.cues.distinct and not distinct and not _lists_values(plan, r, index):
        missing.append(r.cues.distinct)  # "how many different …": not a count of rows
    if plan.measure is not None and plan.measure.agg == "count" and r.cues.amount:
        missing.append(r.cues.amount)
    if plan.measure is not None and plan.measure.agg == "count" and r.cues.who and not r.cues.ranks:
        missing.append(r.cues.who)  # "各班组的班组长是谁": people asked, not how many there are
    if r.cues.which is not None and r.cues.superlative and plan.measure is not None and not plan.group:
        # "which technician … the most": one figure names no one
        missing.append(r.text[r.cues.which :].split()[0])
    missing += _second_figure(plan, r)
    if r.cues.single and plan.measure is not None and plan.measure.agg in ("sum", "avg", "count"):
        missing.append(r.cues.single)  # "the longest single stop": one stop, not a machine's total
    # "right now": the state a filter asks for ("open", "in production"); without one, a guess.
    missing += [w for w in r.unmatched_now if not any(says_a_state(f, plan, index) for f in plan.filters)]
    return list(dict.fromkeys(missing))


def _contradicted(conditions: list[Filter]) -> list[str]:
    """The bounds no row can meet beside another on the same column: "a welder above age 40 and
    a welder below 30" asks for two sets of welders, not the welders of both.

    >>> age = Ref("welder", "age")
    >>> _contradicted([Filter(age, ">", 40, "> 40"), Filter(age, "<", 30, "< 30")])
    ['< 30']
    >>> _contradicted([Filter(age, ">=", 30, ">= 30"), Filter(age, "<=", 40, "<= 40")])
    []
    """
    numbers = [f for f in conditions if isinstance(f.value, int | float) and f.op in (">", ">=", "<", "<=")]
    lows = [f for f in numbers if f.op in (">", ">=")]
    return [
        high.label
        for high in numbers
        if high.op in ("<", "<=")
        and any(
            low.ref == high.ref
            and (low.value > high.value or (low.value == high.value and (low.op, high.op) != (">=", "<=")))
            for low in lows
        )
    ]


def _second_figure(plan: Plan, r: Reading) -> list[str]:
    """The words asking a second figure ("and how many", "and the average", "minimum and
    maximum") beside the one measured: one SQL measure cannot answer both."""
    if plan.measure is None:
        return []
    if len(r.cues.aggregates) > 1:  # "the average, minimum and maximum age", each of one column
        return [kind for kind in r.cues.aggregates if kind not in (plan.measure.agg, *plan.measure.also)]
    counted = plan.measure.agg == "count"
    if r.cues.and_count and (not counted or len(_HOW_MANY.findall(r.text)) > 1):
        return [r.cues.and_count]
    plain_count = r.cues.count and not (r.cues.unit_count or r.cues.bare_how_much)
    if r.cues.and_aggregate and (counted or plain_count):
        return [r.cues.and_aggregate]
    return []


def _unresolved_groups(plan: Plan, r: Reading, index: SchemaIndex) -> list[str]:
    """The "by …" / "各…" phrases whose words name no column to group by, here or joined."""
    name_c = index.table_name_concepts[plan.table]
    words = name_word_concepts(plan.table)
    head = words[-1] if words else frozenset()
    unresolved = []
    for start, phrase in r.group_phrases:
        # "for every machine" names the rows themselves (the table's head noun): no grouping asked
        inside = [cs - name_c for _at, cs, _s in phrase_concepts(r, start, phrase) if not cs <= head]
        if inside and not any(cs and resolve_dim(cs, plan, index, whole_numbers=True) for cs in inside):
            unresolved.append(phrase)
    return unresolved


def _units_shown(plan: Plan, index: SchemaIndex) -> set[str]:
    """The units of the columns a list shows: "the rated power of press 2, in kW" lists kW."""
    columns = [index.table(ref.table).column(ref.column) for ref in plan.columns]
    return {column_unit(column) for column in columns if column is not None} - {""}


def _kind_only_filtered(plan: Plan, columns: list[Ref], index: SchemaIndex) -> bool:
    """Whether the plan is grouped and the only columns it uses that keep a kind ("type",
    "category") are filtered by a value: "the receipts of each item category" grouped by item
    reads the kind asked as the move type received."""
    filtered = {f.ref for f in plan.filters}
    kinds = [ref for ref in columns if "category" in index.column_concepts.get((ref.table, ref.column), ())]
    coded = any(_coded(d.ref, index) for d in plan.group)
    return bool(plan.group) and not coded and bool(kinds) and all(ref in filtered for ref in kinds)


def _coded(ref: Ref, index: SchemaIndex) -> bool:
    """Whether a column holds codes ("by defect type" groups by `defect_cd`): the "type" is the
    code; not the code that names each row (an item's SKU is no category of items)."""
    col = index.table(ref.table).column(ref.column)
    if col is None or col.labels:
        return col is not None
    names_rows = col.primary_key or ref.column in index.naming_columns(ref.table)
    return not names_rows and "code" in index.column_concepts.get((ref.table, ref.column), ())


def _columns_of(plan: Plan, index: SchemaIndex) -> list[Ref]:
    """Every column the SQL of the plan uses: shown, measured, filtered, grouped by, or its time."""
    refs = [f.ref for f in plan.filters] + [d.ref for d in plan.group]
    refs += [r for r in (plan.measure.ref, plan.measure.whole) if r] if plan.measure else []
    refs += [plan.having.ref] if plan.having else []
    refs += [plan.time_ref] if plan.time_ref and plan.window else []
    refs += [link_ref(link) for link in plan.via]  # the link joined by, "received by"
    refs += [plan.sort] if plan.sort else []
    if plan.absent:  # the things without rows are shown by their names, not the rows' columns
        refs += [Ref(d.ref.table, c) for d in plan.group for c in index.naming_columns(d.ref.table)]
    elif plan.measure is None:  # a list shows the columns named, or every column of its table
        refs += plan.columns or [Ref(plan.table, c.name) for c in index.table(plan.table).visible]
    return refs


def _roles_joined(plan: Plan, index: SchemaIndex) -> set[str]:
    """What the links a group is reached by say of the things grouped ("each auditor" of the
    audits' `auditor_no`), where no column of the things keeps it too: then "焊工" is the people in
    that job, which a link alone does not pick out."""
    said: set[str] = set()
    for d in plan.group:
        things = index.table(d.ref.table).visible
        kept = set().union(*(index.column_concepts[(d.ref.table, c.name)] for c in things))
        for table, column, _other, _other_column in index.path(plan.table, d.ref.table, via=plan.via) or []:
            said |= index.column_concepts[(table, column)] - kept - index.table_name_concepts[d.ref.table]
    return said


#: Words for people of any kind: every table of people holds them.
_ANYONE = frozenset({"person", "people", "staff", "employee", "worker", "personnel"})


def _kind_of_person_unsaid(
    concepts: frozenset[str], plan: Plan, filtered: set[tuple[str, str]], index: SchemaIndex
) -> bool:
    """Whether a word names people of one kind (质检员, "analysts") where the rows listed or
    counted are people of every kind, kept apart by a coded column no filter keeps: the answer
    would be of all of them."""
    own = index.table_name_concepts[plan.table]
    people = "person" in own and "person" in concepts
    if plan.group or not people or not concepts & own <= _ANYONE or not concepts - _ANYONE - own:
        return False
    coded = [(plan.table, c.name) for c in index.table(plan.table).visible if c.labels]
    return bool(coded) and not filtered & set(coded)


def _says_the_measure(surface: str, plan: Plan, index: SchemaIndex) -> bool:
    """Whether a stored value's word is what the measure's column keeps, as its comment says:
    合格 of a sum of `hg_qty` "合格数量", not of "不合格数量"."""
    ref = plan.measure.ref if plan.measure is not None else None
    column = index.table(ref.table).column(ref.column) if ref is not None else None
    said = re.compile(rf"(?<![不非未]){re.escape(surface)}", re.IGNORECASE)
    return column is not None and bool(column.comment) and said.search(column.comment) is not None


def _lists_values(plan: Plan, r: Reading, index: SchemaIndex) -> bool:
    """Whether the different values a question asks for are those the answer is broken down by."""
    column = counted_column(plan, r, index)
    return column is not None and grouped_by(plan, column, index)
