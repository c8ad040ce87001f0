"""What the chat core needs from the outside world, handed in by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.types import Language

UTC_ZONE = ZoneInfo("UTC")


def system_clock() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


@dataclass
class Services:
    """Everything `bot.handle` uses. Optional capabilities are None when not configured.

    `clock` returns aware UTC datetimes and is replaced by a fixed clock in tests and
    by `--now` on the command line.
    """

    sessions: sessionmaker[Session]
    timezone: ZoneInfo = UTC_ZONE
    default_language: Language = "en"
    clock: Callable[[], datetime] = system_clock
    max_message_chars: int = 4000
    nl2sql: Any = None
    knowledge: Any = None

    def now(self) -> datetime:
        """The current time as naive UTC, the form the store keeps."""
        return self.clock().astimezone(UTC).replace(tzinfo=None)

    def local(self, utc_naive: datetime) -> datetime:
        """A stored naive-UTC time in the plant's timezone."""
        return utc_naive.replace(tzinfo=UTC).astimezone(self.timezone)
