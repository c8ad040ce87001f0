"""Finding lines and stations from what people type: "L3", "line 3", "3号线", "pr7"."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.errors import BotError
from bot.store.models import Line, Station

_CHINESE_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_LINE_NUMBER = re.compile(
    r"^(?:l|line|产线)?-?(\d+|[一二两三四五六七八九十])(?:号?线|号产线)?$", re.IGNORECASE
)
_CODE = re.compile(r"^([a-z]+)-?0*(\d+)$", re.IGNORECASE)


def line_number(token: str) -> int | None:
    """The line number a token names, if it is shaped like one.

    >>> [line_number(t) for t in ("L3", "line3", "3", "3号线", "三号线", "3线", "WD-03")]
    [3, 3, 3, 3, 3, 3, None]
    """
    match = _LINE_NUMBER.match(token.strip())
    if not match:
        return None
    digits = match.group(1)
    return int(digits) if digits.isdigit() else _CHINESE_DIGITS[digits]


def code_key(code: str) -> str:
    """A station code in canonical form, so "pr7", "PR-07" and "PR07" compare equal.

    >>> code_key("pr7") == code_key("PR-07") == code_key("PR07")
    True
    """
    match = _CODE.match(code.strip())
    return f"{match.group(1).upper()}-{int(match.group(2))}" if match else code.strip().upper()


def all_lines(session: Session) -> list[Line]:
    """Every line with its stations, in code order."""
    return list(session.scalars(select(Line).options(selectinload(Line.stations)).order_by(Line.id)))


def find_line(lines: list[Line], tokens: list[str]) -> tuple[Line | None, int]:
    """The line named by the first one or two tokens, and how many tokens named it."""
    if not tokens:
        return None, 0
    candidates = [(tokens[0], 1)]
    if len(tokens) > 1 and tokens[0].lower() in ("line", "产线"):
        candidates.insert(0, (tokens[0] + tokens[1], 2))
    for text, used in candidates:
        for line in lines:
            names = {line.code.lower(), line.name.lower().replace(" ", ""), (line.name_zh or "").lower()}
            number = line_number(text)
            if text.lower() in names or (number is not None and line_number(line.code) == number):
                return line, used
    return None, 0


_LINE_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9])(?:L|line\s?)(\d+)(?!\d)|(\d+|[一二两三四五六七八九十])号?(?:产)?线", re.IGNORECASE
)


def mentioned_line(lines: list[Line], text: str) -> Line | None:
    """The first line a sentence mentions ("leak on L3", "3号线焊点气孔"), if any."""
    for match in _LINE_IN_TEXT.finditer(text):
        number = line_number(match.group(1) or match.group(2))
        for line in lines:
            if line_number(line.code) == number:
                return line
    return None


def find_station(line: Line, token: str) -> Station | None:
    """The station of `line` whose code (or name) the token gives."""
    key = code_key(token)
    for station in line.stations:
        if code_key(station.code) == key or token.lower() in (station.name.lower(), (station.name_zh or "")):
            return station
    return None


def valid_lines(lines: list[Line]) -> str:
    """The list of line codes and names for a message."""
    return ", ".join(f"{line.code} ({line.name})" for line in lines)


def require_line(session: Session, tokens: list[str]) -> tuple[Line, Station | None, list[str]]:
    """Read `<line> [station]` from the start of `tokens`; returns the rest.

    Raises `BotError` naming the valid lines (or stations) when they do not match.
    """
    lines = all_lines(session)
    if not lines:
        raise BotError("no_lines")
    if not tokens:
        raise BotError("missing_line", valid=valid_lines(lines))
    line, used = find_line(lines, tokens)
    if line is None:
        raise BotError("unknown_line", given=tokens[0], valid=valid_lines(lines))
    rest = tokens[used:]
    station = find_station(line, rest[0]) if rest else None
    if station is not None:
        rest = rest[1:]
    elif rest and _CODE.match(rest[0]) and any(ch.isdigit() for ch in rest[0]) and "-" in rest[0]:
        raise BotError(
            "unknown_station", line=line.code, given=rest[0], valid=", ".join(s.code for s in line.stations)
        )
    return line, station, rest


def import_locations(session: Session, rows: list[dict[str, str]]) -> tuple[int, int]:
    """Add or update lines and stations from rows with the keys `line`, `line_name`,
    `line_name_zh`, `area`, `plant`, `station`, `station_name`, `station_name_zh`, `kind`
    (only `line` is required). Returns how many lines and stations were added."""
    lines = {line.code: line for line in all_lines(session)}
    stations = {s.code: s for s in session.scalars(select(Station))}
    added_lines = added_stations = 0
    for number, row in enumerate(rows, start=1):
        code = (row.get("line") or "").strip()
        if not code:
            raise BotError("bad_option", given=f"row {number}", why="line is required")
        line = lines.get(code)
        if line is None:
            line = lines[code] = Line(code=code, name=code, area="", plant="")
            session.add(line)
            added_lines += 1
        line.name = row.get("line_name") or line.name
        line.name_zh = row.get("line_name_zh") or line.name_zh
        line.area = row.get("area") or line.area
        line.plant = row.get("plant") or line.plant
        station_code = (row.get("station") or "").strip()
        if station_code:
            station = stations.get(station_code)
            if station is None:
                station = stations[station_code] = Station(code=station_code, name=station_code, kind="")
                session.add(station)
                added_stations += 1
            station.line = line
            station.name = row.get("station_name") or station.name
            station.name_zh = row.get("station_name_zh") or station.name_zh
            station.kind = row.get("kind") or station.kind
    session.flush()
    return added_lines, added_stations
