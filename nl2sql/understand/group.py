"""The group stage of `choose`: what the answer is broken down by.

A "by …" / "各…" phrase, the noun after "which", or (for a ranking) any word naming a thing is
resolved to a column: a text column named so, here or joined; a table reached whose head noun
it is; a table the plan's table points to; a column whose comment names it. A trend adds a time
grain. A group on a column the plan filters to one value is dropped.
"""

from __future__ import annotations

import re

from nl2sql.catalog import Column
from nl2sql.lexicon import concepts_of_text, head_concepts, identifier_concepts, spells, stem
from nl2sql.link import SchemaIndex, ValueRef
from nl2sql.types import Dim, Plan, Ref
from nl2sql.understand.reading import (
    Concept,
    Reading,
    dimension_words,
    is_act,
    phrase_concepts,
    value_after_which,
    which_noun,
)

#: Words that group the rows counted by their kind, not by themselves: 每种设备 is each kind of machine.
_KINDS = ("每种", "各种", "每类", "各类")


#: "每种薄膜", "each kind of film": a kind said before the values it names (blanked when read).
_KIND_OF_VALUES = re.compile(rf"(?:{'|'.join(_KINDS)}|\b(?:each|every) (?:kind|type|sort) of)\s{{2,}}")


def choose_group(plan: Plan, r: Reading, index: SchemaIndex) -> None:
    """The plan's groups (see the module)."""
    dims: list[Dim] = []
    several = [f for f in plan.filters if f.op == "in"]
    kind_of = _KIND_OF_VALUES.search(r.text)
    if kind_of and len(several) == 1:
        # "每种薄膜用了多少": each of the films, the values the kind's word names
        plan.group = [Dim(several[0].ref)]
        return
    name_c = index.table_name_concepts[plan.table]
    candidates: list[frozenset[str]] = []
    for start, phrase in r.group_phrases:
        said = phrase_concepts(r, start, phrase)
        inside = [cs for _at, cs, _surface in said]
        if _per_own_row(r, start, plan, index):
            continue
        whole = _whole_phrase_dim(frozenset().union(*inside) if inside else frozenset(), plan, index)
        if whole is not None:
            dims.append(whole)
            break
        attribute = _attribute_of(said, plan, index)
        if attribute is not None:
            dims.append(attribute)
            break
        for concepts in inside:
            if concepts - name_c:
                candidates.append(concepts - name_c)
            elif concepts and not names_own_rows(concepts, plan.table, index):
                candidates.append(concepts)  # "each station" of `station_shift`: the one its rows point to
        if not any(concepts - name_c for concepts in inside) and r.text.startswith(_KINDS, start):
            candidates.append(frozenset({"category"}))  # "每种设备": each kind of the rows counted
    noun = which_noun(r) if not value_after_which(r) else None
    # "which cities": the cities themselves, whatever else the lexicon's word for them names
    own = noun is not None and (
        names_own_rows(noun[1], plan.table, index)
        or spells(noun[2], plan.table)
        or _describes_rows(noun, r, plan, index)
    )
    if noun and not candidates and own and (r.cues.superlative or r.limit):
        # "which order has the largest amount": the rows themselves, ranked.
        dims.append(Dim(Ref(plan.table, index.label_column(plan.table))))
    elif (
        noun
        and not candidates
        and not own
        and _kind_taken(r, index)
        and (kind := _things_of_value(plan, index))
    ):
        dims.append(kind)  # "which analyst": the person of that role, by name
    elif noun and not candidates and not own and (kind := _kind_of_noun(noun, r, plan, index)):
        dims.append(kind)
    elif noun and not candidates and not own:
        candidates.append(noun[1])
    elif not candidates and value_after_which(r) and (kind := _things_of_value(plan, index)):
        dims.append(kind)
    if not candidates and (r.limit or (r.cues.most and not r.cues.average)):
        for _at, concepts, surface in r.concepts:
            # "the most …": any noun may be the thing ranked; an act ("completed") is none
            if (
                concepts - name_c
                and not concepts & {"duration", "qty", "score", "cost"}
                and not is_act(surface)
            ):
                candidates.append(concepts - name_c)
    grouping = dimension_words(r, index)
    named = {c for _at, cs, surface in r.concepts if surface in grouping for c in cs}
    for concepts in candidates if not dims else ():
        dim = resolve_dim(concepts, plan, index, whole_numbers=bool(concepts & named))
        if dim and dim not in dims:
            dims.append(dim)
            break
    if r.trend and plan.time_ref:
        grain = r.trend
        if grain == "auto":
            span = (r.window.end - r.window.start).days if r.window else 90
            grain = "day" if span <= 31 else "week"
        dims.append(Dim(plan.time_ref, grain))
    # A group by a value we also filter on one value of is pointless: drop the group.
    plan.group = [d for d in dims if not any(f.ref == d.ref and f.op == "=" for f in plan.filters)]


def kind_asked(surface: str, refs: tuple[ValueRef, ...], r: Reading, index: SchemaIndex) -> bool:
    """Whether "which" asks for one of the things of a kind a stored value names, where no table
    is called so: "which analyst ran the most tests" asks which person of the role `analyst`
    (its rows are then grouped by their names, see `choose_group`)."""
    noun = which_noun(r)
    if noun is None or noun[2] not in (surface, stem(surface)):
        return False
    if any(noun[1] & concepts for concepts in index.table_name_concepts.values()):
        return False
    return all(ref.column != index.label_column(ref.table) for ref in refs)


def _kind_taken(r: Reading, index: SchemaIndex) -> bool:
    """Whether the noun after "which" is a stored value naming a kind (`kind_asked`)."""
    return any(kind_asked(surface, refs, r, index) for surface, refs, weak in r.values if weak)


def _things_of_value(plan: Plan, index: SchemaIndex) -> Dim | None:
    """ "Which cheesemaker took the longest": the stored value said right after "which" (a
    person's role) is a kind of the things asked for, each of which is named, not the kind."""
    refs = [f.ref for f in plan.filters if f.op == "=" and f.ref.table != plan.table]
    label = index.label_column(refs[0].table) if len(refs) == 1 else None
    return Dim(Ref(refs[0].table, label)) if label and label != refs[0].column else None


def _per_own_row(r: Reading, start: int, plan: Plan, index: SchemaIndex) -> bool:
    """ "the average cost per completed repair ticket" of the tickets: an average "per" one of
    the rows themselves (its noun within the next few words) says what it is of, and breaks
    nothing down."""
    # the phrase starts at its "per" or just after it
    if not (r.cues.average and re.search(r"\bper\s*$", r.text[: start + 4])):
        return False
    after = [cs for at, cs, _surface in r.concepts if start <= at < start + 40]
    return any(names_own_rows(cs, plan.table, index) for cs in after)


def _describes_rows(noun: Concept, r: Reading, plan: Plan, index: SchemaIndex) -> bool:
    """ "which service requests": a noun written just before one naming the rows only says
    which rows they are; it asks for no grouping. Not in Chinese, whose words run together
    whatever their part: 哪台设备故障停机 asks which machine the stoppages were of."""
    at, _concepts, surface = noun
    after = [c for c in r.concepts if c[0] > at]
    if not surface.isascii() or not after or r.text[at + len(surface) : after[0][0]].strip():
        return False
    if is_act(after[0][2]):
        return False  # "which line produced the most": a verb, not the rows' noun
    return names_own_rows(after[0][1], plan.table, index) or spells(after[0][2], plan.table)


def _attribute_of(said: list[tuple[int, frozenset[str], str]], plan: Plan, index: SchemaIndex) -> Dim | None:
    """ "各个零件类别", "by part category": two nouns written together, the first naming a table
    (here or joined) and the last a text column of it: that column, the thing grouped by."""
    if len(said) < 2:
        return None
    (at, owner, surface), (next_at, attribute, _s) = said[-2], said[-1]
    if next_at - (at + len(surface)) > (0 if not surface.isascii() else 1):
        return None
    return _attribute_dim(owner, attribute, plan, index)


def _kind_of_noun(noun: Concept, r: Reading, plan: Plan, index: SchemaIndex) -> Dim | None:
    """ "which type of equipment": the kind said before "of" is the type of the thing after it,
    as "which equipment type" is."""
    at, attribute, surface = noun
    if not attribute <= {"category"}:
        return None
    after = re.match(r"\s+of\s+", r.text[at + len(surface) :])
    if after is None:
        return None
    start = at + len(surface) + after.end()
    owner = next((cs for at_, cs, _s in r.concepts if at_ == start), None)
    return _attribute_dim(owner, attribute, plan, index) if owner else None


def _attribute_dim(
    owner: frozenset[str], attribute: frozenset[str], plan: Plan, index: SchemaIndex
) -> Dim | None:
    """The text column `attribute` names of the table `owner` names, here or joined."""
    # "by machine type" of repair orders: the type of the machine a row points to, first
    pointed = [
        col.references[0]
        for col in index.table(plan.table).visible
        if col.references
        and index.catalog.table(col.references[0])
        and owner & index.column_concepts[(plan.table, col.name)]
    ]
    for other in dict.fromkeys([*pointed, plan.table, *_reached(plan.table, index)]):
        plain = [
            c
            for c in index.table(other).visible
            if c.kind in ("text", "code") and not (c.primary_key or c.references)
        ]
        if other in pointed or owner & index.table_name_concepts[other]:
            for col in plain:
                # the kind of the thing pointed to may be said in a comment only ("machine type")
                kind = other in pointed and attribute <= {"category"}
                said_by = index.column_concepts[(other, col.name)] if kind else frozenset()
                if attribute & (identifier_concepts(col.name) | said_by) - index.table_name_concepts[other]:
                    return Dim(Ref(other, col.name))
        if attribute <= {"category"}:
            # "按缺陷类型", "by defect type": the kind of a thing a coded column names (`defect_code`)
            for col in plain:
                if col.labels and owner & identifier_concepts(col.name):
                    return Dim(Ref(other, col.name))
    return None


def names_own_rows(concepts: frozenset[str], table: str, index: SchemaIndex) -> bool:
    """Whether a noun names the rows of `table` themselves ("which work orders" of the work
    orders), not a thing they point to that shares the word ("which machines" of the stoppages
    described as "equipment stoppages")."""
    if not concepts or not concepts <= index.table_name_concepts[table]:
        return False
    return not any(concepts & index.table_name_concepts[other] for other in _reached(table, index))


def resolve_dim(
    concepts: frozenset[str], plan: Plan, index: SchemaIndex, whole_numbers: bool = False
) -> Dim | None:
    """The column `concepts` name to group the plan's rows by, here or in a table joined; one of
    whole numbers only where the question groups by its name (`whole_numbers`: "by bay", "which
    year"), not where a word ranked may be a measure ("the largest population")."""
    table = plan.table
    info = index.table(table)
    name_c = index.table_name_concepts[table]
    plain = [c for c in info.visible if not (c.references or c.primary_key or c.numeric or c.temporal)]
    # A text column (or one of whole numbers, see above), here or joined, whose whole name is the
    # concept ("by category" → `category`),
    # before one that only shares a synonym with it (`move_type`); a joined one only when no
    # table at most as far away is itself the thing ("by area": the `areas` an audit names, not
    # the `area` column of the line that area belongs to), other than the column's own ("which
    # region" of a city: its country's `region`, where the lexicon also calls countries regions).
    for other in [table, *sorted(_reached(table, index), key=lambda t: _hops(table, t, index))]:
        for col in index.table(other).visible:
            if (
                (col.kind == "text" or (whole_numbers and col.kind == "int"))
                and not col.primary_key
                and not col.references
                and col.name.lower() in concepts
            ):
                nearer = [
                    t
                    for t in _reached(table, index)
                    if other not in (table, t)
                    and concepts & head_concepts(t)
                    and _hops(table, t, index) <= _hops(table, other, index)
                ]
                return (
                    Dim(Ref(nearer[0], index.label_column(nearer[0])))
                    if nearer
                    else Dim(Ref(other, col.name))
                )
    # A column of the main table whose head noun is the word ("by reason", "by defect type").
    for col in plain:
        if concepts & (head_concepts(col.name) - name_c - {"code", "name"}):
            return Dim(Ref(table, col.name))
    things = [t for t in index.catalog.tables if concepts & head_concepts(t)]
    if things and not any(t == table or index.path(table, t) for t in things):
        return None  # "which SKUs" of rows that reach no SKU: no other column stands in for them
    # A table reached whose head noun (its name's last word) is the word: "each warehouse" is
    # `depot`, not `depot_bin` (a location that only names its warehouse).
    for other in index.catalog.tables:
        if other != table and concepts & head_concepts(other) and index.path(table, other):
            return Dim(Ref(other, index.label_column(other)))
    # A table the main table points to ("by line", "which machine"), or one further along.
    for col in info.visible:
        other = col.references[0] if col.references else ""
        if (
            other
            and index.catalog.table(other)
            and concepts & index.table_name_concepts.get(other, frozenset())
        ):
            return Dim(Ref(other, index.label_column(other)))
    # A column of the main table that only names the word as a modifier: "per customer" is the
    # customer a row points to, if any, before its `cust_po`.
    for col in plain:
        if concepts & (concepts_of_text(col.name) - name_c - {"code", "name"}):
            return Dim(Ref(table, col.name))
    for other in index.catalog.tables:
        if other != table and concepts & index.table_name_concepts[other] and index.path(table, other):
            return Dim(Ref(other, index.label_column(other)))
    # A column whose comment names it, here or in a joined table ("by area").
    for col in plain:
        if concepts & (index.column_concepts[(table, col.name)] - name_c):
            return Dim(Ref(table, col.name))
    for col in info.visible:
        other = col.references[0] if col.references else ""
        if (
            other
            and index.catalog.table(other)
            and concepts & (index.column_concepts[(table, col.name)] - {"code", "id", "name"})
        ):
            return Dim(Ref(other, index.label_column(other)))
    # A text column of a joined table that names the word: by its own name (`customer_nm`) before
    # by its comment only, and a table's key last ("customer board part number" is the board's).
    named = [
        (_how_named(concepts, col), n, Ref(other, col.name))
        for n, other in enumerate(_reached(table, index))
        for col in index.table(other).visible
        if col.kind == "text"
        and concepts & (index.column_concepts[(other, col.name)] - index.table_name_concepts[other])
    ]
    return Dim(min(named, key=lambda found: found[:2])[2]) if named else None


def _how_named(concepts: frozenset[str], column: Column) -> int:
    """0 when the column's own name says the word, 1 when only its comment does, 2 for a key."""
    if concepts & identifier_concepts(column.name):
        return 0
    return 2 if column.primary_key else 1


def _reached(table: str, index: SchemaIndex) -> list[str]:
    """The other tables `table` reaches along foreign keys, in catalog order."""
    return [t for t in index.catalog.tables if t != table and index.path(table, t)]


def _hops(table: str, other: str, index: SchemaIndex) -> int:
    """How many joins lead from `table` to `other` (0 for itself)."""
    return len(index.path(table, other) or ())


def _whole_phrase_dim(concepts: frozenset[str], plan: Plan, index: SchemaIndex) -> Dim | None:
    """A text column, here or joined, whose name says every word of a compound ("asset type")."""
    if len(concepts) < 2:
        return None
    for other in [plan.table, *index.catalog.tables]:
        if other != plan.table and not index.path(plan.table, other):
            continue
        for col in index.table(other).visible:
            if col.kind == "text" and not col.primary_key and concepts <= identifier_concepts(col.name):
                return Dim(Ref(other, col.name))
    return None
