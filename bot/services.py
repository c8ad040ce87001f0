"""What the chat core needs from the outside world, handed in by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.observe import NullObserver, Observer
from bot.types import Language

if TYPE_CHECKING:  # these modules use Services
    from bot.attachments import FileFetcher
    from bot.audits.config import AuditConfig
    from bot.ladder import Matrix
    from bot.roles import Roles

UTC_ZONE = ZoneInfo("UTC")


def system_clock() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


@dataclass
class Services:
    """Everything `bot.handle` uses. Optional capabilities are None when not configured.

    `clock` returns aware UTC datetimes and is replaced by a fixed clock in tests and
    by `--now` on the command line. `escalation` is the escalation matrix (None: the
    built-in ladder); `roles` says who may change what (None: everyone is a team lead).
    `web_url` is the web board's address as people open it (links `board login` sends;
    "" when there is no web board), `signin_valid_for` how long such a link works.
    `observer` is told about events and answers (see `bot.observe`; a no-op by default).
    `files` downloads the photos people send (None: only the platform's reference is kept),
    into the folder `files_dir`. `audits` is the 5S audit set-up (None: the defaults).
    `tier_topics_file` is the YAML of tier meetings' safety topics ("": the built-in list).
    into the folder `files_dir`.
    `safety_channel` is where safety observations go when their area has no channel, and
    `safety_escalate_to` where high and critical ones are escalated ("platform:channel";
    "": the channel the report was made in, and the safety channel).
    """

    sessions: sessionmaker[Session]
    timezone: ZoneInfo = UTC_ZONE
    default_language: Language = "en"
    clock: Callable[[], datetime] = system_clock
    max_message_chars: int = 4000
    nl2sql: Any = None
    knowledge: Any = None
    escalation: Matrix | None = None
    roles: Roles | None = None
    web_url: str = ""
    signin_valid_for: timedelta = timedelta(minutes=10)
    observer: Observer = field(default_factory=NullObserver)
    files: FileFetcher | None = None
    files_dir: str | None = None
    audits: AuditConfig | None = None
    tier_topics_file: str = ""
    safety_channel: str = ""
    safety_escalate_to: str = ""

    def now(self) -> datetime:
        """The current time as naive UTC, the form the store keeps."""
        return self.clock().astimezone(UTC).replace(tzinfo=None)

    def local(self, utc_naive: datetime) -> datetime:
        """A stored naive-UTC time in the plant's timezone."""
        return utc_naive.replace(tzinfo=UTC).astimezone(self.timezone)

    def clock_time(self, utc_naive: datetime) -> str:
        """A stored time as people on the floor say it: "10:03" today, "2026-11-20 10:03" before."""
        moment = self.local(utc_naive)
        today = self.local(self.now()).date()
        return f"{moment:%H:%M}" if moment.date() == today else f"{moment:%Y-%m-%d %H:%M}"
