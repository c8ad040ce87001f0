"""The figures of a KPI page: today and a week, for the plant or some lines.

Every number comes from `bot.metrics`, the functions the weekly digest and `status` call, so
a week's MTTR on the board is the digest's MTTR of that week and today's count is `status`'s.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot import metrics
from bot.digest.period import Day, Week
from bot.metrics import AgingBucket, AndonFigures, LineOutput, ParetoRow


@dataclass(frozen=True)
class PeriodFigures:
    """Andon figures, downtime Pareto and output against plan of one period. `pareto` and
    `output` are None when the plant has no such table (not the same as nothing recorded)."""

    name: str  # "2026-11-21" or "2026-W47"
    first_day: date
    andon: AndonFigures
    pareto: list[ParetoRow] | None
    output: list[LineOutput] | None

    @property
    def downtime_minutes(self) -> int | None:
        """Minutes of downtime in the period, None without a downtime table."""
        return None if self.pareto is None else sum(row.minutes for row in self.pareto)

    @property
    def attainment(self) -> float | None:
        """Output / plan over every line (0-1), None without a production table or a plan."""
        if not self.output:
            return None
        planned = sum(row.planned for row in self.output)
        return sum(row.output for row in self.output) / planned if planned else None


@dataclass(frozen=True)
class KpiFigures:
    """A KPI page's figures. `today` is None unless `week` is the current week; `aging` is
    the open problems at `aging_at` (now for the current week, the week's end for a past one)."""

    week: Week
    current_week: Week
    this_week: PeriodFigures
    today: PeriodFigures | None
    aging: list[AgingBucket]
    aging_at: datetime


def kpi_figures(
    session: Session,
    week: Week,
    *,
    now: datetime,
    timezone: ZoneInfo,
    line_ids: Collection[int] | None = None,
) -> KpiFigures:
    """The figures of `week` (and of today when `week` is the current one) for `line_ids`
    (None: the whole plant); `now` is naive UTC."""
    today = Day.today(now, timezone)
    current = Week.of(today.day)
    week_end = week.utc_bounds(timezone)[1]
    return KpiFigures(
        week=week,
        current_week=current,
        this_week=period_figures(session, week, timezone, line_ids),
        today=period_figures(session, today, timezone, line_ids) if week == current else None,
        aging=metrics.open_problem_aging(session, min(now, week_end), line_ids),
        aging_at=min(now, week_end),
    )


def period_figures(
    session: Session, period: Week | Day, timezone: ZoneInfo, line_ids: Collection[int] | None = None
) -> PeriodFigures:
    """Andon figures (store, UTC bounds), downtime and output (MES tables, plant-local bounds)
    of `period`."""
    local_start, local_end = period.local_bounds()
    return PeriodFigures(
        name=str(period),
        first_day=local_start.date(),
        andon=metrics.andon_figures(session, *period.utc_bounds(timezone), line_ids),
        pareto=metrics.downtime_pareto(session, local_start, local_end, line_ids),
        output=metrics.output_vs_plan(session, local_start, local_end, line_ids),
    )
