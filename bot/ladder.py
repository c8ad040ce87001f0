"""The escalation ladder: its levels, the rules that choose one per call, the matrix file
they are read from (`GEMBA_ESCALATION_FILE`, YAML) and the working hours that count.

Without a file the built-in ladder applies: level 1 after 5 minutes unacknowledged (team
lead), level 2 after 15 (supervisor), level 3 after 30 (plant manager). `bot.escalation`
climbs it; this module only reads and holds it, so a command that never escalates loads
none of the escalation's cards and messages.

Matrix file::

    default:                      # optional: replaces the built-in ladder
      - {after: 5, role: team lead, notify: "slack:C0TEAMLEADS"}
      - {after: 15, role: {en: supervisor, zh: 主管}, notify: "dingtalk:cidSupervisors", language: zh}
      - {after: 30, role: plant manager, notify: "slack:C0PLANTMGR"}
    rules:                        # first match wins
      - match: {category: safety}
        levels:
          - {after: 1, role: safety officer, notify: "slack:C0SAFETY"}
          - {after: 5, role: plant manager, notify: "slack:C0PLANTMGR"}
      - match: {line: [L3, L5], area: Welding}
        levels: [...]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import yaml

from bot.errors import BotError
from bot.texts import register
from bot.types import Language
from bot.yaml_files import parse_yaml

if TYPE_CHECKING:
    from bot.store.models import AndonCall

register(
    {
        "escalation_bad_matrix": (
            "The escalation matrix {path} cannot be read: {why}",
            "无法读取升级矩阵 {path}：{why}",
        ),
    }
)

_MATCH_KEYS = ("line", "area", "category", "severity")
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(
    r"^\s*(?P<days>[A-Za-z,\-]+)\s+(?P<open>\d{1,2}:\d{2})\s*-\s*(?P<close>\d{1,2}:\d{2})\s*$"
)


@dataclass(frozen=True)
class Level:
    """One rung: after how long unacknowledged, who is called, and where they are told.

    `notify` is "platform:channel" (e.g. "slack:C0TEAMLEADS"); empty means only the
    call's own card and thread are updated.
    """

    after: timedelta
    role_en: str
    role_zh: str
    notify: str = ""
    workspace: str = ""
    language: Language | None = None

    def role(self, language: Language) -> str:
        """The role's name in `language`."""
        return self.role_zh if language == "zh" else self.role_en

    @property
    def minutes(self) -> int:
        """`after` in whole minutes."""
        return int(self.after.total_seconds() // 60)


DEFAULT_LADDER = (
    Level(timedelta(minutes=5), "team lead", "班组长"),
    Level(timedelta(minutes=15), "supervisor", "主管"),
    Level(timedelta(minutes=30), "plant manager", "厂长"),
)


@dataclass(frozen=True)
class Rule:
    """A ladder for the calls whose line, area, category and severity match."""

    match: dict[str, frozenset[str]]
    levels: tuple[Level, ...]

    def matches(self, call: AndonCall) -> bool:
        """Whether every condition of the rule holds for `call`."""
        facts = {
            "line": call.line.code if call.line else "",
            "area": call.line.area if call.line else "",
            "category": call.category,
            "severity": call.severity,
        }
        return all(facts[key].lower() in values for key, values in self.match.items())


@dataclass(frozen=True)
class Matrix:
    """Rules tried in order, and the ladder for calls no rule matches."""

    rules: tuple[Rule, ...] = ()
    default: tuple[Level, ...] = DEFAULT_LADDER

    def ladder_for(self, call: AndonCall) -> tuple[Level, ...]:
        """The levels that apply to `call`."""
        return next((rule.levels for rule in self.rules if rule.matches(call)), self.default)


def load_matrix(path: str | Path | None) -> Matrix:
    """The matrix in the YAML file at `path`, or the built-in ladder when `path` is empty.

    Raises `BotError("escalation_bad_matrix")` when the file is missing or malformed.
    """
    if not path:
        return Matrix()
    try:
        data = parse_yaml(Path(path).read_text(encoding="utf-8")) or {}
        return parse_matrix(data)
    except (OSError, yaml.YAMLError, ValueError, TypeError, KeyError) as error:
        raise BotError("escalation_bad_matrix", path=str(path), why=str(error)) from error


def parse_matrix(data: dict[str, Any]) -> Matrix:
    """A matrix from its parsed YAML (see the module's docstring). Raises ValueError.

    >>> rule = {"match": {"category": "safety"}, "levels": [{"after": 1, "role": "HSE"}]}
    >>> m = parse_matrix({"rules": [rule]})
    >>> m.rules[0].levels[0].after, len(m.default)
    (datetime.timedelta(seconds=60), 3)
    """
    if not isinstance(data, dict):
        raise ValueError("the file must hold a mapping with 'default' and/or 'rules'")
    default = _levels(data["default"]) if data.get("default") else DEFAULT_LADDER
    rules = []
    for number, rule in enumerate(data.get("rules") or [], 1):
        match = rule.get("match") or {}
        unknown = set(match) - set(_MATCH_KEYS)
        if unknown:
            raise ValueError(f"rule {number}: unknown match keys {sorted(unknown)}; use {_MATCH_KEYS}")
        conditions = {
            key: frozenset(str(v).lower() for v in (value if isinstance(value, list) else [value]))
            for key, value in match.items()
        }
        rules.append(Rule(conditions, _levels(rule["levels"])))
    return Matrix(tuple(rules), default)


def _levels(items: Sequence[dict[str, Any]]) -> tuple[Level, ...]:
    levels = []
    for item in items:
        role = item.get("role", "")
        role_en, role_zh = (
            (role.get("en", ""), role.get("zh", "")) if isinstance(role, dict) else (role, role)
        )
        notify_to = str(item.get("notify") or "")
        if notify_to and ":" not in notify_to:
            raise ValueError(f"notify {notify_to!r} must be platform:channel")
        language = item.get("language")
        if language not in (None, "en", "zh"):
            raise ValueError(f"language {language!r} must be en or zh")
        levels.append(
            Level(
                timedelta(minutes=float(item["after"])),
                str(role_en or role_zh),
                str(role_zh or role_en),
                notify_to,
                str(item.get("workspace") or ""),
                language,
            )
        )
    if [lv.after for lv in levels] != sorted(lv.after for lv in levels):
        raise ValueError("levels must be in order of 'after'")
    return tuple(levels)


@dataclass(frozen=True)
class WorkingHours:
    """Weekly windows of plant time, e.g. "Mon-Fri 06:00-22:00; Sat 06:00-14:00".

    A window may run past midnight ("Mon-Fri 22:00-06:00" starts on those days).
    """

    windows: tuple[tuple[int, time, timedelta], ...] = field(default=())  # weekday, open, length

    @classmethod
    def parse(cls, text: str) -> WorkingHours:
        """Read the setting; "" or "always" mean around the clock. Raises ValueError.

        >>> WorkingHours.parse("Mon-Fri 06:00-22:00").windows[0]
        (0, datetime.time(6, 0), datetime.timedelta(seconds=57600))
        """
        if text.strip().lower() in ("", "always", "24/7"):
            text = "Mon-Sun 00:00-24:00"
        windows = []
        for part in re.split(r"[;\n]", text):
            if not part.strip():
                continue
            match = _WINDOW.match(part)
            if not match:
                raise ValueError(f"cannot read working hours {part.strip()!r}; e.g. 'Mon-Fri 06:00-22:00'")
            opens, closes = _minutes(match["open"]), _minutes(match["close"])
            length = (closes - opens) % (24 * 60) or 24 * 60
            for day in _days(match["days"]):
                windows.append((day, time(opens // 60, opens % 60), timedelta(minutes=length)))
        return cls(tuple(windows))

    def working_seconds(self, start: datetime, end: datetime, timezone: ZoneInfo) -> float:
        """Seconds of working time between two naive-UTC moments.

        >>> hours = WorkingHours.parse("Mon-Fri 08:00-17:00")
        >>> tz = ZoneInfo("UTC")  # Fri 16:50 to Mon 08:10: 10 + 10 minutes
        >>> hours.working_seconds(datetime(2026, 11, 20, 16, 50), datetime(2026, 11, 23, 8, 10), tz)
        1200.0
        """
        if end <= start:
            return 0.0
        first = start.replace(tzinfo=UTC).astimezone(timezone).date() - timedelta(days=1)
        last = end.replace(tzinfo=UTC).astimezone(timezone).date()
        spans = sorted(self._spans(first, last, timezone))
        total, reached = 0.0, start
        for opens, closes in spans:
            lo, hi = max(opens, reached), min(closes, end)
            if hi > lo:
                total += (hi - lo).total_seconds()
                reached = hi
        return total

    def _spans(self, first: date, last: date, timezone: ZoneInfo) -> Iterable[tuple[datetime, datetime]]:
        day = first
        while day <= last:
            for weekday, opens, length in self.windows:
                if weekday == day.weekday():
                    local = datetime.combine(day, opens)
                    yield _utc(local, timezone), _utc(local + length, timezone)
            day += timedelta(days=1)


def _utc(local: datetime, timezone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=timezone).astimezone(UTC).replace(tzinfo=None)


def _minutes(clock: str) -> int:
    hours, minutes = (int(x) for x in clock.split(":"))
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise ValueError(f"bad time {clock!r}")
    return hours * 60 + minutes


def _days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.lower().split(","):
        ends = [p.strip()[:3] for p in part.split("-")]
        if not all(end in _DAY_NAMES for end in ends) or len(ends) > 2:
            raise ValueError(f"unknown day {part!r}; use Mon … Sun")
        first, last = _DAY_NAMES.index(ends[0]), _DAY_NAMES.index(ends[-1])
        days += [(first + i) % 7 for i in range((last - first) % 7 + 1)]
    return days
