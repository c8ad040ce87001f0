"""Restate: what an answer's SQL does, in words, read from the checked SQL tree that ran.

Every part of the restatement is found in the tree: the measure in the select list, each
condition of the WHERE clause, each grouping, the HAVING condition and the top-N. The plan
only lends its words to a part the tree holds. A part of the tree the plan has no words for
is said as it is written ("status = 1"); a part of the plan the tree lacks is never said.
"""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlglot import exp

from nl2sql.catalog import Catalog
from nl2sql.explain import column_words, dim_label, label, measure_label
from nl2sql.link import SchemaIndex
from nl2sql.render import (
    BY_TIME,
    absence,
    also_plans,
    by_time_first,
    condition,
    dim_alias,
    late_condition,
    measure,
    measure_alias,
    reaggregated,
    window_conditions,
)
from nl2sql.scope import RowScope, applied
from nl2sql.types import Plan, Ref


def restate(
    tree: exp.Select,
    plan: Plan,
    catalog: Catalog,
    dialect: str,
    language: str,
    *,
    timezone: ZoneInfo | None = None,
    timeless: bool = False,
    scope: RowScope | None = None,
) -> str:
    """E.g. "Andon calls · Line 3 · Mon 9 – Sun 15 Nov 2026", for the SQL `tree` built from `plan`.

    `timeless` leaves out "all time" (the things of an absence, whose time is the rows').
    With `scope`, "· only L3" is added when the tree limits its rows to it (`nl2sql.scope`)."""
    return with_scope(
        _restate(tree, plan, catalog, dialect, language, timezone, timeless), tree, scope, language
    )


def with_scope(said: str, tree: exp.Expr, scope: RowScope | None, language: str) -> str:
    """`said`, and "· only L3" when the tree limits its rows to `scope` (`nl2sql.scope`)."""
    return f"{said} · {scope.words(language)}" if scope is not None and applied(tree, scope) else said


def _restate(
    tree: exp.Select,
    plan: Plan,
    catalog: Catalog,
    dialect: str,
    language: str,
    timezone: ZoneInfo | None,
    timeless: bool,
) -> str:
    index = SchemaIndex.of(catalog)
    absence_words = _absence(tree, plan, catalog, dialect, language, timezone, index) if plan.absent else ""
    if absence_words:
        return absence_words
    rows = _rows_of(tree, plan)
    conditions = _conjuncts(rows.args.get("where"))
    parts = [_measure(rows, plan, catalog, dialect, index, language, conditions)]
    in_window = _take(conditions, window_conditions(plan, index, timezone, dialect))
    late = plan.late
    overdue = False  # "due before now" bounds the time: no "all time"
    if (
        late is not None
        and not late.shared
        and _take(conditions, [late_condition(late, index, dialect, timezone)])
    ):
        parts.append(late.label)
        overdue = late.actual is None
    parts += [_condition(c, plan, dialect, language) for c in conditions]
    parts += [_group(g, tree, plan, language) for g in _groups(tree, index)]
    having = tree.args.get("having")
    if having is not None:
        said = plan.having is not None and plan.having.label
        parts.append(said or having.this.sql(dialect))
    parts += _sorted(tree, plan, index, language)
    limit = tree.args.get("limit")
    if isinstance(limit, exp.Limit) and not _grain_first(plan):
        ordered = tree.args.get("order")
        descending = bool(ordered and ordered.expressions and ordered.expressions[0].args.get("desc"))
        word = ("前" if descending else "后") if language == "zh" else ("top " if descending else "bottom ")
        parts.append(f"{word}{limit.expression.sql(dialect)}")
    if in_window and plan.window is not None:
        parts.append(_window_words(plan, index, language))
    elif not timeless and not overdue and not any(_on_time(c, index) for c in conditions):
        parts.append("全部时间" if language == "zh" else "all time")
    return " · ".join(parts)


def _window_words(plan: Plan, index: SchemaIndex, language: str) -> str:
    """The window's dates, after the time they are counted by when that is not the rows' own
    ("finished at Oct 2026": by `finished_at`, not by when the jobs were reported)."""
    assert plan.window is not None
    said = plan.window.label(language)
    ref = plan.time_ref
    if ref is None or ref == index.window_time(plan.table):
        return said
    words = column_words(ref.column, language)
    return f"{words}{said}" if language == "zh" else f"{words} {said}"


def _sorted(tree: exp.Select, plan: Plan, index: SchemaIndex, language: str) -> list[str]:
    """ "sorted by Age, highest first" when the rows of a list are ordered by the column asked;
    "sorted by Name, A to Z" when the column keeps text."""
    ordered = tree.args.get("order")
    first = ordered.expressions[0] if ordered is not None and ordered.expressions else None
    if plan.sort is None or not isinstance(first, exp.Ordered) or not isinstance(first.this, exp.Column):
        return []
    column = first.this
    if Ref(column.table, column.name) != plan.sort:
        return []
    words, high = column_words(column.name, language), bool(first.args.get("desc"))
    kept = index.table(plan.sort.table).column(plan.sort.column)
    if kept is not None and kept.kind == "text":
        if language == "zh":
            return [f"按{words}{'字母倒序' if high else '字母顺序'}"]
        return [f"sorted by {words}, {'Z to A' if high else 'A to Z'}"]
    if language == "zh":
        return [f"按{words}{'从高到低' if high else '从低到高'}"]
    return [f"sorted by {words}, {'highest' if high else 'lowest'} first"]


def _rows_of(tree: exp.Select, plan: Plan) -> exp.Select:
    """The query that reads the rows: for a trend summed by raw time first (`by_time_first`),
    the inner one, when the outer one re-aggregates its measure exactly; else `tree` itself."""
    source = tree.args.get("from_")
    inner = source.this if source is not None else None
    if not (by_time_first(plan) and isinstance(inner, exp.Subquery) and inner.alias == BY_TIME):
        return tree
    outer = {s.alias: s.this for s in tree.expressions if isinstance(s, exp.Alias)}
    if outer.get(measure_alias(plan)) != reaggregated(plan) or not isinstance(inner.this, exp.Select):
        return tree
    return inner.this


def _on_time(node: exp.Expr, index: SchemaIndex) -> bool:
    """Whether a condition reads a time column (then it is said as written, not "all time")."""
    for column in node.find_all(exp.Column):
        info = index.catalog.table(column.table)
        found = info.column(column.name) if info else None
        if found is not None and found.temporal:
            return True
    return False


def _absence(
    tree: exp.Select,
    plan: Plan,
    catalog: Catalog,
    dialect: str,
    language: str,
    timezone: ZoneInfo | None,
    index: SchemaIndex,
) -> str:
    """ "Machines · without Downtime events · October 2026": the things, then the rows they are
    not among, each restated from its own query; "" when the tree holds no such pair."""
    outer, inner, key, link = absence(plan, index)
    conditions = _conjuncts(tree.args.get("where"))
    anti = next((c for c in conditions if _is_not_in(c, key)), None)
    if anti is None:
        return ""
    rows = anti.this.args["query"]
    rows = (rows.this if isinstance(rows, exp.Subquery) else rows).copy()
    _keep(rows, [c for c in _conjuncts(rows.args.get("where")) if not _is_not_null(c, link)])
    things = tree.copy()
    _keep(things, [c for c in conditions if c is not anti])
    without = "没有" if language == "zh" else "without"
    listed = restate(things, outer, catalog, dialect, language, timezone=timezone, timeless=True)
    among = restate(rows, replace(inner, columns=[]), catalog, dialect, language, timezone=timezone)
    return f"{listed} · {without} {among}"


def _is_not_in(node: exp.Expr, key: Ref) -> bool:
    inside = node.this if isinstance(node, exp.Not) else None
    return (
        isinstance(inside, exp.In) and inside.args.get("query") is not None and _column_of(inside.this) == key
    )


def _is_not_null(node: exp.Expr, link: Ref) -> bool:
    inside = node.this if isinstance(node, exp.Not) else None
    return isinstance(inside, exp.Is) and _column_of(inside.this) == link


def _keep(query: exp.Select, conditions: list[exp.Expr]) -> None:
    query.set("where", exp.Where(this=exp.and_(*conditions)) if conditions else None)


def _conjuncts(where: exp.Expr | None) -> list[exp.Expr]:
    if where is None:
        return []
    node = where.this
    return list(node.flatten()) if isinstance(node, exp.And) else [node]


def _take(conditions: list[exp.Expr], wanted: list[exp.Expr]) -> bool:
    """Remove all of `wanted` from `conditions` if every one is there; whether they were."""
    found = [next((c for c in conditions if c == w), None) for w in wanted]
    if not wanted or any(f is None for f in found):
        return False
    for f in found:
        conditions.remove(f)  # type: ignore[arg-type]
    return True


def _measure(
    tree: exp.Select,
    plan: Plan,
    catalog: Catalog,
    dialect: str,
    index: SchemaIndex,
    language: str,
    conditions: list[exp.Expr],
) -> str:
    """The measure's words when the select list computes the plan's measure (its own
    conditions, such as a metric's, then go with it); else the table's name."""
    if plan.measure is None:
        shown = [_column_of(s) for s in tree.expressions]
        words = [label(plan.table, index, language)]
        if plan.columns and shown == plan.columns:  # a lookup: "Item · unit cost"
            words += [column_words(ref.column, language) for ref in plan.columns]
        return " · ".join(words)
    computed, own_conditions = measure(plan, catalog, dialect)
    selected = {s.alias: s.this for s in tree.expressions if isinstance(s, exp.Alias)}
    others = also_plans(plan)
    if (
        selected.get(measure_alias(plan)) == computed
        and all(selected.get(measure_alias(p)) == measure(p, catalog, dialect)[0] for p in others)
        and (not own_conditions or _take(conditions, own_conditions))
    ):
        # "Machine · average age · minimum age · maximum age"
        said = [measure_label(p, index, language) for p in [plan, *others]]
        return " · ".join([said[0], *(words.split(" · ", 1)[-1] for words in said[1:])])
    return ", ".join(s.sql(dialect) for s in tree.expressions)


def _column_of(node: exp.Expr) -> Ref | None:
    if isinstance(node, exp.Alias):  # a time shown in plant time under its name (`render._shown`)
        inside = list(node.this.find_all(exp.Column))
        node = inside[0] if len(inside) == 1 and inside[0].name == node.alias else node
    return Ref(node.table, node.name) if isinstance(node, exp.Column) else None


def _condition(node: exp.Expr, plan: Plan, dialect: str, language: str) -> str:
    said = next((f.label or str(f.value) for f in plan.filters if condition(f).unnest() == node), None)
    if said:
        return said
    inner = node.this if isinstance(node, exp.Not) else None
    if (
        isinstance(inner, exp.Is)
        and isinstance(inner.this, exp.Column)
        and isinstance(inner.expression, exp.Null)
    ):
        # the rows that have the value they are ranked or summed by: "with Capacity"
        return f"{inner.this.name}非空" if language == "zh" else f"with {inner.this.name}"
    return node.sql(dialect)


def _groups(tree: exp.Select, index: SchemaIndex) -> list[exp.Expr]:
    """The groupings to say; a row's key (or another code kept unique) grouped beside the row's
    name (`row_key`) is said with the name ("by line"), not apart."""
    group = tree.args.get("group")
    nodes = list(group.expressions) if group is not None else []
    return [node for node in nodes if not _key_beside_name(node, nodes, index)]


def _key_beside_name(node: exp.Expr, nodes: list[exp.Expr], index: SchemaIndex) -> bool:
    if not isinstance(node, exp.Column) or index.catalog.table(node.table) is None:
        return False
    column = index.table(node.table).column(node.name)
    named = any(isinstance(n, exp.Column) and n.table == node.table and n is not node for n in nodes)
    return column is not None and (column.primary_key or column.unique) and named


def _group(node: exp.Expr, tree: exp.Select, plan: Plan, language: str) -> str:
    alias = next((s.alias for s in tree.expressions if isinstance(s, exp.Alias) and s.this == node), "")
    dim = next((d for d in plan.group if dim_alias(d, plan) == alias), None)
    if dim is not None:
        return dim_label(dim, language)
    return f"按{alias}" if language == "zh" else f"by {alias or node.sql()}"


def _grain_first(plan: Plan) -> bool:
    return bool(plan.group and plan.group[0].grain)
