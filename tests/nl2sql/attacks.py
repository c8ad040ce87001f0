"""Hypothesis strategies: queries that try to read a forbidden table or column through every
construct (CTE shadowing at every depth, subqueries, set operations, lateral joins,
correlated subqueries, star expansion, aliases, functions, ORDER BY, GROUP BY, HAVING,
windows), and the same shapes over allowed columns, which must keep working.
"""

from __future__ import annotations

from hypothesis import strategies as st

# (table, column) pairs no question may read: Gemba's internal tables, the chat bookkeeping
# of calls and problems, and a column the semantic file hides (problems.reporter).
INTERNAL = [
    ("slack_bots", "bot_token"),
    ("slack_bots", "bot_refresh_token"),
    ("slack_installations", "user_token"),
    ("slack_oauth_states", "state"),
    ("outbox", "payload"),
    ("outbox", "channel"),
    ("conversations", "data"),
    ("processed_deliveries", "delivery_id"),
    ("job_runs", "result"),
    ("feedback", "question"),
    ("alembic_version", "version_num"),
]
HIDDEN = [
    ("andon_calls", "channel"),
    ("andon_calls", "workspace"),
    ("andon_calls", "thread"),
    ("andon_calls", "message_ref"),
    ("problems", "channel"),
    ("problems", "message_ref"),
    ("problems", "reporter"),
]
SYSTEM = [
    ("sqlite_master", "sql"),
    ("sqlite_schema", "sql"),
    ("sqlite_temp_master", "name"),
    ("pg_shadow", "passwd"),
    ("pg_authid", "rolpassword"),
    ("pg_settings", "setting"),
    ("pg_stat_activity", "query"),
    ("pg_hba_file_rules", "database"),
    ("pg_catalog.pg_user", "usename"),
    ("information_schema.tables", "table_name"),
    ("mysql.user", "authentication_string"),
    ("performance_schema.threads", "name"),
    ("sys.processlist", "user"),
]
FORBIDDEN = INTERNAL + HIDDEN + SYSTEM
# Allowed (table, column) pairs, for the shapes that must keep passing.
ALLOWED = [("lines", "code"), ("andon_calls", "reason"), ("problems", "title"), ("stations", "name")]
SHADOW_NAMES = sorted({t for t, _ in INTERNAL + HIDDEN} | {"lines", "pg_shadow", "sqlite_master"})

FUNCTIONS = [
    "{}",
    "max({})",
    "min({})",
    "upper({})",
    "lower({})",
    "CAST({} AS TEXT)",
    "coalesce({}, '')",
    "substr({}, 1, 50)",
    "{} || ''",
    "CASE WHEN {0} IS NULL THEN '' ELSE {0} END",
    "replace({}, 'a', 'a')",
    "trim({})",
]
AGGREGATES = ("max(", "min(")


@st.composite
def base(draw: st.DrawFn, pairs: list[tuple[str, str]]) -> str:
    """A query with one output column `v` that reads `column` of `table` somewhere."""
    table, column = draw(st.sampled_from(pairs))
    short = table.split(".")[-1]
    alias = draw(st.sampled_from(["", "t", "q9", short]))
    ref = f"{alias or short}.{column}" if draw(st.booleans()) else column
    expression = draw(st.sampled_from(FUNCTIONS)).format(ref)
    source = f"{table} AS {alias}" if alias else table
    place = draw(st.sampled_from(["select", "where", "order", "group", "having", "window", "oracle"]))
    if expression.startswith(AGGREGATES) and place in ("where", "order", "group", "window", "oracle"):
        place = "select"
    if place == "select":
        return f"SELECT {expression} AS v FROM {source}"
    if place == "where":
        return f"SELECT 'w' AS v FROM {source} WHERE {expression} LIKE 'S%'"
    if place == "order":
        return f"SELECT 'o' AS v FROM {source} ORDER BY {expression}"
    if place == "group":
        return f"SELECT count(*) AS v FROM {source} GROUP BY {expression}"
    if place == "having":
        return f"SELECT count(*) AS v FROM {source} HAVING max({ref}) > ''"
    if place == "window":
        return f"SELECT row_number() OVER (PARTITION BY {expression} ORDER BY {ref}) AS v FROM {source}"
    # A yes/no oracle: an allowed table, filtered by a correlated read of the forbidden one.
    return (
        f"SELECT l.code AS v FROM lines AS l WHERE EXISTS "
        f"(SELECT 1 FROM {source} WHERE {expression} > l.code)"
    )


def _wrappers(shadow: str, n: int) -> dict[str, str]:
    w, s = f"w{n}", f"s{n}"
    return {
        "derived": f"SELECT {w}.v FROM ({{}}) AS {w}",
        "cte": f"WITH {w} AS ({{}}) SELECT v FROM {w}",
        "shadow_sibling": (
            f"SELECT {w}.v FROM (WITH {shadow} AS (SELECT 'x' AS v) SELECT v FROM {shadow}) AS {s}, "
            f"({{}}) AS {w}"
        ),
        "shadow_cte": (
            f"WITH {s} AS (WITH {shadow} AS (SELECT 'x' AS v) SELECT v FROM {shadow}) "
            f"SELECT {w}.v FROM {s} CROSS JOIN ({{}}) AS {w}"
        ),
        "shadow_scalar": (
            f"SELECT (WITH {shadow} AS (SELECT 'x' AS v) SELECT v FROM {shadow}) AS k, {w}.v "
            f"FROM ({{}}) AS {w}"
        ),
        "union_direct": "SELECT code AS v FROM lines UNION ALL {}",
        "union": f"SELECT code AS v FROM lines UNION ALL SELECT {w}.v FROM ({{}}) AS {w}",
        "union_right": f"SELECT {w}.v FROM ({{}}) AS {w} UNION SELECT code AS v FROM lines",
        "intersect": f"SELECT code AS v FROM lines INTERSECT SELECT {w}.v FROM ({{}}) AS {w}",
        "except": f"SELECT {w}.v FROM ({{}}) AS {w} EXCEPT SELECT code AS v FROM lines",
        "scalar": f"SELECT (SELECT {w}.v FROM ({{}}) AS {w} LIMIT 1) AS v FROM lines",
        "in": f"SELECT code AS v FROM lines WHERE code NOT IN (SELECT {w}.v FROM ({{}}) AS {w})",
        "correlated": (
            f"SELECT l{n}.code AS v FROM lines AS l{n} WHERE EXISTS "
            f"(SELECT 1 FROM ({{}}) AS {w} WHERE {w}.v <> l{n}.code)"
        ),
        "join": f"SELECT {w}.v FROM lines AS l{n} JOIN ({{}}) AS {w} ON {w}.v <> l{n}.code",
        "left_join": f"SELECT {w}.v FROM lines AS l{n} LEFT JOIN ({{}}) AS {w} ON 1 = 1",
        "lateral": f"SELECT {w}.v FROM lines AS l{n} CROSS JOIN LATERAL ({{}}) AS {w}",
        "order": f"SELECT code AS v FROM lines ORDER BY (SELECT max({w}.v) FROM ({{}}) AS {w})",
        "group": f"SELECT max({w}.v) AS v FROM ({{}}) AS {w} GROUP BY {w}.v HAVING count(*) > 0",
        "window": f"SELECT max({w}.v) OVER (PARTITION BY {w}.v) AS v FROM ({{}}) AS {w}",
        "rename": f"SELECT z{n}.code AS v FROM (SELECT {w}.v AS code FROM ({{}}) AS {w}) AS z{n}",
        "function": f"SELECT upper({w}.v) AS v FROM ({{}}) AS {w}",
        "star": f"SELECT * FROM ({{}}) AS {w}",
        "star_cte": f"WITH {w} AS ({{}}) SELECT {w}.* FROM {w}",
    }


WRAPPERS = sorted(_wrappers("x", 0))


@st.composite
def wrapped(
    draw: st.DrawFn,
    pairs: list[tuple[str, str]],
    *,
    exclude: tuple[str, ...] = (),
    shadows: list[str] = SHADOW_NAMES,
) -> str:
    """`base(pairs)` inside zero to four wrappers."""
    query = draw(base(pairs))
    for depth in range(draw(st.integers(0, 4))):
        names = [n for n in WRAPPERS if n not in exclude]
        shadow = draw(st.sampled_from(shadows))
        query = _wrappers(shadow, depth)[draw(st.sampled_from(names))].format(query)
    return query


@st.composite
def star(draw: st.DrawFn) -> str:
    """`*` and `t.*` over a table with a forbidden column, possibly re-exported."""
    table, _ = draw(st.sampled_from(FORBIDDEN))
    alias = draw(st.sampled_from(["t", table.split(".")[-1]]))
    shape = draw(
        st.sampled_from(
            [
                "SELECT * FROM {t}",
                "SELECT {a}.* FROM {t} AS {a}",
                "SELECT * FROM (SELECT * FROM {t}) AS w",
                "WITH w AS (SELECT {a}.* FROM {t} AS {a}) SELECT * FROM w",
                "SELECT l.code, {a}.* FROM lines AS l JOIN {t} AS {a} ON 1 = 1",
                "SELECT * FROM lines AS l, (SELECT * FROM {t}) AS {a}",
            ]
        )
    )
    return shape.format(t=table, a=alias)


def attacks() -> st.SearchStrategy[str]:
    """Every generated attack: wrapped reads of a forbidden column, and stars over one."""
    return st.one_of(wrapped(FORBIDDEN), star())


def legitimate(*, lateral: bool, shadows: list[str] = SHADOW_NAMES) -> st.SearchStrategy[str]:
    """The same shapes over allowed columns only (LATERAL only where the database has it).

    A CTE named after an internal table is harmless to the checker but denied by SQLite's
    authorizer (it cannot tell the two apart): pass other `shadows` for queries that run.
    """
    exclude = ("union_direct",) if lateral else ("union_direct", "lateral")
    return wrapped(ALLOWED, exclude=exclude, shadows=shadows)
