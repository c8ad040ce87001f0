"""5S/6S audit commands: `5s L3` walks the checklist, `5s L3 4 3 5 2 4 "note"` scores it in one
line, `5s note …` adds a note, `5s trend L3` shows the scores over time; buttons send
`5s score|skip|cancel <audit> …`."""

from __future__ import annotations

import re
import unicodedata

from bot import attachments
from bot.areas import area_name, require_area
from bot.audits import service, walk
from bot.audits.models import FiveSAudit
from bot.audits.templates import FIVE_S, SIX_S, Item
from bot.audits.texts import audit_kind, s_name
from bot.audits.trend import trend_reply
from bot.commands.registry import Context
from bot.errors import BotError
from bot.store.models import Area
from bot.texts import say
from bot.types import Reply

#: Sub-commands by the words that name them, English and Chinese.
_SUB = {
    "trend": "trend",
    "趋势": "trend",
    "score": "score",
    "评分": "score",
    "skip": "skip",
    "跳过": "skip",
    "note": "note",
    "备注": "note",
    "cancel": "cancel",
    "取消": "cancel",
}
_CJK_SUB = sorted((w for w in _SUB if not w.isascii()), key=len, reverse=True)
_QUOTED = re.compile(r"\s*[\"“「](?P<note>[^\"”」]*)[\"”」]\s*$")
_DIGIT = re.compile(r"^\d$")


def run_5s(ctx: Context) -> Reply:
    """`5s <area> [5 scores] ["note"]`, `5s trend <area>`, `5s note <text>` and the walk's buttons."""
    return _run(ctx, six=False)


def run_6s(ctx: Context) -> Reply:
    """Like `5s`, with the Safety checks (and a sixth score in the one-line form)."""
    return _run(ctx, six=True)


def _run(ctx: Context, *, six: bool) -> Reply:
    args = unicodedata.normalize("NFKC", ctx.args).strip()
    sub, rest = _sub_command(args)
    if sub == "trend":
        return trend_reply(ctx, require_area(ctx.session, rest))
    if sub == "score":
        return _score(ctx, rest, skip=False)
    if sub == "skip":
        return _score(ctx, rest, skip=True)
    if sub == "note":
        return _note(ctx, rest)
    if sub == "cancel":
        return _cancel(ctx, rest)
    if not args:
        raise BotError("audit_usage")
    return _start(ctx, args, six=six)


def _sub_command(args: str) -> tuple[str | None, str]:
    first, _, rest = args.partition(" ")
    if first.lower() in _SUB:
        return _SUB[first.lower()], rest.strip()
    for word in _CJK_SUB:  # "趋势3号线"
        if args.startswith(word):
            return _SUB[word], args[len(word) :].strip()
    return None, args


def _start(ctx: Context, args: str, *, six: bool) -> Reply:
    """Start (or carry on with) an audit of the area named, or score it at once in one line."""
    note_match = _QUOTED.search(args)
    note = note_match.group("note").strip() if note_match else ""
    text = args[: note_match.start()] if note_match else args
    tokens = text.split()
    wanted = len(SIX_S if six else FIVE_S)
    digits = next((i for i, t in enumerate(reversed(tokens)) if not _DIGIT.match(t)), len(tokens))
    kind = audit_kind("6s" if six else "5s", ctx.language)
    if digits >= wanted and len(tokens) > wanted:
        area = require_area(ctx.session, " ".join(tokens[:-wanted]))
        return _one_line(ctx, area, [int(t) for t in tokens[-wanted:]], note, six=six)
    if digits >= 2 or note:
        example = f"{'6s' if six else '5s'} L3 " + " ".join("4353245"[:wanted])
        raise BotError("audit_wrong_count", kind=kind, count=wanted, example=example)
    area = require_area(ctx.session, text)
    now = ctx.services.now()
    audit = service.open_audit_of(ctx.session, auditor=ctx.actor, area_id=area.id)
    if audit is not None:
        lead = _say(
            ctx,
            "audit_resumed",
            kind=audit_kind(audit.audit_type, ctx.language),
            id=audit.id,
            area=_area(ctx, audit),
        )
    else:
        audit = service.start_audit(
            ctx.session,
            area=area,
            six=six,
            auditor=ctx.actor,
            origin=ctx.origin,
            language=ctx.language,
            now=now,
        )
        count = len(walk.checklist(audit, ctx.services))
        lead = _say(ctx, "audit_started", kind=kind, id=audit.id, area=_area(ctx, audit), count=count)
    lead += _photos(ctx, audit)
    item = walk.next_item(audit, ctx.services)
    if item is None:
        return walk.finish(ctx.session, audit, ctx.services, ctx.language, actor=ctx.actor, lead=lead)
    return walk.prompt(audit, item, ctx.services, ctx.language, lead)


def _one_line(ctx: Context, area: Area, scores: list[int], note: str, *, six: bool) -> Reply:
    if any(not 1 <= score <= 5 for score in scores):
        raise BotError("audit_bad_score")
    now = ctx.services.now()
    audit = service.start_audit(
        ctx.session, area=area, six=six, auditor=ctx.actor, origin=ctx.origin, language=ctx.language, now=now
    )
    if note:
        audit.note = note
    for s, score in zip(SIX_S if six else FIVE_S, scores, strict=False):
        item = Item(s, s, s_name(s, "en"), s_name(s, "zh"))
        service.score_item(
            ctx.session, audit=audit, item=item, score=score, note=None, actor=ctx.actor, now=now
        )
    lead = _photos(ctx, audit).strip()
    return walk.finish(ctx.session, audit, ctx.services, ctx.language, actor=ctx.actor, lead=lead)


def _score(ctx: Context, rest: str, *, skip: bool) -> Reply:
    """`score <audit> <check> <1-5> [note]` or `skip <audit> <check>` (what the buttons send)."""
    parts = rest.split(maxsplit=3 if not skip else 2)
    if len(parts) < (2 if skip else 3):
        raise BotError("audit_usage")
    audit = service.get_audit(ctx.session, _audit_id(parts[0]), lock=True)
    service.check_open(audit)
    item = next((i for i in walk.checklist(audit, ctx.services) if i.key == parts[1]), None)
    if item is None:
        raise BotError("audit_unknown_item", id=audit.id, item=parts[1])
    score = None
    if not skip:
        if not parts[2].isdigit():
            raise BotError("audit_bad_score")
        score = int(parts[2])
    note = parts[3] if len(parts) > 3 and not skip else None
    service.score_item(
        ctx.session, audit=audit, item=item, score=score, note=note, actor=ctx.actor, now=ctx.services.now()
    )
    s, n = s_name(item.s, ctx.language), item.key.rpartition(".")[2]
    lead = _say(ctx, "audit_skipped", s=s, n=n) if skip else _say(ctx, "audit_scored", s=s, n=n, score=score)
    lead += _photos(ctx, audit)
    following = walk.next_item(audit, ctx.services)
    if following is None:
        return walk.finish(ctx.session, audit, ctx.services, ctx.language, actor=ctx.actor, lead=lead)
    return walk.prompt(audit, following, ctx.services, ctx.language, lead)


def _note(ctx: Context, text: str) -> Reply:
    """`5s note <text>`: a note on the check just scored of your audit in progress."""
    audit = service.open_audit_of(ctx.session, auditor=ctx.actor)
    if audit is None:
        raise BotError("audit_none_open")
    if text:
        service.add_note(ctx.session, audit=audit, text=text, actor=ctx.actor, now=ctx.services.now())
    lead = _say(ctx, "audit_note_added", id=audit.id) + _photos(ctx, audit)
    item = walk.next_item(audit, ctx.services)
    if item is None:  # cannot happen while in progress, but never leave a user without an answer
        return ctx.reply(lead)
    return walk.prompt(audit, item, ctx.services, ctx.language, lead)


def _cancel(ctx: Context, rest: str) -> Reply:
    audit = service.get_audit(ctx.session, _audit_id(rest.split()[0] if rest else ""), lock=True)
    service.cancel_audit(ctx.session, audit=audit, actor=ctx.actor, now=ctx.services.now())
    return ctx.reply(_say(ctx, "audit_cancelled", id=audit.id, actor=ctx.actor))


def _photos(ctx: Context, audit: FiveSAudit) -> str:
    """Keep the message's photos with the audit; a sentence saying so ("" when there are none)."""
    kept = attachments.keep(
        ctx.session, ctx.message, record_kind="audit", record_id=audit.id, services=ctx.services
    )
    return "\n" + _say(ctx, "audit_photos_kept", count=len(kept), id=audit.id) if kept else ""


def _audit_id(token: str) -> int:
    digits = token.lstrip("#")
    if not digits.isdigit():
        raise BotError("audit_bad_id", given=token[:20])
    return int(digits)


def _area(ctx: Context, audit: FiveSAudit) -> str:
    return area_name(audit.area, ctx.language)


def _say(ctx: Context, key: str, **values: object) -> str:
    return say(key, ctx.language, **values)
