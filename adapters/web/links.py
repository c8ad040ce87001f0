"""Links between the KPI and problems pages that keep what the page was opened with: its
language and a TV link's key (without the key, a TV following a link would be refused)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from adapters.web.pages import request_language

KEPT = ("key",)  # query parameters every link of a page carries on, besides `lang`


def page_link(request: Request, path: str, **params: str) -> str:
    """`path` with `params` (empty values left out), the page language and the kept
    parameters of `request`, e.g. "/kpi/L3?week=2026-W46&lang=zh"."""
    query = {name: value for name, value in params.items() if value}
    query["lang"] = request_language(request)
    query |= {name: request.query_params[name] for name in KEPT if request.query_params.get(name)}
    return f"{path}?{urlencode(query)}"


def kept_fields(request: Request) -> list[tuple[str, str]]:
    """(name, value) of the hidden fields a GET form needs to keep the same things."""
    fields = [("lang", request_language(request))]
    return fields + [(name, request.query_params[name]) for name in KEPT if request.query_params.get(name)]


def link_values(request: Request) -> dict[str, Any]:
    """The template values `link(path, **params)` (see `page_link`) and `kept` (see
    `kept_fields`), for `render_page(..., **link_values(request))`."""
    return {
        "link": lambda path, **params: page_link(request, path, **params),
        "kept": kept_fields(request),
    }
