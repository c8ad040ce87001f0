"""The web app: routes collected from the page modules, static assets, the live feed's lifespan.

Each module in `PAGE_MODULES` exposes `routes() -> list[BaseRoute]`; a handler reaches the
`WebContext` as `request.app.state.ctx`. `/static/...` serves `static/` (no CDN, ever),
`/` leads to the board, and `/healthz`, `/readyz` and `/metrics` are the ones every Gemba
server has (`adapters.health`, wired by `adapters.cli.monitoring`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from adapters.health import health_routes
from adapters.web import board, chat, kpi, problems, signin
from adapters.web import texts as _texts  # noqa: F401  (the chrome's and board's sentences)
from adapters.web.context import STATIC_DIR, WebContext

PAGE_MODULES = (board, kpi, problems, chat, signin)


def build_app(ctx: WebContext, *, health: Sequence[BaseRoute] | None = None) -> Starlette:
    """The Starlette app serving every page of `ctx`; its lifespan runs the live feed.

    `health`: the process's `/healthz`, `/readyz` and `/metrics` routes (`Monitoring.routes()`);
    without them, a bare `/healthz` and `/readyz`.
    """

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await ctx.feed.start()
        try:
            yield
        finally:
            await ctx.feed.stop()

    routes: list[BaseRoute] = [
        Route("/", _home),
        *(health if health is not None else health_routes([], None)),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    for module in PAGE_MODULES:
        routes.extend(module.routes())
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.ctx = ctx
    return app


async def _home(request: Request) -> Response:
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/board{query}", status_code=307)
