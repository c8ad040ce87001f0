"""Open problems chosen by line, category, owner and age, and a problem's history.

What the problems page shows; the age buckets are `bot.metrics.AGING_BUCKETS`, the same
the KPI pages and the weekly digest count open problems in.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.metrics import AGING_BUCKETS, in_age_bucket
from bot.store import service
from bot.store.models import Event, Problem

UNASSIGNED = "-"  # the owner filter's value for problems nobody owns


@dataclass(frozen=True)
class ProblemFilter:
    """Which open problems to list; an empty field does not filter.

    `age` is a bucket name of `age_bucket_names()` ("0-1", "1-3", "3-7", "7+" days);
    `owner` is an assignee, or `UNASSIGNED`; `lines` limits the lines one may see at all
    (None: every line; problems without a line are then hidden).
    """

    line: str = ""
    category: str = ""
    owner: str = ""
    age: str = ""
    lines: Collection[str] | None = None


def age_bucket_names() -> list[str]:
    """The age filter's choices, youngest first.

    >>> age_bucket_names()
    ['0-1', '1-3', '3-7', '7+']
    """
    return [f"{low}-{high}" if high is not None else f"{low}+" for low, high in AGING_BUCKETS]


def age_days(problem: Problem, now: datetime) -> float:
    """Days since `problem` was opened, at `now` (naive UTC)."""
    return (now - problem.opened_at).total_seconds() / 86400


def matching_problems(session: Session, chosen: ProblemFilter, now: datetime) -> list[Problem]:
    """The open (or in progress) problems `chosen` selects, oldest first, with line and station
    loaded."""
    buckets = dict(zip(age_bucket_names(), AGING_BUCKETS, strict=True))
    result = []
    for problem in service.open_problems(session):
        code = problem.line.code if problem.line else None
        if chosen.lines is not None and code not in chosen.lines:
            continue
        if chosen.line and code != chosen.line:
            continue
        if chosen.category and problem.category != chosen.category:
            continue
        if chosen.owner and (problem.assignee or UNASSIGNED) != chosen.owner:
            continue
        if chosen.age in buckets and not in_age_bucket(age_days(problem, now), *buckets[chosen.age]):
            continue
        result.append(problem)
    return result


def owners(session: Session) -> list[str]:
    """The owners of open problems, sorted (for the owner filter)."""
    return sorted({p.assignee for p in service.open_problems(session) if p.assignee})


def history(session: Session, problem_id: int) -> list[Event]:
    """The problem's events (report, assignment, start, resolution ...) in the order they happened."""
    query = (
        select(Event)
        .where(Event.record_kind == "problem", Event.record_id == problem_id)
        .order_by(Event.at, Event.id)
    )
    return list(session.scalars(query))
