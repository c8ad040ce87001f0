"""Custom group robots ("自定义机器人"): webhooks with signing, for digests and escalations.

DingTalk lets a custom robot send 20 messages a minute and then blocks it for ten minutes.
`DingTalkWebhookPlatform` counts each robot's sends: with room it sends at once, without it
raises `NotYet`, so the messages wait in the outbox (durably, in order) until the minute
allows. Several messages waiting for one robot go out merged into one markdown message
(`post_many`), which counts as one send. A throttle answer from DingTalk blocks the robot
for the time DingTalk names, also with `NotYet`.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from adapters.dingtalk.errors import DingTalkError
from adapters.dingtalk.openapi import post_webhook
from adapters.dingtalk.render import MAX_TEXT_BYTES, Markdown, render
from adapters.dingtalk.sign import signed_url
from bot.outbox import NotYet, Target
from bot.texts import register, say
from bot.types import Language, Reply

log = logging.getLogger(__name__)

LIMIT = 20
WINDOW_S = 61.0  # DingTalk counts per minute; a second of margin for clock differences
SEPARATOR = "\n\n---\n\n"
_HAN = re.compile(r"[\u4e00-\u9fff]")

register({"dingtalk_merged_title": ("{count} messages from Gemba", "Gemba 的 {count} 条消息")})


@dataclass(frozen=True)
class RobotWebhook:
    """One custom robot: its webhook URL (with access_token) and its signing secret."""

    name: str
    url: str
    secret: str = ""


def parse_webhooks(value: str) -> dict[str, RobotWebhook]:
    """The robots of `GEMBA_DINGTALK_WEBHOOKS`: `name=url|secret` entries, comma-separated.

    >>> robots = parse_webhooks("leads=https://oapi.dingtalk.com/robot/send?access_token=T1|SECa,"
    ...                         "qa=https://x/y?access_token=T2")
    >>> robots["leads"].url, robots["leads"].secret, robots["qa"].secret
    ('https://oapi.dingtalk.com/robot/send?access_token=T1', 'SECa', '')
    """
    robots: dict[str, RobotWebhook] = {}
    for entry in filter(None, (part.strip() for part in value.replace("\n", ",").split(","))):
        name, equals, rest = entry.partition("=")
        if not equals or not name.strip() or not rest.strip():
            raise ValueError(f"not a name=url|secret entry: {entry[:40]!r}")
        url, _, secret = rest.partition("|")
        robots[name.strip()] = RobotWebhook(name.strip(), url.strip(), secret.strip())
    return robots


@dataclass
class _Robot:
    webhook: RobotWebhook
    sent_at: deque[float] = field(default_factory=deque)
    blocked_until: float = 0.0


class DingTalkWebhookPlatform:
    """The `dingtalk-webhook` chat platform: channel = a configured robot's name.

    The send counts live in this object, so a new process starts from zero: if the robot
    was at its limit, DingTalk's throttle answer blocks it and the messages wait in the
    outbox. Messages cannot be edited and `already_sent` cannot tell, so a card update is
    posted as a new message, and a message whose sender died between sending and marking
    it is sent again (the outbox's lease keeps live senders from doing so).
    """

    name = "dingtalk-webhook"
    merge_kinds = frozenset({"post", "note", "card", "card_update"})

    def __init__(
        self,
        robots: dict[str, RobotWebhook],
        *,
        http: httpx.Client | None = None,
        limit: int = LIMIT,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._robots = {name: _Robot(robot) for name, robot in robots.items()}
        self._http = http or httpx.Client(timeout=10.0)
        self._limit, self._window_s = limit, window_s
        self._clock, self._wall_clock = clock, wall_clock
        self._lock = threading.Lock()

    def post(self, target: Target, reply: Reply, *, idempotency_key: str) -> str:
        """Send `reply` if the robot has room; returns an id for the message.

        Raises `NotYet` (seconds until room) when it has none, `DingTalkError` when the send fails.
        """
        return self._send(self._robot(target.channel), render(reply))

    def post_many(
        self, target: Target, replies: Sequence[Reply], *, idempotency_keys: Sequence[str]
    ) -> tuple[str, int]:
        """Send the first of `replies` that fit in one markdown message, merged under the
        title "N messages from Gemba", as one send; returns its id and how many it holds.

        Raises like `post`.
        """
        robot = self._robot(target.channel)
        batch = _batch([render(reply) for reply in replies])
        return self._send(robot, _merge(batch)), len(batch)

    def update(self, target: Target, message_ref: str, reply: Reply) -> None:
        """Webhook messages cannot be edited: the update is posted as a new message."""
        self.post(target, reply, idempotency_key=f"update:{message_ref}")

    def already_sent(self, target: Target, idempotency_key: str) -> str | None:
        """A webhook cannot tell what it received: always None."""
        return None

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def _robot(self, name: str) -> _Robot:
        robot = self._robots.get(name)
        if robot is None:
            known = ", ".join(sorted(self._robots)) or "none"
            raise DingTalkError(
                "robot/send", "unknown_robot", f"no robot named {name!r} (known: {known})", retryable=False
            )
        return robot

    def _wait_s(self, robot: _Robot) -> float:
        now = self._clock()
        while robot.sent_at and now - robot.sent_at[0] >= self._window_s:
            robot.sent_at.popleft()
        full = robot.sent_at[0] + self._window_s - now if len(robot.sent_at) >= self._limit else 0.0
        return max(full, robot.blocked_until - now, 0.0)

    def _reserve(self, robot: _Robot) -> None:
        """Count a send against the robot's limit, or raise `NotYet` if it has no room."""
        with self._lock:
            wait = self._wait_s(robot)
            if wait > 0:
                raise NotYet(wait)
            robot.sent_at.append(self._clock())  # a failed attempt may still count at DingTalk

    def _send(self, robot: _Robot, markdown: Markdown) -> str:
        self._reserve(robot)
        url = signed_url(robot.webhook.url, robot.webhook.secret, int(self._wall_clock() * 1000))
        try:
            post_webhook(self._http, url, markdown.session_body(), endpoint="robot/send")
        except DingTalkError as error:
            if not error.retry_after:
                raise
            with self._lock:
                robot.blocked_until = max(robot.blocked_until, self._clock() + error.retry_after)
            log.warning(
                "dingtalk robot %s throttled for %.0f s: %s", robot.webhook.name, error.retry_after, error
            )
            raise NotYet(error.retry_after) from error
        return f"{robot.webhook.name}:{uuid.uuid4().hex[:16]}"


def _batch(messages: list[Markdown]) -> list[Markdown]:
    """The longest head of `messages` that fits in one message (at least one).

    >>> small, big = Markdown("a", "x" * 10), Markdown("b", "y" * MAX_TEXT_BYTES)
    >>> len(_batch([small, small, small])), len(_batch([small, big, small])), len(_batch([big, small]))
    (3, 1, 1)
    """
    size, batch = 0, list[Markdown]()
    for message in messages:
        size += len(message.text.encode()) + len(SEPARATOR)
        if batch and size > MAX_TEXT_BYTES:
            break
        batch.append(message)
    return batch


def _merge(messages: list[Markdown]) -> Markdown:
    """One markdown message holding `messages` under their titles (one is left as it is)."""
    if len(messages) == 1:
        return messages[0]
    language: Language = "zh" if any(_HAN.search(m.title) for m in messages) else "en"
    title = say("dingtalk_merged_title", language, count=len(messages))
    text = SEPARATOR.join(f"#### {m.title}\n\n{m.text}" for m in messages)
    return Markdown(title, text)
