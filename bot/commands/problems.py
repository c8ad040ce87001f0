"""Problem commands: log a problem, list open ones, assign, start, resolve, close, reject."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from bot import attachments, notify
from bot.classify import categorize, is_urgent
from bot.commands.refs import one_record, parse_ref, split_first
from bot.commands.registry import Context
from bot.errors import BotError
from bot.language import as_language
from bot.locations import all_lines, find_line, find_station, mentioned_line
from bot.playbooks import playbook_hint
from bot.roles import roles_of
from bot.store import service
from bot.store.models import PRIORITIES, PROBLEM_CATEGORIES, Line, Station
from bot.texts import say, word
from bot.types import Reply, Table

MAX_TITLE = 200
MAX_DESCRIPTION = 2000
DUE_DAYS = {"critical": 1, "high": 3, "medium": 7, "low": 14}
_OPTION = re.compile(
    r"(?<!\S)(line|station|category|priority|due|产线|工位|类别|优先级|到期)[:：](\S+)", re.IGNORECASE
)
_OPTION_NAMES = {"产线": "line", "工位": "station", "类别": "category", "优先级": "priority", "到期": "due"}
_SPLIT = re.compile(r"\n|：|:\s|\s[-–—]\s")
_NAMES = {
    "assign": ("assign", "指派"),
    "start": ("start", "开始"),
    "resolve": ("resolve", "解决"),
    "close": ("close", "关闭"),
    "reject": ("reject", "驳回"),
}
_PRIORITY_WORDS = {"低": "low", "中": "medium", "高": "high", "紧急": "critical"}
_CATEGORY_WORDS = {
    "质量": "quality",
    "安全": "safety",
    "设备": "equipment",
    "物料": "material",
    "工艺": "process",
}


def open_problem(ctx: Context) -> Reply:
    """`problem <title>[: details] [line:L3] [category:quality] [priority:high] [due:2026-12-01]`."""
    text, options = _options(ctx.args)
    parts = _SPLIT.split(text, maxsplit=1)
    full_title, full_description = parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""
    title, description = full_title[:MAX_TITLE], full_description[:MAX_DESCRIPTION]
    if not title:
        raise BotError("problem_missing_title")
    line, station = _location(ctx, options, text)
    category = _choice(
        options.get("category"), PROBLEM_CATEGORIES, _CATEGORY_WORDS, "category"
    ) or categorize(text, PROBLEM_CATEGORIES, "process")
    priority = _choice(options.get("priority"), PRIORITIES, _PRIORITY_WORDS, "priority") or (
        "high" if is_urgent(text) or category == "safety" else "medium"
    )
    today = ctx.services.local(ctx.services.now()).date()
    due = _due(options.get("due")) or today + timedelta(days=DUE_DAYS[priority])
    problem = service.open_problem(
        ctx.session,
        title=title,
        description=description,
        category=category,
        line=line,
        station=station,
        priority=priority,
        due_date=due,
        reporter=ctx.actor,
        origin=ctx.origin,
        language=ctx.language,
        now=ctx.services.now(),
    )
    photos = attachments.keep(
        ctx.session, ctx.message, record_kind="problem", record_id=problem.id, services=ctx.services
    )
    notify.announce(ctx.session, problem, ctx.services)
    text = say(
        "problem_opened",
        ctx.language,
        ref=service.problem_ref(problem.id),
        title=title,
        category=word(category, ctx.language),
        priority=word(priority, ctx.language),
        due=due.isoformat(),
    )
    for what, full, limit in (
        ("title", full_title, MAX_TITLE),
        ("description", full_description, MAX_DESCRIPTION),
    ):
        if len(full) > limit:  # say what was kept, not only what was read
            text += " " + say("problem_text_cut", ctx.language, what=word(what, ctx.language), limit=limit)
    if photos:
        text += " " + attachments.kept_note(photos, service.problem_ref(problem.id), ctx.language)
    hint = playbook_hint(
        ctx.services, category=category, text=f"{title} {description}", language=ctx.language
    )
    return ctx.reply(text + (f"\n{hint}" if hint else ""))


def list_open(ctx: Context) -> Reply:
    """`problems`: the open items, oldest first, with owner, age and due date."""
    items = service.open_problems(ctx.session)
    if not items:
        return ctx.reply(say("problems_none", ctx.language))
    lang, now = ctx.language, ctx.services.now()
    today = ctx.services.local(now).date()
    rows: list[list[object]] = []
    for p in items[:20]:
        overdue = p.due_date is not None and p.due_date < today
        rows.append(
            [
                service.problem_ref(p.id),
                p.title,
                word(p.status, lang),
                p.assignee or word("unassigned", lang),
                f"{(now - p.opened_at).days} d",
                (p.due_date.isoformat() if p.due_date else "–") + (" ⚠" if overdue else ""),
            ]
        )
    columns = (
        ["#", "Title", "Status", "Owner", "Age", "Due"]
        if lang == "en"
        else ["#", "标题", "状态", "负责人", "已开", "到期"]
    )
    title = say("problems_title", lang, count=len(items))
    return ctx.reply(title, title=title, table=Table(columns, rows, total_rows=len(items)))


def change(ctx: Context, action: str, token: str | None, note: str) -> Reply:
    """Apply `action` to the problem `token` names, note it in its thread, and confirm."""
    command = _NAMES[action][1 if ctx.language == "zh" else 0]
    one_record(command, token, note, notes=action in ("resolve", "reject", "assign"))
    problem = service.get_problem(ctx.session, parse_ref(token, "problem"), lock=True)
    roles_of(ctx.services).check(ctx.message, ctx.actor, problem, action, ref=service.problem_ref(problem.id))
    assignee = None
    if action == "assign":
        if not note:
            raise BotError("usage", usage="assign P5 <name|me>")
        assignee = ctx.actor if note.lower() in ("me", "我", "myself") else note.lstrip("@")[:100]
    event = service.change_problem(
        ctx.session,
        problem=problem,
        action=action,
        actor=ctx.actor,
        now=ctx.services.now(),
        note=None if action == "assign" else (note or None),
        assignee=assignee,
    )
    ref, time = service.problem_ref(problem.id), ctx.services.local(event.at).strftime("%H:%M")

    def sentence(language: str) -> str:
        lang = as_language(language)
        if action == "assign":
            return say("problem_assigned", lang, ref=ref, assignee=assignee, actor=ctx.actor, time=time)
        return say("problem_done", lang, ref=ref, action=word(action, lang), actor=ctx.actor, time=time)

    extra = f"\n> {note}" if note and action != "assign" else ""
    notify.follow_up(
        ctx.session, problem, ctx.services, sentence(problem.language) + extra, step=f"e{event.id}"
    )
    return ctx.reply(sentence(ctx.language))


def _changer(action: str) -> Callable[[Context], Reply]:
    def run(ctx: Context) -> Reply:
        token, note = split_first(ctx.args)
        return change(ctx, action, token, note)

    return run


def _options(args: str) -> tuple[str, dict[str, str]]:
    options = {_OPTION_NAMES.get(m.group(1), m.group(1).lower()): m.group(2) for m in _OPTION.finditer(args)}
    return _OPTION.sub("", args).strip(), options


def _location(ctx: Context, options: dict[str, str], text: str) -> tuple[Line | None, Station | None]:
    lines = all_lines(ctx.session)
    if "line" in options:
        line, _ = find_line(lines, [options["line"]])
        if line is None:
            raise BotError("unknown_line", given=options["line"], valid=", ".join(x.code for x in lines))
        station = find_station(line, options["station"]) if "station" in options else None
        return line, station
    for token in re.findall(r"[A-Za-z]+-?\d+", text):  # a station named in the text
        for line in lines:
            station = find_station(line, token)
            if station is not None:
                return line, station
    line = mentioned_line(lines, text)
    return (line, None) if line else (None, None)


def _choice(value: str | None, allowed: tuple[str, ...], chinese: dict[str, str], what: str) -> str | None:
    if value is None:
        return None
    chosen = chinese.get(value, value.lower())
    if chosen not in allowed:
        raise BotError("bad_option", given=value, why=f"{what}: {', '.join(allowed)}")
    return chosen


def _due(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BotError("bad_option", given=value, why="due: YYYY-MM-DD") from None


assign = _changer("assign")
start = _changer("start")
close = _changer("close")
reject = _changer("reject")
