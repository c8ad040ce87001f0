"""/problems (open problems, filterable by line, category, owner, age).

Filled by helper `web-kpi`; until then it adds no routes.
"""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    """The routes of this page module (see `adapters.web.app`)."""
    return []
