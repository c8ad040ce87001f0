"""The period figures of `bot.metrics` and the KPI page's `bot.kpi.kpi_figures`: the same
numbers as the weekly digest and `status`, checked against SQL written here."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from bot import Services, handle, metrics
from bot.digest import Week, compute
from bot.digest.period import Day
from bot.kpi import kpi_figures
from bot.metrics import format_duration
from tests.conftest import message

W46_UTC = (datetime(2026, 11, 8, 16), datetime(2026, 11, 15, 16))


def test_andon_figures_count_what_sql_counts(services: Services) -> None:
    with services.sessions() as session:
        figures = metrics.andon_figures(session, *W46_UTC)
        rows = session.execute(
            text(
                "SELECT l.code, a.category, a.escalation_level "
                "FROM andon_calls a JOIN lines l ON l.id = a.line_id "
                "WHERE a.status != 'cancelled' AND a.raised_at >= :s AND a.raised_at < :e"
            ),
            {"s": "2026-11-08 16:00:00", "e": "2026-11-15 16:00:00"},
        ).all()
    assert figures.calls == len(rows) == 110
    assert dict(figures.by_line) == {
        code: sum(1 for r in rows if r[0] == code) for code in {r[0] for r in rows}
    }
    assert dict(figures.by_category) == {c: sum(1 for r in rows if r[1] == c) for c in {r[1] for r in rows}}
    counts = [n for _, n in figures.by_category]
    assert counts == sorted(counts, reverse=True)
    assert figures.escalated == sum(1 for r in rows if r[2] > 0)
    assert figures.escalated_share == pytest.approx(figures.escalated / 110)


def test_a_week_on_the_kpi_page_is_the_digests_week(services: Services) -> None:
    week = Week.parse("2026-W46")
    with services.sessions() as session:
        digest = compute(session, services, week, lines=["L3"])
        line_id = session.execute(text("SELECT id FROM lines WHERE code = 'L3'")).scalar_one()
        kpi = kpi_figures(session, week, now=services.now(), timezone=services.timezone, line_ids=[line_id])
    andon = kpi.this_week.andon
    assert (andon.calls, andon.mtta, andon.mttr, andon.escalated) == (
        digest.calls.this_week,
        digest.mtta,
        digest.mttr,
        digest.escalated,
    )
    assert kpi.this_week.pareto == digest.pareto and kpi.this_week.output == digest.output
    assert kpi.this_week.downtime_minutes == digest.downtime_minutes
    assert kpi.aging == digest.aging and kpi.today is None  # a past week: no "today", aging at its end


def test_today_on_the_kpi_page_is_what_status_says(services: Services) -> None:
    with services.sessions() as session:
        kpi = kpi_figures(session, Week.parse("2026-W47"), now=services.now(), timezone=services.timezone)
    fields = dict(handle(message("status"), services).fields)  # type: ignore[union-attr]
    assert kpi.today is not None and kpi.today.name == "2026-11-21"
    assert str(kpi.today.andon.calls) == fields["Raised today"]
    assert str(kpi.today.andon.mttr.count) == fields["Resolved today"]
    assert format_duration(kpi.today.andon.mtta.mean) == fields["MTTA today"]
    assert format_duration(kpi.today.andon.mttr.mean) == fields["MTTR today"]
    open_problems = sum(bucket.count for bucket in kpi.aging)
    assert str(open_problems) == fields["Open problems"]
    assert kpi.aging_at == services.now()


def test_a_pareto_folds_its_tail_into_other_and_ends_at_100_percent() -> None:
    rows = [(f"r{i}", 100 - i * 10, 1) for i in range(10)]
    pareto = metrics.pareto(rows)
    assert len(pareto) == metrics.PARETO_BARS and pareto[-1].reason == "other"
    assert sum(r.minutes for r in pareto) == sum(r[1] for r in rows)
    assert pareto[-1].cumulative == pytest.approx(1.0)
    assert [r.cumulative for r in pareto] == sorted(r.cumulative for r in pareto)
    assert metrics.pareto([]) == []


def test_a_day_in_the_plant_is_its_local_midnight_to_midnight(services: Services) -> None:
    day = Day.today(datetime(2026, 11, 20, 16, 30), services.timezone)
    assert str(day) == "2026-11-21"
    assert day.utc_bounds(services.timezone) == (datetime(2026, 11, 20, 16), datetime(2026, 11, 21, 16))


def test_durations_are_worded_in_the_page_language() -> None:
    assert [format_duration(s, "zh") for s in (42, 450, 8280)] == ["42 秒", "7.5 分钟", "2.3 小时"]
    assert format_duration(450) == "7.5 min"
