"""Definitions of the ops metrics, in one place.

The digest, the `status` command and nl2sql's named metrics all use these, so "MTTR last
week" means the same number everywhere. Each duration metric is the mean (or a
percentile) of `end - start` over andon calls that have both timestamps; cancelled calls
are excluded; a call belongs to the period its `period` column (when it was raised) falls
in. Times are stored in UTC, so differences need no timezone.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, Table, and_, column, func, inspect, or_, select, table
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeEngine

from bot.sample_plant.schema import downtime_events, production
from bot.store.models import AndonCall, Line, Problem


@dataclass(frozen=True)
class DurationMetric:
    """A duration between two timestamps of the same record."""

    name: str
    table: str
    start: str
    end: str
    excluded_status: str
    label_en: str
    label_zh: str
    definition_en: str
    definition_zh: str
    synonyms: tuple[str, ...] = ()
    period: str = "raised_at"

    def label(self, language: str) -> str:
        """The short label in `language`."""
        return self.label_zh if language == "zh" else self.label_en

    def definition(self, language: str) -> str:
        """The one-sentence definition in `language`."""
        return self.definition_zh if language == "zh" else self.definition_en


@dataclass(frozen=True)
class Definition:
    """A count or share shown in the digest, with its wording."""

    name: str
    label_en: str
    label_zh: str
    definition_en: str
    definition_zh: str

    def label(self, language: str) -> str:
        """The short label in `language`."""
        return self.label_zh if language == "zh" else self.label_en

    def definition(self, language: str) -> str:
        """The one-sentence definition in `language`."""
        return self.definition_zh if language == "zh" else self.definition_en


@dataclass(frozen=True)
class DurationStats:
    """Count, mean, median and 90th percentile of some durations, in seconds."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None


MTTA = DurationMetric(
    name="mtta",
    table="andon_calls",
    start="raised_at",
    end="acknowledged_at",
    excluded_status="cancelled",
    label_en="MTTA",
    label_zh="平均响应时间",
    definition_en="mean time from raising an andon call to its acknowledgement; cancelled calls excluded",
    definition_zh="从拉下安灯到有人确认的平均时间；不含已取消的呼叫",
    synonyms=("mean time to acknowledge", "response time", "time to respond", "响应时间", "确认时间"),
)

MTTR = DurationMetric(
    name="mttr",
    table="andon_calls",
    start="raised_at",
    end="resolved_at",
    excluded_status="cancelled",
    label_en="MTTR",
    label_zh="平均解决时间",
    definition_en="mean time from raising an andon call to its resolution; cancelled calls excluded",
    definition_zh="从拉下安灯到问题解决的平均时间；不含已取消的呼叫",
    synonyms=("mean time to resolve", "mean time to repair", "resolution time", "解决时间", "修复时间"),
)

DURATION_METRICS = (MTTA, MTTR)

ANDON_COUNT = Definition(
    name="andon_count",
    label_en="Andon calls",
    label_zh="安灯次数",
    definition_en="andon calls raised in the period, cancelled calls excluded (an indicator, not a target)",
    definition_zh="期间内拉下的安灯次数，不含已取消的呼叫（是信号，不是考核指标）",
)

ESCALATED_SHARE = Definition(
    name="escalated_share",
    label_en="Escalated",
    label_zh="升级比例",
    definition_en="share of the period's andon calls that reached escalation level 1 or higher",
    definition_zh="期间内安灯呼叫中升级到第 1 级或以上的比例",
)

DOWNTIME = Definition(
    name="downtime",
    label_en="Downtime",
    label_zh="停机时间",
    definition_en="minutes of machine stops that began in the period, by reason",
    definition_zh="期间内开始的设备停机分钟数，按原因统计",
)


def duration_pairs(
    session: Session,
    metric: DurationMetric,
    start: datetime,
    end: datetime,
    line_ids: Collection[int] | None = None,
) -> list[tuple[datetime, datetime | None]]:
    """(start, end) timestamps of the records `metric` counts whose period column lies in
    [start, end) (naive UTC), optionally only on `line_ids`."""
    # Typed columns, so SQLite's text timestamps come back as datetimes.
    types: dict[str, type[TypeEngine[Any]]] = {
        metric.start: DateTime,
        metric.end: DateTime,
        metric.period: DateTime,
    }
    types |= {"status": String, "line_id": Integer}
    records = table(metric.table, *(column(name, kind) for name, kind in types.items()))
    c = records.c
    query = select(c[metric.start], c[metric.end]).where(
        c[metric.period] >= start, c[metric.period] < end, c.status != metric.excluded_status
    )
    if line_ids is not None:
        query = query.where(c.line_id.in_(list(line_ids)))
    return [(row[0], row[1]) for row in session.execute(query)]


def duration_stats(values: Sequence[float]) -> DurationStats:
    """Count, mean, median and p90 of `values` (seconds).

    >>> duration_stats([60.0, 120.0, 600.0])
    DurationStats(count=3, mean=260.0, median=120.0, p90=504.0)
    """
    return DurationStats(len(values), mean(values), percentile(values, 50), percentile(values, 90))


def durations_seconds(pairs: Sequence[tuple[datetime, datetime | None]]) -> list[float]:
    """Seconds from start to end for the pairs that have an end.

    >>> from datetime import datetime as dt
    >>> durations_seconds([(dt(2026, 1, 1, 8), dt(2026, 1, 1, 8, 5)), (dt(2026, 1, 1, 9), None)])
    [300.0]
    """
    return [(end - start).total_seconds() for start, end in pairs if end is not None]


def mean(values: Sequence[float]) -> float | None:
    """The mean, or None for no values.

    >>> mean([60.0, 120.0]), mean([])
    (90.0, None)
    """
    return statistics.fmean(values) if values else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0-100) by linear interpolation between closest ranks, or None.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([10.0], 90), percentile([], 50)
    (2.5, 10.0, None)
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


_UNITS = {"en": (" s", " min", " h"), "zh": (" 秒", " 分钟", " 小时")}


def format_duration(seconds: float | None, language: str = "en") -> str:
    """A short human duration in `language`: "42 s", "7.5 min", "2.3 h"; "–" when unknown.

    >>> format_duration(42), format_duration(450), format_duration(8280), format_duration(None)
    ('42 s', '7.5 min', '2.3 h', '–')
    >>> format_duration(450, "zh")
    '7.5 分钟'
    """
    if seconds is None:
        return "–"
    second, minute, hour = _UNITS["zh" if language == "zh" else "en"]
    if seconds < 60:
        return f"{seconds:.0f}{second}"
    if seconds < 5400:
        return f"{seconds / 60:.1f}{minute}"
    return f"{seconds / 3600:.1f}{hour}"


# Figures of a period. The digest, `status` and the web KPI pages call these and nothing
# else, so the same period shows the same numbers in chat, in the digest and on the board.

AGING_BUCKETS = ((0, 1), (1, 3), (3, 7), (7, None))  # days, [low, high)
PARETO_BARS = 8


@dataclass(frozen=True)
class AndonFigures:
    """Andon calls raised in a period, cancelled ones excluded: how many, per line code and
    per category (most first), their MTTA and MTTR, and how many were escalated."""

    calls: int
    by_line: tuple[tuple[str, int], ...]
    by_category: tuple[tuple[str, int], ...]
    mtta: DurationStats
    mttr: DurationStats
    escalated: int

    @property
    def escalated_share(self) -> float | None:
        """Escalated calls / calls (0-1), None without calls."""
        return self.escalated / self.calls if self.calls else None


@dataclass(frozen=True)
class ParetoRow:
    """A downtime reason: minutes, share of all downtime and cumulative share (0-1)."""

    reason: str
    minutes: int
    stops: int
    share: float
    cumulative: float


@dataclass(frozen=True)
class LineOutput:
    """Output against plan of a line in a period, pieces."""

    line: str
    planned: int
    output: int
    scrap: int

    @property
    def attainment(self) -> float | None:
        """Output / plan (0-1), None without a plan."""
        return self.output / self.planned if self.planned else None


@dataclass(frozen=True)
class AgingBucket:
    """Open problems of an age range (days, [low, high)) at a moment, with their owners
    (most first; "" for unassigned)."""

    low: int
    high: int | None
    count: int
    owners: tuple[tuple[str, int], ...]


def andon_figures(
    session: Session, start: datetime, end: datetime, line_ids: Collection[int] | None = None
) -> AndonFigures:
    """The `AndonFigures` of calls raised in [start, end) (naive UTC), optionally only on `line_ids`."""
    query = (
        select(Line.code, AndonCall.category, AndonCall.escalation_level)
        .join(Line, Line.id == AndonCall.line_id)
        .where(AndonCall.raised_at >= start, AndonCall.raised_at < end, AndonCall.status != "cancelled")
    )
    if line_ids is not None:
        query = query.where(AndonCall.line_id.in_(list(line_ids)))
    rows = session.execute(query).all()

    def stats(metric: DurationMetric) -> DurationStats:
        return duration_stats(durations_seconds(duration_pairs(session, metric, start, end, line_ids)))

    return AndonFigures(
        calls=len(rows),
        by_line=ranked(Counter(row[0] for row in rows)),
        by_category=ranked(Counter(row[1] for row in rows)),
        mtta=stats(MTTA),
        mttr=stats(MTTR),
        escalated=sum(1 for row in rows if row[2] > 0),
    )


def ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """Counts largest first, ties by name.

    >>> ranked(Counter({"b": 2, "a": 2, "c": 5}))
    (('c', 5), ('a', 2), ('b', 2))
    """
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def plant_tables(session: Session) -> set[str]:
    """Names of the tables in the session's database (the MES tables are optional)."""
    return set(inspect(session.connection()).get_table_names())


def _where(
    mes_table: Table, column_name: str, start: datetime, end: datetime, line_ids: Collection[int] | None
) -> ColumnElement[bool]:
    conditions = [mes_table.c[column_name] >= start, mes_table.c[column_name] < end]
    if line_ids is not None:
        conditions.append(mes_table.c.line_id.in_(list(line_ids)))
    return and_(*conditions)


def downtime_pareto(
    session: Session, start: datetime, end: datetime, line_ids: Collection[int] | None = None
) -> list[ParetoRow] | None:
    """Stops that began in [start, end) (naive plant time, as the MES keeps it) by reason, as
    a Pareto (see `pareto`); None when the plant has no `downtime_events` table."""
    if "downtime_events" not in plant_tables(session):
        return None
    t = downtime_events
    rows = session.execute(
        select(t.c.reason, func.sum(t.c.duration_min), func.count())
        .where(_where(t, "started_at", start, end, line_ids))
        .group_by(t.c.reason)
    ).all()
    return pareto([(row[0], int(row[1]), int(row[2])) for row in rows])


def pareto(rows: Sequence[tuple[str, int, int]]) -> list[ParetoRow]:
    """(reason, minutes, stops) by minutes, largest first, the tail beyond `PARETO_BARS`
    folded into "other", with each reason's share and the cumulative share.

    >>> [(r.reason, r.cumulative) for r in pareto([("a", 10, 1), ("b", 30, 2)])]
    [('b', 0.75), ('a', 1.0)]
    """
    total = sum(row[1] for row in rows)
    ordered = sorted(rows, key=lambda row: (-row[1], row[0]))
    if len(ordered) > PARETO_BARS:
        tail = ordered[PARETO_BARS - 1 :]
        ordered = [*ordered[: PARETO_BARS - 1], ("other", sum(r[1] for r in tail), sum(r[2] for r in tail))]
    result, running = [], 0
    for reason, minutes, stops in ordered:
        running += minutes
        result.append(ParetoRow(reason, minutes, stops, minutes / total, running / total))
    return result


def output_vs_plan(
    session: Session, start: datetime, end: datetime, line_ids: Collection[int] | None = None
) -> list[LineOutput] | None:
    """Planned, actual and scrapped pieces per line for hours starting in [start, end) (naive
    plant time); None when the plant has no `production` table."""
    if "production" not in plant_tables(session):
        return None
    t = production
    rows = session.execute(
        select(t.c.line_id, func.sum(t.c.planned_qty), func.sum(t.c.output_qty), func.sum(t.c.scrap_qty))
        .where(_where(t, "hour_start", start, end, line_ids))
        .group_by(t.c.line_id)
        .order_by(t.c.line_id)
    ).all()
    codes = {row.id: row.code for row in session.execute(select(Line.id, Line.code))}
    return [LineOutput(codes.get(r[0], str(r[0])), int(r[1]), int(r[2]), int(r[3])) for r in rows]


def open_problem_aging(
    session: Session, at: datetime, line_ids: Collection[int] | None = None
) -> list[AgingBucket]:
    """Problems open at `at` (naive UTC: opened before, not yet resolved, rejected or closed)
    by age in `AGING_BUCKETS`, each with its owners."""
    still_open = [
        Problem.opened_at < at,
        or_(Problem.resolved_at.is_(None), Problem.resolved_at >= at),
        or_(Problem.rejected_at.is_(None), Problem.rejected_at >= at),
        or_(Problem.closed_at.is_(None), Problem.closed_at >= at),
    ]
    if line_ids is not None:
        still_open.append(Problem.line_id.in_(list(line_ids)))
    rows = session.execute(select(Problem.opened_at, Problem.assignee).where(*still_open)).all()
    buckets = []
    for low, high in AGING_BUCKETS:
        owners: Counter[str] = Counter()
        for opened_at, assignee in rows:
            if in_age_bucket((at - opened_at).total_seconds() / 86400, low, high):
                owners[assignee or ""] += 1
        buckets.append(AgingBucket(low, high, sum(owners.values()), ranked(owners)))
    return buckets


def in_age_bucket(age_days: float, low: int, high: int | None) -> bool:
    """Whether an age in days falls in [low, high) (high None: no upper bound).

    >>> in_age_bucket(3.0, 1, 3), in_age_bucket(3.0, 3, 7), in_age_bucket(40, 7, None)
    (False, True, True)
    """
    return age_days >= low and (high is None or age_days < high)
