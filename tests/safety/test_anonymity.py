"""An anonymous safety report keeps no trace of its reporter: not in the observation, the
event log, the outbox, the attachments, the inbox or processed deliveries, the logs, nor
anywhere in the database file. Proved through `bot.handle` and through Slack over HTTP."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from adapters.cli.wiring import configure_logging
from adapters.settings import Settings
from bot import Services, handle, inbox
from bot.safety.models import SafetyObservation
from bot.store.models import Event, InboxEvent, OutboxMessage, StoredFile
from bot.types import Attachment, Message
from tests.adapters.slack.conftest import SlackSide, bot, command_body, deliver, slack  # noqa: F401
from tests.adapters.slack.mock_slack import TEAM, MockSlackApi

USER_ID = "U0SECRET9"
USER_NAME = "Wang Secretname"


def _everything(services: Services) -> str:
    """Every row of every table, as text."""
    engine = services.sessions.kw["bind"]
    out = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            out += [repr(tuple(row)) for row in connection.execute(text(f'SELECT * FROM "{table}"'))]
    return "\n".join(out)


def _file_bytes(services: Services) -> bytes:
    """The SQLite database file (and its write-ahead log, if any) after every connection closed."""
    engine = services.sessions.kw["bind"]
    engine.dispose()
    path = Path(str(engine.url.database))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _assert_nowhere(services: Services, logs: str) -> None:
    for secret in (USER_ID, USER_NAME, "Secretname"):
        assert secret not in logs, f"{secret} is in the logs"
        assert secret not in _everything(services), f"{secret} is in a table"
        assert secret.encode() not in _file_bytes(services), f"{secret} is in the database file"


def _anonymous_row(services: Services) -> SafetyObservation:
    with services.sessions() as session:
        return session.scalars(select(SafetyObservation).order_by(SafetyObservation.id.desc())).first()


def test_through_handle_the_reporter_is_stored_nowhere(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    report = Message(
        platform="slack",
        workspace=TEAM,
        channel="D0DIRECT",
        user=USER_ID,
        user_name=USER_NAME,
        text="safety anonymous L3 forklift nearly hit a walker severity:high",
        delivery_id="msg:T0PLANT:D0DIRECT:1795000000.000100",
        attachments=(Attachment("slack", "F0LEAK", "leak.jpg", "image/jpeg"),),
    )
    # As an adapter does: the delivery is accepted into the inbox before it is handled.
    inbox.accept(
        services.sessions,
        platform="slack",
        event_key=str(report.delivery_id),
        kind="event",
        lane=f"{TEAM}:D0DIRECT:{USER_ID}",
        payload={"message": asdict(replace(report, attachments=()))},
        now=services.now(),
    )
    reply = handle(report, services)
    assert reply is not None and "Reported anonymously" in reply.text
    observation = _anonymous_row(services)
    assert (observation.anonymous, observation.reporter, observation.kind) == (True, None, "near_miss")
    with services.sessions() as session:
        actors = session.scalars(
            select(Event.actor).where(Event.record_kind == "safety", Event.record_id == observation.id)
        )
        assert set(actors) == {"anonymous", "gemba"}
        [photo] = session.scalars(select(StoredFile).where(StoredFile.record_id == observation.id)).all()
        assert (photo.file_id, photo.added_by) == ("F0LEAK", None)
        alerts = session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.idempotency_key.like("safety:%"))
        ).all()
        assert any("reported anonymously" in str(a) for a in alerts)
    _assert_nowhere(services, caplog.text)
    # The report is still there: only who sent it is gone.
    assert "forklift nearly hit a walker" in _everything(services)


def test_an_anonymous_report_that_is_refused_keeps_no_sender_either(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    refused = Message(
        platform="slack",
        channel="D0DIRECT",
        user=USER_ID,
        user_name=USER_NAME,
        text="安全 匿名 油桶漏油 区域:喷漆间",
        delivery_id="msg:T0PLANT:D0DIRECT:1795000000.000200",
    )
    inbox.accept(
        services.sessions,
        platform="slack",
        event_key=str(refused.delivery_id),
        kind="event",
        lane=f"{TEAM}:D0DIRECT:{USER_ID}",
        payload={"message": asdict(refused)},
        now=services.now(),
    )
    reply = handle(refused, services)
    assert reply is not None and "没有区域 *喷漆间*" in reply.text
    _assert_nowhere(services, caplog.text)


def test_a_named_report_does_keep_its_reporter(services: Services) -> None:
    """The search above can find a name: the same report, not anonymous, is found by it."""
    report = Message(
        platform="slack",
        channel="D0DIRECT",
        user=USER_ID,
        user_name=USER_NAME,
        text="safety L3 forklift nearly hit a walker",
    )
    handle(report, services)
    assert USER_NAME in _everything(services)


@pytest.fixture
def gemba_logs_at_debug(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Logging as `gemba` configures it, at GEMBA_LOG_LEVEL=DEBUG; restored afterwards."""
    names = ("", "alembic", "faiss", "httpx", "slack_sdk", "slack_bolt")
    levels = {name: logging.getLogger(name).level for name in names}
    configure_logging(Settings(_env_file=None, gemba_log_level="DEBUG"))  # type: ignore[call-arg]
    caplog.set_level(logging.DEBUG)
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
def slack_api() -> Iterator[MockSlackApi]:
    api = MockSlackApi(names={USER_ID: USER_NAME, "U0ANA": "ana"}).start()
    yield api
    api.stop()


def test_through_slack_over_http_the_reporter_is_stored_nowhere(
    services: Services,
    slack: SlackSide,  # noqa: F811
    slack_api: MockSlackApi,
    deliver,  # noqa: F811
    gemba_logs_at_debug: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    dm = {
        "type": "message",
        "channel_type": "im",
        "channel": "D0DIRECT",
        "user": USER_ID,
        "text": "安全 匿名 3号线 叉车差点撞到人 级别:高",
        "ts": "1795000900.000900",
    }
    assert slack.event(dm, event_id="EvAnon").status_code == 200
    assert deliver() == 3  # the answer in the DM, the EHS owner's alert, the escalation
    [answer] = [c for c in slack_api.calls_to("chat.postMessage") if "已匿名提交" in c.body["text"]]
    assert "已匿名提交" in answer.body["text"]
    observation = _anonymous_row(services)
    assert (observation.anonymous, observation.reporter) == (True, None)
    with services.sessions() as session:  # the delivery is still known (retries are dropped), not its sender
        kept = session.scalars(
            select(InboxEvent).where(InboxEvent.event_key.like("%1795000900.000900"))
        ).one()
        assert kept.status == "done" and kept.payload["message"]["user"] == "anonymous"
        assert kept.payload["message"]["text"] == dm["text"]
    # Slack did tell Gemba who wrote (users.info), but nothing of it was kept.
    assert slack_api.calls_to("users.info")
    _assert_nowhere(services, caplog.text)


def test_through_a_slack_slash_command_the_private_answer_forgets_its_recipient_once_sent(
    services: Services,
    slack: SlackSide,  # noqa: F811
    slack_api: MockSlackApi,
    deliver,  # noqa: F811
    gemba_logs_at_debug: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = command_body(
        "/safety",
        "anonymous WH blocked fire exit severity:critical",
        api=slack_api,
        trigger="trig-anon",
        user=USER_ID,
    )
    assert slack.command(body).status_code == 200
    assert deliver() == 3  # the private answer (to the reporter), the alert, the escalation
    [private] = [c for c in slack_api.calls if c.path == "response/trig-anon"]
    assert "Reported anonymously" in private.body["text"] and "plant manager" in private.body["text"]
    _assert_nowhere(services, caplog.text)
