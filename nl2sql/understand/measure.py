"""The measure and threshold stages of `choose`: what is computed, and the bounds on it.

`choose_measure` picks a named metric or ratio, else the numeric column the question names (or a
duration, the one measure, the pieces) and how to aggregate it: count, sum, avg, min or max, a
count of different values ("how many different …"), several aggregates of the column at once
("the average and maximum age"); or no measure at all for a list. `choose_thresholds` turns the
bounds read ("more than 30 minutes", "at least 5") into filters on the duration, the measure or a
column named, or into the group's HAVING.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nl2sql.catalog import Column
from nl2sql.lexicon import concepts_of_phrase, concepts_of_text, name_word_concepts, name_words, stem
from nl2sql.link import SchemaIndex
from nl2sql.types import ROWS, Dim, Filter, Measure, Part, Plan, Ref
from nl2sql.understand.group import names_own_rows
from nl2sql.understand.part import TARGET
from nl2sql.understand.reading import COUNTED_ZH, Reading, dimension_words, num
from nl2sql.understand.score import measures, ratio_columns, value_units
from nl2sql.understand.span import TAKES_A_LENGTH, own_span_measure, span_measure
from nl2sql.understand.view import as_measured
from nl2sql.understand.worth import worth_measure
from nl2sql.units import UNIT_MINUTES, asked_time_unit, asked_units, column_unit, keeps_time

_SCORE_LIKE = {"score", "rating", "sensor", "weight", "distance"}


def choose_measure(plan: Plan, reading: Reading, index: SchemaIndex) -> None:
    """The plan's measure (see the module)."""
    table = plan.table
    if reading.metric:
        m = next(m for m in index.catalog.metrics if m.name == reading.metric)
        plan.measure = Measure(
            "metric", None, m.name, m.label_en, m.label_zh, "s" if m.kind == "duration" else ""
        )
        return
    if reading.ratio:
        cols = ratio_columns(table, reading.ratio, index)
        if cols:
            plan.measure = Measure(
                "ratio", Ref(table, cols[0]), f"{cols[0]}/{cols[1]}", reading.ratio[2], reading.ratio[3], "%"
            )
            return
    r = as_measured(plan, reading, index)
    span = span_measure(plan, r, index)
    if span is not None:
        plan.measure = span  # "average days from order to delivery"
        return
    worth = worth_measure(plan, r, index)
    if worth is not None:
        plan.measure = worth  # "the value of the goods received"
        return
    cues = r.cues
    # "报告数量" read as a count (see `view`) asks "次数", a count, and so no longer only "多少".
    counts_things = r.concepts != reading.concepts
    count = cues.count or counts_things
    bare_how_much = cues.bare_how_much and not counts_things
    hits = numeric_hits(plan, r, index)
    concepts = {c for _at, cs, _s in r.concepts for c in cs}
    duration = duration_column(plan, index, concepts)
    units = {u for _op, _v, u in r.thresholds}
    wants_duration = bool(concepts & {"duration"}) or ("downtime" in concepts and duration is not None)
    ranks = cues.which is not None or bool(cues.who) or r.limit is not None
    # "the maximum weight for each type": each group's own extreme, not a ranking of the groups
    grouped_max = (bool(plan.group) and not (set(cues.aggregates) & {"max", "min"})) or ranks
    col = hits[0][1] if hits else None
    if wants_duration and duration and (not col or "duration" in concepts):
        col = duration if (not hits or "duration" in concepts or hits[0][1] == duration) else col
    extreme = (cues.maximum or cues.minimum) and not grouped_max
    if col is None and (cues.average or extreme):
        col = _sole_measure(table, index)  # "average viscosity": the word named a value
    if col is None and units & {"piece", "pc", "pcs", "件"}:
        col = _piece_column(table, concepts, index)  # "scrapped more than 50 pieces": a sum of pieces
    if col is None:
        # "how many litres did CIP use", "how much water" (a medium whose meaning says m3)
        col = _column_in(table, asked_units(r.text) or sorted(value_units(r, index)), concepts, index)
    if (
        col
        and not count
        and _unsaid_target(table, col, concepts, index)
        and (own := own_span_measure(plan, r, index))
    ):
        plan.measure = own  # "the average setup time": from its start to its end, not the standard
        return
    took = col is None and not count and TAKES_A_LENGTH.search(r.text)
    if took and (own := own_span_measure(plan, r, index)):
        plan.measure = own  # "which vat took the longest on average": from each row's start to its end
        return
    agg = ""
    if cues.average:
        agg, col = "avg", col or duration
    elif count and not (col and (cues.unit_count or bare_how_much)):
        agg, col = "count", None
    elif cues.total and col:
        agg = "sum"
    elif not grouped_max and col and cues.maximum:
        agg = "max"
    elif not grouped_max and col and cues.minimum:
        agg = "min"
    elif col and cues.amount:
        agg = "sum"  # "how many kg did we use": an amount of weight is summed, not averaged
    elif (
        col
        and (cues.rows or _each_row(plan, r, index) or (cues.listing and _names_text_column(table, r, index)))
        and not plan.group
    ):
        # "list the orders with their cost", "show the kind and age of the machines": the rows,
        # with the numbers shown; "the different countries of welders over 20": each once
        plan.measure = Measure("count") if _each_value(plan, r, index) else None
        return
    elif col:
        cc = index.column_concepts[(table, col)]
        agg = "avg" if cc & _SCORE_LIKE else "sum"
    if not agg or (col is None and agg != "count") or _counts_rows_after_bound(table, r, index):
        agg, col = "count", None
    if agg == "count" and cues.distinct:  # "how many different countries": of the values, not rows
        col = counted_column(plan, r, index)
        if not count and _each_value(plan, r, index):
            col = None  # "the different countries of the welders": each once, not how many
        else:
            agg = "distinct" if col and not grouped_by(plan, col, index) else agg
            col = col if agg == "distinct" else None
    # "是哪一个", "…的供应商是什么": the rows
    lists = (
        cues.listing
        or cues.what_one
        or (cues.which is not None and not cues.ranks)
        or _each_row(plan, r, index)
    )
    if agg == "count" and lists and not count and not plan.group and not cues.most:
        plan.measure = None
        return
    tallied = tally_quantity(table, index) if agg == "count" and col is None and not cues.distinct else None
    if tallied and (not count or _counts_the_tallied(plan, r, index)):
        # "哪种缺陷次品最多", "how many rejects did kiln 2 have" of (lot, defect, pieces) rows: their
        # pieces; "how many lots had cracks" counts the rows
        agg, col = "sum", tallied
    column = index.table(table).column(col) if col else None
    # "the average, minimum and maximum age": every aggregate named, of the one column
    also = tuple(kind for kind in cues.aggregates if kind != agg) if col and agg in cues.aggregates else ()
    plan.measure = Measure(
        agg, Ref(table, col) if col else None, unit=column_unit(column) if column else "", also=also
    )


#: The rows themselves named one by one: "the tonnage of every press", "for each mold", "of all the ovens".
_EVERY = re.compile(r"\b(?:every|each|all)\s+(?:of\s+)?(?:the\s+)?(?=[a-z])")


def _each_row(plan: Plan, r: Reading, index: SchemaIndex) -> bool:
    """ "What is the tonnage and maker of every press": no figure asked, and the rows of the table
    are named one by one: each row's values, not a count nor a total of them."""
    cues = r.cues
    if cues.count or cues.aggregate or cues.total or cues.amount or cues.most or plan.group:
        return False
    every = [m.end() for m in _EVERY.finditer(r.text)]
    return any(at in every and names_own_rows(concepts, plan.table, index) for at, concepts, _s in r.concepts)


def _each_value(plan: Plan, r: Reading, index: SchemaIndex) -> bool:
    """ "the different countries of the welders", no count asked: grouped by the column named, so
    each value is listed once (with its number of rows), never how many values there are.
    Whether it was."""
    column = counted_column(plan, r, index) if r.cues.distinct and not plan.group else None
    if column is not None:
        plan.group = [Dim(shown_as(plan.table, column, index))]
    return column is not None


def shown_as(table: str, column: str, index: SchemaIndex) -> Ref:
    """How a breakdown by `column` is shown: by the name of the row a key points to ("the
    different lines": `line.name`, not `line_id`), else by the column itself."""
    found = index.table(table).column(column)
    other = found.references[0] if found is not None and found.references else ""
    return Ref(other, index.label_column(other)) if index.catalog.table(other) else Ref(table, column)


def grouped_by(plan: Plan, column: str, index: SchemaIndex) -> bool:
    """Whether the plan is broken down by its own `column` (or the name of the row it points to):
    "the different suppliers and the number of orders of each" lists each country once, and
    counts the rows of each."""
    by = {Ref(plan.table, column), shown_as(plan.table, column, index)}
    return any(d.ref in by and not d.grain for d in plan.group)


def counted_column(plan: Plan, r: Reading, index: SchemaIndex) -> str | None:
    """The column whose different values a count asks for: the first the words after "how many" /
    "different" name, of the plan's table, or its link to the table they name ("how many different
    machines" of stop rows: their `machine_id`)."""
    start = min(r.cues.counted_at, default=0)
    if r.cues.distinct and r.cues.distinct in r.text:  # "machines … on 8 different days": the days
        start = max(start, r.text.index(r.cues.distinct))
    name_c = index.table_name_concepts[plan.table]
    for at, concepts, _surface in r.concepts:
        if at < start:
            continue
        for column in index.table(plan.table).visible:
            if column.primary_key:
                continue
            pointed = column.references[0] if column.references else ""
            said = (
                index.table_name_concepts.get(pointed, frozenset())
                if pointed
                else (index.column_concepts[(plan.table, column.name)] - name_c)
            )
            if concepts & said:
                return column.name
    return None


def _names_text_column(table: str, r: Reading, index: SchemaIndex) -> bool:
    """Whether a word names a column of `table` that holds no number ("country", "name"): a
    question that shows such a column beside a number shows rows, and sums nothing."""
    name_c = index.table_name_concepts[table]
    said = {c for _at, cs, surface in r.concepts for c in cs - name_c}
    return any(
        not column.numeric and said & index.column_concepts[(table, column.name)]
        for column in index.table(table).visible
        if not column.primary_key and not column.references
    )


#: Units that say a number of times: a bound on a count of rows, never on a measure.
_TIMES = ("次", "times", *COUNTED_ZH)


def choose_row_rate(plan: Plan, reading: Reading, index: SchemaIndex) -> None:
    """A rate of no group bounded in percent ("which lots had a scrap rate above 8%") is each
    row's: the rows whose part is above that share of their whole, listed or counted."""
    m = plan.measure
    bounds = [(op, value) for op, value, unit in reading.thresholds if unit == "%"]
    if m is None or m.agg != "ratio" or plan.group or len(bounds) != 1:
        return
    (op, value), (part, whole) = bounds[0], m.metric.split("/")
    first, *others = (Ref(plan.table, column) for column in whole.split("+"))
    words = m.label_en.lower() if reading.text.isascii() else m.label_zh
    said = f"{words} {op} {num(value)} %"
    plan.filters.append(Filter(Ref(plan.table, part), op, Part(value / 100, first, tuple(others)), said))
    plan.measure = Measure("count") if reading.cues.count else None


def _rate_of_rows(plan: Plan, op: str, value: float) -> bool:
    """Whether the bound `op value` % is each row's rate already (`choose_row_rate`)."""
    return any(isinstance(f.value, Part) and f.label.endswith(f" {op} {num(value)} %") for f in plan.filters)


def choose_thresholds(plan: Plan, reading: Reading, index: SchemaIndex) -> None:
    """Each bound read becomes a filter (on the duration, the measure's column or a numeric column
    named) or, for a grouped measure, the HAVING."""
    words = {c for _at, cs, _s in reading.concepts for c in cs}
    for at, (op, value, unit) in zip(reading.bounded_at, reading.thresholds, strict=True):
        if unit == "%" and _rate_of_rows(plan, op, value):
            continue
        duration = duration_column(plan, index, words)
        if unit in _TIMES and plan.group:
            # "停机超过5次的工位": the stations' number of stops, whatever the stops' measure, unless
            # one is asked of them ("the average stop of each oven with more than 2 of them").
            m = plan.measure
            if not (reading.cues.average and m is not None and m.ref is not None):
                plan.measure = Measure("count")
            elif "count" not in m.also:  # the number bounded is shown beside the average asked
                plan.measure = replace(m, also=(*m.also, "count"))
            plan.having = Filter(Ref(plan.table, "*"), op, num(value), f"{op} {num(value)} {unit}", ROWS)
        elif unit in _TIMES:
            continue  # a number of times with nothing counted per thing: left unaccounted
        elif (said := asked_time_unit(unit)) and duration:
            col = index.table(plan.table).column(duration)
            kept = UNIT_MINUTES.get(column_unit(col) if col else "min", 1)
            in_kept = num(value * said[1] / kept)
            bound = Filter(Ref(plan.table, duration), op, in_kept, f"{op} {num(value)} {unit}", said[0])
            summed = reading.cues.total or value in reading.amounts
            if plan.group and summed and (plan.measure is None or plan.measure.agg == "count"):
                # "停机累计超过3个小时的机台", "over 12 hours in total", "which fitters logged
                # over 15 hours of work": each group's total, in hours
                plan.measure = Measure("sum", bound.ref, unit=said[0], scale=kept / said[1])
            elif not plan.group and plan.measure is None and reading.cues.total:
                continue  # "累计超过3个小时的有哪些" of rows listed: a total of no group, unaccounted
            measure = plan.measure
            if (
                plan.group
                and measure is not None
                and measure.agg in ("avg", "sum")
                and measure.ref == bound.ref
            ):
                # "machines whose average stop is over 1 hour": the average's bound, in the unit shown
                shown = UNIT_MINUTES.get(measure.unit) if measure.scale != 1 else None
                plan.having = replace(bound, value=num(value * said[1] / shown)) if shown else bound
            else:
                plan.filters.append(bound)
        elif (
            plan.measure is not None
            and plan.measure.agg == "share"
            and not (plan.group and unit == "%" and not plan.shares_the_total)
        ):
            continue  # "an abort rate over 5%" of no group, a share of all groups: left unaccounted
        elif (
            reading.cues.distinct
            and plan.group
            and plan.measure is not None
            and plan.measure.agg == "count"
            and (named := numeric_hits(plan, as_measured(plan, reading, index), index))
            and not _counts_things(reading, index)
        ):
            # "the different countries with welders above age 20": the rows are bounded, not their number
            column = named[0][1]
            plan.filters.append(_column_bound(plan.table, column, op, value))
        elif plan.group and _bounds_each_row(plan, at, value, reading, index):
            # "crews with welders older than 50", "哪些班组有年龄50以上的焊工": each welder's
            # age is bounded, not a crew's total
            assert plan.measure is not None and plan.measure.ref is not None
            plan.filters.append(_column_bound(plan.table, plan.measure.ref.column, op, value))
            plan.measure = Measure("count")
        elif plan.group and plan.measure is not None:
            pieces = _pieces(plan.table, index) if value in reading.amounts and not unit else []
            if plan.measure.agg == "count" and len(pieces) == 1:
                # "which blades did we fit 5 or more of": each group's pieces, not its rows
                plan.measure = Measure("sum", Ref(plan.table, pieces[0]), unit="pcs")
            if _measure_fits(plan.measure, unit, index):
                plan.having = Filter(
                    plan.measure.ref or Ref(plan.table, "*"), op, num(value), f"{op} {num(value)}"
                )
        elif plan.measure is not None and plan.measure.ref is not None:
            if plan.measure.agg not in _RATES and _measure_fits(plan.measure, unit, index):
                plan.filters.append(Filter(plan.measure.ref, op, num(value), f"{op} {num(value)}"))
            # a rate of each row ("lots with a scrap rate above 8%") is none of its columns: unaccounted
        else:  # "how many presses with a clamp force over 500", "tanks with a capacity above 5000 l"
            hits = numeric_hits(plan, as_measured(plan, reading, index), index)
            table = index.table(plan.table)
            fitting = [name for _score, name in hits if bound_fits(table.column(name), unit)]
            if fitting and not _counts_things(reading, index):  # "at least two votes": a count, no column
                plan.filters.append(_column_bound(plan.table, fitting[0], op, value))


#: What a length of time spent working is called: how long rows lasted is not it.
EFFORT = frozenset(["labor"])
#: Measures that are rates: a bound in percent is theirs, never their first column's.
_RATES = ("ratio", "share")
#: A column kept in percent, by its name or comment.
_PERCENT = re.compile(r"pct|percent|%|百分", re.IGNORECASE)
#: Threshold words that count rows or things, whatever they are kept in.
_COUNTING = ("个", *_TIMES)
#: Threshold words of pieces ("more than 50 pieces", "50件以上"), as read (`take_thresholds`).
_PIECES = ("piece", "pc", "件")


def bound_fits(column: Column | None, unit: str) -> bool:
    """Whether a bound said in `unit` may be put on `column`: a percent on a column kept in
    percent, a length of time on one that keeps time, pieces on one not kept in another unit.

    >>> humidity, weight = Column("humid_pct", "real"), Column("qty_kg", "real")
    >>> bound_fits(humidity, "%"), bound_fits(weight, "%"), bound_fits(weight, "")
    (True, False, True)
    >>> bound_fits(Column("dur_min", "int"), "hours"), bound_fits(weight, "小时"), bound_fits(weight, "piece")
    (True, False, False)
    """
    if not unit or unit in _COUNTING or column is None:
        return True
    if unit == "%":
        return _PERCENT.search(f"{column.name} {column.comment}") is not None
    if asked_time_unit(unit):
        return keeps_time(column)
    return unit in _PIECES and column_unit(column) in ("", "pcs")  # the one other unit a bound is read in


def _measure_fits(measure: Measure, unit: str, index: SchemaIndex) -> bool:
    """Whether a bound said in `unit` may bound `measure`: a rate in percent, a number of rows
    in no unit, a column's sum or average as the column (`bound_fits`)."""
    if measure.agg in _RATES:
        return unit in ("%", "")
    if measure.ref is None or measure.ref.column == "*":
        return unit in ("", *_COUNTING, *_PIECES)  # "超过5件的工单": things counted
    return bound_fits(index.table(measure.ref.table).column(measure.ref.column), unit)


def _column_bound(table: str, column: str, op: str, value: float) -> Filter:
    """A bound on a column the question names: "capacity above 5000"."""
    return Filter(Ref(table, column), op, num(value), f"{column} {op} {num(value)}")


#: Words that ask for time, so that a column of minutes or hours may be the measure.
_TIMED = re.compile(
    r"\b(?:times?|minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|durations?|long|cycle|takt|runtime|uptime)\b|"
    r"时间|时长|分钟|小时|秒|天|多久|多长|节拍|周期|工时|耗时"
)


def numeric_hits(plan: Plan, r: Reading, index: SchemaIndex) -> list[tuple[float, str]]:
    """The numeric columns of the plan's table the question's words name, best first."""
    name_c = index.table_name_concepts[plan.table]
    dims = dimension_words(r, index)
    # "the most work orders" counts the rows the table's name names, in the plural: such a word
    # names no column (`wo_qty`), whatever its name shares with the table's.
    mentioned = [
        cs
        for at, cs, surface in r.concepts
        if surface not in dims and not (cs <= name_c and plural(r.text, at, surface))
    ]
    mentioned += [concepts_of_phrase(stem(s)) for s, _refs, weak in r.values if weak]
    said = {c for cs in mentioned for c in cs}
    # "good parts" reads as output, which `strokes` and `ok_qty` both hold: `ok_qty` says "good"
    surfaces = {stem(w) for _at, _cs, surface in r.concepts if surface not in dims for w in surface.split()}
    # "多少合格品": pieces asked, so no column of minutes, whatever its comment shares with the words
    timed = (
        bool(said & {"duration", "downtime", "lead_time"})
        or _TIMED.search(r.text) is not None
        or r.cues.asked_unit is not None
        or any(u in UNIT_MINUTES for _o, _v, u in r.thresholds)
    )
    # "the Orbis lathes" names the lathes, not the `cycles` whose comment says "machine cycles"
    elsewhere = frozenset().union(*(c for t, c in index.table_name_concepts.items() if t != plan.table))
    hits = []
    for name in measures(plan.table, index):
        if not timed and keeps_time(index.table(plan.table).column(name)):
            continue
        cc = index.column_concepts[(plan.table, name)]
        own = concepts_of_text(name)
        score = sum(
            (0.6 if c in name_c else 1.0 if c in elsewhere and c not in own else 2.0)
            + (0.5 if c in own else 0)
            for cs in mentioned
            for c in cs
            if c in cc
        )
        if score >= 2.0 or (score >= 1.0 and own & {c for cs in mentioned for c in cs} - {"qty"}):
            spelled = 0.5 * len(surfaces & set(name_words(name)))
            hits.append((score + spelled + (0.1 if "total" in name else 0), name))
    return sorted(hits, key=lambda h: -h[0])


def plural(text: str, at: int, surface: str) -> bool:
    """Whether the English phrase read as `surface` at `at` ends in a plural noun: "work
    orders", not "output" or "产量".

    >>> plural("most work orders", 5, "work order"), plural("most output", 5, "output")
    (True, False)
    """
    said = text[at:].split()[: len(surface.split())]
    last = said[-1] if said else ""
    return last.isascii() and last.endswith("s") and not last.endswith("ss")


def duration_column(plan: Plan, index: SchemaIndex, said: set[str]) -> str | None:
    """The first numeric column of the plan's table that holds how long its rows lasted: not
    the labour booked on them, unless the words say labour ("open for three weeks" is no labour)."""
    for col in index.table(plan.table).visible:
        if (
            col.numeric
            and not col.references
            and not col.primary_key
            and _keeps_length(plan.table, col, index)
            and not EFFORT & index.column_concepts[(plan.table, col.name)] - said
        ):
            return col.name
    return None


def _keeps_length(table: str, column: Column, index: SchemaIndex) -> bool:
    """Whether a column keeps a length of time: it says so, or is kept in a unit of time."""
    return "duration" in index.column_concepts[(table, column.name)] or keeps_time(column)


def _unsaid_target(table: str, column: str, said: set[str], index: SchemaIndex) -> bool:
    """Whether `column` keeps a planned or standard length of time the words do not ask for: "the
    setup time" is how long setups took, not their standard."""
    kept = index.column_concepts[(table, column)]
    found = index.table(table).column(column)
    return (
        found is not None and _keeps_length(table, found, index) and bool(kept & TARGET) and not said & TARGET
    )


def _counts_things(r: Reading, index: SchemaIndex) -> bool:
    """Whether a bound with no unit counts the rows of some table: "at least two votes" (in
    English; "超过500的维修工单" bounds what the orders cost)."""
    named = frozenset().union(*index.table_name_concepts.values())
    return any(after.isascii() and concepts_of_text(after) & named for after in r.counted_after)


def _bounds_each_row(plan: Plan, at: int, value: float, r: Reading, index: SchemaIndex) -> bool:
    """Whether the bound at `at`, on the column a group's total is of, bounds each row instead:
    the column's word is said right before it and the rows' own noun beside them, before the
    column ("welders age more than 50", as "welders older than 50" is read) or after the bound
    ("年龄50以上的焊工"), with no word of a total. A noun that is the column's own word ("scrap
    over 50 kg") names no rows apart from it."""
    m = plan.measure
    if m is None or m.agg != "sum" or m.ref is None or m.ref.table != plan.table:
        return False
    if r.cues.total or value in r.amounts:
        return False
    measured = index.column_concepts[(m.ref.table, m.ref.column)]
    rows = index.table_concepts[plan.table] - measured
    before = [(c_at, cs) for c_at, cs, _s in r.concepts if c_at < at]
    after = next(((c_at, cs) for c_at, cs, _s in r.concepts if c_at > at), None)
    if not before or not before[-1][1] & measured:
        return False
    rows_before = len(before) > 1 and bool(before[-2][1] & rows)
    rows_after = after is not None and bool(after[1] & rows) and r.text[at : after[0]].strip() == "的"
    return rows_before or rows_after


def _counts_rows_after_bound(table: str, r: Reading, index: SchemaIndex) -> bool:
    """Whether a bound with no unit counts the table's own rows: "more than 30 stoppages"."""
    name_c = index.table_name_concepts[table]
    return any(concepts_of_text(after) & name_c for after in r.counted_after)


def tally_quantity(table: str, index: SchemaIndex) -> str | None:
    """The number of pieces each row of a tally keeps: rows keyed by several columns, of no time
    of their own (a lot's scrap by reason), whose one quantity of pieces is what they count; rows
    of events (a stop, a ticket) are counted themselves."""
    keyed = sum(c.primary_key for c in index.table(table).columns) > 1
    pieces = _pieces(table, index)
    return pieces[0] if keyed and len(pieces) == 1 and index.time_column(table) is None else None


def _counts_the_tallied(plan: Plan, r: Reading, index: SchemaIndex) -> bool:
    """Whether the first noun after "how many" is what a tally's rows are of (the last word of
    its name: the defects of `lot_defect`), not the things its key names (its lots)."""
    head = (name_word_concepts(plan.table) or (index.table_name_concepts[plan.table],))[-1]
    start = min(r.cues.counted_at, default=0)
    counted = next((concepts for at, concepts, _surface in r.concepts if at >= start), frozenset())
    return bool(counted & head)


def _piece_column(table: str, said: set[str], index: SchemaIndex) -> str | None:
    """The one numeric column of `table` that counts pieces (its unit, or a quantity's name)."""
    return _one_done(table, _pieces(table, index), said, index)


def _pieces(table: str, index: SchemaIndex) -> list[str]:
    """The numeric columns of `table` that count pieces: by their unit, or a quantity's name."""
    return [
        col
        for col in measures(table, index)
        if column_unit(index.table(table).column(col)) == "pcs"  # type: ignore[arg-type]
        or "qty" in index.column_concepts[(table, col)]
    ]


def _column_in(table: str, units: list[str], said: set[str], index: SchemaIndex) -> str | None:
    """The one measure column of `table` kept in a unit the question asks for, other than time
    (a length of time may be a span, or a count converted)."""
    found = [
        col
        for col in measures(table, index)
        if column_unit(index.table(table).column(col)) in set(units) - set(UNIT_MINUTES)  # type: ignore[arg-type]
    ]
    return _one_done(table, found, said, index)


def _one_done(table: str, found: list[str], said: set[str], index: SchemaIndex) -> str | None:
    """The one column of `found`; of a planned and a done amount (`plan_qty_kg`, `act_qty_kg`),
    the done one, unless the words ask for the plan."""
    done = found if said & TARGET else [c for c in found if not index.column_concepts[(table, c)] & TARGET]
    return found[0] if len(found) == 1 else done[0] if len(done) == 1 else None


def _sole_measure(table: str, index: SchemaIndex) -> str | None:
    """The one numeric measure column of `table` (no key, no reference), if there is exactly one."""
    cols = measures(table, index)
    return cols[0] if len(cols) == 1 else None
