"""Check: every statement, from the parser or an LLM, before it may reach a database.

One statement; a SELECT or set operation at the root; no node anywhere in the tree that
writes, defines, configures or runs commands (including data-modifying CTEs and
`SELECT … INTO`); only allowed functions; only allowed tables and their visible columns,
resolved by scope (see `nl2sql.policy`); and a row cap added by wrapping, so the query's
own LIMIT stays as it is. The SQL that runs is regenerated from the checked tree, so
comments and tricks in the text never reach the database.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, TokenError, UnsupportedError

from nl2sql.catalog import Catalog
from nl2sql.errors import Rejected
from nl2sql.policy import check_reads

MAX_SQL_CHARS = 20_000
_QUERY_START = re.compile(r"\s*\(*\s*(SELECT|WITH)\b", re.I)

_FORBIDDEN_NODES = tuple(
    node
    for node in (
        getattr(exp, name, None)
        for name in (
            "Insert",
            "Update",
            "Delete",
            "Merge",
            "Create",
            "Drop",
            "Alter",
            "AlterTable",
            "Command",
            "Copy",
            "Set",
            "SetItem",
            "Pragma",
            "Attach",
            "Detach",
            "Into",
            "Use",
            "Transaction",
            "Commit",
            "Rollback",
            "LoadData",
            "Grant",
            "Revoke",
            "TruncateTable",
            "Lock",
            "Describe",
            "Kill",
            "Cache",
            "Uncache",
            "Refresh",
            "Summarize",
            "Analyze",
            "Returning",
            "Install",
            "Export",
            "Declare",
            "Show",
            "Comment",
        )
    )
    if node is not None
)

ALLOWED_FUNCTIONS = frozenset(
    [
        "COUNT",
        "SUM",
        "AVG",
        "MIN",
        "MAX",
        "ROUND",
        "ABS",
        "CEIL",
        "FLOOR",
        "COALESCE",
        "NULLIF",
        "IFNULL",
        "NVL",
        "IF",
        "IIF",
        "CASE",
        "CAST",
        "TRY_CAST",
        "LOWER",
        "UPPER",
        "LENGTH",
        "TRIM",
        "LTRIM",
        "RTRIM",
        "SUBSTRING",
        "SUBSTR",
        "REPLACE",
        "CONCAT",
        "CONCAT_WS",
        "POSITION",
        "STRPOS",
        "INSTR",
        "LEFT",
        "RIGHT",
        "LIKE",
        "ILIKE",
        "GREATEST",
        "LEAST",
        "SIGN",
        "POWER",
        "POW",
        "SQRT",
        "MOD",
        "DATE",
        "DATETIME",
        "TIME",
        "JULIANDAY",
        "STRFTIME",
        "TO_CHAR",
        "DATE_FORMAT",
        "DATE_TRUNC",
        "DATETRUNC",
        "TIMESTAMP_TRUNC",
        "DATE_ADD",
        "DATE_SUB",
        "DATEADD",
        "DATEDIFF",
        "DATE_DIFF",
        "TIMESTAMPDIFF",
        "TIMESTAMP_DIFF",
        "EXTRACT",
        "WEEKDAY",
        "DAYOFWEEK",
        "YEAR",
        "MONTH",
        "DAY",
        "HOUR",
        "MINUTE",
        "WEEK",
        "QUARTER",
        "EPOCH",
        "UNIX_TIMESTAMP",
        "TO_DATE",
        "TO_TIMESTAMP",
        "STR_TO_DATE",
        "STR_TO_TIME",
        "CURRENT_DATE",
        "CURRENT_TIMESTAMP",
        "NOW",
        "TS_OR_DS_TO_DATE",
        "TS_OR_DS_ADD",
        "TIME_TO_STR",
        "TIME_STR_TO_TIME",
        "STRPTIME",
        "DATE_PART",
        "DATEPART",
        "INTERVAL",
        "ROW_NUMBER",
        "RANK",
        "DENSE_RANK",
        "PERCENTILE_CONT",
        "PERCENTILE_DISC",
        "MEDIAN",
        "STDDEV",
        "VARIANCE",
        "COUNT_IF",
        "COUNTIF",
        "FIRST_VALUE",
        "LAST_VALUE",
        "LAG",
        "LEAD",
        "NTILE",
        "STDDEV_SAMP",
        "STDDEV_POP",
        "DAY_OF_WEEK",
        "DAY_OF_MONTH",
        "DAY_OF_YEAR",
        "WEEK_OF_YEAR",
        "DAYOFMONTH",
        "DAYOFYEAR",
        "WEEKOFYEAR",
        "TIME_DIFF",
        "TIMEDIFF",
        "STR_POSITION",
        "ARRAY_AGG",
        "GROUP_CONCAT",
        "STRING_AGG",
        "UNIX_TO_TIME",
        "TIME_TO_UNIX",
        "DATE_STR_TO_DATE",
        "DI_TO_DATE",
        "TS_OR_DS_DIFF",
        "TS_OR_DS_TO_TIMESTAMP",
        "TS_OR_DS_TO_DATETIME",
        "DATE_TO_DATE_STR",
        "TIME_STR_TO_DATE",
        "STR_TO_UNIX",
        "DATE_FROM_PARTS",
        "CURRENT_TIME",
        "CURRENT_DATETIME",
        "LOG",
        "LN",
        "EXP",
        "CHAR_LENGTH",
        "LOGICAL_OR",
        "LOGICAL_AND",
    ]
)

FORBIDDEN_FUNCTIONS = frozenset(
    [
        "SLEEP",
        "PG_SLEEP",
        "PG_SLEEP_FOR",
        "PG_SLEEP_UNTIL",
        "BENCHMARK",
        "LOAD_FILE",
        "PG_READ_FILE",
        "PG_READ_BINARY_FILE",
        "PG_LS_DIR",
        "PG_STAT_FILE",
        "LO_IMPORT",
        "LO_EXPORT",
        "LO_GET",
        "DBLINK",
        "DBLINK_EXEC",
        "READFILE",
        "WRITEFILE",
        "LOAD_EXTENSION",
        "FTS3_TOKENIZER",
        "EDIT",
        "SYSTEM",
        "SHELL",
        "RANDOMBLOB",
        "ZEROBLOB",
        "PG_TERMINATE_BACKEND",
        "PG_CANCEL_BACKEND",
        "SET_CONFIG",
        "CURRENT_SETTING",
        "READ_CSV",
        "READ_CSV_AUTO",
        "READ_PARQUET",
        "READ_JSON",
        "READ_TEXT",
        "READ_BLOB",
        "GLOB_FILES",
        "HTTPFS",
        "QUERY_TABLE",
        "SYS_EVAL",
        "SYS_EXEC",
        "UTL_HTTP",
        "XP_CMDSHELL",
        "OPENROWSET",
        "GET_LOCK",
        "RELEASE_LOCK",
        "VERSION",
        "USER",
        "DATABASE",
        "PG_ADVISORY_LOCK",
        "QUERY_TO_XML",
        "TABLE_TO_XML",
        "DATABASE_TO_XML",
        "LIKELIHOOD",
        "LIKELY",
        "SQLITE_VERSION",
    ]
)


def _function_name(node: exp.Func) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.name).upper()
    return node.sql_name().upper()


def _reject(reason: str, sql: str, what: str = "", *, policy: bool = True) -> Rejected:
    return Rejected(reason, sql=sql, what=what[:80], policy=policy)


def check(sql: str, catalog: Catalog, dialect: str, *, row_cap: int = 1000) -> str:
    """The statement to run for `sql`, or `Rejected` with the reason.

    >>> from nl2sql.catalog import Column, TableInfo
    >>> cat = Catalog("sqlite", {"t": TableInfo("t", [Column("a", "int")])})
    >>> check("SELECT a FROM t -- hi", cat, "sqlite", row_cap=10)
    'SELECT * FROM (SELECT a FROM t) AS capped LIMIT 10'
    >>> check("SELECT a FROM t LIMIT 5", cat, "sqlite")
    'SELECT a FROM t LIMIT 5'
    >>> check("DELETE FROM t", cat, "sqlite")
    Traceback (most recent call last):
    ...
    nl2sql.errors.Rejected: only SELECT queries are allowed
    """
    return check_tree(parse(sql, dialect), catalog, dialect, row_cap=row_cap, sql=sql, again=True)


def parse(sql: str, dialect: str) -> exp.Expr:
    """The one statement `sql` holds, parsed for `dialect`, not yet checked; raises `Rejected`.

    >>> parse("SELECT 1; SELECT 2", "sqlite")
    Traceback (most recent call last):
    ...
    nl2sql.errors.Rejected: only one statement is allowed
    """
    if len(sql) > MAX_SQL_CHARS:
        raise _reject("the query is too long", sql[:200])
    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except (ParseError, TokenError, ValueError, RecursionError) as error:
        # A query with a typo is a mistake the LLM may correct; anything else that does not
        # parse (ATTACH, DO, LOAD DATA …) is refused as not being a query at all.
        query = bool(_QUERY_START.match(sql))
        raise _reject(
            "it is not a query I can read" if query else "only SELECT queries are allowed",
            sql,
            str(error).splitlines()[0],
            policy=not query,
        ) from None
    if len(statements) != 1:
        raise _reject("only one statement is allowed", sql)
    return statements[0]


def check_tree(
    tree: exp.Expr,
    catalog: Catalog,
    dialect: str,
    *,
    row_cap: int = 1000,
    sql: str | None = None,
    again: bool = False,
) -> str:
    """`check` for a statement already parsed or built (the rules path); returns the SQL to run.

    With `again` (SQL from outside: an LLM, a user), the SQL to run is parsed and checked
    once more, as the database will read it: a construct the generator cannot write for this
    dialect must not come out meaning something else.
    """
    try:
        _check_statement(tree, catalog, dialect, sql or "")
        try:  # written exactly for this dialect, or not at all (sqlglot would drop what it cannot write)
            final = _cap(tree, row_cap).sql(
                dialect=dialect, comments=False, unsupported_level=ErrorLevel.RAISE
            )
        except UnsupportedError as error:
            raise _reject(
                "it uses something this database does not have", sql or "", str(error), policy=False
            ) from None
        if again:
            try:
                regenerated = sqlglot.parse_one(final, read=dialect)
            except (ParseError, TokenError, ValueError, RecursionError):
                raise _reject("it is not a query I can check", sql or "", policy=False) from None
            _check_statement(regenerated, catalog, dialect, sql or "")
    except Rejected as error:
        error.sql = sql if sql is not None else tree.sql(dialect=dialect)
        raise
    return final


def _check_statement(tree: exp.Expr, catalog: Catalog, dialect: str, sql: str) -> None:
    if not isinstance(tree, exp.Select | exp.SetOperation | exp.Subquery):
        raise _reject("only SELECT queries are allowed", sql)
    _check_nodes(list(tree.walk()), sql)
    check_reads(tree, catalog, dialect, sql)


def _check_nodes(nodes: list[exp.Expr], sql: str) -> None:
    for node in nodes:
        if isinstance(node, _FORBIDDEN_NODES):
            raise _reject(
                "it would change data or settings, or run a command", sql, type(node).__name__.upper()
            )
        if isinstance(node, exp.With) and node.args.get("recursive"):
            raise _reject("recursive queries are not allowed", sql)
        if isinstance(node, exp.Func) and not isinstance(
            node, exp.Connector | exp.Binary | exp.Unary | exp.Predicate
        ):
            name = _function_name(node)
            if name in FORBIDDEN_FUNCTIONS or name not in ALLOWED_FUNCTIONS:
                if (
                    not isinstance(node, exp.Anonymous)
                    and name not in FORBIDDEN_FUNCTIONS
                    and _safe_builtin(node)
                ):
                    continue
                raise _reject("it uses a function that is not allowed", sql, name)
        if isinstance(node, exp.DataType) and _catalog_type(node):
            raise _reject("it converts to a type that is not allowed", sql, node.sql())
        if isinstance(node, exp.Placeholder | exp.Parameter | exp.SessionParameter):
            raise _reject("it uses parameters or session variables", sql, node.sql())


def _catalog_type(node: exp.DataType) -> bool:
    """A user-defined type, or one of PostgreSQL's regclass, regproc… that name catalog objects."""
    name = str(getattr(node.this, "name", node.this)).upper()
    return node.this == exp.DType.USERDEFINED or name.startswith(("REG", "OBJECT"))


def _safe_builtin(node: exp.Func) -> bool:
    """sqlglot's typed functions that only compute values (no I/O), e.g. CASE, CAST, IF."""
    return isinstance(
        node,
        exp.Case
        | exp.Cast
        | exp.If
        | exp.Coalesce
        | exp.AggFunc
        | exp.Extract
        | exp.Interval
        | exp.Round
        | exp.Div
        | exp.TimeUnit
        | exp.Bracket
        | exp.Between,
    )


def _cap(tree: exp.Expr, row_cap: int) -> exp.Expr:
    limit = tree.args.get("limit")
    if isinstance(limit, exp.Limit) and isinstance(limit.expression, exp.Literal):
        try:
            if int(limit.expression.this) <= row_cap and not tree.args.get("offset"):
                return tree
        except ValueError:
            pass
    return (
        exp.select("*")
        .from_(exp.Subquery(this=tree, alias=exp.TableAlias(this=exp.to_identifier("capped"))))
        .limit(row_cap)
    )
