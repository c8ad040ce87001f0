"""Posting the tier-1 board to each line's channel at shift start, once per line and fire time.

The scheduler claims each fire time once across processes (`bot.scheduler`); below that, a
scheduled meeting is unique per line and fire time and each post carries an idempotency key
per meeting and channel, so a retried or repeated run makes no second meeting and no second
message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot import outbox
from bot.digest.send import DigestChannel
from bot.locations import all_lines
from bot.services import Services
from bot.store.db import transaction
from bot.tier import render
from bot.tier.figures import open_work
from bot.tier.service import hold_meeting, meeting_ref

SCHEDULER = "gemba"


def post_boards(services: Services, channels: Sequence[DigestChannel], scheduled_for: datetime) -> list[str]:
    """Hold the meeting of every line a channel follows (all lines when it names none) for the
    fire time `scheduled_for` (naive UTC) and queue its board to each of its channels, one
    message per line and channel; returns "T12 → slack:C01" for each message queued now.

    A line's meeting and its messages are written in one transaction: a line whose meeting for
    this fire time exists (a repeated run, or another process that got there first) is skipped.
    """
    with services.sessions() as session:
        codes = [line.code for line in all_lines(session)]
    queued = []
    for code in codes:
        targets = [c for c in channels if c.lines is None or code in c.lines]
        if not targets:
            continue
        with transaction(services.sessions) as session:
            line = next(line for line in all_lines(session) if line.code == code)
            meeting, created = hold_meeting(
                session, line=line, services=services, actor=SCHEDULER, scheduled_for=scheduled_for
            )
            if not created:
                continue
            work = open_work(session, line, meeting.meeting_date)
            ref = meeting_ref(meeting.id)
            for channel in targets:
                reply = render.board_reply(
                    meeting, line, work, channel.language, meeting.meeting_date.isoformat()
                )
                outbox.enqueue(
                    session,
                    key=f"tier:{ref}:{channel.platform}:{channel.workspace}:{channel.channel}"[:200],
                    platform=channel.platform,
                    target=outbox.Target(channel.workspace, channel.channel),
                    kind="post",
                    reply=reply,
                    now=services.now(),
                )
                queued.append(f"{ref} → {channel.platform}:{channel.channel}")
    return queued


def tier_job(channels: Sequence[DigestChannel]) -> Callable[[Services, datetime], str]:
    """The scheduler job: every line's board to `channels`, for the fire time it runs for."""

    def run(services: Services, scheduled_for: datetime) -> str:
        queued = post_boards(services, channels, scheduled_for)
        return f"tier boards queued: {', '.join(queued) or 'none'}"

    return run
