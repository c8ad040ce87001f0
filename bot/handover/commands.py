"""Handover commands: `handover` / `交接` (start, notes, submit, confirm, search),
`确认交接` (confirm) and `handovers` / `交接记录` (a line's recent handovers)."""

from __future__ import annotations

import re

from bot import attachments
from bot.commands import command
from bot.commands.refs import split_first
from bot.commands.registry import Context
from bot.errors import BotError
from bot.handover import post, service
from bot.handover.models import Handover
from bot.handover.service import handover_ref, is_handover_ref, parse_handover_ref
from bot.locations import require_line
from bot.texts import say
from bot.types import Button, Reply, Table

#: The names people give each note, English and Chinese.
FIELD_NAMES = {
    "quality": "quality", "质量": "quality", "品质": "quality",
    "safety": "safety", "安全": "safety",
    "watch": "watch", "关注": "watch", "注意": "watch", "next": "watch",
    "output": "output", "产量": "output",
}  # fmt: skip
SUBMIT = ("submit", "提交")
CONFIRM = ("confirm", "确认")
SEARCH = ("search", "搜索", "查找")
_FORM_PART = re.compile(r"^\s*(\S+?)\s*[:：]\s*(.*)$", re.DOTALL)


def handover(ctx: Context) -> Reply:
    """`handover <line> [notes|submit]`, `handover <H-id> [field] <text>|submit`,
    `handover confirm <H-id>`, `handover search <words>`."""
    first, rest = split_first(ctx.args)
    if first is None:
        raise BotError("usage", usage=command("handover").usage_in(ctx.language))
    word = first.lower()
    if word in CONFIRM:
        return confirm_receipt(ctx, rest)
    if word in SEARCH:
        return _search(ctx, rest)
    if is_handover_ref(first):
        record = service.get(ctx.session, parse_handover_ref(first))
        _keep_photos(ctx, record)
        return _on_record(ctx, record, rest)
    line, _station, tokens = require_line(ctx.session, ctx.args.split())
    record, new = service.start(
        ctx.session,
        line=line,
        actor=ctx.actor,
        origin=ctx.origin,
        language=ctx.language,
        now=ctx.services.now(),
        timezone=ctx.services.timezone,
    )
    _keep_photos(ctx, record)
    text = " ".join(tokens)
    if text.lower() in SUBMIT:
        return _submit(ctx, record)
    if text:
        return _write(ctx, record, _form(text))
    return _walk(ctx, record, say("handover_started", ctx.language, ref=handover_ref(record.id),
                                  line=post.line_name(record, ctx.language),
                                  shift=post.shift_label(record, ctx.language)) if new else "")  # fmt: skip


def _keep_photos(ctx: Context, record: Handover) -> None:
    """Photos sent with a handover message (a scrap bin, a leaking hose) are kept with it."""
    if ctx.message.attachments:
        attachments.keep(ctx.session, ctx.message, record_kind="handover", record_id=record.id,
                         services=ctx.services)  # fmt: skip


def _on_record(ctx: Context, record: Handover, rest: str) -> Reply:
    if not rest:
        return _walk(ctx, record, "")
    if rest.lower() in SUBMIT:
        return _submit(ctx, record)
    if rest.lower() in CONFIRM:
        return confirm_receipt(ctx, handover_ref(record.id))
    form = _FORM_PART.match(rest)
    if "|" in rest or (form is not None and form.group(1).lower() in FIELD_NAMES):
        return _write(ctx, record, _form(rest))
    head, text = split_first(rest)
    field = FIELD_NAMES.get((head or "").lower())
    if field is None:  # a plain answer goes to the note Gemba asked for
        field = service.next_question(record) or "watch"
        text = rest
    return _write(ctx, record, {field: text or "-"})


def _form(text: str) -> dict[str, str]:
    """`quality: … | safety: … | watch: …` (Chinese names and colons too) as field → text."""
    notes = {}
    for part in text.split("|"):
        match = _FORM_PART.match(part)
        field = FIELD_NAMES.get(match.group(1).lower()) if match else None
        if match is None or field is None:
            raise BotError("handover_bad_field", given=part.strip()[:40])
        notes[field] = match.group(2).strip() or "-"
    return notes


def _write(ctx: Context, record: Handover, notes: dict[str, str]) -> Reply:
    record = service.write_notes(ctx.session, handover=record, notes=notes, actor=ctx.actor,
                                 now=ctx.services.now())  # fmt: skip
    names = ", ".join(say(f"handover_f_{'output_note' if f == 'output' else f}", ctx.language) for f in notes)
    noted = say("handover_noted", ctx.language, ref=handover_ref(record.id), fields=names)
    return _walk(ctx, record, noted, items=False)


def _walk(ctx: Context, record: Handover, lead: str, *, items: bool = True) -> Reply:
    """The handover so far, and the next question (or the Submit button when all is there);
    the open calls and problems unless not `items` (the answers to the questions)."""
    lang = ctx.language
    reply = post.handover_reply(record, lang, ctx.services, items=items)
    ref = handover_ref(record.id)
    asking = service.next_question(record) if record.status == "draft" else None
    if asking is not None:
        question = say(f"handover_ask_{asking}", lang)
        field = next(
            name
            for name, value in FIELD_NAMES.items()
            if value == asking and name.isascii() == (lang == "en")
        )
        reply.text += "\n\n" + say("handover_ask", lang, question=question, ref=ref, field=field)
        reply.buttons = [Button(say("handover_b_skip", lang), f"handover {ref} {asking} -"), *reply.buttons]
    elif record.status == "draft":
        reply.text += "\n\n" + say("handover_ready", lang, ref=ref)
    if lead:
        reply.text = f"{lead}\n\n{reply.text}"
    return reply


def _submit(ctx: Context, record: Handover) -> Reply:
    record = service.submit(ctx.session, handover=record, actor=ctx.actor, now=ctx.services.now(),
                            timezone=ctx.services.timezone)  # fmt: skip
    post.post_submitted(ctx.session, record, ctx.services)
    where = post.where_text(ctx.session, record)
    return ctx.reply(say("handover_submitted", ctx.language, ref=handover_ref(record.id), where=where))


def confirm_receipt(ctx: Context, token: str) -> Reply:
    """`handover confirm <H-id>` / `确认交接 <编号>`: the next shift's lead confirms receipt."""
    ref, rest = split_first(token)
    if ref is None or rest:
        raise BotError("usage", usage=command("confirm-handover").usage_in(ctx.language))
    record = service.confirm(ctx.session, handover_id=parse_handover_ref(ref), actor=ctx.actor,
                             now=ctx.services.now())  # fmt: skip
    post.post_confirmed(ctx.session, record, ctx.services)
    return ctx.reply(post.confirmed_text(record, ctx.language, ctx.services))


def _search(ctx: Context, words: str) -> Reply:
    if not words.strip():
        raise BotError("usage", usage=command("handover").usage_in(ctx.language))
    found = service.search(ctx.session, words.split())
    if not found:
        return ctx.reply(say("handover_none_found", ctx.language, words=words))
    title = say("handover_search_title", ctx.language, words=words)
    return _table(ctx, title, found, with_line=True)


def handovers(ctx: Context) -> Reply:
    """`handovers <line>` / `交接记录 <产线>`: the line's recent handovers."""
    line, _station, _rest = require_line(ctx.session, ctx.args.split())
    found = service.recent(ctx.session, line.id)
    name = (line.name_zh or line.name) if ctx.language == "zh" else line.name
    if not found:
        return ctx.reply(say("handover_none_yet", ctx.language, line=name))
    return _table(ctx, say("handover_list_title", ctx.language, line=name), found, with_line=False)


def _table(ctx: Context, title: str, found: list[Handover], *, with_line: bool) -> Reply:
    lang = ctx.language
    columns = say("handover_cols", lang).split(" | ")
    rows: list[list[object]] = []
    for record in found:
        shift = post.shift_label(record, lang)
        rows.append([
            handover_ref(record.id),
            f"{record.line.code} {shift}" if with_line else shift,
            record.handed_over_by,
            post.status_text(record, lang, ctx.services),
            post.output_text(record, lang),
            record.watch_note or "",
        ])  # fmt: skip
    return ctx.reply(title, title=title, table=Table(columns, rows))


def confirm_handover(ctx: Context) -> Reply:
    """`handover confirm <H-id>` / `确认交接 <编号>` (a handover's button): confirm its receipt."""
    return confirm_receipt(ctx, ctx.args)
