"""Custom group robots ("自定义机器人"): webhooks with signing, for digests and escalations.

DingTalk lets a custom robot send 20 messages a minute and then blocks it for ten minutes.
`DingTalkWebhookPlatform` sends at once while the robot is under its limit; past it, the
messages wait and go out merged into one markdown message as soon as the window allows.
None is dropped: a failed send stays queued and is tried again.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from adapters.dingtalk.errors import DingTalkError
from adapters.dingtalk.openapi import post_webhook
from adapters.dingtalk.render import MAX_TEXT_BYTES, Markdown, render
from adapters.dingtalk.sign import signed_url
from bot.outbox import Target
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
    queue: list[tuple[str, Markdown]] = field(default_factory=list)
    blocked_until: float = 0.0


class DingTalkWebhookPlatform:
    """The `dingtalk-webhook` chat platform: channel = a configured robot's name.

    `start()` runs a thread that sends merged messages when the window allows; `flush()`
    does one such round (tests call it with a fake `clock`).
    """

    name = "dingtalk-webhook"

    def __init__(
        self,
        robots: dict[str, RobotWebhook],
        *,
        http: httpx.Client | None = None,
        limit: int = LIMIT,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        interval_s: float = 1.0,
    ) -> None:
        self._robots = {name: _Robot(robot) for name, robot in robots.items()}
        self._http = http or httpx.Client(timeout=10.0)
        self._limit, self._window_s = limit, window_s
        self._clock, self._wall_clock = clock, wall_clock
        self._interval_s = interval_s
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def post(self, target: Target, reply: Reply, *, idempotency_key: str) -> str:
        """Send now if the robot is under its limit, else queue for the next merged message."""
        robot = self._robot(target.channel)
        markdown = render(reply)
        with self._lock:
            message_id = f"{robot.webhook.name}:{next(self._ids)}"
            if not robot.queue and self._has_room(robot):
                self._send(robot, markdown)  # raises: the outbox keeps the message and retries
                return message_id
            robot.queue.append((message_id, markdown))
            log.info(
                "dingtalk robot %s at its limit: message queued (%d waiting)",
                robot.webhook.name,
                len(robot.queue),
            )
            return message_id

    def update(self, target: Target, message_ref: str, reply: Reply) -> None:
        """Webhook messages cannot be edited: the update is posted as a new message."""
        self.post(target, reply, idempotency_key=f"update:{message_ref}")

    def already_sent(self, target: Target, idempotency_key: str) -> str | None:
        """A webhook cannot tell what it received: always None."""
        return None

    def pending(self) -> int:
        """How many messages wait for room."""
        with self._lock:
            return sum(len(robot.queue) for robot in self._robots.values())

    def flush(self) -> int:
        """Send what waits, merged, for every robot with room; returns how many messages went out."""
        sent = 0
        with self._lock:
            for robot in self._robots.values():
                while robot.queue and self._has_room(robot):
                    batch = _batch(robot.queue)
                    try:
                        self._send(robot, _merge([m for _, m in batch]))
                    except DingTalkError as error:
                        log.warning(
                            "dingtalk robot %s: merged send failed, kept queued: %s",
                            robot.webhook.name,
                            error,
                        )
                        break
                    del robot.queue[: len(batch)]
                    sent += len(batch)
        return sent

    def start(self) -> None:
        """Start the thread that sends queued messages when there is room."""
        self._thread = threading.Thread(target=self._loop, name="gemba-dingtalk-webhook", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread after a last round, and close the HTTP connections."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        with self._lock:
            self._http.close()
        if self.pending():
            log.warning("dingtalk robots: %d messages still queued at shutdown", self.pending())

    def _loop(self) -> None:
        while not self._stop.wait(self._interval_s):
            try:
                self.flush()
            except Exception:  # keep the thread alive
                log.exception("dingtalk robot flush failed")
        self.flush()

    def _robot(self, name: str) -> _Robot:
        robot = self._robots.get(name)
        if robot is None:
            known = ", ".join(sorted(self._robots)) or "none"
            raise DingTalkError(
                "robot/send", "unknown_robot", f"no robot named {name!r} (known: {known})", retryable=False
            )
        return robot

    def _has_room(self, robot: _Robot) -> bool:
        now = self._clock()
        while robot.sent_at and now - robot.sent_at[0] >= self._window_s:
            robot.sent_at.popleft()
        return now >= robot.blocked_until and len(robot.sent_at) < self._limit

    def _send(self, robot: _Robot, markdown: Markdown) -> None:
        url = signed_url(robot.webhook.url, robot.webhook.secret, int(self._wall_clock() * 1000))
        robot.sent_at.append(self._clock())  # a failed attempt may still count at DingTalk
        try:
            post_webhook(self._http, url, markdown.session_body(), endpoint="robot/send")
        except DingTalkError as error:
            if error.retry_after:
                robot.blocked_until = self._clock() + error.retry_after
            raise


def _batch(queue: list[tuple[str, Markdown]]) -> list[tuple[str, Markdown]]:
    """The longest head of `queue` that fits in one message (at least one)."""
    size, batch = 0, list[tuple[str, Markdown]]()
    for item in queue:
        size += len(item[1].text.encode()) + len(SEPARATOR)
        if batch and size > MAX_TEXT_BYTES:
            break
        batch.append(item)
    return batch


def _merge(messages: list[Markdown]) -> Markdown:
    if len(messages) == 1:
        return messages[0]
    language: Language = "zh" if any(_HAN.search(m.title) for m in messages) else "en"
    title = say("dingtalk_merged_title", language, count=len(messages))
    text = SEPARATOR.join(f"#### {m.title}\n\n{m.text}" for m in messages)
    return Markdown(title, text)
