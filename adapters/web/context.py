"""What every web handler needs, built once by the composition root (`gemba serve board`).

A handler reaches it as `request.app.state.ctx`, or with `web_context(request)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from prometheus_client import CollectorRegistry
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from adapters.metrics import BoardMetrics
from adapters.settings import Settings
from adapters.web.live import LiveFeed
from bot.services import Services
from bot.types import Language

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def make_templates() -> Jinja2Templates:
    """Jinja2 templates from `templates/`, HTML autoescaped."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(("html", "xml")),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=environment)


@dataclass
class WebContext:
    """The web app's parts.

    `services`: the chat core's services (store sessions, plant timezone, clock; hand them to
    `bot.handle` for the web chat). `settings`: Gemba's settings, already read from the
    environment by the composition root (a page reads fields, never the environment).
    `feed`: the live board feed shared by every server-sent-events client of this process.
    `templates`: the Jinja2 templates of `templates/`. `metrics`: the board's figures, in the
    registry served on `/metrics` (a registry of their own when the app serves no metrics).
    """

    services: Services
    settings: Settings
    feed: LiveFeed
    templates: Jinja2Templates = field(default_factory=make_templates)
    metrics: BoardMetrics = field(default_factory=lambda: BoardMetrics(CollectorRegistry()))

    @property
    def language(self) -> Language:
        """The default page language (`GEMBA_LANGUAGE`); `?lang=zh|en` overrides it per page."""
        return self.services.default_language

    def now(self) -> datetime:
        """The current time as naive UTC (the store's form), from the services' clock."""
        return self.services.now()


def web_context(request: Request) -> WebContext:
    """The `WebContext` of the app serving `request`."""
    ctx: WebContext = request.app.state.ctx
    return ctx
