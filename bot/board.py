"""The andon board's state: every line, one tile per station, each with its open calls.

One function reads it (`board_state`), so the web board, chat and digest agree on what is
open; `tile_state` says how one tile looks, `change_marker` tells cheaply whether anything
may have changed since it was last read.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.locations import all_lines
from bot.store.models import AndonCall, Event, Line, Station
from bot.store.service import andon_ref, open_andon_calls

TileState = Literal["clear", "raised", "acknowledged", "escalated"]
# Which call a tile shows when a station has several open: the most urgent, then the oldest.
URGENCY: dict[TileState, int] = {"escalated": 0, "raised": 1, "acknowledged": 2, "clear": 3}


@dataclass(frozen=True)
class OpenCall:
    """An open andon call as the board shows it (times are naive UTC, as stored)."""

    ref: str
    state: TileState
    category: str
    reason: str
    raised_at: datetime
    raised_by: str
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    escalation_level: int


@dataclass(frozen=True)
class Tile:
    """One station of a line (or the line itself, for calls that name no station)."""

    code: str
    name: str
    name_zh: str
    calls: tuple[OpenCall, ...]
    whole_line: bool = False

    @property
    def state(self) -> TileState:
        """The state of its most urgent call, or "clear"."""
        return self.calls[0].state if self.calls else "clear"

    @property
    def call(self) -> OpenCall | None:
        """The call the tile shows: the most urgent, then the oldest."""
        return self.calls[0] if self.calls else None


@dataclass(frozen=True)
class LineBoard:
    """A line's tiles in station order; a line-wide tile comes first when a call names no station."""

    code: str
    name: str
    name_zh: str
    tiles: tuple[Tile, ...]

    @property
    def open_calls(self) -> int:
        """How many calls are open on the line."""
        return sum(len(tile.calls) for tile in self.tiles)


@dataclass(frozen=True)
class BoardState:
    """Every line of the plant (or the one asked for), in line order."""

    lines: tuple[LineBoard, ...]

    def line(self, code: str) -> LineBoard | None:
        """The line with `code` (case-insensitive), or None."""
        return next((line for line in self.lines if line.code.lower() == code.lower()), None)


def tile_state(status: str, escalation_level: int) -> TileState:
    """How a call looks on the board: red raised, blue escalated (still not acknowledged),
    yellow acknowledged.

    >>> tile_state("raised", 0), tile_state("raised", 2), tile_state("acknowledged", 2)
    ('raised', 'escalated', 'acknowledged')
    """
    if status == "acknowledged":
        return "acknowledged"
    return "escalated" if escalation_level > 0 else "raised"


def board_state(session: Session) -> BoardState:
    """Every line with a tile per station and the calls open on each, read in two queries."""
    calls = open_andon_calls(session)
    return BoardState(tuple(_line_board(line, calls) for line in all_lines(session)))


def change_marker(session: Session) -> Hashable:
    """A cheap value that changes whenever the board may have: every change of a call is an
    event, and new lines or stations get new ids."""
    row = session.execute(
        select(
            select(func.max(Event.id)).scalar_subquery(),
            select(func.max(Line.id)).scalar_subquery(),
            select(func.count(Station.id)).scalar_subquery(),
        )
    ).one()
    return tuple(row)


def _line_board(line: Line, calls: Iterable[AndonCall]) -> LineBoard:
    by_station: dict[int | None, list[OpenCall]] = {}
    for call in calls:
        if call.line_id == line.id:
            by_station.setdefault(call.station_id, []).append(_open_call(call))
    tiles = [
        Tile(
            station.code, station.name, station.name_zh or station.name, _ordered(by_station.get(station.id))
        )
        for station in line.stations
    ]
    if None in by_station:  # calls for the whole line
        calls_of_line = _ordered(by_station[None])
        tiles.insert(0, Tile(line.code, line.name, line.name_zh or line.name, calls_of_line, whole_line=True))
    return LineBoard(line.code, line.name, line.name_zh or line.name, tuple(tiles))


def _ordered(calls: list[OpenCall] | None) -> tuple[OpenCall, ...]:
    return tuple(sorted(calls or (), key=lambda call: (URGENCY[call.state], call.raised_at)))


def _open_call(call: AndonCall) -> OpenCall:
    return OpenCall(
        ref=andon_ref(call.id),
        state=tile_state(call.status, call.escalation_level),
        category=call.category,
        reason=call.reason,
        raised_at=call.raised_at,
        raised_by=call.raised_by,
        acknowledged_at=call.acknowledged_at,
        acknowledged_by=call.acknowledged_by,
        escalation_level=call.escalation_level,
    )
