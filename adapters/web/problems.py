"""/problems (the open problems, filterable by line, category, owner and age) and
/problems/<id> (one problem and its history from the event log, in order).

Filters are GET query parameters (`line`, `category`, `owner`, `age`, `lang`), set by links
and a small form; the page changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from adapters.web import formats
from adapters.web.access import Viewer, viewer
from adapters.web.context import WebContext, web_context
from adapters.web.links import link_values
from adapters.web.pages import forbidden, not_found, render_page, request_language
from bot.errors import BotError
from bot.locations import all_lines
from bot.problem_list import (
    UNASSIGNED,
    ProblemFilter,
    age_bucket_names,
    age_days,
    history,
    matching_problems,
    owners,
)
from bot.store import service
from bot.store.models import PROBLEM_CATEGORIES, Event, Problem
from bot.texts import TEXTS, register, say, word
from bot.types import Language

PROBLEM_TEXTS: dict[str, tuple[str, str]] = {
    "web_problems_title": ("Open problems", "未关闭问题"),
    "web_problems_count": ("{count} open problems shown", "显示 {count} 个未关闭问题"),
    "web_problems_none": ("No open problems match these filters.", "没有符合筛选条件的未关闭问题。"),
    "web_problems_filter": ("Filter", "筛选"),
    "web_problems_clear": ("clear filters", "清除筛选"),
    "web_problems_any": ("any", "全部"),
    "web_problems_line": ("Line", "产线"),
    "web_problems_age": ("Age", "已开天数"),
    "web_problems_status": ("Status", "状态"),
    "web_problems_problem": ("Problem", "问题"),
    "web_problems_days": ("{days} d", "{days} 天"),
    "web_problems_overdue": ("overdue", "已逾期"),
    "web_problem_title": ("{ref} · {title}", "{ref} · {title}"),
    "web_problem_not_found": ("There is no problem {ref}.", "没有问题 {ref}。"),
    "web_problem_history": ("History", "处理记录"),
    "web_problem_when": ("When", "时间"),
    "web_problem_who": ("Who", "操作人"),
    "web_problem_what": ("What", "操作"),
    "web_problem_change": ("Status", "状态变化"),
    "web_problem_detail": ("Detail", "说明"),
    "web_problem_reported": ("reported", "提出"),
    "web_problem_reporter": ("Reported by", "提出人"),
    "web_problem_opened": ("Opened", "提出时间"),
    "web_problem_station": ("Station", "工位"),
    "web_problem_root_cause": ("Root cause", "根本原因"),
    "web_problem_countermeasure": ("Countermeasure", "对策"),
    "web_problem_back": ("← open problems", "← 未关闭问题"),
    "web_problem_no_events": ("No events recorded.", "没有记录。"),
}
if not PROBLEM_TEXTS.keys() <= TEXTS.keys():
    register(PROBLEM_TEXTS)


@dataclass(frozen=True)
class ProblemRow:
    """A row of the problems table, every cell already worded."""

    problem_id: int
    ref: str
    title: str
    line: str
    station: str
    category: str
    owner: str
    priority: str
    status: str
    age: str
    due: str
    overdue: bool


@dataclass(frozen=True)
class EventRow:
    """A row of a problem's history."""

    when: str
    who: str
    what: str
    change: str
    detail: str


def routes() -> list[BaseRoute]:
    """`/problems` and `/problems/{ref}` (a number or P-number)."""
    return [Route("/problems", problems_page), Route("/problems/{ref}", problem_page)]


def chosen_filter(request: Request, who: Viewer) -> ProblemFilter:
    """The filter the query parameters ask for, within the lines `who` may see; unknown
    categories and ages are ignored (the page shows them as "any")."""
    params = request.query_params
    category = params.get("category", "")
    age = params.get("age", "").replace(" ", "+")  # "?age=7+" unencoded arrives as "7 "
    return ProblemFilter(
        line=params.get("line", "").strip().upper(),
        category=category if category in PROBLEM_CATEGORIES else "",
        owner=params.get("owner", "").strip(),
        age=age if age in age_bucket_names() else "",
        lines=who.lines,
    )


async def problems_page(request: Request) -> Response:
    """The open problems the filters select, oldest first."""
    who = viewer(request)
    if who is None:
        return forbidden(request)
    ctx = web_context(request)
    language = request_language(request)
    chosen = chosen_filter(request, who)

    def load() -> tuple[list[ProblemRow], list[str], list[str]]:
        with ctx.services.sessions() as session:
            now = ctx.now()
            rows = [_row(ctx, p, now, language) for p in matching_problems(session, chosen, now)]
            codes = [line.code for line in all_lines(session) if who.sees(line.code)]
            return rows, codes, owners(session)

    rows, codes, owner_names = await run_in_threadpool(load)
    return render_page(
        request,
        "problems.html",
        nav_active="problems",
        **link_values(request),
        rows=rows,
        chosen=chosen,
        line_choices=codes,
        line_pairs=[(code, code) for code in codes],
        category_choices=[(c, word(c, language)) for c in PROBLEM_CATEGORIES],
        owner_choices=[(o, o) for o in owner_names] + [(UNASSIGNED, word("unassigned", language))],
        age_choices=[(name, _age_label(name, language)) for name in age_bucket_names()],
    )


async def problem_page(request: Request) -> Response:
    """One problem: its facts and its history, in the order things happened."""
    who = viewer(request)
    if who is None:
        return forbidden(request)
    ctx = web_context(request)
    language = request_language(request)
    given = request.path_params["ref"]
    number = given[1:] if given[:1] in ("P", "p") else given
    if not number.isdigit():
        return not_found(request, "web_problem_not_found", ref=given)

    def load() -> tuple[str, list[tuple[str, str]], list[EventRow]] | None:
        with ctx.services.sessions() as session:
            try:
                problem = service.get_problem(session, int(number))
            except BotError:
                return None
            code = problem.line.code if problem.line else None
            if who.lines is not None and (code is None or not who.sees(code)):
                return None
            ref = service.problem_ref(problem.id)
            return (
                say("web_problem_title", language, ref=ref, title=problem.title),
                _facts(ctx, problem, language),
                [_event_row(ctx, event, language) for event in history(session, problem.id)],
            )

    found = await run_in_threadpool(load)
    if found is None:
        return not_found(request, "web_problem_not_found", ref=service.problem_ref(int(number)))
    title, facts, events = found
    return render_page(
        request,
        "problem.html",
        nav_active="problems",
        title=title,
        facts=facts,
        events=events,
        **link_values(request),
    )


def _row(ctx: WebContext, problem: Problem, now: datetime, language: Language) -> ProblemRow:
    today = ctx.services.local(now).date()
    return ProblemRow(
        problem_id=problem.id,
        ref=service.problem_ref(problem.id),
        title=problem.title,
        line=problem.line.code if problem.line else "",
        station=problem.station.code if problem.station else "",
        category=word(problem.category, language),
        owner=problem.assignee or word("unassigned", language),
        priority=word(problem.priority, language),
        status=word(problem.status, language),
        age=say("web_problems_days", language, days=f"{age_days(problem, now):.1f}"),
        due=problem.due_date.isoformat() if problem.due_date else "",
        overdue=problem.due_date is not None and problem.due_date < today,
    )


def _facts(ctx: WebContext, problem: Problem, language: Language) -> list[tuple[str, str]]:
    facts = [
        (word("state", language), word(problem.status, language)),
        (word("category", language), word(problem.category, language)),
        (say("web_problems_line", language), problem.line.code if problem.line else ""),
        (say("web_problem_station", language), problem.station.code if problem.station else ""),
        (word("priority", language), word(problem.priority, language)),
        (word("owner", language), problem.assignee or word("unassigned", language)),
        (word("due", language), problem.due_date.isoformat() if problem.due_date else ""),
        (say("web_problem_reporter", language), problem.reporter),
        (say("web_problem_opened", language), _when(ctx, problem.opened_at)),
        (word("description", language), problem.description),
        (say("web_problem_root_cause", language), problem.root_cause or ""),
        (say("web_problem_countermeasure", language), problem.countermeasure or ""),
    ]
    return [(label, value) for label, value in facts if value]


def _event_row(ctx: WebContext, event: Event, language: Language) -> EventRow:
    what = say("web_problem_reported", language) if event.action == "open" else word(event.action, language)
    before = word(event.from_status, language) if event.from_status else ""
    after = word(event.to_status, language) if event.to_status else ""
    return EventRow(
        when=_when(ctx, event.at),
        who=event.actor,
        what=what,
        change=f"{before} → {after}" if before and after else after,
        detail=event.detail or "",
    )


def _when(ctx: WebContext, at: datetime) -> str:
    return f"{ctx.services.local(at):%Y-%m-%d %H:%M}"


def _age_label(name: str, language: Language) -> str:
    low, _, high = name.replace("+", "-").partition("-")
    return formats.age_range(int(low), int(high) if high else None, language)
