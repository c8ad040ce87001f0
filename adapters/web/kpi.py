"""/kpi (today and this week, per line and per week: metrics from bot.metrics, SVG charts).

Filled by helper `web-kpi`; until then it adds no routes.
"""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    """The routes of this page module (see `adapters.web.app`)."""
    return []
