"""Choose: a frozen reading and the chosen table → a `Plan`, through `CHOOSE_STAGES` in order.

Every stage has the signature `(plan, reading, index) -> None` and fills in its part of the plan:
the time column, the filters (stored values), the groups, the measure, a share of the rows with
one value ("the abort rate"), a lookup of one named row,
the columns a list shows, the unit asked, the thresholds, the order and limit, the order a list
is asked in, the absence ("had no stoppages"), the steps not yet taken, the link taken where a
table is reached two ways, and last what the plan leaves out. No stage writes into the reading;
where an earlier choice changes how words count, a stage reads a view of it (`view.unspent`,
`view.as_measured`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import astuple, replace

from nl2sql.catalog import Column
from nl2sql.lexicon import concepts_of_phrase, concepts_of_text, identifier_concepts, name_words, stem
from nl2sql.link import SchemaIndex, ValueRef, normalise
from nl2sql.types import Filter, Measure, Part, Plan, Ref, link_ref
from nl2sql.understand.band import choose_band
from nl2sql.understand.basis import basis_column
from nl2sql.understand.due import choose_due, due_times
from nl2sql.understand.group import choose_group, kind_asked
from nl2sql.understand.heading import heading
from nl2sql.understand.leftovers import note_leftovers
from nl2sql.understand.measure import (
    choose_measure,
    choose_row_rate,
    choose_thresholds,
    numeric_hits,
    plural,
    tally_quantity,
)
from nl2sql.understand.ongoing import choose_ongoing
from nl2sql.understand.part import choose_part
from nl2sql.understand.reading import Reading, is_act
from nl2sql.understand.score import meaning_unit, measures
from nl2sql.understand.steps import COMPLETIONS, not_failed
from nl2sql.understand.view import as_measured, named_time_column, unspent
from nl2sql.units import UNIT_MINUTES, asked_time_unit, asked_units, column_unit, conversion

ChooseStage = Callable[[Plan, Reading, SchemaIndex], None]


def choose_time(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """The column the window applies to: a named metric's start, a time column the question names
    by its step ("closed last week"), the table's own time, or a joined table's."""
    default = index.time_column(plan.table)
    if (basis := basis_column(plan, r, index)) is not None:
        plan.time_ref = basis  # "by receipt date"
        if basis.table == plan.table and index.column_concepts[(plan.table, basis.column)] & COMPLETIONS:
            plan.filters += not_failed(plan, index)  # "by completion date": ended then, and not aborted
        return
    if r.metric:
        metric = next(m for m in index.catalog.metrics if m.name == r.metric)
        chosen = metric.start or default
    else:
        step = named_time_column(plan.table, r, index)
        chosen = step or default
        if step and index.column_concepts[(plan.table, step)] & COMPLETIONS:
            # "batches completed last week": ended last week, and not aborted.
            plan.filters += not_failed(plan, index)
    if r.window is not None and _AHEAD.search(r.window.phrase):
        chosen = _time_ahead(plan.table, chosen, r, index)
    if chosen is None and r.window is not None:
        header = index.window_time(plan.table)  # an order line's time is its order's …
        step = named_time_column(header.table, r, index) if header is not None else None
        plan.time_ref = Ref(header.table, step) if header is not None and step else header  # … as named
        return
    if chosen == default and r.window is not None and _unsaid_master_date(plan.table, chosen, r, index):
        plan.time_ref = None  # "who ran cell 6 last week": no hire date; the window stays unread
        return
    plan.time_ref = Ref(plan.table, chosen) if chosen else None


#: A window ahead of now ("tomorrow", "next week", "下周", "明天"): only what is planned or due is in it.
_AHEAD = re.compile(r"\b(?:next|tomorrow|upcoming|coming)\b|下|明")


def _time_ahead(table: str, chosen: str | None, r: Reading, index: SchemaIndex) -> str | None:
    """The time planned or due a window ahead falls on ("planned to start tomorrow": the planned
    start, not the actual one): the one the words name, or the only one; else `chosen`."""
    planned = due_times(table, index)
    if chosen in planned or not planned:
        return chosen
    said = {c for _at, cs, _s in r.concepts for c in cs}
    # "planned to start": the planned time that shares most words with the question (start, not end)
    shared = {name: len(said & (index.column_concepts[(table, name)] - _ANY_TIME)) for name in planned}
    most = max(shared.values())
    named = [name for name, n in shared.items() if n == most and n > 0]
    return named[0] if len(named) == 1 else planned[0] if len(planned) == 1 else chosen


def _unsaid_master_date(table: str, column: str | None, r: Reading, index: SchemaIndex) -> bool:
    """Whether `column` is the date of a master table's rows (a hire, an install date: a date
    beside no measure) that the question's words do not name: a window then asks about events
    the rows take part in elsewhere, not about it."""
    if column is None or r.metric or measures(table, index):
        return False
    kept = index.table(table).column(column)
    if kept is None or kept.kind != "date":
        return False
    said = {c for _at, cs, _s in r.concepts for c in cs}
    return not said & (index.column_concepts[(table, column)] - _ANY_TIME)


#: Words any time column shares: they name no step of a row.
_ANY_TIME = frozenset(["date", "time", "day", "timestamp"])


#: The values of a 1/0 flag, said with their column (a bare "1" says nothing).
_FLAG_VALUES = ("0", "1")


def choose_filters(plan: Plan, reading: Reading, index: SchemaIndex) -> None:
    """A filter for each stored value named, on the plan's table or one it reaches."""
    chosen: dict[tuple[Ref, bool], list[str]] = {}  # (column, said as left out): its values
    for surface, refs, weak in unspent(plan, reading, index).values:
        own = [ref for ref in refs if ref.table == plan.table]
        measured_in = any(meaning_unit(x, index) in _units_kept(plan.table, index) for x in refs)
        if (
            weak
            and (not own or concepts_of_phrase(stem(surface)) & index.table_name_concepts[plan.table])
            and not measured_in  # "how much water": the medium meaning water, kept in the m3 summed
            and not kind_asked(surface, refs, reading, index)
        ):
            continue  # "how many faults": the table's own noun, even where a code means "fault"
        reach = [
            ref for ref in refs if ref.table != plan.table and index.path(plan.table, ref.table) is not None
        ]
        if not own and (not reach or _names_a_measure(surface, reach, plan.table, index)):
            continue  # "报废了多少件": the pieces scrapped here, not the machines in state 报废

        def is_exact(ref: ValueRef, surface: str = surface) -> bool:
            return normalise(ref.value) == surface

        exact = [x for x in own if is_exact(x)] or [x for x in reach if is_exact(x)]
        found = exact or own or _of_things_named(reach, reading, index) or reach
        options = _of_kind_said(found, reading, index)
        ref = options[0]
        if ref.table != plan.table:
            label_cols = {index.label_column(ref.table), "code", "name", "name_zh", "title"}
            if ref.column not in label_cols and len({(x.table, x.column) for x in options}) > 1:
                continue
        same = sorted(v.value for v in options if (v.table, v.column) == (ref.table, ref.column))
        values = set(same) if len(same) > 1 and not exact else {ref.value}
        chosen.setdefault((Ref(ref.table, ref.column), surface in reading.negated), []).extend(values)
    # "有几次清洗失败？中止的不算": the values said and those left out of one column, apart
    for (target, left_out), said in chosen.items():
        vals = sorted(set(said))
        column = index.table(target.table).column(target.column)
        meanings = column.labels if column is not None else {}
        # A code is said with its meaning from the comment: "QC (quality check)"; a flag with
        # its column: "ht = 1".
        label = " / ".join(
            f"{v} ({meanings[v]})" if v in meanings else f"{target.column} = {v}" if v in _FLAG_VALUES else v
            for v in vals
        )
        op = "=" if len(vals) == 1 else "in"
        if left_out:  # "not closed": every other state
            op, label = {"=": "!=", "in": "not in"}[op], f"not {label}"
        plan.filters.append(Filter(target, op, vals[0] if len(vals) == 1 else vals, label))


def _of_kind_said(refs: list[ValueRef], r: Reading, index: SchemaIndex) -> list[ValueRef]:
    """Of the columns a value is found in, a kind's where the question says a kind ("轴承类的备件":
    the category 'bearings', not each part whose name has "bearing" in it)."""
    said = {c for _at, concepts, _surface in r.concepts for c in concepts}
    kinds = [ref for ref in refs if "category" in index.column_concepts[(ref.table, ref.column)]]
    return kinds if "category" in said and kinds else refs


def _units_kept(table: str, index: SchemaIndex) -> set[str]:
    """The units `table`'s measures are kept in."""
    kept = measures(table, index)
    return {unit for c in index.table(table).visible if c.name in kept and (unit := column_unit(c))}


def _of_things_named(refs: list[ValueRef], r: Reading, index: SchemaIndex) -> list[ValueRef]:
    """The values of `refs` kept in the one table the question names: "active units" is the
    units' flag, not the crews' of the same name the rows also reach."""
    said = frozenset().union(*(concepts for _at, concepts, _surface in r.concepts))
    named = [ref for ref in refs if index.table_name_concepts[ref.table] & said]
    return named if len({ref.table for ref in named}) == 1 else []


def _names_a_measure(surface: str, refs: list[ValueRef], table: str, index: SchemaIndex) -> bool:
    """Whether a value's word, beyond naming the rows it is stored in ("line 3" names a line), is
    also what a measure column of `table` keeps (报废 of a column commented "报废数量")."""
    said = concepts_of_text(surface).difference(*(index.table_name_concepts[ref.table] for ref in refs))
    return any(said & index.column_concepts[(table, col)] for col in measures(table, index))


def choose_share(plan: Plan, reading: Reading, index: SchemaIndex) -> None:
    """ "the abort rate", "what percentage of the samples failed", "合格率": the filter on the
    one value named where the share says the rows counted becomes the share's condition, the rows
    in percent of all the plan's rows; where a quantity is named ("the share of scrapped pieces
    caused by porosity"), in percent of its sum. Not of a table of things others point to."""
    if reading.share is None or index.is_dimension(plan.table):  # a share of events, not of things
        return
    measured = as_measured(plan, reading, index)
    # "which customer's kegs had the highest failure rate": the kegs are whose, not what is counted
    owned = tuple(c for c in measured.concepts if not _POSSESSED.search(measured.text, 0, c[0]))
    quantities = numeric_hits(plan, replace(measured, concepts=owned), index)
    if len(_named_apart(plan, reading, index)) > 1:
        return  # "返工件数/检验件数": two quantities, no one whole to take a share of
    _said, counted = reading.share
    named = {
        (ref.table, ref.column, ref.value)
        for surface, refs, _weak in reading.values
        if surface in normalise(counted)
        for ref in refs
    }
    meeting = [f for f in plan.filters if f.op in _VALUE_OPS and _values_named(f, named)]
    quantity = quantities[0][1] if quantities else _counted_quantity(plan, reading, counted, index)
    quantity = quantity or tally_quantity(plan.table, index)  # a share of a tally's pieces
    if len(meeting) == 1 and (quantity or not _LENGTH_OF.search(counted)):
        plan.filters.remove(meeting[0])
        whole = Ref(plan.table, quantity) if quantity else None
        plan.measure = Measure("share", meeting[0].ref, unit="%", when=meeting[0], whole=whole)
    elif _OF_ALL.search(f"{_said} {counted}") and not meeting and plan.group and _summed_or_counted(plan):
        # "each area's share of the total electricity": each group's sum in percent of all of them
        summed = plan.measure.ref if plan.measure is not None and plan.measure.agg == "sum" else None
        plan.measure = Measure("share", unit="%", whole=summed)


#: A word right after a possessive ("customer's kegs"): what belongs to the things grouped.
_POSSESSED = re.compile(r"\w(?:'s|s')\s+$")
#: A share said of a length of time ("the share of halt time"), which no count of rows is.
_LENGTH_OF = re.compile(r"\b(?:(?<!on )time|minutes|hours|duration)\b|时间|时长|小时|分钟")
#: The filters on stored values, said or left out ("passed", "not passed").
_VALUE_OPS = frozenset(["=", "!=", "in", "not in"])


def _values_named(f: Filter, named: set[tuple[str, str, str]]) -> bool:
    """Whether every value of a filter on stored values is one the share's words name."""
    values = f.value if f.op in ("in", "not in") else [f.value]
    return all((f.ref.table, f.ref.column, str(v)) in named for v in values)


#: A share said of a whole: "of the total", "of all", "占全厂…", "占全部…".
_OF_ALL = re.compile(
    r"\bof\s+(?:the\s+)?(?:total|all|whole|overall|entire)\b|^\s*(?:the\s+)?(?:total|whole)\b|占了?(?:全|总|所有)"
)


def _summed_or_counted(plan: Plan) -> bool:
    return plan.measure is None or plan.measure.agg in ("sum", "count")


def _named_apart(plan: Plan, r: Reading, index: SchemaIndex) -> set[str]:
    """The numbers of the rows a word names on its own: "scrapped" names the scrapped pieces,
    "pieces" every count of pieces."""
    numbers = measures(plan.table, index)
    apart = set()
    for _at, concepts, _surface in r.concepts:
        hits = [col for col in numbers if concepts & index.column_concepts[(plan.table, col)]]
        apart |= set(hits) if len(hits) == 1 else set()
    return apart


def _counted_quantity(plan: Plan, r: Reading, counted: str, index: SchemaIndex) -> str | None:
    """The one number of the rows the words a share counts name ("which board had the highest share
    of flagged boards": the boards flagged, `flagged_pcs`), though they also name the things grouped by."""
    said = {c for _at, cs, surface in r.concepts if surface in counted for c in cs}
    said -= index.table_name_concepts[plan.table]
    hits = [col for col in measures(plan.table, index) if said & index.column_concepts[(plan.table, col)]]
    return hits[0] if len(hits) == 1 else None


def choose_lookup(plan: Plan, reading: Reading, index: SchemaIndex) -> None:
    """ "What country is Nordwerk Castings in?", "王芳的工牌号是多少", "the rated power of
    press 2", "how many spindles does mill M-7 have": one row named by its key or name, asked
    for one of its columns, is that row's value, not a count of rows nor a total; "the tonnage
    of the Alder press": the things a value picks out are listed by name with it."""
    cues = reading.cues
    others = (cues.total, cues.average, cues.maximum, cues.minimum, cues.most, cues.amount)
    figure = any(others) if cues.bare_how_much else cues.ranks  # "是多少" alone asks what it is
    counted = plan.measure is not None and plan.measure.agg == "count" and not plan.group
    kept_numbers = numeric_hits(plan, as_measured(plan, reading, index), index) if counted else []
    figure = figure and not (kept_numbers and not any(others))  # "how many spindles": one it keeps
    if (
        plan.measure is None
        or plan.measure.agg not in ("count", "sum", "avg")
        or figure
        or len(plan.group) > 1
    ):
        return
    naming = [
        c for c in dict.fromkeys([index.label_column(plan.table), *index.naming_columns(plan.table)]) if c
    ]
    keys = {c.name for c in index.table(plan.table).visible if c.primary_key} | set(naming)
    own = [f for f in plan.filters if f.op == "=" and f.ref.table == plan.table]
    named_row = any(f.ref.column in keys for f in own)
    if not named_row and not (own and index.is_dimension(plan.table)):
        return
    kept = plan.measure.ref
    if plan.measure.agg in ("sum", "avg"):  # a number the row keeps, said with no word asking a figure
        if not plan.group and kept is not None and kept.table == plan.table:
            shown = [] if named_row else [Ref(plan.table, c) for c in naming if c != kept.column]
            plan.measure, plan.columns = None, [*shown, kept]
        return
    if not named_row:
        return  # "how many presses does Alder make": a count of the things picked out
    if kept_numbers:  # "how many spindles does mill M-7 have": the number it keeps
        plan.measure, plan.columns = None, [Ref(plan.table, kept_numbers[0][1])]
        return
    asked = [d.ref for d in plan.group if d.ref.table == plan.table and not d.grain]
    if len(asked) == len(plan.group):
        plan.measure, plan.group, plan.columns = None, [], asked


def choose_columns(plan: Plan, reading: Reading, index: SchemaIndex) -> None:
    """A list shows the columns the question names, in its order: "the price of part P-7"
    (a lookup), "names and ages of the operators"; every column when it names none. Words that
    name the table itself or a value it is filtered on name no column."""
    if plan.measure is not None:
        return
    r = as_measured(plan, reading, index)
    table = index.table(plan.table)
    values = {surface for surface, _refs, _weak in r.values}
    named: list[Ref] = []
    name_c = index.table_name_concepts[plan.table]
    for at, concepts, surface in r.concepts:
        if surface in values:
            continue
        if concepts <= name_c:
            # "tickets with the machine" names the machine's table too; "machine repair tickets" only
            # the tickets.
            if not _apart(at, surface, r) or not (refs := _referenced_labels(plan.table, concepts, index)):
                continue
            named += [ref for ref in refs if ref not in named]
            continue
        hits = [c for c in table.visible if concepts & index.column_concepts[(plan.table, c.name)]]
        # "the technician": the technician who took the ticket before the person who reported it
        # … and "the customer" is shown by its name before its code
        hits.sort(
            key=lambda c: (
                -len(concepts & index.column_concepts[(plan.table, c.name)]),
                "name" not in index.column_concepts[(plan.table, c.name)],
            )
        )
        exact = [c for c in hits if surface in concepts_of_text(c.name)] or hits
        shown = _shown(plan.table, exact[0], index) if exact else []
        named += [ref for ref in shown if ref not in named]
        if not exact:
            named += [ref for ref in _referenced_labels(plan.table, concepts, index) if ref not in named]
        called = index.name_of(plan.table) if not exact and "name" in concepts else None
        if called is not None and called not in named:
            named.append(called)  # "the names of the suppliers": what they are called by
    if named:
        # "which machines are stopped": the machines, by name (and code), then their state; "which
        # breakdowns lasted over 2 hours": each breakdown, the machine it stopped, how long (where
        # "show the status of …" asks only what it names)
        asked_which = r.cues.which is not None
        own = [*_names(plan.table, index), *(_subject(plan.table, index) if asked_which else [])]
        shown = [ref for ref in own if ref not in named]
        plan.columns = [*dict.fromkeys(shown), *named]
    if plan.columns and plan.time_ref is not None and _WHEN.search(r.text):
        plan.columns += [plan.time_ref] if plan.time_ref not in plan.columns else []  # "… and when"
    if plan.columns:  # "which orders are overdue": and when they were due; "… below 90% of plan": both
        plan.columns += [ref for ref in dict.fromkeys(_compared(plan)) if ref not in plan.columns]


#: A list that asks when each row happened: "list the oven and when", "什么时候".
_WHEN = re.compile(r"\bwhen\b|什么时候|何时")


def _compared(plan: Plan) -> list[Ref]:
    """The columns a row is held against another of its own by: a lateness, a part of a plan."""
    late = [ref for ref in (plan.late.due, plan.late.actual) if ref] if plan.late is not None else []
    return late + [ref for f in plan.filters if isinstance(f.value, Part) for ref in (f.ref, *f.value.refs())]


def _shown(table: str, column: Column, index: SchemaIndex) -> list[Ref]:
    """How a list shows a column: a reference by the name of the row it points to ("the
    asset": `assets.tag`, not `asset_id`)."""
    other = column.references[0] if column.references else ""
    if other and index.catalog.table(other) is not None:
        return _names(other, index)
    return [Ref(table, column.name)]


def _subject(table: str, index: SchemaIndex) -> list[Ref]:
    """What each event of `table` happened to, by its name: the first thing its rows point to
    (a breakdown's machine, a purchase order's supplier); none for a table of things."""
    if not index.holds_events(table):
        return []
    naming = set(index.naming_columns(table))
    pointing = [
        c
        for c in index.table(table).visible
        if c.references and c.name not in naming and index.catalog.table(c.references[0]) is not None
    ]
    return _shown(table, pointing[0], index) if pointing else []


def _names(table: str, index: SchemaIndex) -> list[Ref]:
    return [Ref(table, column) for column in index.naming_columns(table)]


def _apart(at: int, surface: str, r: Reading) -> bool:
    """Whether the word at `at` stands apart from the other nouns (not "machine repair tickets")."""
    end = at + len(surface)
    return all(o_at > end + 1 or o_at + len(o_s) < at - 1 for o_at, _c, o_s in r.concepts if o_at != at)


def _referenced_labels(table: str, concepts: frozenset[str], index: SchemaIndex) -> list[Ref]:
    """ "repair tickets with the machine": the label of a table `table` points to, named by its
    own name."""
    others = [
        other
        for _col, other, _oc, direction in index.edges.get(table, [])
        if direction == "out" and concepts & index.table_name_concepts[other]
    ]
    return _names(others[0], index) if others else []


def choose_unit(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """A measure kept in one unit and asked for in another of the same quantity is converted:
    "how many hours" of minutes, "in hectolitres" of litres."""
    m = plan.measure
    if m is None or m.ref is None or m.agg not in ("sum", "avg", "min", "max"):
        return
    col = index.table(m.ref.table).column(m.ref.column)
    stored = column_unit(col) if col else ""
    # "lines with more than 10 hours of downtime": shown in the hours the bound is said in
    bound = next((said for _op, _v, u in r.thresholds if (said := asked_time_unit(u))), None)
    asked = r.cues.asked_unit or bound
    if asked is not None and stored in UNIT_MINUTES and asked[0] != stored:
        plan.measure = replace(m, unit=asked[0], scale=UNIT_MINUTES[stored] / asked[1])
        return
    amount = next((u for u in asked_units(r.text) if u not in UNIT_MINUTES), None)
    factor = conversion(stored, amount) if amount and amount != stored else None
    if amount and factor is not None:
        plan.measure = replace(m, unit=amount, scale=factor)
    elif amount and not stored and (kept := _kept_in(m.ref.table, amount, index)) is not None:
        # "昨天用了多少度电" of meters read in kWh and m³ alike: the rows kept in kWh
        plan.filters.append(
            Filter(Ref(kept.table, kept.column), "=", kept.value, f"{kept.column} = {kept.value}")
        )
        plan.measure = replace(m, unit=amount)


def _kept_in(table: str, unit: str, index: SchemaIndex) -> ValueRef | None:
    """The value of the column of `table` that says which unit each row is kept in (every value
    of it a unit: "kWh", "m3") that is `unit`; None where the table has no such column or no
    row is kept in `unit`."""
    for column in index.table(table).visible:
        units = {value: column_unit(Column("", "text", comment=value)) for value in column.values or ()}
        if column.kind == "text" and units and all(units.values()):
            return next((ValueRef(table, column.name, v) for v, u in units.items() if u == unit), None)
    return None


def choose_order(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """A trend runs in time order; a ranking most first (fewest first for "least"), the top one
    for "which … most", the top N for "top N"."""
    if plan.group and plan.group[0].grain:
        plan.order = "asc"
        return
    if not plan.group:
        return
    cues = r.cues
    asc = cues.minimum and not cues.most
    asks_one = cues.which is not None or cues.who or cues.what_one or _the_one(plan, r, index)
    if asks_one and cues.superlative and not r.limit:
        # "which line / who had the most stops", "the press with the largest clamp force": the top
        # one; "which lines stopped", "the presses with …": all
        plan.limit = 1
    plan.order = "asc" if asc else "desc"
    if r.limit:
        plan.limit = r.limit


_THE = re.compile(r"\bthe\s+(?:highest\s+|lowest\s+)?(?:[a-z]+\s+)?$")


def choose_sort(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """ "sorted by age, descending": a list in the order of the column the words name; a
    breakdown in the order of its figure, the way asked."""
    if r.sort is None:
        return
    at, order, _said, by_name = r.sort
    named = next((cs for c_at, cs, _s in r.concepts if at is not None and at <= c_at <= at + 30), frozenset())
    if by_name and not named:
        plan.sort = _name_shown(plan, index)
        if plan.sort is not None:
            plan.order = order
        return
    if by_name and plan.measure is not None:
        return  # "each city's count, alphabetically": the figure is in no order of names
    if plan.measure is not None:
        measured = plan.measure.ref
        if plan.group and (not named or measured is None or named & index.column_concepts[astuple(measured)]):
            plan.order = order  # "lines by stoppages, fewest first"
        return
    columns = [
        c for c in index.table(plan.table).visible if named & index.column_concepts[(plan.table, c.name)]
    ]
    columns.sort(key=lambda c: not named & concepts_of_text(c.name))
    if columns:
        plan.sort, plan.order = Ref(plan.table, columns[0].name), order
        plan.limit = r.limit or plan.limit
        if plan.columns and plan.sort not in plan.columns:
            plan.columns.append(plan.sort)


def _name_shown(plan: Plan, index: SchemaIndex) -> Ref | None:
    """What a list put in alphabetical order is ordered by: the name of its rows, when it shows
    it or shows nothing chosen; else the first text column it shows. A figure has no name to
    order by."""
    if plan.measure is not None:
        return None
    named = index.name_of(plan.table)
    if named is not None and (named in plan.columns or not plan.columns):
        return named
    return next((ref for ref in plan.columns if _is_text(ref, index)), None)


def _is_text(ref: Ref, index: SchemaIndex) -> bool:
    column = index.table(ref.table).column(ref.column)
    return column is not None and column.kind == "text"


def _the_one(plan: Plan, r: Reading, index: SchemaIndex) -> bool:
    """Whether the question names the grouped thing as one, "the press", not "the presses"."""
    if len(plan.group) != 1 or plan.group[0].grain or r.group_phrases:
        return False  # "by defect type, biggest first" lists every type
    ref = plan.group[0].ref
    if ref.column not in {index.label_column(ref.table), *index.naming_columns(ref.table)}:
        return False  # "the scrap by defect type" ranks the types, whatever "the scrap" says
    things = index.table_name_concepts[ref.table]
    return any(
        concepts & things and _THE.search(r.text[:at]) and not plural(r.text, at, surface)
        for at, concepts, surface in r.concepts
    )


def choose_absence(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """ "Which machines had no stoppages in October": the things the question lists (one
    grouping, in a table the rows point to) that none of the rows point to."""
    if not r.absence or len(plan.group) != 1 or plan.group[0].grain or plan.having is not None:
        return
    things = plan.group[0].ref.table
    if things != plan.table and index.path(plan.table, things):
        plan.absent, plan.measure, plan.limit, plan.order = True, None, None, ""


def choose_pending(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """ "still not acknowledged": the column that records the step is empty (and a filter on the
    stored state of the same name is dropped); with no such column, any state but that one."""
    for surface, concepts in r.pending:
        column = _pending_column(concepts, plan, index)
        if column is None:
            # no step recorded: "not closed" is any stored state but the one of that name
            plan.filters = [
                replace(f, op={"=": "!=", "in": "not in"}[f.op], label=surface)
                if f.op in ("=", "in") and _names_state(f, concepts)
                else f
                for f in plan.filters
            ]
        else:
            # "not confirmed" is the step not taken, not the stored state "confirmed" as well.
            plan.filters = [
                f for f in plan.filters if not (f.op in ("=", "in") and _names_state(f, concepts))
            ]
            plan.filters.append(Filter(Ref(plan.table, column), "is null", None, surface))
            plan.filters += not_failed(plan, index)


def _names_state(f: Filter, concepts: frozenset[str]) -> bool:
    """Whether a filter's stored state is the step `concepts` name: "D (done)", "SHPD"."""
    return bool(concepts_of_text(f.label) & concepts)


def choose_done(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """ "only count the ones that were signed off": the column that records the step is set."""
    for surface, concepts in r.done:
        column = _pending_column(concepts, plan, index)
        if column is not None:
            plan.filters.append(Filter(Ref(plan.table, column), "is not null", None, surface))


def _pending_column(concepts: frozenset[str], plan: Plan, index: SchemaIndex) -> str | None:
    """The nullable column of the plan's table that records the step `concepts` name: a time
    first (`ack_ts` for "acknowledged"), then any other (`assignee_id` for "assigned")."""
    name_c = index.table_name_concepts[plan.table]
    # a time column, or one whose name says the step: not a code whose meanings name it (a
    # defect code's "surface finish" is not the record finished)
    hits = [
        c
        for c in index.table(plan.table).visible
        if c.nullable
        and not c.primary_key
        and concepts
        & (
            (index.column_concepts[(plan.table, c.name)] if c.temporal else identifier_concepts(c.name))
            - name_c
        )
    ]
    # An actual time before a planned one: what has not happened yet is the actual start.
    hits.sort(key=lambda c: (not c.temporal, "plan" in index.column_concepts[(plan.table, c.name)]))
    return hits[0].name if hits else None


#: A person named after what they do: "buyer", "inspectors".
_ROLE = re.compile(r"^[a-z]{3,}(?:er|or)s?$")


def choose_via(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """The link columns, as `table.column`, where the plan reaches a table two ways: the one named
    ("via to_loc_id", from a question back), or the one the question's words name."""
    plan.via = [link for name in r.via if (link := index.link_named(name))]
    # "who received PO 4711": of a purchase order's two links to people, the one whose act the
    # question names ("received", "reported"), or whose own name is the role of the one who did it
    # ("each approver" of `approver_id`); another noun names no link ("the student with the most likes"
    # may be the student who likes or the one liked)
    said = {c for _at, cs, surface in r.concepts if is_act(surface) for c in cs}
    roles = {stem(surface) for _at, _cs, surface in r.concepts if _ROLE.search(surface)}
    for table in dict.fromkeys(ref.table for ref in plan.refs() if ref.table != plan.table):
        links = index.two_ways(plan.table, table, plan.via)
        named = [
            link
            for link in links
            if said & (index.column_concepts[astuple(link_ref(link))] - index.table_name_concepts[table])
            or roles & {stem(word) for word in name_words(link_ref(link).column)}
        ]
        named = named or heading(links, r.text)
        plan.via += named if len(named) == 1 else []


CHOOSE_STAGES: tuple[ChooseStage, ...] = (
    choose_time,
    choose_filters,
    choose_group,
    choose_measure,
    choose_share,
    choose_due,
    choose_part,
    choose_band,
    choose_row_rate,
    choose_lookup,
    choose_columns,
    choose_unit,
    choose_thresholds,
    choose_order,
    choose_sort,
    choose_absence,
    choose_pending,
    choose_done,
    choose_ongoing,
    choose_via,
    note_leftovers,
)


def plan_for(table: str, reading: Reading, index: SchemaIndex) -> Plan:
    """The plan for `reading` on `table`: every stage of `CHOOSE_STAGES`, in order."""
    plan = Plan(table=table, measure=None, window=reading.window)
    for stage in CHOOSE_STAGES:
        stage(plan, reading, index)
    return plan
