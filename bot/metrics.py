"""Definitions of the ops metrics, in one place.

The digest, the `status` command and nl2sql's named metrics all use these, so "MTTR last
week" means the same number everywhere. Each duration metric is the mean (or a
percentile) of `end - start` over andon calls that have both timestamps; cancelled calls
are excluded. Times are stored in UTC, so differences need no timezone.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


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
