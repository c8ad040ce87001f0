"""`safety` / `安全`: report an observation (anonymously if asked), list, count, close."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time, timedelta

from bot.areas import all_areas, area_name, require_area, valid_areas
from bot.attachments import keep
from bot.commands.refs import parse_ref, record_number
from bot.commands.registry import Context
from bot.error_reply import error_reply
from bot.errors import BotError
from bot.safety import alerts, parse, service
from bot.safety.models import KINDS, SafetyObservation, safety_ref
from bot.safety.texts import kind_word, level_word, role
from bot.services import Services
from bot.store.service import andon_ref, get_andon
from bot.texts import say, word
from bot.types import Button, Reply, Table

LIST_WORDS = ("list", "recent", "列表", "最近")
STATS_WORDS = ("stats", "statistics", "统计")
CLOSE_WORDS = ("close", "关闭")
MAX_TEXT = 1000


def run(ctx: Context) -> Reply:
    """Dispatch `safety [list|stats|close S<n>|<report…>]`."""
    first, _, rest = ctx.args.strip().partition(" ")
    sub = first.lower()
    if not first or sub in LIST_WORDS:
        return show_list(ctx)
    if sub in STATS_WORDS:
        return show_stats(ctx)
    if sub in CLOSE_WORDS and record_number(rest.strip().split(" ")[0], "s", bare=True) is not None:
        return close(ctx, rest.strip())  # "safety close to the press: oil" is a report
    if not parse.read(ctx.args).anonymous:
        return report(ctx)
    try:
        return report(ctx)
    except BotError as error:  # answered here, so an anonymous sender is forgotten all the same
        reply = error_reply(error, ctx.language, clock_time=ctx.services.clock_time)
        reply.context["anonymous"] = True
        return reply


def report(ctx: Context) -> Reply:
    """Record an observation, keep its photos, tell the EHS owner; ask back for the place."""
    draft = parse.read(ctx.args)
    for key, value in draft.unknown.items():
        table = parse.KIND_WORDS if key == "kind" else parse.LEVEL_WORDS
        raise BotError(
            "safety_bad_option",
            option=say(f"safety_word_{key}", ctx.language),
            value=value,
            valid=", ".join(table),
        )
    description = draft.description[:MAX_TEXT]
    if not description:
        raise BotError("safety_missing_text")
    place = service.locate(ctx.session, draft.words)
    if draft.area:
        area = require_area(ctx.session, draft.area)
        station = place.station if place and place.area.id == area.id else None
        place = service.Place(area, station)
    if place is None:
        return _ask_where(ctx)
    inferred = parse.infer_kind(description)
    kind = draft.kind or inferred or "unsafe_condition"
    severity = draft.severity or ("high" if kind == "injury" else "medium")
    andon = get_andon(ctx.session, parse_ref(draft.andon, "andon")) if draft.andon else None
    observation = service.report(
        ctx.session,
        place=place,
        kind=kind,
        severity=severity,
        description=description,
        reporter=None if draft.anonymous else ctx.actor,
        andon=andon,
        language=ctx.language,
        now=ctx.services.now(),
    )
    photos = keep(
        ctx.session,
        ctx.message,
        record_kind=service.RECORD_KIND,
        record_id=observation.id,
        services=ctx.services,
        anonymous=draft.anonymous,
    )
    notified = alerts.notify(
        ctx.session, observation, ctx.services, ctx.origin, sender=ctx.message.user, photos=len(photos)
    )
    return _recorded(ctx, observation, draft, inferred, notified, len(photos))


def _recorded(
    ctx: Context,
    observation: SafetyObservation,
    draft: parse.Draft,
    inferred: str | None,
    notified: alerts.Notified,
    photos: int,
) -> Reply:
    lang = ctx.language
    kind, severity = kind_word(observation.kind, lang), level_word(observation.severity, lang)
    lines = [
        say(
            "safety_recorded",
            lang,
            ref=safety_ref(observation.id),
            kind=kind,
            severity=severity,
            place=alerts.place_text(observation, lang),
        )
    ]
    if draft.kind is None:
        lines.append(say("safety_inferred" if inferred else "safety_assumed_kind", lang, kind=kind))
    if draft.severity is None:
        lines.append(say("safety_assumed_severity", lang, severity=severity))
    owner = observation.area.ehs_owner or "—"
    if not notified.posted:
        lines.append(say("safety_not_notified", lang, owner=owner))
    elif observation.area.ehs_owner:
        lines.append(say("safety_notified", lang, owner=owner))
    else:
        lines.append(say("safety_notified_channel", lang))
    if notified.level:
        lines.append(say("safety_escalated", lang, severity=severity, role=role(notified.level, lang)))
    if observation.andon_id:
        lines.append(say("safety_andon", lang, andon=andon_ref(observation.andon_id)))
    if photos:
        lines.append(say("safety_photos", lang, count=photos))
    reply = ctx.reply("\n".join(lines))
    if draft.anonymous:
        reply.text += "\n" + say("safety_anonymous", lang)
        reply.context["anonymous"] = True  # bot.handle forgets the sender's delivery details
    return reply


def _ask_where(ctx: Context) -> Reply:
    """Ask back for the place, with a button per area that repeats the report with it."""
    areas = all_areas(ctx.session)
    if not areas:
        raise BotError("no_areas")
    command = "安全" if ctx.language == "zh" else "safety"
    buttons = [
        Button(f"{area.code} · {area_name(area, ctx.language)}", f"{command} {ctx.args} area:{area.code}")
        for area in areas[:10]
    ]
    reply = ctx.reply(say("safety_missing_area", ctx.language, valid=valid_areas(areas)), buttons=buttons)
    if parse.read(ctx.args).anonymous:
        reply.context["anonymous"] = True
    return reply


def show_list(ctx: Context) -> Reply:
    """The latest observations as a table (never with the reporter's name)."""
    rows = service.recent(ctx.session)
    lang = ctx.language
    if not rows:
        return ctx.reply(say("safety_list_empty", lang))
    columns = [
        say(f"safety_column_{c}", lang) for c in ("ref", "when", "area", "kind", "severity", "status", "what")
    ]
    table = Table(
        columns,
        [
            [
                safety_ref(o.id),
                ctx.services.clock_time(o.observed_at),
                o.area.code,
                kind_word(o.kind, lang),
                level_word(o.severity, lang),
                word(o.status, lang),
                o.description[:60],
            ]
            for o in rows
        ],
    )
    return ctx.reply(f"*{say('safety_list_title', lang)}*", table=table)


def month_start(services: Services) -> datetime:
    """The start of the plant's current month, as naive UTC."""
    first = services.local(services.now()).date().replace(day=1)
    return datetime.combine(first, time(), tzinfo=services.timezone).astimezone(UTC).replace(tzinfo=None)


def show_stats(ctx: Context) -> Reply:
    """Counts per kind per area this month, and days since each area's last injury."""
    lang = ctx.language
    now = ctx.services.now()
    counts = service.counts(ctx.session, month_start(ctx.services), now + timedelta(seconds=1))
    injuries = service.last_injuries(ctx.session)
    today = ctx.services.local(now).date()
    rows: list[list[object]] = []
    for area in all_areas(ctx.session):
        days = service.days_since(injuries.get(area.id), today, ctx.services.local)
        per_kind: Counter[str] = counts.get(area.code) or Counter()
        rows.append(
            [
                area.code,
                *[per_kind[kind] for kind in KINDS],
                say("safety_no_injury", lang) if days is None else days,
            ]
        )
    columns = [
        say("safety_column_area", lang),
        *[kind_word(k, lang) for k in KINDS],
        say("safety_column_days", lang),
    ]
    month = ctx.services.local(now).strftime("%Y-%m")
    return ctx.reply(f"*{say('safety_stats_title', lang, month=month)}*", table=Table(columns, rows))


def close(ctx: Context, rest: str) -> Reply:
    """`safety close S12 [note]`: close an observation (first close wins)."""
    token, _, note = rest.partition(" ")
    number = record_number(token, "s", bare=True)
    if number is None:
        raise BotError("safety_bad_id", given=token[:40])
    observation = service.get(ctx.session, number, lock=True)
    event = service.close(
        ctx.session, observation, actor=ctx.actor, note=note.strip() or None, now=ctx.services.now()
    )
    time_text = ctx.services.local(event.at).strftime("%H:%M")
    return ctx.reply(
        say("safety_closed", ctx.language, ref=safety_ref(observation.id), actor=ctx.actor, time=time_text)
    )
