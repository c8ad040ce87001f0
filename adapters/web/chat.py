"""`/chat`: Gemba's chat in the browser, a third adapter beside Slack and DingTalk.

It only translates: a posted message becomes a `Message` (platform "web", the signed-in
person's "platform:id" and name) for `bot.handle`, and the `Reply` becomes HTML (text,
fields, table, chart, SQL, buttons). Each exchange is saved with the answer's transaction
(`bot.chat_log`), so the page shows the conversation so far, and a message sent twice (same
delivery id: a double click, a retry after a network blip) is processed once and shows the
one answer. Posts need the session's CSRF token; `static/chat.js` sends them with `fetch`
and adds the answer without reloading the page (without JavaScript the form still works).
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.web.access import Refused, Viewer, acting_form, viewer
from adapters.web.context import WebContext, web_context
from adapters.web.pages import render_page, request_language
from adapters.web.render import image_src, rich_text
from adapters.web.signin import refusal
from bot import chat_log
from bot.chat_log import Exchange
from bot.handle import handle
from bot.language import as_language
from bot.roles import WEB
from bot.texts import register
from bot.types import Language, Reply

HISTORY = 30
#: The header `chat.js` sends: answer with the exchange's HTML, not a redirect.
FETCH_HEADER = "x-requested-with"

register(
    {
        "web_chat_title": ("Chat with Gemba", "与 Gemba 对话"),
        "web_chat_intro": (
            "Ask about your figures, how we work, or act on andon calls and problems "
            "(e.g. “how many andon calls last week?”, “ack A3”, “help”).",
            "可以问数据、问作业方法，或处理安灯和问题（例如“上周有多少次安灯？”、“确认 A3”、“帮助”）。",
        ),
        "web_chat_placeholder": ("Type a question or a command", "输入问题或命令"),
        "web_chat_send": ("Send", "发送"),
        "web_chat_sql": ("SQL", "SQL 语句"),
        "web_chat_rows_shown": ("{shown} of {total} rows", "共 {total} 行，显示 {shown} 行"),
        "web_chat_you": ("You", "你"),
        "web_chat_failed": (
            "Your message could not be sent; check the connection and press Send again.",
            "消息未能发送，请检查网络后再次点击发送。",
        ),
        "web_chat_empty": ("Type a message first.", "请先输入内容。"),
    }
)


def routes() -> list[BaseRoute]:
    """`/chat` (the page) and `/chat/messages` (POST one message, get the exchange back)."""
    return [
        Route("/chat", chat_page, methods=["GET"]),
        Route("/chat/messages", post_message, methods=["POST"]),
    ]


async def chat_page(request: Request) -> Response:
    """The conversation so far and the message box; sign in first."""
    who = viewer(request)
    if who is None or not who.can_act:
        return RedirectResponse(f"/login?lang={request_language(request)}", status_code=303)
    ctx = web_context(request)

    def history() -> list[Exchange]:
        with ctx.services.sessions() as session:
            return chat_log.recent(session, person=who.user, limit=HISTORY)

    return render_page(
        request,
        "chat.html",
        nav_active="chat",
        exchanges=await run_in_threadpool(history),
        delivery_id=secrets.token_hex(16),
        **_helpers(),
    )


async def post_message(request: Request) -> Response:
    """Answer one posted message (`text`, `delivery_id`, `csrf`) through `bot.handle`."""
    try:
        form, who, delivery_id = await acting_form(request)
    except Refused as refused:
        return refusal(request, refused)
    text = form.get("text", "")
    # A button sends a command in the page's language; typed text is answered in its own.
    language = as_language(form["lang"]) if form.get("lang") in ("en", "zh") else None
    ctx = web_context(request)
    exchanges = await run_in_threadpool(answer, ctx, who, text, delivery_id, language)
    if request.headers.get(FETCH_HEADER) != "fetch":  # a plain form post: back to the page
        return RedirectResponse(f"/chat?lang={request_language(request)}", status_code=303)
    return render_page(request, "chat_exchanges.html", exchanges=exchanges, **_helpers())


def answer(
    ctx: WebContext, who: Viewer, text: str, delivery_id: str, language: Language | None
) -> list[Exchange]:
    """Answer `text` from `who` through `bot.handle` and save the exchange in their chat (the
    web chat's messages and the board's buttons both come here). Returns the exchanges for
    this delivery (the answer, then any card it posted to the web chat): answered now, or the
    answer it got before. Blocking: call it in a worker thread."""
    services = ctx.services
    message = who.message(text, language=language, delivery_id=f"{who.user}/{delivery_id}")
    with services.sessions() as session:
        before = chat_log.last_id(session, person=who.user)

    unkept: list[Exchange] = []

    def save(session: Session, reply: Reply) -> None:
        now = services.now()
        if reply.context.get("anonymous"):  # an anonymous report stays out of the person's history
            unkept.append(Exchange(0, text, reply, now))
        else:
            chat_log.record(
                session, person=who.user, delivery_id=delivery_id, question=text, reply=reply, now=now
            )
        chat_log.take_cards(session, person=who.user, platform=WEB, now=now)

    if handle(message, services, before_commit=save) is not None:
        with services.sessions() as session:
            return unkept + chat_log.since(session, person=who.user, after_id=before)
    with services.sessions() as session:  # sent before: show the answer it got
        answered = chat_log.answered(session, person=who.user, delivery_id=delivery_id)
    return [answered] if answered is not None else []


def _helpers() -> dict[str, Any]:
    return {"rich": rich_text, "image_src": image_src}
