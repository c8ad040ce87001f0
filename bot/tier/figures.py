"""What a line's tier-1 board shows: the day before's figures against plan (from `bot.metrics`
and the plant's MES tables), and the open calls, open problems and overdue actions now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from bot import metrics
from bot.services import Services
from bot.store.models import AndonCall, Line, Problem
from bot.store.service import open_andon_calls, open_problems


@dataclass(frozen=True)
class DayFigures:
    """A line's figures of one plant day; None where the plant has no such table."""

    day: date
    planned: int | None
    output: int | None
    scrap: int | None
    downtime_min: int | None
    andon_calls: int


@dataclass(frozen=True)
class OpenWork:
    """What is open on a line at a moment: calls, problems, and the problems past due."""

    calls: list[AndonCall]
    problems: list[Problem]
    overdue: list[Problem]


def day_figures(session: Session, services: Services, line: Line, day: date) -> DayFigures:
    """Output vs plan, scrap and downtime of `line` on the plant day `day` (the MES keeps plant
    time), and the andon calls raised that day (the store keeps UTC), cancelled ones excluded."""
    start = datetime.combine(day, time())
    end = start + timedelta(days=1)
    output = metrics.output_vs_plan(session, start, end, [line.id])
    pareto = metrics.downtime_pareto(session, start, end, [line.id])
    utc_start, utc_end = (
        moment.replace(tzinfo=services.timezone).astimezone(UTC).replace(tzinfo=None)
        for moment in (start, end)
    )
    calls = metrics.andon_figures(session, utc_start, utc_end, [line.id]).calls
    row = output[0] if output else None
    return DayFigures(
        day=day,
        planned=None if output is None else (row.planned if row else 0),
        output=None if output is None else (row.output if row else 0),
        scrap=None if output is None else (row.scrap if row else 0),
        downtime_min=None if pareto is None else sum(r.minutes for r in pareto),
        andon_calls=calls,
    )


def open_work(session: Session, line: Line, today: date) -> OpenWork:
    """The line's open andon calls and problems, and the open problems due before `today`."""
    problems = open_problems(session, line.id)
    overdue = [p for p in problems if p.due_date is not None and p.due_date < today]
    return OpenWork(open_andon_calls(session, line.id), problems, overdue)
