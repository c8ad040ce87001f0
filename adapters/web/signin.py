"""Signing in and out of the web pages: `/login` (a local account's name and password, and how
to get a one-time link), `/login/{token}` (a one-time link from `board login`), `/logout`.

Sign-in forms carry a random value that is also set as a cookie (double submit), so another
site cannot sign a browser in to someone else's account; sign-out is a CSRF-checked POST.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.web.access import SESSION_COOKIE, Refused, acting
from adapters.web.context import WebContext, web_context
from adapters.web.forms import FormTooLarge, read_form
from adapters.web.pages import render_page, request_language
from bot.access import Identity, end_session, redeem_signin_token, start_session, verify_account
from bot.store.db import transaction

FORM_COOKIE = "gemba_form"


def routes() -> list[BaseRoute]:
    """Sign-in with a local account or a one-time link, and sign-out."""
    return [
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login_with_password, methods=["POST"]),
        Route("/login/{token}", link_page, methods=["GET"]),
        Route("/login/{token}", login_with_link, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
    ]


async def login_page(request: Request, *, error: str | None = None, status_code: int = 200) -> Response:
    """The sign-in page: how to get a one-time link, and the local account form."""
    form_token = secrets.token_urlsafe(24)
    response = render_page(
        request, "login.html", status_code=status_code, form_token=form_token, error_key=error
    )
    _set_form_cookie(response, request, form_token)
    return response


async def login_with_password(request: Request) -> Response:
    """Sign in with a local account's name and password."""
    form = await _form(request)
    if form is None or not _form_cookie_ok(request, form):
        return await login_page(request, error="web_signin_form_expired", status_code=403)
    ctx = web_context(request)
    name, password = form.get("name", "").strip(), form.get("password", "")

    def verify() -> Identity | None:
        with transaction(ctx.services.sessions) as session:
            return verify_account(session, name, password)

    identity = await run_in_threadpool(verify) if name and password else None
    if identity is None:
        return await login_page(request, error="web_signin_wrong", status_code=401)
    return _signed_in(request, ctx, identity)


async def link_page(request: Request) -> Response:
    """A one-time link's page: one button that signs in (a GET never uses the link, so a link
    preview or a virus scanner opening it does not spend it)."""
    form_token = secrets.token_urlsafe(24)
    response = render_page(
        request, "login_link.html", form_token=form_token, token=request.path_params["token"]
    )
    _set_form_cookie(response, request, form_token)
    return response


async def login_with_link(request: Request) -> Response:
    """Use a one-time link: sign its person in, once; 403 when used, expired or unknown."""
    form = await _form(request)
    if form is None or not _form_cookie_ok(request, form):
        return refusal(request, Refused(403, "web_signin_form_expired"))
    ctx = web_context(request)
    token = request.path_params["token"]

    def redeem() -> Identity | None:
        with transaction(ctx.services.sessions) as session:
            return redeem_signin_token(session, token, now=ctx.now())

    identity = await run_in_threadpool(redeem)
    if identity is None:
        return refusal(request, Refused(403, "web_signin_link_bad"))
    return _signed_in(request, ctx, identity)


async def logout(request: Request) -> Response:
    """End the session (CSRF-checked) and go to the sign-in page."""
    try:
        acting(request, await _form(request) or {})
    except Refused as refused:
        return refusal(request, refused)
    ctx = web_context(request)
    with transaction(ctx.services.sessions) as session:
        end_session(session, request.cookies.get(SESSION_COOKIE, ""), now=ctx.now())
    response = RedirectResponse(f"/login?lang={_lang(request)}", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _signed_in(request: Request, ctx: WebContext, identity: Identity) -> Response:
    valid_for = timedelta(hours=ctx.settings.gemba_board_session_hours)
    with transaction(ctx.services.sessions) as session:
        token = start_session(session, identity, now=ctx.now(), valid_for=valid_for)
    response = RedirectResponse(f"/chat?lang={_lang(request)}", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(valid_for.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(ctx),
    )
    response.delete_cookie(FORM_COOKIE, path="/login")
    return response


async def _form(request: Request) -> dict[str, str] | None:
    try:
        return await read_form(request)
    except FormTooLarge:
        return None


def _set_form_cookie(response: Response, request: Request, value: str) -> None:
    response.set_cookie(
        FORM_COOKIE,
        value,
        max_age=3600,
        path="/login",
        httponly=True,
        samesite="strict",
        secure=_secure(web_context(request)),
    )


def _form_cookie_ok(request: Request, form: dict[str, str]) -> bool:
    cookie, given = request.cookies.get(FORM_COOKIE, ""), form.get("form_token", "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), given.encode())


def refusal(request: Request, refused: Refused) -> Response:
    """The page (or, for `fetch`, the fragment) saying why a request was refused."""
    title = "web_forbidden_title" if refused.status == 403 else "web_signin_title"
    return render_page(
        request,
        "message.html",
        status_code=refused.status,
        title_key=title,
        body_key=refused.body_key,
        body_params={},
    )


def _secure(ctx: WebContext) -> bool:
    return ctx.settings.gemba_board_url.startswith("https://")


def _lang(request: Request) -> str:
    return request_language(request)
