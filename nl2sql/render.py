"""Render: a `Plan` → SQL in the target dialect, built with sqlglot's expression builders.

No SQL text is concatenated: every table, column and value becomes an expression node,
so quoting and dialect differences (dates, durations, week starts) are sqlglot's job
or one small function here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlglot import exp

from nl2sql.catalog import Catalog, Column
from nl2sql.link import SchemaIndex
from nl2sql.profile import DAY_FIRST, WITH_OFFSET, stored
from nl2sql.types import ROWS, SPAN_UNITS, Band, Dim, Filter, Late, Part, Plan, Ref
from nl2sql.units import UNIT_MINUTES, column_unit

DIALECTS = {
    "sqlite": "sqlite",
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "duckdb": "duckdb",
}


def sqlglot_dialect(name: str) -> str:
    """sqlglot's name for a SQLAlchemy dialect name.

    >>> sqlglot_dialect("postgresql"), sqlglot_dialect("mariadb")
    ('postgres', 'mysql')
    """
    return DIALECTS.get(name, name)


def _col(ref: Ref) -> exp.Column:
    return exp.column(ref.column, table=ref.table, quoted=True)


def seconds_between(start: exp.Expr, end: exp.Expr, dialect: str) -> exp.Expr:
    """`end - start` in seconds, in `dialect`.

    >>> seconds_between(exp.column("a"), exp.column("b"), "postgres").sql("postgres")
    'EXTRACT(EPOCH FROM b - a)'
    """
    if dialect == "sqlite":
        diff = exp.Sub(this=exp.func("JULIANDAY", end), expression=exp.func("JULIANDAY", start))
        return exp.Mul(this=exp.paren(diff), expression=exp.Literal.number(86400))
    if dialect == "postgres":
        return exp.Extract(this=exp.var("EPOCH"), expression=exp.Sub(this=end, expression=start))
    if dialect == "mysql":
        return exp.TimestampDiff(this=end, expression=start, unit=exp.var("SECOND"))
    return exp.DateDiff(this=end, expression=start, unit=exp.var("SECOND"))


def truncate(column: exp.Expr, grain: str, dialect: str) -> exp.Expr:
    """The hour, day, week (starting Monday) or month a timestamp falls in.

    >>> truncate(exp.column("t"), "week", "sqlite").sql("sqlite")
    "DATE(t, '-6 days', 'weekday 1')"
    >>> truncate(exp.column("t"), "week", "mysql").sql("mysql")
    'DATE(DATE_SUB(t, INTERVAL (WEEKDAY(t)) DAY))'
    """
    if grain == "month":
        fmt = {"postgres": "YYYY-MM"}.get(dialect, "%Y-%m")
        if dialect == "postgres":
            return exp.func("TO_CHAR", column, exp.Literal.string(fmt))
        if dialect == "mysql":
            return exp.func("DATE_FORMAT", column, exp.Literal.string(fmt))
        if dialect == "duckdb":
            return exp.func("STRFTIME", column, exp.Literal.string(fmt))
        return exp.func("STRFTIME", exp.Literal.string(fmt), column)
    if grain == "hour":
        if dialect == "sqlite":
            return exp.func("STRFTIME", exp.Literal.string("%Y-%m-%d %H:00"), column)
        if dialect == "mysql":
            return exp.func("DATE_FORMAT", column, exp.Literal.string("%Y-%m-%d %H:00"))
        return exp.func("DATE_TRUNC", exp.Literal.string("hour"), column)
    if grain == "week":
        if dialect == "sqlite":
            return exp.func("DATE", column, exp.Literal.string("-6 days"), exp.Literal.string("weekday 1"))
        if dialect == "mysql":  # the Monday before: the day less its WEEKDAY (0 = Monday)
            monday = exp.DateSub(
                this=column, expression=exp.func("WEEKDAY", column.copy()), unit=exp.var("DAY")
            )
            return exp.func("DATE", monday)
        return exp.cast(exp.func("DATE_TRUNC", exp.Literal.string("week"), column), "DATE")
    if dialect in ("sqlite", "mysql"):
        return exp.func("DATE", column)
    return exp.cast(column, "DATE")


def _literal(value: object) -> exp.Expr:
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    return exp.Literal.string(str(value))


def _time_literal(moment: datetime, column: Column | None) -> exp.Expr:
    """`moment` in the form `column` stores times in, so the comparison keeps its index."""
    storage = column.storage if column else ""
    if not storage and column is not None and column.kind == "date":
        storage = "date_text"
    return _literal(stored(moment, storage))


def _date_of_digits(expression: exp.Expr, dialect: str) -> exp.Expr:
    """An integer day `20261103` as a date.

    >>> _date_of_digits(exp.column("d"), "postgres").sql("postgres")
    "TO_DATE(CAST(d AS TEXT), 'YYYYMMDD')"
    """
    if dialect == "postgres":
        return exp.func("TO_DATE", exp.cast(expression, "TEXT"), exp.Literal.string("YYYYMMDD"))
    if dialect == "mysql":
        return exp.func("STR_TO_DATE", expression, exp.Literal.string("%Y%m%d"))
    year, month, day = (_part(expression, at, n) for at, n in ((1, 4), (5, 2), (7, 2)))
    return exp.func("DATE", _dashed(year, month, day))


def _part(expression: exp.Expr, at: int, n: int | None = None) -> exp.Expr:
    """`n` characters of a text from position `at` (1-based), or the rest of it."""
    bounds = [exp.Literal.number(at)] + ([exp.Literal.number(n)] if n else [])
    return exp.func("SUBSTR", expression.copy(), *bounds)


def _dashed(year: exp.Expr, month: exp.Expr, day: exp.Expr, *rest: exp.Expr) -> exp.Expr:
    """`year-month-day` and what follows, as one text."""
    dash = exp.Literal.string("-")
    joined = year
    for piece in (dash, month, dash, day, *rest):
        joined = exp.DPipe(this=joined, expression=piece)
    return joined


def _iso_of_day_first(expression: exp.Expr, storage: str) -> exp.Expr:
    """A day written before its year ("21.11.2026 06:00", `DAY_FIRST`) as ISO text, "2026-11-21 06:00".

    >>> _iso_of_day_first(exp.column("t"), "dmy").sql("sqlite")
    "SUBSTRING(t, 7, 4) || '-' || SUBSTRING(t, 4, 2) || '-' || SUBSTRING(t, 1, 2) || SUBSTRING(t, 11)"
    """
    first, second = _part(expression, 1, 2), _part(expression, 4, 2)
    month, day = (second, first) if storage == "dmy" else (first, second)
    return _dashed(_part(expression, 7, 4), month, day, _part(expression, 11))


def as_timestamp(expression: exp.Expr, column: Column | None, dialect: str) -> exp.Expr:
    """A time column's value as a timestamp (UTC for epoch numbers), whatever it is stored as.

    >>> as_timestamp(exp.column("t"), Column("t", "datetime", storage="epoch_s"), "sqlite").sql("sqlite")
    "DATETIME(t, 'unixepoch')"
    >>> as_timestamp(exp.column("t"), Column("t", "datetime", storage="iso_t"), "postgres").sql("postgres")
    'CAST(t AS TIMESTAMP)'
    """
    storage = column.storage if column else ""
    if storage.startswith("epoch"):
        seconds = expression
        if storage == "epoch_ms":
            seconds = exp.Div(this=expression, expression=exp.Literal.number(1000))
        if dialect == "sqlite":
            return exp.func("DATETIME", seconds, exp.Literal.string("unixepoch"))
        if dialect == "postgres":
            return exp.AtTimeZone(this=exp.func("TO_TIMESTAMP", seconds), zone=exp.Literal.string("UTC"))
        epoch = exp.cast(exp.Literal.string("1970-01-01"), "DATETIME")
        return exp.DateAdd(this=epoch, expression=seconds, unit=exp.var("SECOND"))
    if storage == "date_int":
        return _date_of_digits(expression, dialect)
    if storage in WITH_OFFSET:  # the time written before the offset, as every other text time
        expression = exp.func("SUBSTR", expression, exp.Literal.number(1), exp.Literal.number(19))
    if storage in DAY_FIRST:  # SQLite's DATETIME writes the seconds a time may lack
        expression = _iso_of_day_first(expression, storage)
        if dialect == "sqlite":
            return exp.func("DATETIME", expression)
    if storage and dialect != "sqlite":  # SQLite's date functions read ISO text as it is
        return exp.cast(expression, "DATE" if storage == "date_text" else "TIMESTAMP")
    return expression


def _to_utc(moment: datetime, timezone: ZoneInfo | None) -> datetime:
    if timezone is None:
        return moment
    return moment.replace(tzinfo=timezone).astimezone(UTC).replace(tzinfo=None)


def dim_alias(dim: Dim, plan: Plan) -> str:
    """The output column name of a grouping."""
    if dim.grain:
        return dim.grain
    if dim.ref.table != plan.table:
        base = dim.ref.table.rstrip("s") if dim.ref.table.endswith("s") else dim.ref.table
        return base if dim.ref.column in ("name", "code", "title", "label") else f"{base}_{dim.ref.column}"
    return dim.ref.column


def code_alias(dim: Dim, code: Ref, plan: Plan) -> str:
    """The output column name of the code shown beside a grouping's name: "station_code" beside
    "station", where both would be called after their table."""
    alias = dim_alias(Dim(code), plan)
    return f"{alias}_{code.column}" if alias == dim_alias(dim, plan) else alias


def measure_alias(plan: Plan) -> str:
    """The output column name of the measure."""
    m = plan.measure
    assert m is not None
    if m.agg == "count":
        return "count"
    if m.agg == "metric":
        return f"{m.metric}_seconds" if m.unit == "s" else m.metric
    if m.agg == "ratio":
        return "rate_pct"
    if m.agg == "share":
        return "share_pct"
    assert m.ref is not None
    word = {"sum": "total", "avg": "avg", "min": "min", "max": "max", "distinct": "distinct"}[m.agg]
    if m.since is not None:
        return f"{word}_{SPAN_UNITS[m.unit][0]}"
    if m.times is not None:
        return f"{word}_value"
    if m.scale != 1 and m.unit:  # converted: "total_kwh_in_MWh"
        return f"{word}_{m.ref.column}_in_{m.unit}"
    return f"{word}_{m.ref.column}"


def also_plans(plan: Plan) -> list[Plan]:
    """The plan once for each further aggregate its measure asks (`Measure.also`)."""
    m = plan.measure
    return [replace(plan, measure=other) for other in m.each()[1:]] if m is not None else []


def measure(plan: Plan, catalog: Catalog, dialect: str) -> tuple[exp.Expr, list[exp.Expr]]:
    """The measure expression and any conditions it needs (a metric's); of the first aggregate
    where more are asked (see `also_plans`)."""
    m = plan.measure
    assert m is not None
    m = replace(m, also=())
    if m.agg == "count":
        return exp.Count(this=exp.Star()), []
    if m.agg == "distinct":
        assert m.ref is not None
        return exp.Count(this=exp.Distinct(expressions=[_col(m.ref)])), []
    if m.agg == "metric":
        metric = next(x for x in catalog.metrics if x.name == m.metric)
        start, end = _col(Ref(metric.table, metric.start)), _col(Ref(metric.table, metric.end))
        if metric.kind == "ratio":
            num, den = _col(Ref(metric.table, metric.numerator)), _col(Ref(metric.table, metric.denominator))
            return _ratio(num, den), []
        conditions: list[exp.Expr] = [
            exp.Not(this=exp.Is(this=start, expression=exp.Null())),
            exp.Not(this=exp.Is(this=end, expression=exp.Null())),
        ]
        if metric.excluded_status:
            status = _col(Ref(metric.table, metric.status_column))
            conditions.append(exp.NEQ(this=status, expression=exp.Literal.string(metric.excluded_status)))
        return exp.Avg(this=seconds_between(start, end, dialect)), conditions
    if m.agg == "share":  # the rows meeting the condition, in percent of all the rows
        one, zero = exp.Literal.number(1), exp.Literal.number(0)
        counted: exp.Expr = _col(m.whole) if m.whole is not None else one  # a sum's, or the rows'
        if plan.shares_the_total:  # "each area's share of the total": its sum in percent of every group's
            every = exp.Window(this=exp.Sum(this=exp.Sum(this=counted)))
            share = exp.Div(
                this=exp.Mul(this=exp.Literal.number("100.0"), expression=exp.Sum(this=counted.copy())),
                expression=exp.func("NULLIF", every, exp.Literal.number(0)),
                typed=True,
            )
            return exp.Round(this=share, decimals=exp.Literal.number(2)), []
        if m.when is not None:
            met = condition(m.when)
        else:  # "the on-time share": the rows on time
            assert plan.late is not None and plan.late.shared
            met = late_condition(plan.late, SchemaIndex.of(catalog), dialect, None)
        meeting = exp.Case(ifs=[exp.If(this=met, true=counted)], default=zero)
        return _ratio(meeting, counted.copy()), []
    assert m.ref is not None
    if m.agg == "ratio":
        num_col, den_cols = m.metric.split("/")
        whole: exp.Expr = _col(Ref(plan.table, den_cols.split("+")[0]))
        for other in den_cols.split("+")[1:]:  # "ok_pcs+scrap_pcs": all parts made
            whole = exp.Add(this=whole, expression=_col(Ref(plan.table, other)))
        return _ratio(_col(Ref(plan.table, num_col)), whole), []
    column: exp.Expr = _col(m.ref)
    both_ends: list[exp.Expr] = []
    if m.since is not None:  # "days from order to delivery": the time between two columns
        index = SchemaIndex.of(catalog)
        # Divided by a decimal: whole epoch seconds would otherwise divide as integers.
        seconds = exp.Literal.number(f"{round(1 / m.scale)}.0")
        column = exp.Div(this=span_seconds(m.since, m.ref, index, dialect), expression=seconds)
        both_ends = [exp.not_(_col(ref).is_(exp.null())) for ref in (m.since, m.ref)]
    elif m.times is not None:  # "the value of the goods received": quantity times unit price
        column = exp.Mul(this=column, expression=_col(m.times))
    elif m.scale != 1 and abs(1 / m.scale - round(1 / m.scale)) < 1e-9:  # seconds in hours: / 3600.0, exact
        column = exp.Div(this=column, expression=exp.Literal.number(f"{round(1 / m.scale)}.0"))
    elif m.scale != 1:
        column = exp.Mul(this=column, expression=exp.Literal.number(round(m.scale, 10)))
    if m.agg == "avg":
        return exp.Round(this=exp.Avg(this=column), decimals=exp.Literal.number(2)), both_ends
    node = {"sum": exp.Sum, "min": exp.Min, "max": exp.Max}[m.agg]
    computed = node(this=column)
    rounded = m.since is not None or m.times is not None  # a span in hours, a worth in money
    return (exp.Round(this=computed, decimals=exp.Literal.number(2)) if rounded else computed), both_ends


def span_seconds(start: Ref, end: Ref, index: SchemaIndex, dialect: str) -> exp.Expr:
    """`end - start` in seconds for two time columns, however each stores its times.

    >>> from nl2sql.catalog import Catalog, TableInfo
    >>> a, b = Column("a", "datetime", storage="epoch_ms"), Column("b", "datetime", storage="epoch_s")
    >>> index = SchemaIndex.of(Catalog("sqlite", {"t": TableInfo("t", [a, b])}))
    >>> span_seconds(Ref("t", "a"), Ref("t", "b"), index, "sqlite").sql("sqlite")
    '"t"."b" - CAST("t"."a" AS REAL) / 1000'
    """
    columns = [index.table(ref.table).column(ref.column) for ref in (start, end)]
    storages = [c.storage if c else "" for c in columns]
    if all(s.startswith("epoch") for s in storages):
        first, last = (_epoch_seconds(_col(ref), s) for ref, s in zip((start, end), storages, strict=True))
        return exp.Sub(this=last, expression=first)
    begun, ended = (_stamp(_col(ref), c, dialect) for ref, c in zip((start, end), columns, strict=True))
    return seconds_between(begun, ended, dialect)


def _epoch_seconds(expression: exp.Expr, storage: str) -> exp.Expr:
    return (
        exp.Div(this=expression, expression=exp.Literal.number(1000)) if storage == "epoch_ms" else expression
    )


def _stamp(expression: exp.Expr, column: Column | None, dialect: str) -> exp.Expr:
    """A time column as a timestamp that subtracts to a duration (a date too, outside SQLite)."""
    stamp = as_timestamp(expression, column, dialect)
    if dialect != "sqlite" and column is not None and column.kind == "date" and stamp is expression:
        return exp.cast(expression, "TIMESTAMP")
    return stamp


def _ratio(num: exp.Expr, den: exp.Expr) -> exp.Expr:
    # `typed`: the dividend is already decimal (100.0 × …), so no dialect casts it to a float;
    # PostgreSQL has no ROUND of a double precision to two places.
    share = exp.Div(
        this=exp.Mul(this=exp.Literal.number("100.0"), expression=exp.Sum(this=num)),
        expression=exp.func("NULLIF", exp.Sum(this=den), exp.Literal.number(0)),
        typed=True,
    )
    return exp.Round(this=share, decimals=exp.Literal.number(2))


def window_conditions(
    plan: Plan, index: SchemaIndex, timezone: ZoneInfo | None, dialect: str
) -> list[exp.Expr]:
    """`time >= start` and `time < end` for the plan's window, in the form its column keeps
    times (UTC for UTC columns; a day written first is turned to ISO text); none without a
    window or a time column."""
    if plan.window is None or plan.time_ref is None:
        return []
    column = index.table(plan.time_ref.table).column(plan.time_ref.column)
    utc = column is not None and column.utc
    start = _to_utc(plan.window.start, timezone) if utc else plan.window.start
    end = _to_utc(plan.window.end, timezone) if utc else plan.window.end
    ref: exp.Expr = _col(plan.time_ref)
    if column is not None and column.storage in DAY_FIRST:
        ref = as_timestamp(ref, column, dialect)
    return [
        exp.GTE(this=ref, expression=_time_literal(start, column)),
        exp.LT(this=ref, expression=_time_literal(end, column)),
    ]


def late_condition(late: Late, index: SchemaIndex, dialect: str, timezone: ZoneInfo | None) -> exp.Expr:
    """The SQL of a time held against the time it was due (`Late`): `actual > due` (or more
    than its gap later), `actual <= due`, or `due < now`, each in the form its columns keep times."""
    due = index.table(late.due.table).column(late.due.column)
    if late.actual is None:  # overdue: due before now (a day due before today)
        now = datetime.fromisoformat(late.now)
        moment = _to_utc(now, timezone) if due is not None and due.utc else now
        ref: exp.Expr = _col(late.due)
        if due is not None and due.storage in DAY_FIRST:
            ref = as_timestamp(ref, due, dialect)
        return exp.LT(this=ref, expression=_time_literal(moment, due))
    if late.gap_s:  # "more than 5 days late"
        lateness = span_seconds(late.due, late.actual, index, dialect)
        return exp.GT(this=lateness, expression=exp.Literal.number(late.gap_s))
    actual = index.table(late.actual.table).column(late.actual.column)
    node = exp.GT if late.op == ">" else exp.LTE
    return node(
        this=_comparable(late.actual, actual, due, dialect),
        expression=_comparable(late.due, due, actual, dialect),
    )


def _days_late(due: Ref, actual: Ref, index: SchemaIndex, dialect: str) -> exp.Expr:
    """How many days after the time due a row's step was taken, listed beside a bound on it."""
    lateness = span_seconds(due, actual, index, dialect)
    return exp.alias_(exp.Div(this=lateness, expression=exp.Literal.number(86400)), "days_late", quoted=True)


def _comparable(ref: Ref, column: Column | None, other: Column | None, dialect: str) -> exp.Expr:
    """A time column as it compares with `other`: as stored where both keep times alike, else
    as a timestamp, or its day where either is a date ("done at 15:00" is not after the day due)."""
    if column is None or other is None or (column.storage, column.kind) == (other.storage, other.kind):
        return _col(ref)
    stamp = as_timestamp(_col(ref), column, dialect)
    return truncate(stamp, "day", dialect) if "date" in (column.kind, other.kind) else stamp


def condition(f: Filter) -> exp.Expr:
    """The SQL condition of a filter."""
    column = _col(f.ref)
    if f.op in ("in", "not in"):
        among = exp.In(this=column, expressions=[_literal(v) for v in f.value])
        return among if f.op == "in" else exp.not_(among)
    if f.op == "outside":  # "a weight outside the product's limits": below the low one or above the high
        low = exp.LT(this=column, expression=_col(f.value.low))
        return exp.paren(exp.or_(low, exp.GT(this=column.copy(), expression=_col(f.value.high))), copy=False)
    if f.op == "is null":  # "still not acknowledged": the time it would be done at is not set
        return column.is_(exp.null())
    if f.op == "is not null":  # "only the ones that were acknowledged"
        return column.is_(exp.null()).not_()
    node = {"=": exp.EQ, ">": exp.GT, "<": exp.LT, ">=": exp.GTE, "<=": exp.LTE, "!=": exp.NEQ}[f.op]
    if isinstance(f.value, Part):  # "less than 80% of their planned pieces", "a scrap rate above 8%"
        return node(
            this=column,
            expression=exp.Mul(this=exp.Literal.number(f.value.share), expression=_whole(f.value)),
        )
    return node(this=column, expression=_literal(f.value))


def _whole(part: Part) -> exp.Expr:
    """What a part is of: its column, or the sum of its columns ("good + scrapped")."""
    whole: exp.Expr = _col(part.ref)
    for other in part.plus:
        whole = exp.Add(this=whole, expression=_col(other))
    return exp.paren(whole, copy=False) if part.plus else whole


def _part_shown(bound: Filter) -> exp.Expr | None:
    """The part a row's column is of its whole, listed beside a bound on it: "lots with a scrap
    rate above 8%" show each lot's scrap rate, a fraction of one."""
    if not isinstance(bound.value, Part):
        return None
    share = exp.Div(
        this=_col(bound.ref), expression=exp.func("NULLIF", _whole(bound.value), exp.Literal.number(0))
    )
    return exp.alias_(share, f"{bound.ref.column}_share", quoted=True)


def _band_shown(band: Band, plan: Plan, index: SchemaIndex) -> list[exp.Expr]:
    """The limits a listed row's value was held to, and what they are the limits of where another
    row keeps them: "…, Oat bar, weight_min 240, weight_max 260"."""
    owner = band.low.table
    named = [Ref(owner, c) for c in index.naming_columns(owner)] if owner != plan.table else []
    return [_col(ref) for ref in [*named, *band.refs()] if ref not in plan.columns]


def render(plan: Plan, catalog: Catalog, dialect: str, *, timezone: ZoneInfo | None = None) -> str:
    """The SQL of `plan` in `dialect` (sqlglot name). `timezone` converts windows for UTC columns."""
    return build(plan, catalog, dialect, timezone=timezone).sql(dialect=dialect)


def absence(plan: Plan, index: SchemaIndex) -> tuple[Plan, Plan, Ref, Ref]:
    """The two lists of an "absent" plan: the things (its grouping's table, with the filters on
    it) and the rows they must not be among (the plan's table, with the other filters and the
    window), and the columns that link them: `thing_key NOT IN (SELECT row_link …)`."""
    dim = plan.group[0]
    things = dim.ref.table
    steps = index.path(plan.table, things, via=plan.via)
    assert steps, "an absent plan links its rows to its things"
    source, link, _other, key = steps[-1]
    named = dim.ref.column == index.label_column(things)  # by name, and code beside it
    shown = [Ref(things, c) for c in index.naming_columns(things)] if named else [dim.ref]
    outer = Plan(things, None, [f for f in plan.filters if f.ref.table == things], columns=shown)
    inner = Plan(
        plan.table,
        None,
        [f for f in plan.filters if f.ref.table != things],
        window=plan.window,
        time_ref=plan.time_ref,
        columns=[Ref(source, link)],
        late=plan.late,
    )
    return outer, inner, Ref(things, key), Ref(source, link)


def build(plan: Plan, catalog: Catalog, dialect: str, *, timezone: ZoneInfo | None = None) -> exp.Select:
    """The sqlglot expression of `plan` (see `render`)."""
    index = SchemaIndex.of(catalog)
    if plan.absent:
        outer, inner, key, link = absence(plan, index)
        rows = build(inner, catalog, dialect, timezone=timezone).where(_col(link).is_(exp.null()).not_())
        rows.set("order", None)
        return build(outer, catalog, dialect, timezone=timezone).where(exp.not_(_col(key).isin(query=rows)))
    if by_time_first(plan):
        return _by_time_first(plan, catalog, dialect, timezone, index)
    main = index.table(plan.table)
    query = exp.select().from_(exp.table_(plan.table, quoted=True), copy=False)
    joined = {plan.table}
    needed = [d.ref.table for d in plan.group] + [f.ref.table for f in plan.filters]
    needed += [ref.table for f in plan.filters for ref in f.held_to()]
    if plan.window is not None and plan.time_ref is not None:
        needed.append(plan.time_ref.table)
    if plan.measure is not None:
        read = (plan.measure.ref, plan.measure.times, plan.measure.whole)
        needed += [ref.table for ref in read if ref is not None]
    if plan.late is not None:
        needed.append(plan.late.due.table)
    # A table only shown beside the rows ("tickets with the machine") is joined to the left: a
    # ticket with no machine is still a ticket.
    shown = [ref.table for ref in plan.columns if ref.table not in needed]
    for table, kind in [*((t, "") for t in needed), *((t, "left") for t in shown)]:
        if table in joined:
            continue
        for src, col, other, other_col in index.path(plan.table, table, via=plan.via) or []:
            if other in joined:
                continue
            on = exp.EQ(this=_col(Ref(src, col)), expression=_col(Ref(other, other_col)))
            query = query.join(exp.table_(other, quoted=True), on=on, join_type=kind or None, copy=False)
            joined.add(other)
    conditions = [condition(f) for f in plan.filters] + window_conditions(plan, index, timezone, dialect)
    if plan.late is not None and not plan.late.shared:
        conditions.append(late_condition(plan.late, index, dialect, timezone))
    selects: list[exp.Expr] = []
    groups: list[exp.Expr] = []
    for dim in plan.group:
        expression: exp.Expr = _col(dim.ref)
        if dim.grain:
            expression = truncate(
                _local(expression, dim.ref, index, timezone, plan, dialect), dim.grain, dialect
            )
        selects.append(exp.alias_(expression, dim_alias(dim, plan), quoted=True))
        own_key = row_key(dim, plan, index)
        code_name = index.spoken_key(dim.ref.table) if own_key else None
        codes = [Ref(dim.ref.table, code_name)] if code_name else []
        for code in codes:  # "3号冲压机 · CY-03", the key or another code kept unique
            selects.append(exp.alias_(_col(code), code_alias(dim, code, plan), quoted=True))
        groups += [*own_key, expression, *(_col(code) for code in codes if code.column != own_key[0].name)]
        for described in _described(dim, plan, index):  # "P-2040 · M8 hex bolt"
            selects.append(exp.alias_(_col(described.ref), dim_alias(described, plan), quoted=True))
            groups.append(_col(described.ref))
        column = index.table(dim.ref.table).column(dim.ref.column)
        ranked = plan.limit or (column is not None and bool(column.labels))
        if ranked and not dim.grain and column is not None and column.nullable and not column.primary_key:
            # "the top 3 tanks": a ranking names things; the rows with no tank are none of them.
            # "by defect type": the rows with no code are of no type
            conditions.append(_col(dim.ref).is_(exp.null()).not_())
    if plan.measure is None:
        listed = plan.columns or [Ref(plan.table, c.name) for c in main.visible]
        selects = [_shown(ref, index, timezone, plan, dialect) for ref in listed]
        selects += [in_unit for f in plan.filters if f.ref in listed if (in_unit := _in_unit_said(f, index))]
        selects += [part for f in plan.filters if f.ref in listed if (part := _part_shown(f))]
        selects += [
            shown for f in plan.filters if f.op == "outside" for shown in _band_shown(f.value, plan, index)
        ]
        if plan.late is not None and plan.late.gap_s and plan.late.actual is not None:
            selects.append(_days_late(plan.late.due, plan.late.actual, index, dialect))  # by how much
    else:
        computed, extra = measure(plan, catalog, dialect)
        conditions += extra
        # a share of each group's sum in the total is of that sum's column, not of a condition's
        of_total = plan.shares_the_total
        summed = plan.measure.whole if of_total else plan.measure.ref
        measured = index.table(plan.table).column(summed.column) if summed else None
        spans = plan.measure.since is not None  # its own conditions keep the rows with both ends
        if (
            plan.group
            and (plan.measure.agg in ("sum", "avg", "min", "max") or of_total)
            and summed
            and measured
            and measured.nullable
            and not spans
        ):
            # A breakdown of kWh per hall lists the halls that have kWh, not those with none at all.
            conditions.append(_col(summed).is_(exp.null()).not_())
        selects.append(exp.alias_(computed, measure_alias(plan), quoted=True))
        for asked in also_plans(plan):  # "the average, minimum and maximum age"
            selects.append(exp.alias_(measure(asked, catalog, dialect)[0], measure_alias(asked), quoted=True))
    query = query.select(*selects, copy=False)
    if conditions:
        query = query.where(exp.and_(*conditions, copy=False), copy=False)
    if groups:
        query = query.group_by(*[g.copy() for g in groups], copy=False)
    if plan.having is not None and plan.measure is not None:
        computed, _ = measure(plan, catalog, dialect)
        if isinstance(computed, exp.Round):  # the bound holds for the figure, not its rounding
            computed = computed.this
        if plan.having.unit == ROWS:
            computed = exp.Count(this=exp.Star())  # "each oven with more than 2 of them": the rows counted
        node = {">": exp.GT, "<": exp.LT, ">=": exp.GTE, "<=": exp.LTE, "=": exp.EQ}[plan.having.op]
        query = query.having(node(this=computed, expression=_literal(plan.having.value)), copy=False)
    if plan.measure is None:
        if plan.sort is not None:  # "sorted by age, descending"
            query = query.order_by(exp.Ordered(this=_col(plan.sort), desc=plan.order == "desc"), copy=False)
        elif plan.time_ref is not None:
            query = query.order_by(exp.Ordered(this=_col(plan.time_ref), desc=True), copy=False)
    elif plan.group and plan.order:
        if plan.group[0].grain:
            query = query.order_by(
                exp.Ordered(this=exp.column(dim_alias(plan.group[0], plan), quoted=True)), copy=False
            )
        else:
            alias = exp.column(measure_alias(plan), quoted=True)
            query = query.order_by(exp.Ordered(this=alias, desc=plan.order == "desc"), copy=False)
    if plan.limit:
        query = query.limit(plan.limit, copy=False)
    return query


def _described(dim: Dim, plan: Plan, index: SchemaIndex) -> list[Dim]:
    """The description shown beside a joined row that a code names ("P-2040 · M8 hex bolt")."""
    if dim.grain or dim.ref.table == plan.table or dim.ref.column != index.label_column(dim.ref.table):
        return []
    spoken = index.spoken_key(dim.ref.table)
    return [Dim(Ref(dim.ref.table, c)) for c in index.naming_columns(dim.ref.table)[1:] if c != spoken]


def row_key(dim: Dim, plan: Plan, index: SchemaIndex) -> list[exp.Expr]:
    """The key of the joined row whose name a grouping shows ("by line": `lines.id` before
    `lines.name`), or nothing: one group per line even where two share a name, and the rows
    are read in key order instead of all sorted by name."""
    if dim.grain or dim.ref.table == plan.table:
        return []
    table = index.table(dim.ref.table)
    keys = [c for c in table.columns if c.primary_key]
    if len(keys) != 1 or keys[0].name == dim.ref.column or index.label_column(table.name) != dim.ref.column:
        return []  # not the row's own name: a line's workshop is shared by several lines
    return [_col(Ref(table.name, keys[0].name))]


#: Measures that a trend may sum by the raw time first: each is exactly re-aggregated by its
#: grain (a count is the sum of counts, a sum the sum of sums, a min the min of mins; an
#: average is not the average of averages, nor a ratio the ratio of ratios).
REAGGREGATE: dict[str, type[exp.AggFunc]] = {"count": exp.Sum, "sum": exp.Sum, "min": exp.Min, "max": exp.Max}
BY_TIME = "by_time"


def by_time_first(plan: Plan) -> bool:
    """Whether `plan` is a trend rendered in two steps: its measure per raw time value (rows
    read in the order of the time column's index, no function of each row's time, no sort of
    every row), then those few values per grain. Only where the measure re-aggregates exactly.
    """
    return (
        len(plan.group) == 1
        and bool(plan.group[0].grain)
        and plan.group[0].ref.table == plan.table
        and plan.measure is not None
        and plan.measure.agg in REAGGREGATE
        and not plan.measure.also
        and plan.having is None
        and not plan.absent
    )


def reaggregated(plan: Plan) -> exp.Expr:
    """The outer measure of a plan rendered `by_time_first`: its inner measure re-aggregated."""
    assert plan.measure is not None
    return REAGGREGATE[plan.measure.agg](this=exp.column(measure_alias(plan), table=BY_TIME, quoted=True))


def _by_time_first(
    plan: Plan, catalog: Catalog, dialect: str, timezone: ZoneInfo | None, index: SchemaIndex
) -> exp.Select:
    dim = plan.group[0]
    raw = Plan(
        plan.table,
        plan.measure,
        plan.filters,
        window=plan.window,
        time_ref=plan.time_ref,
        group=[Dim(dim.ref)],
        late=plan.late,
    )
    inner = build(raw, catalog, dialect, timezone=timezone)
    time = exp.column(dim_alias(raw.group[0], raw), table=BY_TIME, quoted=True)
    bucket = truncate(_local(time, dim.ref, index, timezone, plan, dialect), dim.grain, dialect)
    query = (
        exp.select(
            exp.alias_(bucket, dim_alias(dim, plan), quoted=True),
            exp.alias_(reaggregated(plan), measure_alias(plan), quoted=True),
        )
        .from_(inner.subquery(BY_TIME, copy=False), copy=False)
        .group_by(bucket.copy(), copy=False)
    )
    if plan.order:
        query = query.order_by(exp.Ordered(this=exp.column(dim_alias(dim, plan), quoted=True)), copy=False)
    if plan.limit:
        query = query.limit(plan.limit, copy=False)
    return query


def _in_unit_said(bound: Filter, index: SchemaIndex) -> exp.Expr | None:
    """A length of time listed beside the bound put on it, in the unit the bound was said in
    when the column keeps another: "stops over 3 hours" shows `dur_min` and its hours.

    >>> from nl2sql.catalog import TableInfo
    >>> catalog = Catalog("sqlite", {"stops": TableInfo("stops", [Column("dur_min", "int")])})
    >>> index = SchemaIndex.of(catalog)
    >>> _in_unit_said(Filter(Ref("stops", "dur_min"), ">", 180, "> 3 hour", "h"), index).sql()
    '"stops"."dur_min" / 60.0 AS "dur_min_in_h"'
    >>> _in_unit_said(Filter(Ref("stops", "dur_min"), ">", 30, "> 30 minute", "min"), index) is None
    True
    """
    column = index.table(bound.ref.table).column(bound.ref.column)
    kept = column_unit(column) if column is not None else ""
    if bound.unit not in UNIT_MINUTES or kept not in UNIT_MINUTES or kept == bound.unit:
        return None
    minutes: exp.Expr = _col(bound.ref)
    if UNIT_MINUTES[kept] != 1:  # a column of seconds or hours, in minutes first
        minutes = exp.Mul(this=minutes, expression=exp.Literal.number(UNIT_MINUTES[kept]))
    shown = exp.Div(this=minutes, expression=exp.Literal.number(UNIT_MINUTES[bound.unit]))
    return exp.alias_(shown, f"{bound.ref.column}_in_{bound.unit}", quoted=True)


def _shown(ref: Ref, index: SchemaIndex, timezone: ZoneInfo | None, plan: Plan, dialect: str) -> exp.Expr:
    """A listed column as people read it: a time kept as a number (epoch seconds or ms, a
    `YYYYMMDD` day) as plant time, under its own name; any other column as it is."""
    column = index.table(ref.table).column(ref.column)
    if column is None or not (column.storage.startswith("epoch") or column.storage == "date_int"):
        return _col(ref)
    shown = _local(_col(ref), ref, index, timezone, plan, dialect)
    if _whole_days(column, timezone, plan):  # "安装日期": the day, not its midnight
        shown = exp.func("DATE", shown) if dialect == "sqlite" else exp.cast(shown, "DATE")
    return exp.alias_(shown, ref.column, quoted=True)


def _whole_days(column: Column, timezone: ZoneInfo | None, plan: Plan) -> bool:
    """Whether an epoch column keeps days: each value the plant's midnight (`profile.day_starts`)."""
    offset = timezone.utcoffset(plan.window.start if plan.window else datetime.now()) if timezone else None
    seconds = int(offset.total_seconds()) if offset and column.utc else 0
    return any((start + seconds) % 86400 == 0 for start in column.day_starts)


def _local(
    expression: exp.Expr,
    ref: Ref,
    index: SchemaIndex,
    timezone: ZoneInfo | None,
    plan: Plan,
    dialect: str,
) -> exp.Expr:
    """A time column as a timestamp, a UTC one shown in plant time (fixed offset of the window's start)."""
    column = index.table(ref.table).column(ref.column)
    expression = as_timestamp(expression, column, dialect)
    if timezone is None or column is None or not column.utc:
        return expression
    anchor = plan.window.start if plan.window else datetime.now()
    offset = timezone.utcoffset(anchor)
    minutes = int(offset.total_seconds() // 60) if offset else 0  # India is 5 h 30 min ahead
    if not minutes:
        return expression
    if dialect == "sqlite":
        return exp.func("DATETIME", expression, exp.Literal.string(f"{minutes:+d} minutes"))
    shift = exp.Interval(this=exp.Literal.string(str(minutes)), unit=exp.var("MINUTE"))
    return exp.Add(this=expression, expression=shift)
