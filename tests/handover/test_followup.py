"""An unconfirmed handover is reminded after N minutes and escalated after M, by the
scheduler's `handovers` job: once, however many scheduler processes run it."""

from __future__ import annotations

from sqlalchemy import select, update

from adapters.cli.background_wiring import build_jobs
from adapters.settings import Settings
from bot import Services, handle
from bot.handover.models import Handover
from bot.scheduler import Scheduler
from bot.serialize import reply_from_json
from bot.store.models import Area, OutboxMessage
from tests.conftest import FakeClock, message


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, gemba_timezone="Asia/Shanghai", **values)  # type: ignore[call-arg]


def _submit(services: Services) -> int:
    reply = handle(
        message("handover L3 quality: - | safety: - | watch: PR-03 die change", user="xu"), services
    )
    assert reply is not None and reply.title is not None
    ref = reply.title.split()[2]
    handle(message(f"handover {ref} submit", user="xu"), services)
    return int(ref[1:])


def _messages(services: Services, handover_id: int) -> list[OutboxMessage]:
    with services.sessions() as session:
        return list(
            session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.idempotency_key.like(f"handover:{handover_id}:%"))
                .order_by(OutboxMessage.id)
            )
        )


def _round(services: Services, settings: Settings, processes: int = 3) -> None:
    """The scheduler of `processes` server processes, each running its due jobs."""
    for number in range(processes):
        Scheduler(services, build_jobs(settings), owner=f"process-{number}").run_due("handovers")


def test_reminded_after_n_and_escalated_after_m_minutes_once_across_schedulers(
    services: Services, clock: FakeClock
) -> None:
    with services.sessions() as session, session.begin():
        session.execute(update(Area).where(Area.code == "L3").values(owner="Gao Yan"))
    settings = _settings(
        gemba_handover_remind_minutes=20,
        gemba_handover_escalate_minutes=45,
        gemba_handover_escalation_channel="dingtalk:cidSupervisors",
    )
    handover_id = _submit(services)
    clock.advance(minutes=19)
    _round(services, settings)
    assert [m.idempotency_key for m in _messages(services, handover_id)] == [f"handover:{handover_id}:post"]

    clock.advance(minutes=2)
    _round(services, settings)
    clock.advance(minutes=1)
    _round(services, settings)  # the next minute's runs find it reminded already
    *_, reminder = _messages(services, handover_id)
    assert len(_messages(services, handover_id)) == 2
    text = reply_from_json(reminder.payload)
    assert text.text == (
        f"⏰ Handover H{handover_id} (Line 3, 2026-11-21 Day shift (A)) from xu has not been confirmed "
        "for 21 min. Next shift's lead: please confirm receipt."
    )
    assert text.buttons[0].command == f"handover confirm H{handover_id}"
    assert (reminder.platform, reminder.channel) == ("console", "line-3")

    clock.advance(minutes=23)
    _round(services, settings)
    clock.advance(minutes=1)
    _round(services, settings)
    escalations = [m for m in _messages(services, handover_id) if m.idempotency_key.endswith(":escalate")]
    [escalation] = escalations
    assert (escalation.platform, escalation.channel) == ("dingtalk", "cidSupervisors")
    assert reply_from_json(escalation.payload).text == (
        f"⏫ Handover H{handover_id} (Line 3, 2026-11-21 Day shift (A)) from xu is still not confirmed "
        "after 45 min. Area owner: Gao Yan."
    )
    with services.sessions() as session:
        record = session.get(Handover, handover_id)
        assert record is not None and record.reminded_at is not None and record.escalated_at is not None


def test_a_confirmed_handover_is_neither_reminded_nor_escalated(services: Services, clock: FakeClock) -> None:
    handover_id = _submit(services)
    clock.advance(minutes=10)
    confirmed = handle(message(f"确认交接 H{handover_id}", user="马林"), services)
    assert confirmed is not None and "确认接收" in confirmed.text
    clock.advance(hours=3)
    _round(services, _settings(), processes=2)
    assert [m.idempotency_key.split(":")[-1] for m in _messages(services, handover_id)] == [
        "post",
        "confirmed",
    ]
    with services.sessions() as session:
        record = session.get(Handover, handover_id)
        assert record is not None and record.reminded_at is None


def test_the_default_settings_remind_after_30_and_escalate_after_60_minutes(
    services: Services, clock: FakeClock
) -> None:
    handover_id = _submit(services)
    clock.advance(minutes=29)
    _round(services, _settings(), processes=1)
    assert len(_messages(services, handover_id)) == 1
    clock.advance(minutes=31)
    _round(services, _settings(), processes=1)
    kinds = [m.idempotency_key.split(":")[-1] for m in _messages(services, handover_id)]
    assert kinds == ["post", "remind", "escalate"]
    escalation = reply_from_json(_messages(services, handover_id)[-1].payload)
    assert escalation.text.endswith("still not confirmed after 60 min. Area owner: Gao Yan.")
