"""Andon commands: raise a call, acknowledge, resolve, cancel, escalate."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot import notify
from bot.cards import location
from bot.classify import categorize, is_urgent
from bot.commands import problems
from bot.commands.refs import is_problem_ref, one_record, parse_ref, split_first
from bot.commands.registry import Context
from bot.errors import BotError
from bot.escalation import escalate
from bot.ladder import Matrix
from bot.language import as_language
from bot.locations import require_line
from bot.playbooks import playbook_hint
from bot.roles import roles_of
from bot.store import service
from bot.store.models import ANDON_CATEGORIES, AndonCall
from bot.texts import say, word
from bot.types import Reply

MAX_REASON = 500


def raise_call(ctx: Context) -> Reply:
    """`andon <line> [station] <reason…>`: record the call, then tell the line's channel."""
    line, station, rest = require_line(ctx.session, ctx.args.split())
    full_reason = " ".join(rest)
    reason = full_reason[:MAX_REASON]
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
    if len(full_reason) > MAX_REASON:  # say what was kept, not only what was read
        text += " " + say("andon_reason_cut", ctx.language, limit=MAX_REASON)
    hint = playbook_hint(ctx.services, category=category, text=reason, language=ctx.language)
    return ctx.reply(text + (f"\n{hint}" if hint else ""), record=None)


_LEVEL = re.compile(r"(?<!\S)(?:level|级别)[:：](\d{1,3})(?!\S)", re.IGNORECASE)


def _change(action: str, names: tuple[str, str]) -> Callable[[Context], Reply]:
    def run(ctx: Context) -> Reply:
        token, note = split_first(ctx.args)
        if action == "resolve" and token and is_problem_ref(token):
            return problems.change(ctx, "resolve", token, note)
        command = names[1] if ctx.language == "zh" else names[0]
        one_record(command, token, note, notes=action == "resolve")
        call = service.get_andon(ctx.session, parse_ref(token, "andon"), lock=True)
        ref = service.andon_ref(call.id)
        roles_of(ctx.services).check(ctx.message, ctx.actor, call, action, ref=ref)
        if action == "escalate":
            return _escalate(ctx, call, note)
        event = service.change_andon(
            ctx.session, call=call, action=action, actor=ctx.actor, now=ctx.services.now(), note=note or None
        )
        time = ctx.services.local(event.at).strftime("%H:%M")

        def sentence(language: str) -> str:
            lang = as_language(language)
            return say("andon_done", lang, ref=ref, action=word(action, lang), actor=ctx.actor, time=time)

        note_text = sentence(call.language) + (f"\n> {note}" if note else "")
        notify.follow_up(ctx.session, call, ctx.services, note_text, step=f"e{event.id}")
        return ctx.reply(sentence(ctx.language))

    return run


def _escalate(ctx: Context, call: AndonCall, note: str) -> Reply:
    """One level up the call's ladder; `level:N` (the card's button) names the level meant."""
    wanted = _LEVEL.search(note)
    note = _LEVEL.sub("", note).strip()
    matrix = ctx.services.escalation or Matrix()
    event, rung = escalate(
        ctx.session,
        call,
        ctx.services,
        matrix,
        actor=ctx.actor,
        level=int(wanted.group(1)) if wanted else None,
        note=note or None,
    )
    time = ctx.services.local(event.at).strftime("%H:%M")
    return ctx.reply(
        say(
            "escalation_by_hand",
            ctx.language,
            ref=service.andon_ref(call.id),
            level=call.escalation_level,
            role=rung.role(ctx.language),
            actor=ctx.actor,
            time=time,
        )
    )


acknowledge = _change("acknowledge", ("ack", "确认"))
resolve = _change("resolve", ("resolve", "解决"))
cancel = _change("cancel", ("cancel", "取消"))
escalate_command = _change("escalate", ("escalate", "升级"))
