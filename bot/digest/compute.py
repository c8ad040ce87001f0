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
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import ColumnElement

from bot import metrics
from bot.audits.digest import AuditWeek, audit_week
from bot.digest.period import Week
from bot.handover.digest import HandoverFigures, week_figures
from bot.improve.digest import ProjectsByStage, projects_by_stage
from bot.metrics import AgingBucket, LineOutput, ParetoRow
from bot.safety.summary import SafetySummary, summarize
from bot.sample_plant.schema import defects
from bot.services import Services
from bot.store.models import AndonCall, Line, Problem
from bot.tier.digest import TierWeekLine, tier_week
from bot.types import Language


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
    tier: list[TierWeekLine] = field(default_factory=list)
    handovers: list[HandoverFigures] = field(default_factory=list)
    audits: AuditWeek | None = None
    safety: SafetySummary | None = None
    projects: ProjectsByStage | None = None

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
    now = metrics.andon_figures(session, start, end, line_ids)
    earlier = metrics.andon_figures(session, before, start, line_ids)
    calls = _calls(session, start, end, line_ids)
    digest = Digest(
        week=week,
        lines=None if lines is None else tuple(line.code for line in chosen),
        calls=Change("all", now.calls, earlier.calls),
        by_line=_changes(
            Counter(dict(now.by_line)), Counter(dict(earlier.by_line)), [x.code for x in chosen]
        ),
        by_category=_changes(Counter(dict(now.by_category)), Counter(dict(earlier.by_category))),
        mtta=now.mtta,
        mttr=now.mttr,
        escalated=now.escalated,
        offenders=_offenders(calls),
        aging=metrics.open_problem_aging(session, end, line_ids),
    )
    _problems(session, digest, start, end, line_ids)
    digest.tier = tier_week(session, start, end, line_ids)
    digest.handovers = week_figures(session, start, end, line_ids)
    digest.audits = audit_week(session, start, end, line_ids)
    digest.safety = summarize(session, start, end, today=week.sunday, local=services.local, line_ids=line_ids)
    _plant(session, digest, week, line_ids)
    digest.projects = projects_by_stage(session, end, week.sunday + timedelta(days=1), line_ids)
    if calls:
        digest.top_category = now.by_category[0][0]
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


def _plant(session: Session, digest: Digest, week: Week, line_ids: list[int] | None) -> None:
    start, end = week.local_bounds()
    digest.pareto = metrics.downtime_pareto(session, start, end, line_ids) or []
    if "downtime_events" in metrics.plant_tables(session):
        digest.downtime_minutes = sum(row.minutes for row in digest.pareto)
    digest.output = metrics.output_vs_plan(session, start, end, line_ids)
    if "defects" in metrics.plant_tables(session):
        t = defects
        conditions: list[ColumnElement[bool]] = [t.c.found_at >= start, t.c.found_at < end]
        if line_ids is not None:
            conditions.append(t.c.line_id.in_(line_ids))
        rows = session.execute(
            select(t.c.defect_type, func.sum(t.c.qty)).where(and_(*conditions)).group_by(t.c.defect_type)
        ).all()
        digest.defects = int(sum(row[1] for row in rows))
        digest.defect_types = sorted(((r[0], int(r[1])) for r in rows), key=lambda item: (-item[1], item[0]))


def _tip(services: Services, category: str, reason: str, language: Language) -> str | None:
    link = getattr(services.knowledge, "link", None)
    if link is None:
        return None
    try:
        citation = link(category, reason, language)
    except Exception:  # a playbook tip is a nicety; the digest goes out without it
        return None
    return None if citation is None else str(citation)
