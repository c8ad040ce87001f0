"""The figures of a weekly digest, from Gemba's store and, where present, the plant's
MES tables (`production`, `downtime_events`, `defects`).

Andon figures count calls raised in the week (cancelled ones excluded), with the
durations defined in `bot.metrics`; downtime counts stops that began in the week; open-
problem aging is the state at the week's end, so a digest for a past week reads the same
whenever it is made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, func, inspect, or_, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import ColumnElement

from bot import metrics
from bot.digest.period import Week
from bot.sample_plant.schema import defects, downtime_events, production
from bot.services import Services
from bot.store.models import AndonCall, Line, Problem
from bot.types import Language

AGING_BUCKETS = ((0, 1), (1, 3), (3, 7), (7, None))  # days, [low, high)
PARETO_BARS = 8


@dataclass(frozen=True)
class Change:
    """A count this week and last week."""

    label: str
    this_week: int
    last_week: int

    @property
    def delta(self) -> int:
        return self.this_week - self.last_week


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
    """Output against plan of a line (or "all" lines) in the week, pieces."""

    line: str
    planned: int
    output: int
    scrap: int

    @property
    def attainment(self) -> float | None:
        return self.output / self.planned if self.planned else None


@dataclass(frozen=True)
class AgingBucket:
    """Open problems of an age range at the week's end, with their owners (most first)."""

    low: int
    high: int | None
    count: int
    owners: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Offender:
    """A station that called repeatedly for the same reason category."""

    station: str
    line: str
    category: str
    calls: int
    reason: str  # the most frequent free-text reason
    minutes_open: float  # raised to resolved, summed


@dataclass
class Digest:
    """Everything a weekly digest shows; `lines` is None for the whole plant."""

    week: Week
    lines: tuple[str, ...] | None
    calls: Change
    by_line: list[Change]
    by_category: list[Change]
    mtta: metrics.DurationStats
    mttr: metrics.DurationStats
    escalated: int
    pareto: list[ParetoRow] = field(default_factory=list)
    downtime_minutes: int | None = None
    output: list[LineOutput] | None = None
    defects: int | None = None
    defect_types: list[tuple[str, int]] = field(default_factory=list)
    problems_opened: int = 0
    problems_resolved: int = 0
    problems_closed: int = 0
    aging: list[AgingBucket] = field(default_factory=list)
    offenders: list[Offender] = field(default_factory=list)
    top_category: str | None = None
    top_reason: str | None = None
    tip: str | None = None

    @property
    def empty(self) -> bool:
        """Nothing happened: no calls, no stops, no problems opened or closed, no output."""
        return not (
            self.calls.this_week
            or self.downtime_minutes
            or self.problems_opened
            or self.problems_resolved
            or self.problems_closed
            or any(row.planned or row.output for row in self.output or [])
        )

    @property
    def escalated_share(self) -> float | None:
        return self.escalated / self.calls.this_week if self.calls.this_week else None


def compute(
    session: Session,
    services: Services,
    week: Week,
    *,
    lines: Collection[str] | None = None,
    language: Language = "en",
) -> Digest:
    """The digest of `week` for the lines with codes `lines` (None: all lines).

    `language` is only for the playbook tip, which comes from `services.knowledge` when
    it is configured.
    """
    line_rows = list(session.scalars(select(Line).order_by(Line.id)))
    chosen = [line for line in line_rows if lines is None or line.code in lines]
    line_ids = None if lines is None else [line.id for line in chosen]
    start, end = week.utc_bounds(services.timezone)
    before, _ = week.previous().utc_bounds(services.timezone)
    calls = _calls(session, start, end, line_ids)
    earlier = _calls(session, before, start, line_ids)
    digest = Digest(
        week=week,
        lines=None if lines is None else tuple(line.code for line in chosen),
        calls=Change("all", len(calls), len(earlier)),
        by_line=_changes(
            Counter(c.line.code for c in calls),
            Counter(c.line.code for c in earlier),
            [x.code for x in chosen],
        ),
        by_category=_changes(Counter(c.category for c in calls), Counter(c.category for c in earlier)),
        mtta=_stats(session, metrics.MTTA, start, end, line_ids),
        mttr=_stats(session, metrics.MTTR, start, end, line_ids),
        escalated=sum(1 for c in calls if c.escalation_level > 0),
        offenders=_offenders(calls),
    )
    _problems(session, digest, start, end, line_ids)
    _plant(session, digest, week, line_ids)
    if calls:
        top = Counter(c.category for c in calls).most_common()
        digest.top_category = min(top, key=lambda item: (-item[1], item[0]))[0]
        reasons = Counter(c.reason for c in calls if c.category == digest.top_category)
        digest.top_reason = min(reasons.items(), key=lambda item: (-item[1], item[0]))[0]
        digest.tip = _tip(services, digest.top_category, digest.top_reason, language)
    return digest


def _calls(session: Session, start: datetime, end: datetime, line_ids: list[int] | None) -> list[AndonCall]:
    query = (
        select(AndonCall)
        .where(AndonCall.raised_at >= start, AndonCall.raised_at < end, AndonCall.status != "cancelled")
        .options(joinedload(AndonCall.line), joinedload(AndonCall.station))
        .order_by(AndonCall.id)
    )
    if line_ids is not None:
        query = query.where(AndonCall.line_id.in_(line_ids))
    return list(session.scalars(query))


def _changes(now: Counter[str], before: Counter[str], order: list[str] | None = None) -> list[Change]:
    labels = order if order is not None else sorted(now.keys() | before.keys(), key=lambda k: (-now[k], k))
    return [Change(label, now[label], before[label]) for label in labels]


def _stats(
    session: Session,
    metric: metrics.DurationMetric,
    start: datetime,
    end: datetime,
    line_ids: list[int] | None,
) -> metrics.DurationStats:
    pairs = metrics.duration_pairs(session, metric, start, end, line_ids)
    return metrics.duration_stats(metrics.durations_seconds(pairs))


def _offenders(calls: list[AndonCall], limit: int = 3) -> list[Offender]:
    groups: dict[tuple[str, str], list[AndonCall]] = {}
    for call in calls:
        if call.station is not None:
            groups.setdefault((call.station.code, call.category), []).append(call)
    offenders = []
    for (station, category), group in groups.items():
        if len(group) < 2:
            continue
        reasons = Counter(c.reason for c in group)
        offenders.append(
            Offender(
                station=station,
                line=group[0].line.code,
                category=category,
                calls=len(group),
                reason=min(reasons.items(), key=lambda item: (-item[1], item[0]))[0],
                minutes_open=sum(
                    (c.resolved_at - c.raised_at).total_seconds() / 60 for c in group if c.resolved_at
                ),
            )
        )
    offenders.sort(key=lambda o: (-o.calls, -o.minutes_open, o.station, o.category))
    return offenders[:limit]


def _problems(
    session: Session, digest: Digest, start: datetime, end: datetime, line_ids: list[int] | None
) -> None:
    scope = [] if line_ids is None else [Problem.line_id.in_(line_ids)]

    def count(column: Any) -> int:
        return int(session.scalar(select(func.count()).where(column >= start, column < end, *scope)) or 0)

    digest.problems_opened = count(Problem.opened_at)
    digest.problems_resolved = count(Problem.resolved_at)
    digest.problems_closed = count(Problem.closed_at)
    still_open = [
        Problem.opened_at < end,
        or_(Problem.resolved_at.is_(None), Problem.resolved_at >= end),
        or_(Problem.rejected_at.is_(None), Problem.rejected_at >= end),
        or_(Problem.closed_at.is_(None), Problem.closed_at >= end),
    ]
    rows = session.execute(select(Problem.opened_at, Problem.assignee).where(*still_open, *scope)).all()
    for low, high in AGING_BUCKETS:
        owners: Counter[str] = Counter()
        for opened_at, assignee in rows:
            age = (end - opened_at).total_seconds() / 86400
            if age >= low and (high is None or age < high):
                owners[assignee or ""] += 1
        ranked = tuple(sorted(owners.items(), key=lambda item: (-item[1], item[0])))
        digest.aging.append(AgingBucket(low, high, sum(owners.values()), ranked))


def _plant(session: Session, digest: Digest, week: Week, line_ids: list[int] | None) -> None:
    present = set(inspect(session.connection()).get_table_names())
    start, end = week.local_bounds()

    def where(table: Table, column: str) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [table.c[column] >= start, table.c[column] < end]
        if line_ids is not None:
            conditions.append(table.c.line_id.in_(line_ids))
        return conditions

    if "downtime_events" in present:
        t = downtime_events
        rows = session.execute(
            select(t.c.reason, func.sum(t.c.duration_min), func.count())
            .where(and_(*where(t, "started_at")))
            .group_by(t.c.reason)
        ).all()
        digest.downtime_minutes = int(sum(row[1] for row in rows))
        digest.pareto = _pareto([(row[0], int(row[1]), int(row[2])) for row in rows], digest.downtime_minutes)
    if "production" in present:
        t = production
        rows = session.execute(
            select(t.c.line_id, func.sum(t.c.planned_qty), func.sum(t.c.output_qty), func.sum(t.c.scrap_qty))
            .where(and_(*where(t, "hour_start")))
            .group_by(t.c.line_id)
            .order_by(t.c.line_id)
        ).all()
        codes = {row.id: row.code for row in session.execute(select(Line.id, Line.code))}
        digest.output = [
            LineOutput(codes.get(r[0], str(r[0])), int(r[1]), int(r[2]), int(r[3])) for r in rows
        ]
    if "defects" in present:
        t = defects
        rows = session.execute(
            select(t.c.defect_type, func.sum(t.c.qty))
            .where(and_(*where(t, "found_at")))
            .group_by(t.c.defect_type)
        ).all()
        digest.defects = int(sum(row[1] for row in rows))
        digest.defect_types = sorted(((r[0], int(r[1])) for r in rows), key=lambda item: (-item[1], item[0]))


def _pareto(rows: list[tuple[str, int, int]], total: int) -> list[ParetoRow]:
    """Reasons by minutes, largest first, the tail beyond `PARETO_BARS` folded into "other".

    >>> [(r.reason, r.cumulative) for r in _pareto([("a", 10, 1), ("b", 30, 2)], 40)]
    [('b', 0.75), ('a', 1.0)]
    """
    ranked = sorted(rows, key=lambda row: (-row[1], row[0]))
    if len(ranked) > PARETO_BARS:
        tail = ranked[PARETO_BARS - 1 :]
        ranked = [*ranked[: PARETO_BARS - 1], ("other", sum(r[1] for r in tail), sum(r[2] for r in tail))]
    result, running = [], 0
    for reason, minutes, stops in ranked:
        running += minutes
        result.append(ParetoRow(reason, minutes, stops, minutes / total, running / total))
    return result


def _tip(services: Services, category: str, reason: str, language: Language) -> str | None:
    link = getattr(services.knowledge, "link", None)
    if link is None:
        return None
    try:
        citation = link(category, reason, language)
    except Exception:  # a playbook tip is a nicety; the digest goes out without it
        return None
    return None if citation is None else str(citation)
