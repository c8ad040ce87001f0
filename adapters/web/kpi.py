"""/kpi (the plant) and /kpi/<line>: today and a week of andon, downtime, output and
open-problem figures, with server-drawn SVG charts and a data table beside each chart.

Query parameters: `week=2026-W48` (default: the current plant week), `lang=en|zh`. The
figures come from `bot.kpi.kpi_figures`, which calls the metric functions the weekly digest
and `status` call; this module only words them and draws them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from adapters.web import formats, svg
from adapters.web.access import viewer
from adapters.web.context import web_context
from adapters.web.links import link_values
from adapters.web.pages import forbidden, not_found, render_page, request_language
from bot import metrics
from bot.digest.period import Week
from bot.kpi import KpiFigures, PeriodFigures, kpi_figures
from bot.locations import all_lines
from bot.problem_list import UNASSIGNED, age_bucket_names
from bot.store.models import Line
from bot.texts import TEXTS, register, say, word
from bot.types import Language

WEEKS_IN_SELECTOR = 12
DEFINED = (metrics.ANDON_COUNT, *metrics.DURATION_METRICS, metrics.ESCALATED_SHARE, metrics.DOWNTIME)

KPI_TEXTS: dict[str, tuple[str, str]] = {
    "web_kpi_title": ("KPIs", "关键指标"),
    "web_kpi_all_lines": ("All lines", "全部产线"),
    "web_kpi_week": ("Week", "周"),
    "web_kpi_show": ("Show", "查看"),
    "web_kpi_previous_week": ("← previous week", "← 上一周"),
    "web_kpi_next_week": ("next week →", "下一周 →"),
    "web_kpi_current_week": ("this week", "本周"),
    "web_kpi_bad_week": (
        "“{given}” is not a week; use e.g. ?week=2026-W48.",
        "“{given}” 不是有效的周，请使用例如 ?week=2026-W48。",
    ),
    "web_kpi_bad_week_title": ("Unknown week", "无效的周"),
    "web_kpi_summary": ("Summary", "概览"),
    "web_kpi_figure": ("Figure", "指标"),
    "web_kpi_today": ("Today ({day})", "今天（{day}）"),
    "web_kpi_this_week": ("Week {week}", "{week} 周"),
    "web_kpi_calls": ("Andon calls", "安灯次数"),
    "web_kpi_mtta": ("MTTA (mean)", "平均响应时间"),
    "web_kpi_mtta_median": ("MTTA median", "响应时间中位数"),
    "web_kpi_mtta_p90": ("MTTA p90", "响应时间 p90"),
    "web_kpi_mttr": ("MTTR (mean)", "平均解决时间"),
    "web_kpi_mttr_median": ("MTTR median", "解决时间中位数"),
    "web_kpi_mttr_p90": ("MTTR p90", "解决时间 p90"),
    "web_kpi_escalated": ("Escalated", "升级比例"),
    "web_kpi_escalated_value": ("{share} ({count} of {total})", "{share}（{total} 次中 {count} 次）"),
    "web_kpi_downtime": ("Downtime", "停机时间"),
    "web_kpi_attainment": ("Output vs plan", "产量达成率"),
    "web_kpi_by_reason": ("Andon calls by reason · {period}", "按原因的安灯次数 · {period}"),
    "web_kpi_by_line": ("Andon calls by line · {period}", "按产线的安灯次数 · {period}"),
    "web_kpi_reason": ("Reason", "原因"),
    "web_kpi_line": ("Line", "产线"),
    "web_kpi_pareto": ("Downtime Pareto · {period}", "停机帕累托 · {period}"),
    "web_kpi_minutes": ("Minutes", "分钟"),
    "web_kpi_stops": ("Stops", "次数"),
    "web_kpi_share": ("Share", "占比"),
    "web_kpi_cumulative": ("Cumulative", "累计"),
    "web_kpi_cumulative_point": ("{share} cum.", "累计 {share}"),
    "web_kpi_output": ("Output against plan · {period}", "产量达成 · {period}"),
    "web_kpi_plan": ("Plan", "计划"),
    "web_kpi_actual": ("Output", "实际"),
    "web_kpi_scrap": ("Scrap", "报废"),
    "web_kpi_plan_line": ("plan", "计划"),
    "web_kpi_aging": ("Open problems by age · as of {time}", "未关闭问题账龄 · 截至 {time}"),
    "web_kpi_by_owner": ("Open problems by owner · as of {time}", "各负责人的未关闭问题 · 截至 {time}"),
    "web_kpi_age": ("Age", "已开天数"),
    "web_kpi_open": ("Open", "未关闭"),
    "web_kpi_owners": ("Owners", "负责人"),
    "web_kpi_owner": ("Owner", "负责人"),
    "web_kpi_no_calls": ("No andon calls in this period.", "此期间没有安灯呼叫。"),
    "web_kpi_no_downtime": ("No downtime recorded in this period.", "此期间没有停机记录。"),
    "web_kpi_no_downtime_table": (
        "This plant's database has no downtime table (downtime_events), so there is no Pareto.",
        "此工厂数据库没有停机表（downtime_events），因此没有帕累托图。",
    ),
    "web_kpi_no_output": ("No production recorded in this period.", "此期间没有生产记录。"),
    "web_kpi_no_output_table": (
        "This plant's database has no production table, so output against plan is not shown.",
        "此工厂数据库没有生产表（production），因此不显示产量达成。",
    ),
    "web_kpi_no_problems": ("No open problems.", "没有未关闭的问题。"),
    "web_kpi_data_table": ("Data table", "数据表"),
    "web_kpi_definitions": ("Definitions", "定义"),
    "web_kpi_percentiles": (
        "Median: half of the calls took less. p90: nine calls in ten took less.",
        "中位数：一半的呼叫用时更短。p90：十次中有九次用时更短。",
    ),
    "web_kpi_problems_link": ("see the problems", "查看问题"),
}
if not KPI_TEXTS.keys() <= TEXTS.keys():
    register(KPI_TEXTS)


@dataclass(frozen=True)
class ChartView:
    """A chart and its data table: `svg` is the drawn chart, `columns`/`rows` the same figures
    as text (the accessible alternative), `note` a sentence shown instead when nothing to draw."""

    chart_id: str
    title: str
    svg: Markup | None
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class SummaryRow:
    """A row of the summary table: the figure's name, and per period its text and raw value
    (`data-value` in the page, so tests and scripts read the number, not its wording)."""

    key: str
    label: str
    cells: list[tuple[str, str]]


def routes() -> list[BaseRoute]:
    """`/kpi` and `/kpi/{line}`."""
    return [Route("/kpi", kpi_page), Route("/kpi/{line}", kpi_page)]


async def kpi_page(request: Request) -> Response:
    """The KPI page of the plant (the lines the viewer may see) or of the line in the path."""
    who = viewer(request)
    if who is None:
        return forbidden(request)
    ctx = web_context(request)
    language = request_language(request)
    asked_week = request.query_params.get("week", "").strip()
    try:
        week = Week.parse(asked_week) if asked_week else None
    except ValueError:
        return render_page(
            request,
            "message.html",
            status_code=400,
            title_key="web_kpi_bad_week_title",
            body_key="web_kpi_bad_week",
            body_params={"given": asked_week},
        )
    asked_line = request.path_params.get("line")

    def load() -> tuple[list[Line], KpiFigures | None]:
        with ctx.services.sessions() as session:
            lines = [line for line in all_lines(session) if who.sees(line.code)]
            chosen = [line for line in lines if asked_line is None or line.code.lower() == asked_line.lower()]
            if not chosen and asked_line is not None:
                return lines, None
            now = ctx.now()
            current = Week.of(ctx.services.local(now).date())
            line_ids = None if asked_line is None and who.lines is None else [line.id for line in chosen]
            figures = kpi_figures(
                session, week or current, now=now, timezone=ctx.services.timezone, line_ids=line_ids
            )
            return chosen if asked_line else lines, figures

    lines, figures = await run_in_threadpool(load)
    if figures is None:
        return not_found(request, "web_unknown_line", line=asked_line)
    line = lines[0] if asked_line else None
    return render_page(
        request,
        "kpi.html",
        nav_active="kpi",
        **link_values(request),
        line=line,
        line_name=_line_name(line, language) if line else say("web_kpi_all_lines", language),
        all_lines=lines if not asked_line else [],
        week=figures.week,
        week_label=formats.week(figures.week, language),
        week_choices=_week_choices(figures, language),
        previous_week=str(figures.week.previous()),
        next_week=str(Week.of(figures.week.monday + timedelta(days=7))),
        is_current=figures.week == figures.current_week,
        summary=summary_rows(figures, language),
        periods=_periods(figures, language),
        charts=charts(figures, language, plant=line is None, as_of=ctx.services.clock_time(figures.aging_at)),
        age_filters=age_bucket_names(),
        definitions=[(m.label(language), m.definition(language)) for m in DEFINED],
        unassigned=UNASSIGNED,
    )


def summary_rows(figures: KpiFigures, language: Language) -> list[SummaryRow]:
    """The summary table: one row per figure, one cell per period (today, then the week)."""
    periods = [p for p in (figures.today, figures.this_week) if p is not None]
    rows: list[tuple[str, list[tuple[str, str]]]] = [
        ("calls", [(formats.number(p.andon.calls), str(p.andon.calls)) for p in periods]),
        ("mtta", [_seconds(p.andon.mtta.mean, language) for p in periods]),
        ("mtta_median", [_seconds(p.andon.mtta.median, language) for p in periods]),
        ("mtta_p90", [_seconds(p.andon.mtta.p90, language) for p in periods]),
        ("mttr", [_seconds(p.andon.mttr.mean, language) for p in periods]),
        ("mttr_median", [_seconds(p.andon.mttr.median, language) for p in periods]),
        ("mttr_p90", [_seconds(p.andon.mttr.p90, language) for p in periods]),
        ("escalated", [_escalated(p, language) for p in periods]),
        (
            "downtime",
            [(formats.minutes(p.downtime_minutes, language), str(p.downtime_minutes or "")) for p in periods],
        ),
        ("attainment", [(formats.percent(p.attainment), _raw(p.attainment)) for p in periods]),
    ]
    return [SummaryRow(key, say(f"web_kpi_{key}", language), cells) for key, cells in rows]


def charts(figures: KpiFigures, language: Language, *, plant: bool, as_of: str) -> list[ChartView]:
    """The page's charts, in order: calls by reason, by line (plant page only), the downtime
    Pareto of the week, output against plan, open problems by age and by owner (`as_of`: when
    the open problems were counted, in plant time)."""
    week = figures.this_week
    period = str(figures.week)
    views = [_by_reason(figures, language, period)]
    if plant:
        views.append(_by_line(figures, language, period))
    views += [_pareto(week, language, period), _output(week, language, period)]
    views += _problems(figures, language, as_of)
    return views


def _by_reason(figures: KpiFigures, language: Language, period: str) -> ChartView:
    title = say("web_kpi_by_reason", language, period=period)
    return _counts("by-reason", title, figures, "by_category", say("web_kpi_reason", language), language)


def _by_line(figures: KpiFigures, language: Language, period: str) -> ChartView:
    title = say("web_kpi_by_line", language, period=period)
    return _counts("by-line", title, figures, "by_line", say("web_kpi_line", language), language)


def _counts(
    chart_id: str, title: str, figures: KpiFigures, attribute: str, what: str, language: Language
) -> ChartView:
    """Calls per reason or line: the week drawn, today and the week in the table."""
    week: tuple[tuple[str, int], ...] = getattr(figures.this_week.andon, attribute)
    today = dict(getattr(figures.today.andon, attribute)) if figures.today else None
    label = (lambda key: word(key, language)) if attribute == "by_category" else (lambda key: key)
    keys = [key for key, _ in week] + sorted(set(today or {}) - {key for key, _ in week})
    columns = [what, *(name for _, name in _periods(figures, language))]
    rows = [
        [label(key), *([formats.number(today.get(key, 0))] if today is not None else []), formats.number(n)]
        for key, n in [(key, dict(week).get(key, 0)) for key in keys]
    ]
    if not week:
        return ChartView(chart_id, title, None, columns, rows, say("web_kpi_no_calls", language))
    bars = [svg.Bar(label(key), n, formats.number(n)) for key, n in week]
    return ChartView(chart_id, title, Markup(svg.bar_chart(chart_id, title, bars)), columns, rows)


def _pareto(week: PeriodFigures, language: Language, period: str) -> ChartView:
    title = say("web_kpi_pareto", language, period=period)
    columns = [
        say(key, language)
        for key in (
            "web_kpi_reason",
            "web_kpi_minutes",
            "web_kpi_stops",
            "web_kpi_share",
            "web_kpi_cumulative",
        )
    ]
    if week.pareto is None:
        return ChartView("pareto", title, None, note=say("web_kpi_no_downtime_table", language))
    if not week.pareto:
        return ChartView("pareto", title, None, note=say("web_kpi_no_downtime", language))
    labels = [word(row.reason, language) if row.reason == "other" else row.reason for row in week.pareto]
    rows = [
        [
            label,
            formats.number(r.minutes),
            formats.number(r.stops),
            formats.percent(r.share),
            formats.percent(r.cumulative),
        ]
        for label, r in zip(labels, week.pareto, strict=True)
    ]
    drawn = svg.pareto_chart(
        "pareto",
        title,
        [
            svg.Bar(label, r.minutes, formats.number(r.minutes))
            for label, r in zip(labels, week.pareto, strict=True)
        ],
        [r.cumulative for r in week.pareto],
        cumulative_text=[formats.percent(r.cumulative) for r in week.pareto],
    )
    return ChartView("pareto", title, Markup(drawn), columns, rows)


def _output(week: PeriodFigures, language: Language, period: str) -> ChartView:
    title = say("web_kpi_output", language, period=period)
    if week.output is None:
        return ChartView("output", title, None, note=say("web_kpi_no_output_table", language))
    planned = [row for row in week.output if row.planned]
    if not planned:
        return ChartView("output", title, None, note=say("web_kpi_no_output", language))
    columns = [
        say(key, language)
        for key in ("web_kpi_line", "web_kpi_plan", "web_kpi_actual", "web_kpi_attainment", "web_kpi_scrap")
    ]
    rows = [
        [
            r.line,
            formats.number(r.planned),
            formats.number(r.output),
            formats.percent(r.attainment),
            formats.number(r.scrap),
        ]
        for r in week.output
    ]
    bars = [svg.Bar(r.line, (r.attainment or 0) * 100, formats.percent(r.attainment)) for r in planned]
    drawn = svg.bar_chart(
        "output", title, bars, reference=100.0, reference_text=f"100% {say('web_kpi_plan_line', language)}"
    )
    return ChartView("output", title, Markup(drawn), columns, rows)


def _problems(figures: KpiFigures, language: Language, at: str) -> list[ChartView]:
    aging_title = say("web_kpi_aging", language, time=at)
    owner_title = say("web_kpi_by_owner", language, time=at)
    unassigned = word("unassigned", language)
    columns = [say(key, language) for key in ("web_kpi_age", "web_kpi_open", "web_kpi_owners")]
    rows = [
        [
            formats.age_range(b.low, b.high, language),
            formats.number(b.count),
            ", ".join(f"{owner or unassigned} ×{n}" for owner, n in b.owners),
        ]
        for b in figures.aging
    ]
    if not any(b.count for b in figures.aging):
        return [ChartView("aging", aging_title, None, columns, rows, say("web_kpi_no_problems", language))]
    bars = [
        svg.Bar(formats.age_range(b.low, b.high, language), b.count, formats.number(b.count))
        for b in figures.aging
    ]
    totals: dict[str, int] = {}
    for bucket in figures.aging:
        for owner, n in bucket.owners:
            totals[owner] = totals.get(owner, 0) + n
    by_owner = metrics.ranked(Counter(totals))
    owner_bars = [svg.Bar(owner or unassigned, n, formats.number(n)) for owner, n in by_owner]
    owner_rows = [[owner or unassigned, formats.number(n)] for owner, n in by_owner]
    owner_columns = [say("web_kpi_owner", language), say("web_kpi_open", language)]
    return [
        ChartView("aging", aging_title, Markup(svg.bar_chart("aging", aging_title, bars)), columns, rows),
        ChartView(
            "by-owner",
            owner_title,
            Markup(svg.bar_chart("by-owner", owner_title, owner_bars)),
            owner_columns,
            owner_rows,
        ),
    ]


def _periods(figures: KpiFigures, language: Language) -> list[tuple[str, str]]:
    """("today", its name) when the week is the current one, then ("week", its name)."""
    periods = []
    if figures.today is not None:
        day = formats.day(figures.today.first_day, language)
        periods.append(("today", say("web_kpi_today", language, day=day)))
    periods.append(("week", say("web_kpi_this_week", language, week=str(figures.week))))
    return periods


def _week_choices(figures: KpiFigures, language: Language) -> list[tuple[str, str]]:
    """The selector's weeks: the current week and the ones before it, plus the shown week."""
    weeks = [figures.current_week]
    for _ in range(WEEKS_IN_SELECTOR - 1):
        weeks.append(weeks[-1].previous())
    if figures.week not in weeks:
        weeks.append(figures.week)
    return [(str(w), formats.week(w, language)) for w in sorted(weeks, reverse=True)]


def _seconds(value: float | None, language: Language) -> tuple[str, str]:
    return formats.duration(value, language), _raw(value)


def _escalated(period: PeriodFigures, language: Language) -> tuple[str, str]:
    andon = period.andon
    if not andon.calls:
        return "–", ""
    text = say(
        "web_kpi_escalated_value",
        language,
        share=formats.percent(andon.escalated_share),
        count=formats.number(andon.escalated),
        total=formats.number(andon.calls),
    )
    return text, _raw(andon.escalated_share)


def _raw(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def _line_name(line: Line, language: Language) -> str:
    name = line.name_zh or line.name if language == "zh" else line.name
    return f"{line.code} · {name}"
