"""Escalation of andon calls nobody acknowledges, up a ladder of levels.

The ladder comes from a matrix (`GEMBA_ESCALATION_FILE`, YAML) chosen per line, area,
category and severity, or the built-in one: level 1 after 5 minutes unacknowledged
(team lead), level 2 after 15 (supervisor), level 3 after 30 (plant manager). Only
minutes inside the working hours count, so nothing escalates at night in a plant that
does not work at night. Each escalation, in one transaction: the call's level (logged in
the event log by `change_andon`), its card updated in place with a note in its thread,
and a message to the level's channel, all through the outbox. Acknowledging (or
resolving, or cancelling) stops the climb.

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

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy.orm import Session

from bot import notify, outbox
from bot.cards import andon_card, location
from bot.errors import BotError
from bot.services import Services
from bot.store import service
from bot.store.db import transaction
from bot.store.models import AndonCall, Event
from bot.texts import register, say
from bot.types import Language, Reply

register(
    {
        "escalation_note": (
            "⏫ Not acknowledged after {minutes} min: escalated to level {level} ({role}).",
            "⏫ {minutes} 分钟无人确认：已升级到第 {level} 级（{role}）。",
        ),
        "escalation_post": (
            "⏫ Andon {ref} · {location} needs the {role}: not acknowledged after {minutes} min "
            "(level {level}). Reason: {reason}",
            "⏫ 安灯 {ref} · {location} 需要{role}处理：{minutes} 分钟无人确认（第 {level} 级）。"
            "原因：{reason}",
        ),
        "escalation_by_hand": (
            "⏫ Andon {ref} escalated to level {level} ({role}) by {actor} at {time}.",
            "⏫ 安灯 {ref} 已由 {actor} 于 {time} 升级到第 {level} 级（{role}）。",
        ),
        "escalation_bad_matrix": (
            "The escalation matrix {path} cannot be read: {why}",
            "无法读取升级矩阵 {path}：{why}",
        ),
    }
)

log = logging.getLogger(__name__)

#: Who the scheduler's escalations are logged as.
SYSTEM_ACTOR = "gemba"
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
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
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


def escalate_due(services: Services, matrix: Matrix, hours: WorkingHours) -> list[tuple[int, int]]:
    """Escalate every unacknowledged call whose working time since it was raised has
    reached its next level; returns (call id, new level) for each escalation.

    A call somebody escalated, acknowledged or closed by hand while this ran is left as
    they left it (their change won the compare-and-set); the next round looks again.
    """
    with services.sessions() as session:
        waiting = [call.id for call in service.open_andon_calls(session) if call.status == "raised"]
    done = []
    for call_id in waiting:
        try:
            with transaction(services.sessions) as session:
                call = service.get_andon(session, call_id, lock=True)
                reached = _climb(session, call, services, matrix, hours)
        except BotError as error:
            log.info("escalation of A%s skipped: %s", call_id, error.key)
            continue
        done += [(call_id, level) for level in reached]
    return done


def escalate(
    session: Session,
    call: AndonCall,
    services: Services,
    matrix: Matrix,
    *,
    actor: str,
    level: int | None = None,
    note: str | None = None,
) -> tuple[Event, Level]:
    """Escalate `call` one level up its ladder, by hand or by the scheduler (`actor` "gemba").

    `level` is the level the request means (the card's button names the next level it
    shows, so two presses at once escalate once). The call's card and thread are updated
    and the level's channel is told, through the outbox, once per level whoever escalated.
    Returns the logged event and the level reached; raises `BotError` when the call is
    closed, already at or past `level`, or at the last level of its ladder.
    """
    ladder = matrix.ladder_for(call)
    number = call.escalation_level + 1
    if number <= len(ladder):
        rung = ladder[number - 1]
        detail = f"level {number}: {rung.role_en}" + (f" → {rung.notify}" if rung.notify else "")
        note = f"{detail} · {note}" if note else detail
    event = service.change_andon(
        session,
        call=call,
        action="escalate",
        actor=actor,
        now=services.now(),
        note=note,
        level=level,
        top=len(ladder),
    )
    number = call.escalation_level
    rung = ladder[number - 1]
    language: Language = "zh" if call.language == "zh" else "en"
    if actor == SYSTEM_ACTOR:
        text = say("escalation_note", language, minutes=rung.minutes, level=number, role=rung.role(language))
    else:
        text = say(
            "escalation_by_hand",
            language,
            ref=service.andon_ref(call.id),
            level=number,
            role=rung.role(language),
            actor=actor,
            time=services.local(event.at).strftime("%H:%M"),
        )
    notify.follow_up(session, call, services, text, step=f"escalate-{number}")
    if rung.notify:
        _tell(session, call, services, rung, number)
    return event, rung


def _climb(
    session: Session, call: AndonCall, services: Services, matrix: Matrix, hours: WorkingHours
) -> list[int]:
    if call.status != "raised":  # acknowledged (or closed) since we looked: the climb stops
        return []
    ladder = matrix.ladder_for(call)
    waited = hours.working_seconds(call.raised_at, services.now(), services.timezone)
    reached = []
    while (
        call.escalation_level < len(ladder) and waited >= ladder[call.escalation_level].after.total_seconds()
    ):
        escalate(session, call, services, matrix, actor=SYSTEM_ACTOR, level=call.escalation_level + 1)
        reached.append(call.escalation_level)
    return reached


def _tell(session: Session, call: AndonCall, services: Services, level: Level, number: int) -> None:
    platform, channel = level.notify.split(":", 1)
    language: Language = level.language or ("zh" if call.language == "zh" else "en")
    card = andon_card(call, services)
    text = say(
        "escalation_post",
        language,
        ref=service.andon_ref(call.id),
        location=location(call, language),
        role=level.role(language),
        minutes=level.minutes,
        level=number,
        reason=call.reason,
    )
    fields = card.fields if card.language == language else []  # the card speaks the caller's language
    reply = Reply(text=text, language=language, fields=fields, buttons=card.buttons)
    outbox.enqueue(
        session,
        key=f"andon:{call.id}:escalate-{number}:notify",
        platform=platform,
        target=outbox.Target(level.workspace, channel),
        kind="post",
        reply=reply,
        now=services.now(),
        record=card.record,
    )
