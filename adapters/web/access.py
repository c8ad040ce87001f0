"""Who is looking at a page, and what they may do: the one access seam every page calls.

Contract (helper `web-chat` fills this module; pages only call `viewer`):

- `viewer(request) -> Viewer | None`: the person or screen behind `request`, or None when
  the request may not see Gemba's pages at all (the page then answers 403 with a hint).
- A `Viewer` with `can_act=False` may look (board, KPIs, problems) but not act (acknowledge,
  resolve, chat); `lines` limits what it sees (None: every line). Pages filter by
  `Viewer.sees(line_code)`.
- Credentials may come in the query string (a TV link's key): the board copies its page's
  query string onto its live-updates URL (`/board/events?...`), so what `viewer` accepts on
  the page it also accepts on the stream.

For now: requests from this machine (loopback) see everything, read-only, with no sign-in;
other addresses are refused until signed TV links and sign-in exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.routing import BaseRoute

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@dataclass(frozen=True)
class Viewer:
    """Someone (or a screen) allowed to look at pages.

    `name`: shown in the page header and recorded as the actor of what they do.
    `user`: the chat user id (platform:id) a signed-in person acts as, or "" for a screen.
    `can_act`: may acknowledge, resolve and chat. `lines`: line codes it may see (None: all).
    `via`: how it got in: "local", "tv-link", "session".
    """

    name: str
    user: str = ""
    can_act: bool = False
    lines: frozenset[str] | None = None
    via: str = "local"

    def sees(self, line_code: str) -> bool:
        """Whether this viewer may see line `line_code`.

        >>> Viewer("tv", lines=frozenset({"L3"})).sees("L1"), Viewer("me").sees("L1")
        (False, True)
        """
        return self.lines is None or line_code in self.lines


def viewer(request: Request) -> Viewer | None:
    """The viewer behind `request`, or None if it may not see pages (see the module docstring)."""
    client = request.client
    if client is not None and client.host in LOOPBACK:
        return Viewer(name="local", via="local")
    return None


def routes() -> list[BaseRoute]:
    """Sign-in, sign-out and TV link routes (none yet; helper `web-chat` adds them)."""
    return []
