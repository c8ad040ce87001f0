"""The safety figures the weekly digest and the web board show: observations per kind,
near misses per area, and days since each area's last injury."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.areas import all_areas, area_name
from bot.safety.models import KINDS, SafetyObservation
from bot.safety.texts import kind_word
from bot.services import Services
from bot.texts import say
from bot.types import Language


@dataclass(frozen=True)
class AreaSafety:
    """One area's figures: its near misses in the period, days since its last injury."""

    code: str
    name: str
    name_zh: str
    line_code: str | None
    near_misses: int
    days_since_injury: int | None  # None: no injury recorded

    def label(self, language: Language) -> str:
        """The area's name in `language`."""
        return self.name_zh if language == "zh" else self.name


@dataclass(frozen=True)
class SafetySummary:
    """A period's observations per kind, and every area's figures at the period's end."""

    by_kind: dict[str, int]
    areas: list[AreaSafety]

    @property
    def total(self) -> int:
        """Observations in the period."""
        return sum(self.by_kind.values())


def summarize(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    today: date,
    local: Callable[[datetime], datetime],
    line_ids: list[int] | None = None,
) -> SafetySummary:
    """The figures of observations reported in [start, end) (naive UTC); days since the last
    injury are counted to `today` from injuries before `end`. `line_ids` limits it to the
    areas of those lines (None: every area)."""
    areas = [a for a in all_areas(session) if line_ids is None or a.line_id in line_ids]
    ids = [a.id for a in areas]
    in_period = (
        SafetyObservation.observed_at >= start,
        SafetyObservation.observed_at < end,
        SafetyObservation.area_id.in_(ids),
    )
    kinds = Counter(
        dict(
            session.execute(
                select(SafetyObservation.kind, func.count())
                .where(*in_period)
                .group_by(SafetyObservation.kind)
            ).all()
        )
    )
    near = dict(
        session.execute(
            select(SafetyObservation.area_id, func.count())
            .where(*in_period, SafetyObservation.kind == "near_miss")
            .group_by(SafetyObservation.area_id)
        ).all()
    )
    injured = dict(
        session.execute(
            select(SafetyObservation.area_id, func.max(SafetyObservation.observed_at))
            .where(SafetyObservation.kind == "injury", SafetyObservation.observed_at < end)
            .group_by(SafetyObservation.area_id)
        ).all()
    )
    rows = [
        AreaSafety(
            area.code,
            area.name,
            area_name(area, "zh"),
            area.line.code if area.line else None,
            int(near.get(area.id, 0)),
            (today - local(injured[area.id]).date()).days if area.id in injured else None,
        )
        for area in areas
    ]
    return SafetySummary({kind: int(kinds.get(kind, 0)) for kind in KINDS}, rows)


def this_week(session: Session, services: Services) -> SafetySummary:
    """The board's figures: the plant week so far (from Monday 00:00, plant time)."""
    now = services.now()
    today = services.local(now).date()
    monday = datetime.combine(today - timedelta(days=today.weekday()), time(), tzinfo=services.timezone)
    start = monday.astimezone(UTC).replace(tzinfo=None)
    return summarize(session, start, now + timedelta(seconds=1), today=today, local=services.local)


def days_text(summary: SafetySummary, language: Language, *, limit: int = 12) -> str:
    """Days since the last injury per area, e.g. "L1 12 · TOOL 3 · OFFICE —"."""
    none = "—"
    return " · ".join(
        f"{row.code} {none if row.days_since_injury is None else row.days_since_injury}"
        for row in summary.areas[:limit]
    )


def digest_line(summary: SafetySummary, language: Language) -> str:
    """The digest's safety sentence."""
    return say(
        "safety_digest",
        language,
        total=summary.total,
        days=days_text(summary, language),
        **summary.by_kind,
    )


def digest_markdown(summary: SafetySummary, language: Language) -> list[str]:
    """The digest document's safety section: counts per kind, then a table per area."""
    out = [f"## {say('safety_digest_heading', language)}", "", digest_line(summary, language), ""]
    head = [
        say("safety_column_area", language),
        say("safety_board_near_misses", language),
        say("safety_column_days", language),
    ]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in summary.areas:
        days = "—" if row.days_since_injury is None else str(row.days_since_injury)
        out.append(f"| {row.code} · {row.label(language)} | {row.near_misses} | {days} |")
    kinds = " · ".join(f"{kind_word(k, language)} {n}" for k, n in summary.by_kind.items())
    return [*out, "", kinds]
