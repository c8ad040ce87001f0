"""Gemba in the browser: the andon board, KPI and problem pages, and the web chat.

Starlette routes and Jinja2 templates; live updates by server-sent events; every asset is
served by Gemba itself from `static/` (plant networks are often offline).

How the package is put together (the contracts the page modules rely on):

- `app.build_app(ctx, health=...)` builds the Starlette app from `WebContext` (`context.py`);
  each page module (`board`, `kpi`, `problems`, `chat`, `signin`) exposes
  `routes() -> list[BaseRoute]` and `app.PAGE_MODULES` lists them. `health` are the
  `/healthz`, `/readyz`, `/metrics` routes every Gemba server has (`adapters.cli.monitoring`);
  the board's own figures go to `ctx.metrics` (`adapters.metrics.BoardMetrics`).
- A handler reaches the context as `request.app.state.ctx` (`context.web_context(request)`).
- Pages are rendered with `pages.render_page(request, "name.html", **values)`, which adds the
  language, the wording function `t`, the viewer and the TV flag to every template.
- Wording: `texts.py` (chrome and board) registers `web_*` keys with `bot.texts.register`;
  other page modules register their own keys the same way, in both languages.
- Who may look or act: `access.viewer(request)`; a page that changes something calls
  `access.acting(request, form)` (signed in, CSRF token checked; raises `access.Refused`,
  shown by `signin.refusal`) and sends the change through `bot.handle` as
  `Viewer.message(text, ...)`, so the person's roles apply: `chat.answer` does it for the web
  chat and for the board's tile buttons (`board.board_action`).
"""

from adapters.web.app import build_app
from adapters.web.context import WebContext

__all__ = ["WebContext", "build_app"]
