"""Rendering a page: the language of the request and the values every template gets."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from adapters.web import texts as _texts  # noqa: F401  (adds the pages' sentences to bot.texts)
from adapters.web.access import viewer
from adapters.web.context import web_context
from bot.texts import say, word
from bot.types import Language

LANGUAGES: tuple[Language, ...] = ("en", "zh")


def request_language(request: Request) -> Language:
    """`?lang=zh|en` when given and known, else the configured default (`GEMBA_LANGUAGE`)."""
    asked = request.query_params.get("lang", "")
    for language in LANGUAGES:
        if asked == language:
            return language
    return web_context(request).language


def render_page(request: Request, template: str, *, status_code: int = 200, **values: Any) -> HTMLResponse:
    """`template` rendered for `request`, with these values besides `values`:

    `lang` (en or zh), `t(key, **params)` (a sentence of `bot.texts` in `lang`), `w(key)`
    (a word of `bot.texts.WORDS`: states, categories), `viewer` (access.Viewer or
    None), `tv` (whether `?tv=1`), `query` (the request's query parameters), `path`, and
    `other_lang_url` (this page in the other language).
    """
    language = request_language(request)
    other = "en" if language == "zh" else "zh"
    other_url = request.url.include_query_params(lang=other)
    context = {
        "request": request,
        "lang": language,
        "t": lambda key, /, **params: say(key, language, **params),
        "w": lambda key, /, **params: word(key, language, **params),
        "viewer": viewer(request),
        "tv": request.query_params.get("tv") == "1",
        "query": request.query_params,
        "path": request.url.path,
        "other_lang_url": f"{other_url.path}?{other_url.query}",
        **values,
    }
    templates = web_context(request).templates
    response: HTMLResponse = templates.TemplateResponse(request, template, context, status_code=status_code)
    return response


def forbidden(request: Request) -> HTMLResponse:
    """The 403 page: this request may not see pages (no TV link, not signed in)."""
    return render_page(
        request,
        "message.html",
        status_code=403,
        title_key="web_forbidden_title",
        body_key="web_forbidden_body",
        body_params={},
    )


def not_found(request: Request, body_key: str, **body_params: Any) -> HTMLResponse:
    """The 404 page with the sentence `body_key`."""
    return render_page(
        request,
        "message.html",
        status_code=404,
        title_key="web_not_found_title",
        body_key=body_key,
        body_params=body_params,
    )
