"""Who is looking at a page, and what they may do: the one access seam every page calls.

- `viewer(request) -> Viewer | None`: the person or screen behind `request`, or None when
  the request may not see Gemba's pages at all (the page then answers 403 with a hint):
  1. a TV link's `?key=` (`gemba board link`): that link's line(s), read-only, while the link
     is neither revoked nor expired; a key that fails is refused even from this machine;
  2. a session cookie (signed in with a one-time link from `board login`, or a local
     account): everything, and may act (acknowledge, resolve, chat);
  3. a browser on this machine (loopback), read-only, when `GEMBA_BOARD_LOCAL_VIEW` is on.
- `acting(request, form)`: the signed-in viewer of a state-changing POST whose form (or
  `X-CSRF-Token` header) carries the session's CSRF token; else the 401/403 response.
- Credentials may come in the query string (a TV link's key): the board copies its page's
  query string onto its live-updates URL (`/board/events?...`), so what `viewer` accepts on
  the page it also accepts on the stream, and `still_allowed` re-checks it on every event.

The sign-in and sign-out pages are in `signin.py`.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from starlette.requests import Request

from adapters.web.context import web_context
from adapters.web.forms import FormTooLarge, read_form
from bot.access import check_link, session_for
from bot.access.links import signing_key
from bot.roles import WEB
from bot.store.db import transaction
from bot.texts import register
from bot.types import Language, Message

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
SESSION_COOKIE = "gemba_session"
CSRF_HEADER = "x-csrf-token"
#: A person's web chat is one conversation: follow-ups ("and line 2?") keep their context.
CHAT_THREAD = "chat"

register(
    {
        "web_signin_title": ("Sign in", "登录"),
        "web_signin_intro": (
            "Ask Gemba for a sign-in link in Slack or DingTalk: send “board login” (or “看板登录”). "
            "Or sign in with a local account:",
            "在 Slack 或钉钉里向 Gemba 发送“看板登录”（或“board login”）获取登录链接；也可以用本地账号登录：",
        ),
        "web_signin_name": ("Account", "账号"),
        "web_signin_password": ("Password", "密码"),
        "web_signin_button": ("Sign in", "登录"),
        "web_signin_wrong": ("Wrong account or password.", "账号或密码错误。"),
        "web_signin_link_intro": (
            "Sign in to Gemba's board and chat with this one-time link.",
            "使用此一次性链接登录 Gemba 看板和对话。",
        ),
        "web_signin_link_bad": (
            "This sign-in link was used already or has expired. Ask Gemba for a new one: “board login”.",
            "此登录链接已使用或已过期。请向 Gemba 重新获取：“看板登录”。",
        ),
        "web_signin_form_expired": (
            "This form has expired; reload the page and try again.",
            "表单已过期，请刷新页面后重试。",
        ),
        "web_signed_in_as": ("Signed in as {name}", "已登录：{name}"),
        "web_signout": ("Sign out", "退出登录"),
        "web_csrf_refused": (
            "Refused: the request did not carry this page's security token. Reload the page and try again.",
            "已拒绝：请求缺少本页面的安全令牌。请刷新页面后重试。",
        ),
        "web_signin_needed": ("Sign in first.", "请先登录。"),
    }
)


@dataclass(frozen=True)
class Viewer:
    """Someone (or a screen) allowed to look at pages.

    `name`: shown in the page header and recorded as the actor of what they do.
    `user`: the chat user id (platform:id) a signed-in person acts as, or "" for a screen.
    `can_act`: may acknowledge, resolve and chat. `lines`: line codes it may see (None: all).
    `via`: how it got in: "local", "tv-link", "session". `csrf_token`: what the forms of a
    signed-in person carry. `groups`: their platform groups (for roles).
    """

    name: str
    user: str = ""
    can_act: bool = False
    lines: frozenset[str] | None = None
    via: str = "local"
    csrf_token: str = ""
    groups: tuple[str, ...] = ()

    def sees(self, line_code: str) -> bool:
        """Whether this viewer may see line `line_code`.

        >>> Viewer("tv", lines=frozenset({"L3"})).sees("L1"), Viewer("me").sees("L1")
        (False, True)
        """
        return self.lines is None or line_code in self.lines

    def message(self, text: str, *, language: Language | None, delivery_id: str | None) -> Message:
        """`text` as a chat message from this (signed-in) person, for `bot.handle`.

        >>> who = Viewer("Li Wei", user="dingtalk:m1", can_act=True)
        >>> m = who.message("ack A3", language="zh", delivery_id="d1")
        >>> m.platform, m.user, m.user_name, m.channel, m.thread
        ('web', 'dingtalk:m1', 'Li Wei', 'dingtalk:m1', 'chat')
        """
        return Message(
            platform=WEB,
            channel=self.user,
            user=self.user,
            text=text,
            thread=CHAT_THREAD,
            user_name=self.name,
            language=language,
            delivery_id=delivery_id,
            groups=self.groups,
        )


def viewer(request: Request) -> Viewer | None:
    """The viewer behind `request`, or None if it may not see pages (see the module docstring).
    Decided once per request."""
    if not hasattr(request.state, "viewer"):
        request.state.viewer = _decide(request)
    found: Viewer | None = request.state.viewer
    return found


def still_allowed(request: Request) -> bool:
    """Whether the credentials of `request` still hold now (a long-lived stream asks this
    before every event, so a revoked link or an ended session stops it at once)."""
    return _decide(request) is not None


def _decide(request: Request) -> Viewer | None:
    ctx = web_context(request)
    settings, services = ctx.settings, ctx.services
    now = services.now()
    key = request.query_params.get("key")
    token = request.cookies.get(SESSION_COOKIE, "")
    if key is None and not token:
        return _local(request) if settings.gemba_board_local_view else None
    with transaction(services.sessions) as session:
        if key is not None:
            secret = signing_key(session, settings.gemba_board_secret.get_secret_value(), now=now)
            grant = check_link(session, key, now=now, key=secret)
            if grant is None:
                return None
            lines = frozenset({grant.line_code}) if grant.line_code else None
            return Viewer(name=f"tv-{grant.id}", lines=lines, via="tv-link")
        signed_in = session_for(session, token, now=now) if token else None
    if signed_in is not None:
        who = signed_in.identity
        return Viewer(
            name=who.user_name,
            user=who.key,
            can_act=True,
            via="session",
            csrf_token=signed_in.csrf_token,
            groups=who.groups,
        )
    return _local(request) if settings.gemba_board_local_view else None


def _local(request: Request) -> Viewer | None:
    """A read-only viewer for a browser on this machine; None for other addresses."""
    client = request.client
    return Viewer(name="local", via="local") if client is not None and client.host in LOOPBACK else None


def csrf_ok(who: Viewer, request: Request, form: dict[str, str]) -> bool:
    """Whether a POST carries `who`'s CSRF token (form field `csrf` or the X-CSRF-Token header)."""
    given = form.get("csrf") or request.headers.get(CSRF_HEADER, "")
    return bool(who.csrf_token) and hmac.compare_digest(given.encode(), who.csrf_token.encode())


class Refused(Exception):
    """A state-changing request that may not go ahead: `status` (401, 403) and the sentence."""

    def __init__(self, status: int, body_key: str) -> None:
        super().__init__(body_key)
        self.status, self.body_key = status, body_key


def acting(request: Request, form: dict[str, str]) -> Viewer:
    """The signed-in viewer of a state-changing POST. Raises Refused: 401 when nobody is
    signed in, 403 when the form (or header) lacks the session's CSRF token."""
    who = viewer(request)
    if who is None or not who.can_act:
        raise Refused(401, "web_signin_needed")
    if not csrf_ok(who, request, form):
        raise Refused(403, "web_csrf_refused")
    return who


MAX_DELIVERY_ID = 64


async def acting_form(request: Request) -> tuple[dict[str, str], Viewer, str]:
    """The posted form of a state-changing POST, its signed-in viewer (see `acting`; a form too
    large to read has no CSRF token, so it is refused) and the delivery id it names (one is made
    when it names none), so a form sent twice is answered once."""
    try:
        form = await read_form(request)
    except FormTooLarge:
        form = {}
    who = acting(request, form)
    return form, who, form.get("delivery_id", "")[:MAX_DELIVERY_ID] or secrets.token_hex(16)
