"""Sending the weekly digest to its channels through the outbox, once per week and channel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot import outbox
from bot.digest.charts import charts
from bot.digest.compute import Digest, compute
from bot.digest.period import Week
from bot.digest.render import digest_reply
from bot.services import Services
from bot.store.db import transaction
from bot.types import Language, Reply

EmptyPolicy = Literal["skip", "note"]


@dataclass(frozen=True)
class DigestChannel:
    """Where a digest goes, in which language, for which lines (None: all)."""

    platform: str
    channel: str
    language: Language = "en"
    lines: tuple[str, ...] | None = None
    workspace: str = ""

    def __str__(self) -> str:
        lines = f":{'+'.join(self.lines)}" if self.lines else ""
        return f"{self.platform}:{self.channel}:{self.language}{lines}"


def parse_channels(text: str, default_language: Language = "en") -> list[DigestChannel]:
    """Channels from "platform:channel[:lang[:L1+L2]]" entries, comma-separated. Raises ValueError.

    >>> parse_channels("slack:C01:en, dingtalk:cid9:zh:L3+L5")[1]
    DigestChannel(platform='dingtalk', channel='cid9', language='zh', lines=('L3', 'L5'), workspace='')
    """
    channels = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        parts = entry.split(":")
        if len(parts) < 2 or len(parts) > 4 or not parts[0] or not parts[1]:
            raise ValueError(f"digest channel {entry!r}: use platform:channel[:lang[:L1+L2]]")
        language = parts[2] if len(parts) > 2 and parts[2] else default_language
        if language not in ("en", "zh"):
            raise ValueError(f"digest channel {entry!r}: language must be en or zh")
        lines = tuple(code.strip() for code in parts[3].split("+") if code.strip()) if len(parts) > 3 else ()
        channels.append(DigestChannel(parts[0], parts[1], language, lines or None))  # type: ignore[arg-type]
    return channels


def build(
    services: Services, week: Week, language: Language, lines: Sequence[str] | None = None
) -> tuple[Digest, Reply]:
    """The digest of `week` and its reply for a channel (with the Pareto chart)."""
    with services.sessions() as session:
        digest = compute(session, services, week, lines=lines, language=language)
    image = None if digest.empty else charts(digest, language).get("downtime_pareto")
    return digest, digest_reply(digest, language, image)


def send_digests(
    services: Services, channels: Sequence[DigestChannel], week: Week, *, empty: EmptyPolicy = "skip"
) -> list[str]:
    """Queue `week`'s digest for each channel; returns the channels queued. A channel
    that already has this week's digest in the outbox is not sent it again."""
    queued = []
    for channel in channels:
        digest, reply = build(services, week, channel.language, channel.lines)
        if digest.empty and empty == "skip":
            continue
        key = f"digest:{week}:{channel.platform}:{channel.workspace}:{channel.channel}"
        with transaction(services.sessions) as session:
            added = outbox.enqueue(
                session,
                key=key[:200],
                platform=channel.platform,
                target=outbox.Target(channel.workspace, channel.channel),
                kind="post",
                reply=reply,
                now=services.now(),
            )
        if added is not None:
            queued.append(str(channel))
    return queued


def digest_job(
    channels: Sequence[DigestChannel], empty: EmptyPolicy = "skip"
) -> Callable[[Services, datetime], str]:
    """The scheduler job: last complete week's digest, as of the fire time, to `channels`."""

    def run(services: Services, scheduled_for: datetime) -> str:
        week = Week.last_complete(scheduled_for, services.timezone)
        queued = send_digests(services, channels, week, empty=empty)
        return f"{week}: queued for {', '.join(queued) or 'no channel'}"

    return run
