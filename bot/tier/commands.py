"""Tier meeting commands: post a line's board, ✅ a meeting, raise an item, read the minutes.

`tier L3` / `早会 3号线` posts the board now (the reply is the board); `tier ok T12` /
`早会 确认 T12` acknowledges (the board's ✅ button sends it); `tier item T12 [problem] <text>` /
`早会 事项 T12 [问题] <内容>` raises an item (and opens a problem); `tier minutes L3` /
`早会纪要 3号线` shows the last meeting's minutes.
"""

from __future__ import annotations

from bot import notify
from bot.classify import categorize, is_urgent
from bot.commands.problems import DUE_DAYS
from bot.commands.refs import record_number
from bot.commands.registry import Context
from bot.errors import BotError
from bot.locations import require_line
from bot.store import service as store
from bot.store.models import PROBLEM_CATEGORIES, Problem
from bot.texts import say
from bot.tier import render, service
from bot.tier.figures import open_work
from bot.tier.models import TierMeeting
from bot.tier.parse import CJK_WORDS, ITEM_WORDS, MINUTES_WORDS, OK_WORDS
from bot.types import Reply

MAX_ITEM = 500
_PROBLEM = {"problem", "问题"}


def parse_meeting_ref(token: str | None) -> int:
    """The number of a tier meeting written as `token` ("T12", "t12", "#12", "12", "Ｔ１２").

    >>> parse_meeting_ref("T12"), parse_meeting_ref("#7"), parse_meeting_ref("Ｔ１２")
    (12, 7, 12)
    """
    number = record_number(token, "t", bare=True)
    if number is None:
        raise BotError("tier_bad_ref", given=(token or "")[:40])
    return number


def tier(ctx: Context) -> Reply:
    """`tier <line>` or `tier ok|item|minutes …` (Chinese may run into its argument: `早会 确认T12`)."""
    first, _, rest = ctx.args.strip().partition(" ")
    for name in CJK_WORDS:
        if first.startswith(name) and first != name:
            first, rest = name, f"{first[len(name) :]} {rest}"
    word = first.lower()
    if not first:
        raise BotError("tier_usage")
    if word in OK_WORDS:
        return acknowledge(ctx, rest.strip())
    if word in ITEM_WORDS:
        return raise_item(ctx, rest.strip())
    if word in MINUTES_WORDS:
        return minutes(ctx, rest.strip())
    return post_board(ctx)


def post_board(ctx: Context) -> Reply:
    """Hold a meeting of the line now; the reply is its board."""
    line, _station, _rest = require_line(ctx.session, ctx.args.split())
    meeting, _new = service.hold_meeting(ctx.session, line=line, services=ctx.services, actor=ctx.actor)
    today = ctx.services.local(ctx.services.now()).date()
    return render.board_reply(
        meeting, line, open_work(ctx.session, line, today), ctx.language, today.isoformat()
    )


def acknowledge(ctx: Context, args: str) -> Reply:
    """`tier ok T12`: the sender's ✅, once per person."""
    meeting = service.get_meeting(ctx.session, parse_meeting_ref(args.split()[0] if args else None))
    m = ctx.message
    added, row = service.acknowledge(
        ctx.session,
        meeting=meeting,
        person=ctx.actor,
        user_key=f"{m.platform}:{m.user}",
        now=ctx.services.now(),
    )
    ref = service.meeting_ref(meeting.id)
    if not added:
        time = ctx.services.clock_time(row.acknowledged_at)
        return ctx.reply(
            say("tier_already_acknowledged", ctx.language, person=row.person, ref=ref, time=time)
        )
    return ctx.reply(
        say("tier_acknowledged", ctx.language, person=ctx.actor, ref=ref, count=meeting.ack_count)
    )


def raise_item(ctx: Context, args: str) -> Reply:
    """`tier item T12 [problem] <text>`: an item of the meeting, optionally a problem too."""
    token, _, text = args.partition(" ")
    meeting = service.get_meeting(ctx.session, parse_meeting_ref(token or None))
    ref = service.meeting_ref(meeting.id)
    first, _, after = text.strip().partition(" ")
    as_problem = first.lower() in _PROBLEM
    text = (after if as_problem else text).strip()[:MAX_ITEM]
    if not text:
        return ctx.reply(say("tier_item_missing", ctx.language, ref=ref))
    problem = _open_problem(ctx, meeting, text) if as_problem else None
    service.add_item(
        ctx.session, meeting=meeting, text=text, actor=ctx.actor, now=ctx.services.now(), problem=problem
    )
    reply = say("tier_item_added", ctx.language, n=meeting.concern_count, ref=ref, text=text)
    if problem is not None:
        space = "" if ctx.language == "zh" else " "
        reply += space + say("tier_item_problem", ctx.language, problem=store.problem_ref(problem.id))
    return ctx.reply(reply)


def minutes(ctx: Context, args: str) -> Reply:
    """`tier minutes <line or T12>`: the minutes of that meeting (the line's latest)."""
    token = args.split()[0] if args.split() else ""
    if record_number(token, "t", bare=True) is not None and token[:1].lower() in "t#":
        meeting = service.get_meeting(ctx.session, parse_meeting_ref(token))
        line = meeting.line
    else:
        line, _station, _rest = require_line(ctx.session, args.split())
        found = service.last_meeting(ctx.session, line)
        if found is None:
            raise BotError("tier_no_meeting", line=line.code)
        meeting = found
    return _minutes_of(ctx, meeting)


def _minutes_of(ctx: Context, meeting: TierMeeting) -> Reply:
    posted = say(
        "tier_posted", ctx.language, time=ctx.services.clock_time(meeting.held_at), who=meeting.called_by
    )
    return render.minutes_reply(
        meeting,
        meeting.line,
        service.attendance_of(ctx.session, meeting),
        service.items_of(ctx.session, meeting),
        ctx.language,
        posted,
        ctx.services.clock_time,
    )


def _open_problem(ctx: Context, meeting: TierMeeting, text: str) -> Problem:
    category = categorize(text, PROBLEM_CATEGORIES, "process")
    priority = "high" if is_urgent(text) or category == "safety" else "medium"
    today = ctx.services.local(ctx.services.now()).date()
    problem = store.open_problem(
        ctx.session,
        title=text[:200],
        description=say(
            "tier_item_origin", ctx.language, ref=service.meeting_ref(meeting.id), line=meeting.line.code
        ),
        category=category,
        line=meeting.line,
        station=None,
        priority=priority,
        due_date=today.fromordinal(today.toordinal() + DUE_DAYS[priority]),
        reporter=ctx.actor,
        origin=ctx.origin,
        language=ctx.language,
        now=ctx.services.now(),
    )
    notify.announce(ctx.session, problem, ctx.services)
    return problem


def tier_minutes(ctx: Context) -> Reply:
    """`tier-minutes <line or T12>` / `早会纪要`: the last meeting's minutes."""
    return minutes(ctx, ctx.args)
