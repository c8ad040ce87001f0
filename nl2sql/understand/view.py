"""What the choose stages see of the reading once earlier choices have been made.

The reading never changes. Two choices change how some of its words count for the stages after
them, and these functions give those stages a new (frozen) view with the choices applied:

- `unspent`: a time column the question names by the step it records ("received in October":
  the receipt date; the table's own time too, "raised in May") spends the values that name that
  step, which would otherwise also become a filter ("received" is a stored status too). And a
  value found only in another table is the plan table's own code where the words say that code's
  meaning ("preventive maintenance" of maintenance orders: the order type "PM = preventive", not
  a joined reason's text). From `choose_filters` on.
- `as_measured`: besides, once the measure is chosen, "数量" or "数" right after a noun
  ("报告数量", "样品数") is a number of rows, read as "次数", unless a named metric or a ratio
  is the measure. From `choose_measure` on.
"""

from __future__ import annotations

from dataclasses import replace

from nl2sql.lexicon import chinese_concepts, concepts_of_phrase, concepts_of_text, head_concepts, stem, tokens
from nl2sql.link import SchemaIndex, ValueRef
from nl2sql.types import Plan
from nl2sql.understand.reading import Concept, Reading, Value
from nl2sql.understand.score import TIME_STEPS, measures, ratio_columns
from nl2sql.units import column_unit


def named_time_column(table: str, r: Reading, index: SchemaIndex) -> str | None:
    """The time column of `table`, other than its own, that the question names by its step, when
    it asks for a window and no named metric (whose own start is its time)."""
    if r.metric or r.window is None:
        return None
    default = index.time_column(table)
    mentioned = {c for _at, cs, _s in r.concepts for c in cs} | {
        c for surface, _refs, _w in r.values for c in concepts_of_phrase(stem(surface))
    }
    # A step the question says has not happened ("not confirmed") is no time to window by.
    mentioned -= {c for _surface, cs in r.pending for c in cs}
    named = [
        col.name
        for col in index.table(table).visible
        if col.temporal
        and col.name != default
        and _own_concepts(table, col.name, index) & mentioned & TIME_STEPS
    ]
    # Of two steps named ("loaves shipped on orders closed in May"), the one said nearest the window.
    return min(named, key=lambda name: _distance_to_window(table, name, r, index), default=None)


def _distance_to_window(table: str, column: str, r: Reading, index: SchemaIndex) -> int:
    """How far from the window's words the question names the step `column` keeps (far when unsaid)."""
    steps = _own_concepts(table, column, index) & TIME_STEPS
    return min((abs(at - r.window_at) for at, cs, _s in r.concepts if cs & steps), default=len(r.text))


def unspent(plan: Plan, r: Reading, index: SchemaIndex) -> Reading:
    """The reading without the values spent on the time column the question names, and with
    values said as the plan table's own codes pointing there (see the module)."""
    r = replace(r, values=tuple(_own_code(value, plan.table, index) for value in r.values))
    column = named_time_column(plan.table, r, index) or _window_step(plan.table, r, index)
    if column is None:
        return r
    own = _own_concepts(plan.table, column, index)
    return replace(r, values=tuple(v for v in r.values if not (concepts_of_phrase(stem(v[0])) & own)))


def _window_step(table: str, r: Reading, index: SchemaIndex) -> str | None:
    """The table's own time when a window is asked and a value's words name its step ("complaints
    raised in May": raised is when they were opened, not also the state "open")."""
    column = index.time_column(table)
    if column is None or r.window is None or r.metric:
        return None
    steps = _own_concepts(table, column, index) & TIME_STEPS
    said = any(concepts_of_phrase(stem(surface)) & steps for surface, _refs, _weak in r.values)
    return column if said else None


def _own_code(value: Value, table: str, index: SchemaIndex) -> Value:
    """`value`, pointing to the one code of `table` whose meaning is what its words say beside
    the table's own name, when it is stored in no column of `table`."""
    surface, refs, weak = value
    name = index.table_name_concepts[table]
    rest = [concepts for concepts in _words_read(surface) if not (concepts and concepts <= name)]
    if weak or not rest or not all(rest) or any(ref.table == table for ref in refs):
        return value  # "can line": "can" is no word the meaning could say
    said = frozenset().union(*rest)
    codes = [
        ValueRef(table, column.name, code)
        for column in index.table(table).visible
        for code, meaning in column.labels.items()
        if concepts_of_text(meaning) == said
    ]
    return (surface, (codes[0],), weak) if len(codes) == 1 else value


def as_measured(plan: Plan, r: Reading, index: SchemaIndex) -> Reading:
    """The reading as the measure stage and those after it see it (see the module)."""
    r = unspent(plan, r, index)
    if r.metric or (r.ratio and ratio_columns(plan.table, r.ratio, index)):
        return r
    return replace(r, concepts=_numbers_as_counts(r.concepts, plan.table, index))


def _words_read(surface: str) -> list[frozenset[str]]:
    """The concepts of each word of `surface` (a word the lexicon cannot read has none)."""
    if surface.isascii():
        return [concepts_of_text(word) for word in tokens(surface)]
    found = chinese_concepts(surface)
    read = sum(end - start for start, end, _concepts in found)
    return [concepts for _s, _e, concepts in found] + ([frozenset()] if read < len(surface) else [])


def _numbers_as_counts(concepts: tuple[Concept, ...], table: str, index: SchemaIndex) -> tuple[Concept, ...]:
    """ "报告数量", "样品数": the number of a thing (any table's noun) is a count, not a quantity;
    but "良品数" of runs that keep good parts in pieces is that quantity (a word of a piece
    column of `table`, not the rows' own head noun; "工单数量" of orders whose cost is "of the
    job" is still a count)."""
    nouns = frozenset().union(*index.table_name_concepts.values())
    columns = [index.table(table).column(name) for name in measures(table, index)]
    pieces = [col.name for col in columns if col is not None and column_unit(col) == "pcs"]
    kept = frozenset().union(*(index.column_concepts[(table, name)] for name in pieces))
    quantities = kept - head_concepts(table) - {"qty", "quantity"}
    read = list(concepts)
    for i, (at, _cs, surface) in enumerate(read):
        if surface in ("数量", "数") and i and read[i - 1][1] & nouns and not read[i - 1][1] & quantities:
            read[i] = (at, frozenset({"times"}), "次数")
    return tuple(read)


def _own_concepts(table: str, column: str, index: SchemaIndex) -> frozenset[str]:
    """The concepts of a column that are not its table's name."""
    return index.column_concepts[(table, column)] - index.table_name_concepts[table]
