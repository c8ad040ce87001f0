"""The figures an improvement project can measure, and how Gemba measures them.

Every figure is computed by `bot.metrics` (the same functions the digest and `status` use),
over whole plant-calendar days, for one line and optionally one andon category or downtime
reason: counts and minutes are given per week (total × 7 / days), output against plan as a
percentage. A project's baseline is measured over the `BASELINE_WEEKS` full weeks before the
week it is measured in; its check over the days after its last countermeasure was done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import metrics
from bot.errors import BotError
from bot.improve.texts import Bilingual
from bot.sample_plant.schema import downtime_events
from bot.store.models import ANDON_CATEGORIES
from bot.texts import word
from bot.types import Language

BASELINE_WEEKS = 4
#: A check needs at least this many whole days after the countermeasures: less is noise.
MIN_CHECK_DAYS = 7


@dataclass(frozen=True)
class Figure:
    """A figure a project can be measured by: its name, labels, unit and the words people use."""

    name: str
    label_en: str
    label_zh: str
    unit_en: str
    unit_zh: str
    words: tuple[str, ...]
    filter_kind: str | None  # "category" (andon), "reason" (downtime) or None
    lower_is_better: bool = True

    def label(self, language: Language) -> str:
        """The figure's name in `language`."""
        return self.label_zh if language == "zh" else self.label_en

    def unit(self, language: Language) -> str:
        """The unit of its value in `language`."""
        return self.unit_zh if language == "zh" else self.unit_en


FIGURES = (
    Figure(
        "andon_calls",
        "Andon calls per week",
        "每周安灯次数",
        "calls/week",
        "次/周",
        ("andon", "calls", "安灯", "呼叫"),
        "category",
    ),
    Figure(
        "downtime_minutes",
        "Downtime minutes per week",
        "每周停机分钟",
        "min/week",
        "分钟/周",
        ("downtime", "stops", "停机"),
        "reason",
    ),
    Figure(
        "scrap_pieces", "Scrap pieces per week", "每周报废件数", "pcs/week", "件/周", ("scrap", "报废"), None
    ),
    Figure(
        "output_attainment",
        "Output vs plan",
        "产量达成率",
        "%",
        "%",
        ("output", "attainment", "产量", "达成", "产量达成"),
        None,
        lower_is_better=False,
    ),
)
BY_NAME = {figure.name: figure for figure in FIGURES}


@dataclass(frozen=True)
class Reading:
    """A figure measured over the days [first, last]: the period's total and the value."""

    first: date
    last: date
    total: float
    value: float

    @property
    def days(self) -> int:
        """Days in the period."""
        return (self.last - self.first).days + 1


def find_figure(token: str) -> Figure | None:
    """The figure a word names ("andon", "停机", "scrap"…), or None.

    >>> find_figure("停机").name, find_figure("Andon").name, find_figure("oee")
    ('downtime_minutes', 'andon_calls', None)
    """
    token = token.strip().lower()
    return next((f for f in FIGURES if token == f.name or token in f.words), None)


def figure_names(language: Language) -> str:
    """The figures and the words that name them, for a usage hint."""
    names = [next(w for w in f.words if w.isascii() != (language == "zh")) for f in FIGURES]
    return ", ".join(f"{name} ({f.label(language)})" for name, f in zip(names, FIGURES, strict=True))


def andon_category(token: str) -> str | None:
    """The andon category a word names, in English or Chinese ("material", "物料").

    >>> andon_category("物料"), andon_category("Quality"), andon_category("paint")
    ('material', 'quality', None)
    """
    token = token.strip().lower()
    return next((c for c in ANDON_CATEGORIES if token in (c, word(c, "zh"))), None)


def check_filter(session: Session, figure: Figure, line_id: int, given: str | None) -> str | None:
    """The filter `given` in its stored form, or raises `BotError` naming the valid ones."""
    if not given:
        return None
    if figure.filter_kind == "category":
        category = andon_category(given)
        if category is None:
            raise BotError("improve_bad_filter", given=given, valid=", ".join(ANDON_CATEGORIES))
        return category
    if figure.filter_kind == "reason":
        reasons = downtime_reasons(session, line_id)
        chosen = next((r for r in reasons if r.lower() == given.strip().lower()), None)
        if chosen is None:
            raise BotError("improve_bad_filter", given=given, valid=", ".join(reasons) or "–")
        return chosen
    raise BotError("improve_no_filter", given=given)


def downtime_reasons(session: Session, line_id: int) -> list[str]:
    """The downtime reasons recorded for a line (none without a `downtime_events` table)."""
    if "downtime_events" not in metrics.plant_tables(session):
        return []
    t = downtime_events
    query = select(t.c.reason).where(t.c.line_id == line_id).distinct().order_by(t.c.reason)
    return [str(reason) for reason in session.scalars(query)]


def baseline_period(today: date) -> tuple[date, date]:
    """The `BASELINE_WEEKS` full weeks (Monday to Sunday) before the week of `today`.

    >>> baseline_period(date(2026, 11, 21))
    (datetime.date(2026, 10, 19), datetime.date(2026, 11, 15))
    """
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=BASELINE_WEEKS), monday - timedelta(days=1)


def check_period(done: date, today: date) -> tuple[date, date] | None:
    """The whole days after the last countermeasure was done (`done`) up to yesterday, or
    None when there are fewer than `MIN_CHECK_DAYS`.

    >>> check_period(date(2026, 11, 1), date(2026, 11, 21))
    (datetime.date(2026, 11, 2), datetime.date(2026, 11, 20))
    >>> check_period(date(2026, 11, 18), date(2026, 11, 21)) is None
    True
    """
    first, last = done + timedelta(days=1), today - timedelta(days=1)
    return (first, last) if (last - first).days + 1 >= MIN_CHECK_DAYS else None


def measure(
    session: Session,
    figure: Figure,
    *,
    line_id: int,
    filter_value: str | None,
    first: date,
    last: date,
    timezone: ZoneInfo,
) -> Reading:
    """`figure` of the line over the days [first, last] (plant calendar), from `bot.metrics`."""
    local_start, local_end = (
        datetime.combine(first, time()),
        datetime.combine(last + timedelta(days=1), time()),
    )
    days = (last - first).days + 1
    if figure.name == "andon_calls":
        start, end = _utc(local_start, timezone), _utc(local_end, timezone)
        found = metrics.andon_figures(session, start, end, [line_id])
        total = float(dict(found.by_category).get(filter_value, 0) if filter_value else found.calls)
        return Reading(first, last, total, total * 7 / days)
    if figure.name == "downtime_minutes":
        rows = metrics.downtime_pareto(session, local_start, local_end, [line_id])
        if rows is None:
            raise BotError("improve_no_plant_data", figure=Bilingual(figure.label_en, figure.label_zh))
        total = float(sum(r.minutes for r in rows if filter_value is None or r.reason == filter_value))
        return Reading(first, last, total, total * 7 / days)
    output = metrics.output_vs_plan(session, local_start, local_end, [line_id])
    if output is None:
        raise BotError("improve_no_plant_data", figure=Bilingual(figure.label_en, figure.label_zh))
    if figure.name == "scrap_pieces":
        total = float(sum(row.scrap for row in output))
        return Reading(first, last, total, total * 7 / days)
    planned, made = sum(row.planned for row in output), sum(row.output for row in output)
    attainment = 100 * made / planned if planned else 0.0
    return Reading(first, last, attainment, attainment)


def format_value(value: float | None, figure: Figure, language: Language) -> str:
    """A value with its unit: "12.5 calls/week", "93.1%", "–".

    >>> format_value(12.46, BY_NAME["andon_calls"], "en")
    '12.5 calls/week'
    >>> format_value(93.14, BY_NAME["output_attainment"], "zh")
    '93.1%'
    """
    if value is None:
        return "–"
    unit = figure.unit(language)
    return f"{value:.1f}{unit}" if unit == "%" else f"{value:.1f} {unit}"


def format_total(total: float, figure: Figure) -> str:
    """A period's total: "1,234" (calls, minutes, pieces) or "93.1%".

    >>> format_total(1234.0, BY_NAME["downtime_minutes"]), format_total(93.14, BY_NAME["output_attainment"])
    ('1,234', '93.1%')
    """
    return f"{total:.1f}%" if figure.unit_en == "%" else f"{total:,.0f}"


def _utc(local: datetime, timezone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=timezone).astimezone(UTC).replace(tzinfo=None)
