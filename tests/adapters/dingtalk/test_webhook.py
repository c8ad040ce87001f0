"""Custom group robots: signed webhook requests; past 20 a minute the messages wait in the
outbox and go out merged, none dropped, none twice, in order.

One fake clock drives the outbox, the robot's send counts and the local DingTalk's limit
(20 sends in any 60 seconds, then ten minutes blocked).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from adapters.dingtalk.webhook import LIMIT, DingTalkWebhookPlatform, RobotWebhook
from bot.outbox import Target, deliver_due, enqueue
from bot.services import Services
from bot.store.db import transaction
from bot.store.models import OutboxMessage
from bot.types import Reply
from tests.adapters.dingtalk.fake_dingtalk import Call, FakeDingTalk
from tests.conftest import FakeClock

Seconds = Callable[[], float]
_NUMBER = re.compile(r"^升级提醒 第 (\d+) 条", re.MULTILINE)  # the text, not the merged headings


@pytest.fixture
def seconds(clock: FakeClock, dingtalk: FakeDingTalk) -> Seconds:
    """The fake clock in seconds, for the robot's counts and for DingTalk's limit."""
    start = clock.now

    def now_s() -> float:
        return (clock.now - start).total_seconds()

    dingtalk.robot_clock = now_s
    return now_s


@pytest.fixture
def new_robots(dingtalk: FakeDingTalk, seconds: Seconds) -> Iterator[Callable[..., DingTalkWebhookPlatform]]:
    """Make a webhook platform with the robot "leads", as a (re)started process would."""
    made: list[DingTalkWebhookPlatform] = []

    def make(secret: str = "SEC-leads", limit: int = LIMIT) -> DingTalkWebhookPlatform:
        url = f"{dingtalk.base_url}/robot/send?access_token=robot-token-leads"
        robot = RobotWebhook("leads", url, secret)
        made.append(DingTalkWebhookPlatform({"leads": robot}, limit=limit, clock=seconds))
        return made[-1]

    yield make
    for platform in made:
        platform.close()


def _enqueue(services: Services, n: int, kind: str = "post") -> None:
    with transaction(services.sessions) as session:
        enqueue(
            session,
            key=f"escalation-{n}",
            platform="dingtalk-webhook",
            target=Target("", "leads"),
            kind=kind,
            reply=Reply(f"升级提醒 第 {n} 条", language="zh"),
            now=services.now(),
        )


def _deliver(services: Services, robots: DingTalkWebhookPlatform) -> int:
    # max_attempts=1: a single counted failure would make a dead letter.
    return deliver_due(services.sessions, {"dingtalk-webhook": robots}, services.now(), max_attempts=1)


def _arrive_and_deliver(
    services: Services, robots: DingTalkWebhookPlatform, clock: FakeClock, numbers: range
) -> int:
    """Message after message, one a second, each delivered as it comes (as the worker does)."""
    sent = 0
    for n in numbers:
        _enqueue(services, n)
        sent += _deliver(services, robots)
        clock.advance(seconds=1)
    return sent


def _deliver_every_second(
    services: Services, robots: DingTalkWebhookPlatform, clock: FakeClock, seconds: int
) -> int:
    sent = 0
    for _ in range(seconds):
        sent += _deliver(services, robots)
        clock.advance(seconds=1)
    return sent


def _numbers(call: Call) -> list[int]:
    return [int(n) for n in _NUMBER.findall(call.body["markdown"]["text"])]


def _busiest_minute(dingtalk: FakeDingTalk) -> int:
    times = [at for at, _ in dingtalk.robot_accepted]
    return max(sum(start <= t < start + 60 for t in times) for start in times)


def _rows(services: Services) -> list[OutboxMessage]:
    with services.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_past_the_limit_messages_wait_in_the_outbox_and_arrive_merged_in_order_once(
    new_robots: Callable[..., DingTalkWebhookPlatform],
    dingtalk: FakeDingTalk,
    services: Services,
    clock: FakeClock,
) -> None:
    robots = new_robots()
    sent = _arrive_and_deliver(services, robots, clock, range(45))
    assert sent == 20, "the robot's first 20 went out one by one; the rest wait"
    assert [r.status for r in _rows(services)[20:]] == ["pending"] * 25

    sent += _deliver_every_second(services, robots, clock, 60)

    assert sent == 45
    received = [call for _, call in dingtalk.robot_accepted]
    assert [len(_numbers(call)) for call in received] == [1] * 20 + [20, 5], "merged: 22 sends for 45"
    assert [n for call in received for n in _numbers(call)] == list(range(45)), "each once, in order"
    assert [call.body["markdown"]["title"] for call in received[20:]] == [
        "Gemba 的 20 条消息",
        "Gemba 的 5 条消息",
    ]
    assert dingtalk.robot_throttled == 0 and _busiest_minute(dingtalk) <= 20
    assert all(call.query["sign"] and call.query["timestamp"] for call in received), "every request is signed"
    rows = _rows(services)
    assert {(r.status, r.attempts, r.last_error) for r in rows} == {("sent", 1, None)}, (
        "waiting is no attempt"
    )
    assert len({r.platform_message_id for r in rows[20:40]}) == 1, "one merged message, one id"


def test_messages_waiting_for_the_robot_survive_a_crash(
    new_robots: Callable[..., DingTalkWebhookPlatform],
    dingtalk: FakeDingTalk,
    services: Services,
    clock: FakeClock,
) -> None:
    before = new_robots()
    assert _arrive_and_deliver(services, before, clock, range(25)) == 20
    before.close()  # the process dies; its send counts die with it

    after = new_robots()
    _enqueue(services, 25)
    assert _deliver_every_second(services, after, clock, 30) == 0, "the outbox remembers the wait"
    assert len(dingtalk.robot_accepted) == 20
    assert _deliver_every_second(services, after, clock, 10) == 6

    received = [call for _, call in dingtalk.robot_accepted]
    assert [n for call in received for n in _numbers(call)] == list(range(26))
    assert received[-1].body["markdown"]["title"] == "Gemba 的 6 条消息"
    assert dingtalk.robot_throttled == 0
    assert {(r.status, r.attempts) for r in _rows(services)} == {("sent", 1)}


def test_a_throttle_answer_blocks_the_robot_and_the_message_waits_without_an_attempt(
    new_robots: Callable[..., DingTalkWebhookPlatform],
    dingtalk: FakeDingTalk,
    services: Services,
    clock: FakeClock,
) -> None:
    robots = new_robots(limit=30)  # counts more room than DingTalk gives, like a restarted process
    assert _arrive_and_deliver(services, robots, clock, range(21)) == 20
    assert dingtalk.robot_throttled == 1
    waiting = _rows(services)[20]
    assert (waiting.status, waiting.attempts, waiting.last_error) == ("pending", 0, None)
    assert waiting.next_attempt_at == services.now() + timedelta(seconds=599), "DingTalk's ten minutes"

    _enqueue(services, 21, kind="card_update")  # cannot be edited: merged as a new message
    calls = len(dingtalk.calls_to("/robot/send"))
    assert _deliver_every_second(services, robots, clock, 598) == 0
    assert len(dingtalk.calls_to("/robot/send")) == calls, "blocked: DingTalk is not asked again"
    assert _deliver_every_second(services, robots, clock, 2) == 2

    received = [call for _, call in dingtalk.robot_accepted]
    assert [n for call in received for n in _numbers(call)] == list(range(22))
    assert {(r.status, r.attempts) for r in _rows(services)} == {("sent", 1)}, "no dead letter"


def test_a_refused_send_stays_with_the_outbox(
    new_robots: Callable[..., DingTalkWebhookPlatform], services: Services
) -> None:
    wrong = new_robots(secret="not-the-secret")
    _enqueue(services, 1)

    assert deliver_due(services.sessions, {"dingtalk-webhook": wrong}, services.now()) == 0
    (message,) = _rows(services)
    assert message.status == "pending" and message.attempts == 1 and "310000" in (message.last_error or "")
