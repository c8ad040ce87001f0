"""`status [line]`: open andon calls and today's figures, for a line or the whole plant."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import select

from bot.cards import location
from bot.commands.registry import Command, Context
from bot.locations import require_line
from bot.metrics import durations_seconds, format_duration, mean
from bot.store import service
from bot.store.models import AndonCall
from bot.texts import say, word
from bot.types import Reply, Table


def status(ctx: Context) -> Reply:
    """Open calls with their age, and today's raised/resolved counts, MTTA, MTTR, problems."""
    lang, services = ctx.language, ctx.services
    line = require_line(ctx.session, ctx.args.split())[0] if ctx.args.strip() else None
    line_id = line.id if line else None
    now = services.now()
    local_today = services.local(now).date()
    day_start = datetime.combine(local_today, time()).replace(tzinfo=services.timezone).astimezone(UTC)
    since = day_start.replace(tzinfo=None)
    query = select(AndonCall).where(AndonCall.raised_at >= since, AndonCall.status != "cancelled")
    if line_id is not None:
        query = query.where(AndonCall.line_id == line_id)
    today = list(ctx.session.scalars(query))
    open_calls = service.open_andon_calls(ctx.session, line_id)
    problems = service.open_problems(ctx.session, line_id)
    overdue = [p for p in problems if p.due_date is not None and p.due_date < local_today]
    mtta = mean(durations_seconds([(c.raised_at, c.acknowledged_at) for c in today]))
    mttr = mean(durations_seconds([(c.raised_at, c.resolved_at) for c in today]))
    fields = [
        (say("status_open_calls", lang), str(len(open_calls))),
        (say("status_raised_today", lang), str(len(today))),
        (say("status_resolved_today", lang), str(sum(c.resolved_at is not None for c in today))),
        (say("status_mtta_today", lang), format_duration(mtta)),
        (say("status_mttr_today", lang), format_duration(mttr)),
        (say("status_open_problems", lang), str(len(problems))),
        (say("status_overdue_problems", lang), str(len(overdue))),
    ]
    scope = (
        (line.name_zh or line.name if lang == "zh" else line.name) if line else say("status_all_lines", lang)
    )
    title = say("status_title", lang, scope=scope, day=local_today.isoformat())
    table = None
    if open_calls:
        columns = (
            ["#", "Location", "Reason", "State", "Age"]
            if lang == "en"
            else ["#", "位置", "原因", "状态", "已用时"]
        )
        rows: list[list[object]] = [
            [
                service.andon_ref(c.id),
                location(c, lang),
                c.reason,
                word(c.status, lang),
                format_duration((now - c.raised_at).total_seconds()),
            ]
            for c in open_calls[:15]
        ]
        table = Table(columns, rows, total_rows=len(open_calls))
    text = title if open_calls else f"{title}\n{say('status_none_open', lang)}"
    return ctx.reply(text, title=title, fields=fields, table=table)


COMMANDS = (
    Command(
        "status",
        ("状态",),
        status,
        ("status [line]", "状态 [产线]"),
        ("open andon calls and today's figures", "未关闭安灯和今日指标"),
    ),
)
