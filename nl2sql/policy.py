"""The read policy: which tables and columns a statement may read, resolved by scope.

A name in FROM means what the database will take it to mean: a CTE only inside its own
WITH and below it, a base table everywhere else (sqlglot's `optimizer.scope` resolves
this exactly as the databases do). The statement is qualified on a copy against the
catalog (every column of every allowed table, hidden ones included, so that a name
resolves where the database would resolve it), `*` and `t.*` are expanded, and then:

- every base table must be a table of the catalog, named without a schema or database,
  and never a system catalog (`sqlite_*`, `pg_*`, `information_schema`, `mysql` …);
- every column read from a base table, wherever it is used (output, filter, join,
  GROUP BY, HAVING, ORDER BY, window, aggregate, a subquery or CTE that re-exports it),
  must be a visible column of that table;
- an unqualified column must resolve to a source of its own query (outer columns are
  written `t.col`), and anything ambiguous or unresolvable is refused;
- nothing but tables, subqueries and CTEs may be read from (no table-valued functions,
  UNNEST or LATERAL functions), and joins name their columns (no NATURAL JOIN).

The catalog is the allowlist: a table or column it does not list as visible cannot be
named, whatever the statement does around it.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import OptimizeError, SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, traverse_scope
from sqlglot.schema import MappingSchema

from nl2sql.catalog import Catalog
from nl2sql.errors import Rejected

# Names that are never data, whatever a catalog says: system catalogs and schemas.
SYSTEM_PREFIXES = ("sqlite_", "pg_")
SYSTEM_NAMES = frozenset(
    {
        "information_schema",
        "mysql",
        "performance_schema",
        "sys",
        "pg_catalog",
        "pg_toast",
        "dbstat",
        "sqlite_dbpage",
        "sqlite_stmt",
    }
)
_UNQUALIFIED = "gemba_unqualified"

_KINDS = {"int": "BIGINT", "float": "DOUBLE", "datetime": "TIMESTAMP", "date": "DATE", "bool": "BOOLEAN"}


def is_system_name(name: str) -> bool:
    """Whether `name` is a system catalog, schema or table (never readable).

    >>> is_system_name("pg_shadow"), is_system_name("SQLITE_MASTER"), is_system_name("lines")
    (True, True, False)
    """
    lowered = name.lower()
    return lowered in SYSTEM_NAMES or lowered.startswith(SYSTEM_PREFIXES)


def visible_columns(catalog: Catalog) -> dict[str, frozenset[str]]:
    """Allowed table (lower case) → its visible columns (lower case): the allowlist."""
    return {
        name.lower(): frozenset(c.name.lower() for c in table.visible)
        for name, table in catalog.tables.items()
        if not is_system_name(name)
    }


def check_reads(tree: exp.Expr, catalog: Catalog, dialect: str, sql: str) -> None:
    """Raise `Rejected` unless every table and column `tree` reads is allowed by `catalog`.

    >>> import sqlglot
    >>> from nl2sql.catalog import Column, TableInfo
    >>> cat = Catalog("sqlite", {"t": TableInfo("t", [Column("a", "int"), Column("s", "text", hidden=True)])})
    >>> check_reads(sqlglot.parse_one("WITH t AS (SELECT 1 AS a) SELECT a FROM t"), cat, "sqlite", "")
    >>> check_reads(sqlglot.parse_one("SELECT * FROM (WITH u AS (SELECT 1 AS a) SELECT a FROM u) x, u"),
    ...     cat, "sqlite", "")
    Traceback (most recent call last):
    ...
    nl2sql.errors.Rejected: it uses a table I may not show
    >>> check_reads(sqlglot.parse_one("SELECT max(s) FROM t"), cat, "sqlite", "")
    Traceback (most recent call last):
    ...
    nl2sql.errors.Rejected: it uses a column I may not show
    """
    allowed = visible_columns(catalog)
    _check_sources(tree, sql)
    copy = tree.copy()
    for column in copy.find_all(exp.Column):
        if not column.table:
            column.meta[_UNQUALIFIED] = True
    try:
        qualified = qualify(
            copy,
            dialect=dialect,
            schema=_schema(catalog, dialect),
            expand_stars=True,
            validate_qualify_columns=True,
            quote_identifiers=False,
            identify=False,
        )
        scopes = traverse_scope(qualified)
    except OptimizeError as error:
        _check_tables_first(tree, allowed, sql)  # an unknown table is the better reason
        raise _column_error(str(error), sql) from None
    except (SqlglotError, ValueError, KeyError, RecursionError) as error:
        _check_tables_first(tree, allowed, sql)
        raise Rejected("it is not a query I can check", sql=sql, what=str(error)[:80], policy=False) from None
    resolved: set[int] = set()
    placed: set[int] = set()
    for scope in scopes:
        _check_tables(scope, allowed, sql, resolved)
        _check_columns(scope, allowed, sql)
        placed |= {id(c) for c in scope.columns}
    for table in qualified.find_all(exp.Table):
        if id(table) not in resolved:
            raise Rejected("it uses a table I may not show", sql=sql, what=table.sql()[:80])
    for column in qualified.find_all(exp.Column):  # every other column names an output of its query
        if id(column) not in placed and (column.table or not _names_an_output(column)):
            raise Rejected("it uses a column I cannot place", sql=sql, what=column.sql()[:80])
    _check_aliases(tree, catalog, sql)
    for whole_row in qualified.find_all(exp.TableColumn):  # PostgreSQL's `SELECT t FROM t`: every column
        raise Rejected("it reads whole rows", sql=sql, what=whole_row.sql()[:80])
    for star in qualified.find_all(exp.Star):
        if not isinstance(star.parent, exp.Count):
            raise Rejected("it selects columns I cannot list", sql=sql, what="*")


def _check_tables_first(tree: exp.Expr, allowed: dict[str, frozenset[str]], sql: str) -> None:
    try:
        scopes = traverse_scope(tree)
    except (SqlglotError, ValueError, KeyError, RecursionError):
        return
    for scope in scopes:
        _check_tables(scope, allowed, sql, set())


def _check_aliases(tree: exp.Expr, catalog: Catalog, sql: str) -> None:
    """No output is named after a hidden column: databases disagree on which of the two a bare
    name in WHERE, GROUP BY, HAVING or an ORDER BY expression means (PostgreSQL takes the
    column, SQLite and MySQL often the alias), so such a name could read the hidden column."""
    hidden = {c.name.lower() for t in catalog.tables.values() for c in t.columns if c.hidden}
    names = [node.alias for node in tree.find_all(exp.Alias)]
    names += [column.name for node in tree.find_all(exp.TableAlias) for column in node.columns]
    for name in names:
        if name.lower() in hidden:
            raise Rejected(
                "it names an output after a column I may not show", sql=sql, what=name, policy=False
            )


def _names_an_output(column: exp.Column) -> bool:
    """Whether the unqualified `column` is an output name of the query it sits in (ORDER BY x)."""
    query = column.find_ancestor(exp.Select, exp.SetOperation)
    while isinstance(query, exp.Select) and isinstance(query.parent, exp.SetOperation):
        query = query.parent
    return query is not None and column.name in query.named_selects


def _schema(catalog: Catalog, dialect: str) -> MappingSchema:
    """Every column of every allowed table, hidden ones included (so names resolve where the
    database resolves them); built once per catalog content and dialect."""
    tables: dict[str, dict[str, str]] = {
        name: {c.name: _KINDS.get(c.kind, "TEXT") for c in table.columns}
        for name, table in catalog.tables.items()
        if not is_system_name(name)
    }
    key = (dialect, repr(sorted((t, sorted(c.items())) for t, c in tables.items())))
    cached: tuple[tuple[str, str], MappingSchema] | None = catalog.__dict__.get("_schema")
    if cached is None or cached[0] != key:
        cached = (key, MappingSchema(dict(tables), dialect=dialect))
        catalog.__dict__["_schema"] = cached  # replaced whole: safe for threads sharing the catalog
    return cached[1]


def _check_sources(tree: exp.Expr, sql: str) -> None:
    """What may be read from, before any resolution: plain table names, subqueries, VALUES."""
    for node in tree.walk():
        if isinstance(node, exp.Table):
            if not isinstance(node.this, exp.Identifier):
                raise Rejected("it reads from something that is not a table", sql=sql, what=node.sql()[:80])
            if node.args.get("db") or node.args.get("catalog"):
                raise Rejected("it names a schema or database", sql=sql, what=node.sql()[:80])
            if is_system_name(node.name):
                raise Rejected("it reads a system catalog", sql=sql, what=node.name)
        elif isinstance(node, exp.Unnest | exp.Explode | exp.Posexplode):
            raise Rejected("it reads from something that is not a table", sql=sql, what=node.sql()[:80])
        elif isinstance(node, exp.Star) and any(node.args.values()):
            # `* EXCEPT (…)`, `REPLACE`, `RENAME`: not every database has them, and none is needed.
            raise Rejected("it selects columns I cannot list", sql=sql, what=node.sql()[:80])
        elif isinstance(node, exp.Join) and node.method.upper() == "NATURAL":
            # The database would join on every shared column, named or not, known or not.
            raise Rejected(
                "it joins on columns it does not name (NATURAL JOIN)", sql=sql, what=node.sql()[:80]
            )
        elif isinstance(node, exp.Lateral) and not isinstance(node.this, exp.Subquery):
            raise Rejected("it reads from something that is not a table", sql=sql, what=node.sql()[:80])
        elif isinstance(node, exp.Column):
            if node.args.get("db") or node.args.get("catalog"):
                raise Rejected("it names a schema or database", sql=sql, what=node.sql()[:80])
            if any(is_system_name(part.name) for part in node.parts[:-1]):
                raise Rejected("it reads a system catalog", sql=sql, what=node.sql()[:80])


def _check_tables(scope: Scope, allowed: dict[str, frozenset[str]], sql: str, resolved: set[int]) -> None:
    """Every base table `scope` reads is allowed; `resolved` collects the table nodes placed."""
    for name, (node, source) in scope.selected_sources.items():
        if isinstance(source, exp.Table):
            if source.name.lower() not in allowed or is_system_name(source.name):
                raise Rejected("it uses a table I may not show", sql=sql, what=source.name)
            resolved.add(id(source))
        elif isinstance(source, Scope):
            if isinstance(node, exp.Table):  # a reference to a CTE in scope
                resolved.add(id(node))
        else:
            raise Rejected("it reads from something that is not a table", sql=sql, what=name)


def _check_columns(scope: Scope, allowed: dict[str, frozenset[str]], sql: str) -> None:
    """Every column `scope` uses is placed in its own query (or, named, an outer one) and visible."""
    outputs = scope.expression.named_selects if isinstance(scope.expression, exp.SetOperation) else []
    for column in scope.columns:
        owner = column.table
        if not owner and column.name in outputs:  # ORDER BY of a UNION names its own output
            continue
        if owner not in scope.sources and column.meta.get(_UNQUALIFIED):
            raise Rejected(
                "it uses a column of an outer query without naming its table",
                sql=sql,
                what=column.name,
                policy=False,
            )
        source = _source_of(scope, owner)
        if source is None:
            raise Rejected("it uses a column I cannot place", sql=sql, what=column.sql()[:80], policy=False)
        if isinstance(source, exp.Table) and column.name.lower() not in allowed.get(source.name.lower(), ()):
            raise Rejected("it uses a column I may not show", sql=sql, what=column.sql()[:80])


def _source_of(scope: Scope, name: str) -> exp.Table | Scope | None:
    """The source `name` means in `scope`: its own, else the nearest enclosing query's."""
    current: Scope | None = scope
    while current is not None:
        if name in current.sources:
            source = current.sources[name]
            return source if isinstance(source, exp.Table | Scope) else None
        current = current.parent
    return None


def _column_error(message: str, sql: str) -> Rejected:
    what = message.split(". Line:")[0]
    if "could not be resolved" in message or "Unknown column" in message or "Unknown table" in message:
        return Rejected("it uses an unknown column", sql=sql, what=what, policy=False)
    if "mbiguous" in message:
        return Rejected("it uses an ambiguous column", sql=sql, what=what, policy=False)
    return Rejected("it is not a query I can check", sql=sql, what=what, policy=False)
