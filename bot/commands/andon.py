"""Andon commands: raise a call, acknowledge, resolve, cancel, escalate."""

from __future__ import annotations

from collections.abc import Callable

from bot import notify
from bot.cards import location
from bot.classify import categorize, is_urgent
from bot.commands import problems
from bot.commands.refs import is_problem_ref, parse_ref, split_first
from bot.commands.registry import Command, Context
from bot.errors import BotError
from bot.language import as_language
from bot.locations import require_line
from bot.playbooks import playbook_hint
from bot.store import service
from bot.store.models import ANDON_CATEGORIES
from bot.texts import say, word
from bot.types import Reply

MAX_REASON = 500


def raise_call(ctx: Context) -> Reply:
    """`andon <line> [station] <reason…>`: record the call, then tell the line's channel."""
    line, station, rest = require_line(ctx.session, ctx.args.split())
    reason = " ".join(rest)[:MAX_REASON]
    if not reason:
        raise BotError("andon_missing_reason")
    category = categorize(reason, ANDON_CATEGORIES, "other")
    severity = "high" if category == "safety" or is_urgent(reason) else "normal"
    call = service.raise_andon(
        ctx.session,
        line=line,
        station=station,
        category=category,
        reason=reason,
        severity=severity,
        actor=ctx.actor,
        origin=ctx.origin,
        language=ctx.language,
        now=ctx.services.now(),
    )
    notify.announce(ctx.session, call, ctx.services)
    text = say(
        "andon_raised",
        ctx.language,
        ref=service.andon_ref(call.id),
        location=location(call, ctx.language),
        category=word(category, ctx.language),
        reason=reason,
    )
    hint = playbook_hint(ctx.services, category=category, text=reason, language=ctx.language)
    return ctx.reply(text + (f"\n{hint}" if hint else ""), record=None)


def _change(action: str) -> Callable[[Context], Reply]:
    def run(ctx: Context) -> Reply:
        token, note = split_first(ctx.args)
        if action == "resolve" and token and is_problem_ref(token):
            return problems.change(ctx, "resolve", token, note)
        call = service.get_andon(ctx.session, parse_ref(token, "andon"), lock=True)
        event = service.change_andon(
            ctx.session, call=call, action=action, actor=ctx.actor, now=ctx.services.now(), note=note or None
        )
        time = ctx.services.local(event.at).strftime("%H:%M")
        ref = service.andon_ref(call.id)

        def sentence(language: str) -> str:
            lang = as_language(language)
            if action == "escalate":
                return say(
                    "andon_escalated", lang, ref=ref, level=call.escalation_level, actor=ctx.actor, time=time
                )
            return say("andon_done", lang, ref=ref, action=word(action, lang), actor=ctx.actor, time=time)

        note_text = sentence(call.language) + (f"\n> {note}" if note else "")
        notify.follow_up(ctx.session, call, ctx.services, note_text, step=f"e{event.id}")
        return ctx.reply(sentence(ctx.language))

    return run


COMMANDS = (
    Command(
        "andon",
        ("安灯", "拉灯"),
        raise_call,
        ("andon <line> [station] <reason…>", "安灯 <产线> [工位] <原因…>"),
        ("raise an andon call", "拉下安灯"),
    ),
    Command(
        "ack",
        ("确认", "acknowledge", "响应"),
        _change("acknowledge"),
        ("ack <id>", "确认 <编号>"),
        ("acknowledge an andon call", "确认安灯呼叫"),
    ),
    Command(
        "resolve",
        ("解决",),
        _change("resolve"),
        ("resolve <id> [note]", "解决 <编号> [说明]"),
        ("resolve an andon call or problem", "解决安灯或问题"),
    ),
    Command(
        "cancel",
        ("取消",),
        _change("cancel"),
        ("cancel <id>", "取消 <编号>"),
        ("cancel an andon call raised by mistake", "取消误拉的安灯"),
    ),
    Command(
        "escalate",
        ("升级",),
        _change("escalate"),
        ("escalate <id>", "升级 <编号>"),
        ("escalate an andon call to the next level", "将安灯升级到下一级"),
    ),
)
