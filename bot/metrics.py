"""Definitions of the ops metrics, in one place.

The digest, the `status` command and nl2sql's named metrics all use these, so "MTTR last
week" means the same number everywhere. Each duration metric is the mean (or a
percentile) of `end - start` over andon calls that have both timestamps; cancelled calls
are excluded; a call belongs to the period its `period` column (when it was raised) falls
in. Times are stored in UTC, so differences need no timezone.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, column, select, table
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine


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


def format_duration(seconds: float | None) -> str:
    """A short human duration: "42 s", "7.5 min", "2.3 h"; "–" when unknown.

    >>> format_duration(42), format_duration(450), format_duration(8280), format_duration(None)
    ('42 s', '7.5 min', '2.3 h', '–')
    """
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"
