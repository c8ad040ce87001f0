"""One definition of MTTA and MTTR, used alike by the digest, `status` and nl2sql."""

from __future__ import annotations

import dataclasses
import random
import statistics
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import text

from bot import Services, handle, metrics
from bot.metrics import format_duration
from tests.conftest import message


def test_the_metric_shape_nl2sql_builds_on_is_stable() -> None:
    names = [f.name for f in dataclasses.fields(metrics.DurationMetric)]
    assert names[:10] == [
        "name",
        "table",
        "start",
        "end",
        "excluded_status",
        "label_en",
        "label_zh",
        "definition_en",
        "definition_zh",
        "synonyms",
    ]
    assert [(m.name, m.start, m.end, m.excluded_status) for m in metrics.DURATION_METRICS] == [
        ("mtta", "raised_at", "acknowledged_at", "cancelled"),
        ("mttr", "raised_at", "resolved_at", "cancelled"),
    ]


@pytest.mark.parametrize("metric", metrics.DURATION_METRICS, ids=lambda m: m.name)
def test_the_mean_over_a_week_equals_sql_avg_to_the_second(services: Services, metric) -> None:
    start, end = datetime(2026, 11, 8, 16), datetime(2026, 11, 15, 16)
    with services.sessions() as session:
        stats = metrics.duration_stats(
            metrics.durations_seconds(metrics.duration_pairs(session, metric, start, end))
        )
        expected = session.execute(
            text(
                f"SELECT AVG((julianday({metric.end}) - julianday(raised_at)) * 86400), COUNT({metric.end}) "
                "FROM andon_calls WHERE status != 'cancelled' AND raised_at >= :s AND raised_at < :e"
            ),
            {"s": "2026-11-08 16:00:00", "e": "2026-11-15 16:00:00"},
        ).one()
    assert stats.mean == pytest.approx(expected[0], abs=0.5)
    assert stats.count == expected[1]


def test_status_shows_the_same_mtta_and_mttr_as_the_shared_definition(services: Services) -> None:
    now = services.now()
    day_start = datetime.combine(services.local(now).date(), time()).replace(tzinfo=services.timezone)
    since = day_start.astimezone(UTC).replace(tzinfo=None)
    with services.sessions() as session:
        figures = {
            m.name: metrics.duration_stats(
                metrics.durations_seconds(
                    metrics.duration_pairs(session, m, since, since + timedelta(days=1))
                )
            ).mean
            for m in metrics.DURATION_METRICS
        }
    reply = handle(message("status"), services)
    assert reply is not None
    fields = dict(reply.fields)
    assert fields["MTTA today"] == format_duration(figures["mtta"])
    assert fields["MTTR today"] == format_duration(figures["mttr"])


def test_percentiles_interpolate_like_statistics_inclusive_quantiles() -> None:
    rng = random.Random(3)
    for size in (2, 5, 17, 100):
        values = [rng.uniform(0, 3600) for _ in range(size)]
        deciles = statistics.quantiles(values, n=10, method="inclusive")
        assert metrics.percentile(values, 90) == pytest.approx(deciles[8])
        assert metrics.percentile(values, 50) == pytest.approx(statistics.median(values))


def test_each_metric_has_its_words_in_both_languages() -> None:
    for metric in (*metrics.DURATION_METRICS, metrics.ANDON_COUNT, metrics.ESCALATED_SHARE, metrics.DOWNTIME):
        assert metric.label("en") and metric.label("zh") != metric.label("en")
        assert metric.definition("en") and metric.definition("zh")
