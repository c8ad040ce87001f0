"""`status [line]`: open andon calls and today's figures, for a line or the whole plant."""

from __future__ import annotations

from bot.cards import location
from bot.commands.registry import Context
from bot.digest.period import Day
from bot.handover.post import last_handover_fields
from bot.locations import require_line
from bot.metrics import andon_figures, format_duration
from bot.store import service
from bot.texts import say, word
from bot.types import Reply, Table


def status(ctx: Context) -> Reply:
    """Open calls with their age, and today's raised/resolved counts, MTTA, MTTR, problems."""
    lang, services = ctx.language, ctx.services
    line = require_line(ctx.session, ctx.args.split())[0] if ctx.args.strip() else None
    line_id = line.id if line else None
    now = services.now()
    day = Day.today(now, services.timezone)
    local_today = day.day
    today = andon_figures(
        ctx.session, *day.utc_bounds(services.timezone), None if line_id is None else [line_id]
    )
    open_calls = service.open_andon_calls(ctx.session, line_id)
    problems = service.open_problems(ctx.session, line_id)
    overdue = [p for p in problems if p.due_date is not None and p.due_date < local_today]
    fields = [
        (say("status_open_calls", lang), str(len(open_calls))),
        (say("status_raised_today", lang), str(today.calls)),
        (say("status_resolved_today", lang), str(today.mttr.count)),
        (say("status_mtta_today", lang), format_duration(today.mtta.mean)),
        (say("status_mttr_today", lang), format_duration(today.mttr.mean)),
        (say("status_open_problems", lang), str(len(problems))),
        (say("status_overdue_problems", lang), str(len(overdue))),
    ]
    if line is not None:  # the line's history: how it was last handed over
        fields += last_handover_fields(ctx.session, line.id, lang, services)
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
