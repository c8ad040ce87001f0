"""/chat (the web chat, through bot.handle like Slack and DingTalk).

Filled by helper `web-chat`; until then it adds no routes.
"""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    """The routes of this page module (see `adapters.web.app`)."""
    return []
