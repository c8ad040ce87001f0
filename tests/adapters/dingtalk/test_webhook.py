"""Custom group robots: signed webhook requests; past 20 a minute, merged, none dropped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from adapters.dingtalk.webhook import DingTalkWebhookPlatform, RobotWebhook
from bot.outbox import Target, deliver_due, enqueue
from bot.services import Services
from bot.store.db import transaction
from bot.store.models import OutboxMessage
from bot.types import Reply
from tests.adapters.dingtalk.fake_dingtalk import FakeDingTalk


@dataclass
class Seconds:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def seconds() -> Seconds:
    return Seconds()


@pytest.fixture
def robots(dingtalk: FakeDingTalk, seconds: Seconds) -> Iterator[DingTalkWebhookPlatform]:
    url = f"{dingtalk.base_url}/robot/send?access_token=robot-token-leads"
    platform = DingTalkWebhookPlatform({"leads": RobotWebhook("leads", url, "SEC-leads")}, clock=seconds)
    yield platform
    platform.stop()


def test_past_the_limit_messages_are_merged_and_none_is_dropped(
    robots: DingTalkWebhookPlatform, dingtalk: FakeDingTalk, services: Services, seconds: Seconds
) -> None:
    with transaction(services.sessions) as session:
        for i in range(25):
            enqueue(
                session,
                key=f"escalation-{i}",
                platform="dingtalk-webhook",
                target=Target("", "leads"),
                kind="post",
                reply=Reply(f"升级提醒 第 {i} 条", language="zh"),
                now=services.now(),
            )

    assert deliver_due(services.sessions, {"dingtalk-webhook": robots}, services.now()) == 25
    assert len(dingtalk.calls_to("/robot/send")) == 20, "the robot's 20 a minute went out one by one"
    assert robots.pending() == 5
    assert robots.flush() == 0, "no room yet: nothing sent, nothing lost"

    seconds.now += 61
    dingtalk.robot_minute += 1
    assert robots.flush() == 5

    sent = dingtalk.calls_to("/robot/send")
    assert len(sent) == 21
    merged = sent[-1].body["markdown"]
    assert merged["title"] == "Gemba 的 5 条消息"
    texts = [call.body["markdown"]["text"] for call in sent]
    for i in range(25):
        assert sum(f"升级提醒 第 {i} 条" in text for text in texts) == 1, f"message {i} sent exactly once"
    assert all(call.query["sign"] and call.query["timestamp"] for call in sent), "every request is signed"
    with services.sessions() as session:
        assert {m.status for m in session.query(OutboxMessage)} == {"sent"}


def test_a_refused_send_stays_with_the_outbox(
    dingtalk: FakeDingTalk, services: Services, seconds: Seconds
) -> None:
    url = f"{dingtalk.base_url}/robot/send?access_token=robot-token-leads"
    wrong = DingTalkWebhookPlatform({"leads": RobotWebhook("leads", url, "not-the-secret")}, clock=seconds)
    with transaction(services.sessions) as session:
        enqueue(
            session,
            key="digest-1",
            platform="dingtalk-webhook",
            target=Target("", "leads"),
            kind="post",
            reply=Reply("周报"),
            now=services.now(),
        )

    assert deliver_due(services.sessions, {"dingtalk-webhook": wrong}, services.now()) == 0
    wrong.stop()
    with services.sessions() as session:
        (message,) = session.query(OutboxMessage).all()
        assert message.status == "pending" and "310000" in (message.last_error or "")
