"""Row scope: a statement reads only the rows tied to some rows of one table (e.g. one line).

`scoped(tree, catalog, scope)` rewrites every base table a statement reads (resolved by
scope, as `nl2sql.policy` does: a CTE of the same name is not a base table) into a derived
table of the same alias that holds only the rows tied to the allowed rows of the scope
table, by following foreign keys (`SchemaIndex.path`):

- the scope table itself: `(SELECT <visible columns> FROM lines WHERE lines.code IN (…)) AS lines`;
- a table with a path to it: `(SELECT <visible columns> FROM downtime_events WHERE
  downtime_events.line_id IN (SELECT lines.id FROM lines WHERE lines.code IN (…))) AS downtime_events`,
  nested one `IN (SELECT …)` per hop;
- a table without a path (shifts, SKUs): unchanged.

The filters name base tables (lines, and any table on the way) inside the statement, where
its CTEs may be in scope, so a statement with a CTE named after one of them is refused.

The outer statement is unchanged (same aliases, same column names), and the rewritten tree
is checked by `nl2sql.check` like any other: the derived tables name visible columns only.
It fails closed: a scope the catalog cannot apply, or a table read in a form it cannot
rewrite, is `Rejected`; a row whose key on the path is NULL is never in scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.scope import Scope, traverse_scope

from nl2sql.catalog import Catalog
from nl2sql.errors import Rejected
from nl2sql.link import SchemaIndex

# Forms of a table reference whose meaning survives being replaced by a derived table.
_KEPT_ARGS = frozenset({"this", "alias"})


@dataclass(frozen=True)
class RowScope:
    """The rows one may read: those of `table` whose `column` is one of `values`, and the rows
    of other tables tied to them by foreign keys."""

    table: str
    column: str
    values: frozenset[str]

    def words(self, language: str) -> str:
        """How a restatement says the scope.

        >>> RowScope("lines", "code", frozenset({"L4", "L3"})).words("zh")
        '仅限 L3、L4'
        """
        listed = sorted(self.values)
        return f"仅限 {'、'.join(listed)}" if language == "zh" else f"only {', '.join(listed)}"


def scoped(tree: exp.Expr, catalog: Catalog, scope: RowScope) -> exp.Expr:
    """A copy of `tree` whose base tables read only rows in `scope`; raises `Rejected`.

    >>> import sqlglot
    >>> from nl2sql.catalog import Column, TableInfo
    >>> hidden = Column("x", "int", hidden=True)
    >>> lines = TableInfo("lines", [Column("id", "int"), Column("code", "text"), hidden])
    >>> calls = TableInfo("calls", [Column("line_id", "int", references=("lines", "id"))])
    >>> cat = Catalog("sqlite", {"lines": lines, "calls": calls})
    >>> l3 = RowScope("lines", "code", frozenset({"L3"}))
    >>> print(scoped(sqlglot.parse_one("SELECT code FROM lines"), cat, l3).sql())
    SELECT code FROM (SELECT "id", "code" FROM "lines" WHERE "lines"."code" IN ('L3')) AS lines
    >>> print(scoped(sqlglot.parse_one("SELECT count(*) FROM calls AS c"), cat, l3).sql(pretty=True))
    SELECT
      COUNT(*)
    FROM (
      SELECT
        "line_id"
      FROM "calls"
      WHERE
        "calls"."line_id" IN (
          SELECT
            "lines"."id"
          FROM "lines"
          WHERE
            "lines"."code" IN ('L3')
        )
    ) AS c
    >>> scoped(sqlglot.parse_one("WITH lines AS (SELECT 1 AS id) SELECT id FROM lines"), cat, l3).sql()
    'WITH lines AS (SELECT 1 AS id) SELECT id FROM lines'
    """
    target = catalog.table(scope.table)
    column = target.column(scope.column) if target else None
    if target is None or column is None or column.hidden or not scope.values:
        raise Rejected("your rows are limited by data this database does not hold", what=scope.table)
    copy = tree.copy()
    try:
        scopes = traverse_scope(copy)
    except (SqlglotError, ValueError, KeyError, RecursionError):
        raise Rejected("it is not a query I can check", policy=False) from None
    index = SchemaIndex.of(catalog)
    read: set[str] = set()  # the tables the scope's filters read, by name
    ours: set[int] = set()  # the table nodes the rewrite wrote
    for table in _base_tables(scopes):
        info = catalog.table(table.name)
        if info is None:
            continue  # not a table of the catalog: the read policy refuses it
        steps = index.path(info.name, target.name)
        if steps is None:
            continue
        if any(value for key, value in table.args.items() if key not in _KEPT_ARGS):
            raise Rejected(
                "it reads a table in a way I cannot limit to your rows", what=table.sql()[:80], policy=False
            )
        alias = table.args.get("alias")
        if alias is not None and alias.columns:
            raise Rejected("it renames a table's columns, which I cannot limit to your rows", policy=False)
        name = alias.this.copy() if alias is not None else table.this.copy()
        derived = _derived(info.name, [c.name for c in info.visible], steps, scope, name)
        ours |= {id(node) for node in derived.find_all(exp.Table)}
        table.replace(derived)
        read |= {step[2].lower() for step in steps} | ({info.name.lower()} if not steps else set())
    for cte in copy.find_all(exp.CTE):
        # The filters name these tables where the statement's own CTEs may be in scope: a CTE of
        # that name would stand in for the table (its own "lines", holding whatever it likes).
        if cte.alias.lower() in read:
            raise Rejected("it names a CTE after a table that limits your rows", what=cte.alias, policy=False)
    _verify(copy, catalog, index, target.name, ours)
    return copy


def _verify(tree: exp.Expr, catalog: Catalog, index: SchemaIndex, target: str, ours: set[int]) -> None:
    """Every base table the rewritten statement reads that has a path to `target` is one the
    rewrite wrote (inside a filter), resolved afresh: nothing tied to a line is read unlimited."""
    try:
        tables = _base_tables(traverse_scope(tree))
    except (SqlglotError, ValueError, KeyError, RecursionError):
        raise Rejected("it is not a query I can check", policy=False) from None
    for table in tables:
        info = catalog.table(table.name)
        if id(table) not in ours and info is not None and index.path(info.name, target) is not None:
            raise Rejected("it reads a table in a way I cannot limit to your rows", what=table.name)


def _base_tables(scopes: list[Scope]) -> list[exp.Table]:
    """Every table node that names a base table (not a CTE), in every query of the statement."""
    found: dict[int, exp.Table] = {}
    for query in scopes:
        for _node, source in query.selected_sources.values():
            if isinstance(source, exp.Table):
                found[id(source)] = source
    return list(found.values())


def _derived(
    name: str,
    columns: list[str],
    steps: list[tuple[str, str, str, str]],
    scope: RowScope,
    alias: exp.Identifier,
) -> exp.Subquery:
    """`(SELECT <columns> FROM name WHERE <tied to the rows in scope>) AS alias`: the filter on
    the scope table, then one `key IN (SELECT …)` per foreign key from there back to `name`."""
    values = [exp.Literal.string(v) for v in sorted(scope.values)]
    keep: exp.Expr = exp.In(this=_col(steps[-1][2] if steps else name, scope.column), expressions=values)
    for table, key, other, other_key in reversed(steps):
        rows = exp.select(_col(other, other_key)).from_(exp.table_(other, quoted=True)).where(keep)
        keep = exp.In(this=_col(table, key), query=exp.Subquery(this=rows))
    inner = (
        exp.select(*(exp.column(c, quoted=True) for c in columns))
        .from_(exp.table_(name, quoted=True))
        .where(keep)
    )
    return exp.Subquery(this=inner, alias=exp.TableAlias(this=alias))


def _col(table: str, column: str) -> exp.Column:
    return exp.column(column, table=table, quoted=True)


def applied(tree: exp.Expr, scope: RowScope) -> bool:
    """Whether `tree` limits some table to `scope` (the filter `scoped` writes is in it), so a
    restatement may say so."""
    values = sorted(scope.values)
    for node in tree.find_all(exp.In):
        column = node.this
        if (
            isinstance(column, exp.Column)
            and column.name == scope.column
            and column.table == scope.table
            and [e.this for e in node.expressions if isinstance(e, exp.Literal)] == values
            and len(node.expressions) == len(values)
            and isinstance(node.parent, exp.Where)
        ):
            return True
    return False
