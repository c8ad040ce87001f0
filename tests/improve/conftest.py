"""Helpers for the improvement project tests: talking to Gemba and reading what it stored."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from bot import Services, handle
from bot.improve.models import Project
from bot.improve.service import get_project
from bot.types import Reply
from tests.conftest import PLANT_TZ, message


def say(services: Services, text: str, *, user: str = "ana") -> Reply:
    """`text` to Gemba through `bot.handle`, as a chat platform would send it."""
    reply = handle(message(text, user=user), services)
    assert reply is not None
    return reply


def opened_ref(reply: Reply) -> int:
    """The number of the project a reply says was opened ("J6")."""
    found = re.search(r"\bJ(\d+)\b", reply.text)
    assert found, reply.text
    return int(found.group(1))


def project(services: Services, number: int) -> Project:
    """The stored project, read afresh (whys, actions and measurements loaded)."""
    with services.sessions() as session:
        found = get_project(session, number)
        session.expunge_all()
        return found


def utc(day: date) -> datetime:
    """Plant-local midnight of `day` as the naive UTC the store keeps."""
    return datetime.combine(day, time()).replace(tzinfo=PLANT_TZ).astimezone(UTC).replace(tzinfo=None)
