"""The andon board: `/board` (every line), `/board/<line>`, their live stream `/board/events`,
and `/board/actions`, where a signed-in person's tile buttons post.

Pages are rendered from the live feed's latest snapshot (`bot.board.board_state`), so opening
a board costs no store query; the stream sends the line sections re-rendered whenever the
feed publishes, and a `ping` every `PING_S` seconds so the page knows it is still connected.

A signed-in person (not in TV mode) sees an open call's buttons on its tile (the card's:
`bot.cards.andon_buttons`); pressing one posts its command with the session's CSRF token,
and it is answered through `bot.handle` exactly as the web chat answers it (`chat.answer`:
the person's roles apply, the exchange joins their chat history). The page shows the
answer; the tile changes with the live feed, like every other board.

Query parameters: `lang=en|zh`, `tv=1` (full screen, large type, rotating between lines),
`rotate=N` (seconds per line in TV mode), `sound=1` (a tone when a tile turns red).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from adapters.metrics import BoardMetrics
from adapters.web import chat
from adapters.web.access import Refused, Viewer, acting_form, still_allowed, viewer
from adapters.web.context import WebContext, web_context
from adapters.web.live import LiveFeed, Update
from adapters.web.pages import forbidden, not_found, render_page, request_language
from adapters.web.render import rich_text
from bot.audits.board import AreaLatest, latest_scores
from bot.board import BoardState, LineBoard, OpenCall, board_state, change_marker
from bot.cards import andon_buttons, is_andon_button_command
from bot.handover.board import last_handovers
from bot.improve.digest import ProjectsByStage, board_projects
from bot.safety.summary import AreaSafety, SafetySummary, this_week
from bot.services import Services
from bot.texts import say, word
from bot.tier.panel import TierToday, tier_today
from bot.types import Button, Language

PING_S = 10.0
DEFAULT_ROTATE_S = 15


@dataclass
class BoardSnapshot:
    """What the feed publishes: the board state and, per (language, lines, with buttons), its
    rendered HTML (rendered once per snapshot whatever the number of open boards)."""

    state: BoardState
    rendered: dict[tuple[str, tuple[str, ...], bool], str] = field(default_factory=dict)
    safety: SafetySummary | None = None
    projects: ProjectsByStage | None = None


def board_feed(services: Services, *, interval_s: float, metrics: BoardMetrics) -> LiveFeed:
    """The live feed of the board: polls `bot.board.change_marker` every `interval_s` seconds;
    each snapshot it builds is counted in `metrics`."""

    def marker() -> object:
        with services.sessions() as session:
            return change_marker(session)

    def snapshot() -> BoardSnapshot:
        metrics.snapshots.inc()
        with services.sessions() as session:
            return _read(session, services)

    return LiveFeed(marker, snapshot, interval_s=interval_s)


def routes() -> list[BaseRoute]:
    """`/board`, `/board/events`, `/board/actions` (POST) and `/board/{line}`."""
    return [
        Route("/board", board_page),
        Route("/board/events", board_events),
        Route("/board/actions", board_action, methods=["POST"]),
        Route("/board/{line}", board_page),
    ]


async def board_page(request: Request) -> Response:
    """The board of every line the viewer may see, or of the line in the path."""
    who = viewer(request)
    if who is None:
        return forbidden(request)
    ctx = web_context(request)
    snapshot = await _snapshot(ctx)
    asked = request.path_params.get("line")
    lines = _visible(snapshot.state, who, asked)
    if asked and not lines:
        return not_found(request, "web_unknown_line", line=asked)
    # A line page follows its line; the whole board follows every line, new ones included.
    events_url = request.url.replace(path="/board/events")
    if asked:
        events_url = events_url.include_query_params(line=lines[0].code)
    tier = await asyncio.to_thread(_tier_today, ctx, {line.code for line in lines})
    return render_page(
        request,
        "board.html",
        tier=tier,
        nav_active="board",
        lines=lines,
        title_line=lines[0] if asked else None,
        now_ms=_epoch_ms(ctx.now()),
        events_url=f"{events_url.path}?{events_url.query}",
        timezone=ctx.services.timezone.key,
        rotate_s=_rotate_seconds(request),
        sound=request.query_params.get("sound") == "1",
        elapsed=_elapsed_at(ctx.now()),
        epoch_ms=_epoch_ms,
        buttons=_buttons_for(request_language(request)) if _with_buttons(request, who) else None,
        handovers=await run_in_threadpool(_handovers, ctx, [line.code for line in lines]),
        audits=[] if asked else await run_in_threadpool(_audit_scores, ctx),
        day=lambda moment: ctx.services.local(moment).date().isoformat(),
        safety=_safety_seen(snapshot.safety, who) if not asked else None,
        projects=snapshot.projects.seen_by(who.sees) if snapshot.projects and not asked else None,
    )


def _handovers(ctx: WebContext, codes: list[str]) -> list[object]:
    """The handover panel's rows (read when the page opens; the live feed updates only the tiles)."""
    with ctx.services.sessions() as session:
        return list(last_handovers(session, codes))


def _audit_scores(ctx: WebContext) -> list[AreaLatest]:
    """The 5S panel's rows (read when the page opens; the panel is not live)."""
    with ctx.services.sessions() as session:
        return latest_scores(session)


async def board_events(request: Request) -> Response:
    """Server-sent events: `board` (the line sections' HTML, the server time and whether the
    store could be read) at once and after every change, `ping` when nothing changed for
    `PING_S` seconds. `?line=L3[,L4]`
    limits the sections (default: every line the viewer sees)."""
    who = viewer(request)
    if who is None:
        return PlainTextResponse("forbidden", status_code=403)
    ctx = web_context(request)
    language = request_language(request)
    codes = tuple(code for code in request.query_params.get("line", "").split(",") if code)
    with_buttons = _with_buttons(request, who)

    async def stream() -> AsyncIterator[str]:
        ctx.metrics.streams_open.inc()
        try:
            async for event in events():
                yield event
        finally:  # the client went away, the server stops, or the credentials ended
            ctx.metrics.streams_open.dec()

    async def events() -> AsyncIterator[str]:
        version = 0
        while True:
            update = await ctx.feed.next(version, timeout=PING_S)
            if ctx.feed.closed:  # the server is stopping: end the stream, the page reconnects
                return
            if not await run_in_threadpool(still_allowed, request):
                return  # a revoked TV link or an ended session stops its stream at once
            if update is None:
                yield f"event: ping\ndata: {json.dumps({'now': _epoch_ms(ctx.now())})}\n\n"
                continue
            version = update.version
            html = _fragment(ctx, update, language, who, codes, with_buttons)
            data = json.dumps(
                {"version": version, "now": _epoch_ms(ctx.now()), "store": update.store_ok, "html": html}
            )
            yield f"event: board\ndata: {data}\n\n"

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def board_action(request: Request) -> Response:
    """Answer a tile's button (`command`, `delivery_id`, `csrf`) through `bot.handle`, as the
    signed-in person; JSON `{"html": the answer}` in the page's language (`?lang=`).
    401 without a session, 403 without the CSRF token, 400 for a command no button sends;
    nothing changes then."""
    language = request_language(request)
    try:
        form, who, delivery_id = await acting_form(request)
    except Refused as refused:
        return _answer_json(say(refused.body_key, language), status_code=refused.status)
    command = form.get("command", "")
    if not is_andon_button_command(command):
        return _answer_json(say("web_board_action_unknown", language), status_code=400)
    ctx = web_context(request)
    exchanges = await run_in_threadpool(chat.answer, ctx, who, command, delivery_id, language)
    # The first exchange is the answer; cards the command posted follow it in the chat.
    text = exchanges[0].reply.text if exchanges else say("web_board_action_done", language)
    return _answer_json(text)


def _answer_json(text: str, *, status_code: int = 200) -> JSONResponse:
    return JSONResponse({"html": str(rich_text(text))}, status_code=status_code)


def _with_buttons(request: Request, who: Viewer) -> bool:
    """Whether tiles show their buttons: to a signed-in person, never on a TV screen."""
    return who.can_act and request.query_params.get("tv") != "1"


def _buttons_for(language: Language) -> Callable[[OpenCall], list[Button]]:
    """`buttons(call)`: the buttons of an open call's tile, in `language`."""

    def buttons(call: OpenCall) -> list[Button]:
        return andon_buttons(
            call.ref,
            acknowledged=call.acknowledged_at is not None,
            escalation_level=call.escalation_level,
            language=language,
        )

    return buttons


async def _snapshot(ctx: WebContext) -> BoardSnapshot:
    latest = ctx.feed.latest
    if latest is not None:
        snapshot: BoardSnapshot = latest.payload
        return snapshot

    def read() -> BoardSnapshot:  # the feed has not read the store yet
        ctx.metrics.snapshots.inc()
        with ctx.services.sessions() as session:
            return _read(session, ctx.services)

    return await asyncio.to_thread(read)


def _read(session: Session, services: Services) -> BoardSnapshot:
    now = services.now()
    return BoardSnapshot(
        board_state(session),
        safety=this_week(session, services),
        projects=board_projects(session, now, services.local(now).date()),
    )


def _safety_seen(summary: SafetySummary | None, who: Viewer) -> list[AreaSafety]:
    """The safety panel's areas the viewer may see: every area that is no line, and their lines."""
    if summary is None:
        return []
    return [row for row in summary.areas if row.line_code is None or who.sees(row.line_code)]


def _visible(state: BoardState, who: Viewer, asked: str | None) -> list[LineBoard]:
    """The lines to show: the one asked for (if the viewer sees it), else all the viewer sees."""
    if asked:
        line = state.line(asked)
        return [line] if line is not None and who.sees(line.code) else []
    return [line for line in state.lines if who.sees(line.code)]


def _fragment(
    ctx: WebContext,
    update: Update,
    language: Language,
    who: Viewer,
    codes: tuple[str, ...],
    with_buttons: bool,
) -> str:
    """The line sections of `update` in `language`, rendered once per snapshot and audience
    (the buttons carry no token: the page adds its own when one is pressed)."""
    snapshot: BoardSnapshot = update.payload
    wanted = set(codes)
    lines = [
        line for line in snapshot.state.lines if who.sees(line.code) and (not wanted or line.code in wanted)
    ]
    key = (language, tuple(line.code for line in lines), with_buttons)
    if key not in snapshot.rendered:
        template = ctx.templates.get_template("board_lines.html")
        snapshot.rendered[key] = template.render(
            lines=lines,
            lang=language,
            t=lambda name, /, **params: say(name, language, **params),
            w=lambda name, /, **params: word(name, language, **params),
            elapsed=_elapsed_at(ctx.now()),
            epoch_ms=_epoch_ms,
            buttons=_buttons_for(language) if with_buttons else None,
        )
    return snapshot.rendered[key]


def _tier_today(ctx: WebContext, codes: set[str]) -> list[TierToday]:
    """Today's tier meeting of each line shown (the panel under the tiles)."""
    with ctx.services.sessions() as session:
        return [row for row in tier_today(session, ctx.services) if row.line in codes]


def _rotate_seconds(request: Request) -> int:
    try:
        return max(3, int(request.query_params.get("rotate", DEFAULT_ROTATE_S)))
    except ValueError:
        return DEFAULT_ROTATE_S


def _epoch_ms(moment: datetime) -> int:
    """A stored naive-UTC time as milliseconds since the epoch (what the page's clock uses)."""
    return int(moment.replace(tzinfo=UTC).timestamp() * 1000)


def _elapsed_at(now: datetime) -> Callable[[datetime], str]:
    """`elapsed(since)`: the time from `since` to `now` as the tiles show it (the page ticks it on)."""

    def elapsed(since: datetime) -> str:
        return elapsed_text(int((now - since).total_seconds()))

    return elapsed


def elapsed_text(seconds: int) -> str:
    """How long a call has been open, as a tile shows it (the page's script writes the same).

    >>> elapsed_text(75), elapsed_text(3725), elapsed_text(-3)
    ('1:15', '1:02:05', '0:00')
    """
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
