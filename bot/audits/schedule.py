"""Weekly 5S audits per area with rotating auditors, and the reminders of the ones due.

The schedule is a YAML file (GEMBA_AUDIT_SCHEDULE_FILE), one entry per area:

    L3:    {day: mon, auditors: [Qian Bo, Anna Schmidt, Xie Hong]}
    TOOL:  {day: wed, auditors: [Xie Hong, Qian Bo], type: 6s, channel: "slack:C0TOOLS"}

The auditor of a week is the next in the list by ISO week number. On the area's day the
job posts a reminder to the entry's channel (else the area's own); on each later day of
that week it reminds again while no audit of the area has been finished since Monday. Each
reminder is one outbox message per area and day, so a job run twice sends nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import yaml
from sqlalchemy import func, select

from bot import outbox
from bot.areas import area_name, find_area
from bot.audits.models import FiveSAudit
from bot.errors import BotError
from bot.services import Services
from bot.store.db import transaction
from bot.texts import say
from bot.types import Reply
from bot.yaml_files import parse_yaml

log = logging.getLogger(__name__)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Round:
    """One area's weekly audit: the area (code or name), weekday (0 = Monday), auditors in turn,
    5S or 6S, and the "platform:channel" to remind in (None: the area's channel)."""

    area: str
    weekday: int
    auditors: tuple[str, ...]
    six: bool = False
    channel: str | None = None

    def auditor(self, day: date) -> str:
        """Whose turn it is in the week of `day`.

        >>> r = Round("L3", 0, ("Qian Bo", "Xie Hong"))
        >>> r.auditor(date(2026, 11, 16)), r.auditor(date(2026, 11, 23))
        ('Xie Hong', 'Qian Bo')
        """
        return self.auditors[day.isocalendar().week % len(self.auditors)]


def load_schedule(path: Path) -> list[Round]:
    """The rounds in `path`; raises `BotError("audit_schedule_invalid")` naming what is wrong."""

    def bad(problem: str) -> BotError:
        return BotError("audit_schedule_invalid", file=str(path), problem=problem)

    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise bad(str(error).replace("\n", " ")) from None
    if not isinstance(data, dict):
        raise bad("expected a mapping of area → {day, auditors}")
    rounds = []
    for area, entry in data.items():
        if not isinstance(entry, dict):
            raise bad(f"{area}: expected {{day, auditors}}")
        day = str(entry.get("day", "")).strip().lower()[:3]
        auditors = entry.get("auditors")
        if day not in DAYS:
            raise bad(f"{area}: day must be one of {', '.join(DAYS)}")
        if not isinstance(auditors, list) or not auditors or not all(isinstance(a, str) for a in auditors):
            raise bad(f"{area}: auditors must be a list of names")
        kind = str(entry.get("type", "5s")).lower()
        if kind not in ("5s", "6s"):
            raise bad(f"{area}: type must be 5s or 6s")
        channel = entry.get("channel")
        if channel is not None and (not isinstance(channel, str) or ":" not in channel):
            raise bad(f"{area}: channel must look like platform:channel")
        rounds.append(Round(str(area), DAYS.index(day), tuple(auditors), kind == "6s", channel))
    return rounds


def remind_audits(services: Services, rounds: list[Round]) -> list[str]:
    """Post a reminder for every scheduled audit that is due this week (its day has come) and
    not done since Monday; returns the codes of the areas reminded."""
    now = services.now()
    today = services.local(now).date()
    monday = today - timedelta(days=today.weekday())
    since = (
        datetime.combine(monday, time())
        .replace(tzinfo=services.timezone)
        .astimezone(UTC)
        .replace(tzinfo=None)
    )
    language = services.default_language
    reminded = []
    for round_ in rounds:
        due = monday + timedelta(days=round_.weekday)
        if today < due:
            continue
        with transaction(services.sessions) as session:
            area = find_area(session, round_.area)
            if area is None:
                log.warning("audit schedule names an unknown area %r", round_.area)
                continue
            done = session.scalar(
                select(func.count()).where(
                    FiveSAudit.area_id == area.id,
                    FiveSAudit.status == "done",
                    FiveSAudit.finished_at >= since,
                )
            )
            channel = round_.channel or area.channel
            if done or not channel:
                continue
            kind = "6S" if round_.six else "5S"
            command = f"{'6s' if round_.six else '5s'} {area.code}"
            values = {"kind": kind, "area": area_name(area, language), "auditor": round_.auditor(today)}
            text = (
                say("audit_reminder_due", language, command=command, **values)
                if today == due
                else say("audit_reminder_late", language, command=command, due=due.isoformat(), **values)
            )
            platform, _, target = channel.partition(":")
            sent = outbox.enqueue(
                session,
                key=f"audit-reminder:{area.code}:{today.isoformat()}",
                platform=platform,
                target=outbox.Target("", target),
                kind="post",
                reply=Reply(text, language=language),
                now=now,
            )
            if sent is not None:
                reminded.append(area.code)
    return reminded
