"""Several Gemba instances on one PostgreSQL, as README's "Several instances" deploys them:
three `gemba serve slack` (HTTP) processes behind a round-robin "load balancer" and one
`gemba serve dingtalk --http`, all running the scheduler. Real processes, a real database,
the local Slack and DingTalk of this test; Slack's requests are signed as Slack signs them.

Every event is answered once (retries of the same event go to other instances), every
scheduled run happens once, every outbox message is sent once, and the answers in each
channel come in the order the questions were asked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine, func, select

from adapters.dingtalk.sign import sign as dingtalk_sign
from bot.handle import handle
from bot.services import Services
from bot.store.db import make_engine, make_sessions, transaction
from bot.store.migrate import upgrade
from bot.store.models import AndonCall, InboxEvent, JobRun, Line, OutboxMessage, Station
from bot.types import Message
from tests.adapters.dingtalk.conftest import robot_message
from tests.adapters.dingtalk.fake_dingtalk import APP_KEY, APP_SECRET, ROBOT_CODE, FakeDingTalk
from tests.adapters.processes import free_port, is_up, stop, wait_until
from tests.adapters.slack.conftest import SIGNING_SECRET, SlackSide
from tests.adapters.slack.mock_slack import TEAM, MockSlackApi
from tests.conftest import POSTGRES_ADMIN_URL, FakeClock, _temporary_database

pytestmark = pytest.mark.alone

ROOT = Path(__file__).resolve().parents[2]
SLACK_INSTANCES = 3
CHANNELS = ("C0LINE1", "C0LINE2", "C0LINE3", "C0LINE4")
PER_CHANNEL = 10
EVENTS = len(CHANNELS) * PER_CHANNEL
ROBOT_MESSAGES = 6
DIGEST_CHANNEL = "C0DIGEST"
ESCALATION_CHANNEL = "C0ESC"
JOBS = ("escalations", "reminders", "digest")
MAIN = "from adapters.cli.main import main; main()"


@pytest.fixture
def store() -> Iterator[str]:
    """A PostgreSQL store of its own, migrated once (as `gemba db upgrade` before any instance)."""
    for url in _temporary_database(POSTGRES_ADMIN_URL, "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"):
        engine = make_engine(url)
        upgrade(engine)
        services = Services(sessions=make_sessions(engine))
        with transaction(services.sessions) as session:
            line = Line(code="L3", name="Line 3", area="Welding")
            session.add_all([line, Station(line=line, code="WD-03", name="Welder 3")])
        # An andon call nobody acknowledged for 10 minutes: the escalation job's work.
        ten_minutes_ago = FakeClock(services.clock() - timedelta(minutes=10))
        earlier = Services(sessions=services.sessions, clock=ten_minutes_ago)
        raised = Message(
            platform="slack",
            workspace=TEAM,
            channel=ESCALATION_CHANNEL,
            user="U0ESC",
            text="andon L3 WD-03 jam",
        )
        assert handle(raised, earlier) is not None
        engine.dispose()
        yield url


def _env(store_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GEMBA_DATABASE_URL": store_url,
        "GEMBA_TIMEZONE": "Asia/Shanghai",
        "GEMBA_EMBEDDER": "fake",
        "GEMBA_SCHEDULER_ENABLED": "true",
        # Every job due every minute, so that all four schedulers compete for each run.
        "GEMBA_REMINDER_SCHEDULE": "* * * * *",
        "GEMBA_DIGEST_SCHEDULE": "* * * * *",
        "GEMBA_DIGEST_CHANNELS": f"slack:{DIGEST_CHANNEL}",
        "GEMBA_DIGEST_EMPTY": "note",
        **extra,
    }


def _start(command: list[str], env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cwd.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", MAIN, *command, "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, f"http://127.0.0.1:{port}"


def _count(engine: Engine, model: type, *where: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


def _answers_by_instance(url: str) -> int:
    families = text_string_to_metric_families(httpx.get(f"{url}/metrics", timeout=10).text)
    return int(
        sum(
            s.value
            for f in families
            if f.name == "gemba_answers"
            for s in f.samples
            if s.name.endswith("_total")
        )
    )


def _slack_keys(api: MockSlackApi) -> list[tuple[str, str]]:
    """(channel, outbox key) of each message Slack shows, in the order they were posted."""
    with api._lock:
        posted = list(api.messages)
    return [(m.channel, str(((m.metadata or {}).get("event_payload") or {}).get("key"))) for m in posted]


def _question_ts(channel: int, n: int) -> str:
    return f"17950{channel}{n:04d}.000100"


def test_three_slack_instances_and_a_dingtalk_one_share_one_postgresql(store: str, tmp_path: Path) -> None:
    slack_api = MockSlackApi(names={"U0ANA": "ana"}).start()
    dingtalk = FakeDingTalk().start()
    engine = make_engine(store)
    slack_env = _env(
        store,
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        GEMBA_SLACK_API_URL=slack_api.url,
    )
    dingtalk_env = _env(
        store,
        DINGTALK_CLIENT_ID=APP_KEY,
        DINGTALK_CLIENT_SECRET=APP_SECRET,
        DINGTALK_ROBOT_CODE=ROBOT_CODE,
        GEMBA_DINGTALK_API_URL=dingtalk.base_url,
        GEMBA_DINGTALK_OAPI_URL=dingtalk.base_url,
    )
    servers = [_start(["serve", "slack"], slack_env, tmp_path / f"slack{n}") for n in range(SLACK_INSTANCES)]
    servers.append(_start(["serve", "dingtalk", "--http"], dingtalk_env, tmp_path / "dingtalk"))
    sides = [SlackSide(url) for _, url in servers[:SLACK_INSTANCES]]
    sent_to: Counter[int] = Counter()
    try:
        for process, url in servers:
            wait_until(lambda: is_up(url) or process.poll() is not None, timeout=120)  # noqa: B023
            assert process.poll() is None, "an instance did not start"
            # Ready once the playbook models are warm too: what a load balancer waits for.
            wait_until(lambda: httpx.get(f"{url}/readyz", timeout=30).status_code == 200, timeout=180)  # noqa: B023

        def ask_in(channel: int) -> None:
            """The questions of one channel, one after the other, round-robin over the instances;
            every third one is retried by "Slack" at the same time, through another instance."""
            for n in range(PER_CHANNEL):
                text = "andon L3 WD-03 no parts" if n % 5 == 0 else f"status {n}"
                event = {
                    "type": "app_mention",
                    "user": f"U0C{channel}",
                    "text": f"<@UGEMBA> {text}",
                    "ts": _question_ts(channel, n),
                    "channel": CHANNELS[channel],
                }
                first = (channel + n) % SLACK_INSTANCES
                targets = [first] + ([(first + 1) % SLACK_INSTANCES] if n % 3 == 0 else [])
                event_id = f"Ev{channel}{n:04d}"
                with ThreadPoolExecutor(len(targets)) as pool:
                    # The first delivery, and Slack's retry of it (X-Slack-Retry-Num: 1), at once.
                    sends = [
                        pool.submit(sides[target].event, event, event_id=event_id, retry=retry)
                        for retry, target in zip([None, 1], targets, strict=False)
                    ]
                    responses = [send.result() for send in sends]
                assert [r.status_code for r in responses] == [200] * len(targets)
                sent_to.update(targets)

        with ThreadPoolExecutor(len(CHANNELS)) as pool:
            list(pool.map(ask_in, range(len(CHANNELS))))

        dingtalk_url = servers[-1][1]
        for n in range(ROBOT_MESSAGES):
            payload = robot_message(dingtalk.base_url, "帮助", msg_id=f"dt-{n}", session=f"s-{n}")
            for _ in range(1 + n % 2):  # every other message delivered twice
                timestamp = int(time.time() * 1000)
                response = httpx.post(
                    f"{dingtalk_url}/dingtalk/callback",
                    json=payload,
                    headers={"timestamp": str(timestamp), "sign": dingtalk_sign(APP_SECRET, timestamp)},
                    timeout=30,
                )
                assert response.status_code == 200

        def replies() -> Counter[str]:
            return Counter(key for _, key in _slack_keys(slack_api) if key.startswith("slack:reply:"))

        def jobs_done() -> set[str]:
            with engine.connect() as connection:
                return set(connection.scalars(select(JobRun.job).where(JobRun.status == "done")))

        wait_until(
            lambda: (
                len(replies()) == EVENTS
                and all(dingtalk.calls_to(f"/session/s-{n}") for n in range(ROBOT_MESSAGES))
                and jobs_done() >= set(JOBS)
                and _count(engine, OutboxMessage, OutboxMessage.status != "sent") == 0
            ),
            timeout=180,
        )
        time.sleep(3)  # time enough for a second answer or run, were there one
        answered = [_answers_by_instance(url) for _, url in servers]
    finally:
        for process, _ in servers:
            stop(process, signal.SIGINT)
        for side in sides:
            side.http.close()

    try:
        posted = _slack_keys(slack_api)
        keys = Counter(key for _, key in posted)
        with engine.connect() as connection:
            runs = connection.execute(
                select(JobRun.job, JobRun.scheduled_for, JobRun.owner, JobRun.status)
            ).all()
            # What becomes a new Slack message (a card update edits one instead).
            sent = Counter(
                connection.scalars(
                    select(OutboxMessage.idempotency_key).where(
                        OutboxMessage.platform == "slack",
                        OutboxMessage.status == "sent",
                        OutboxMessage.kind != "card_update",
                    )
                )
            )
            unsent = _count(engine, OutboxMessage, OutboxMessage.status != "sent")
            escalated = connection.scalar(
                select(AndonCall.escalation_level).where(AndonCall.channel == ESCALATION_CHANNEL)
            )
        inbox_done, inbox_all = (
            _count(engine, InboxEvent, InboxEvent.status == "done"),
            _count(engine, InboxEvent),
        )
    finally:
        engine.dispose()
        slack_api.stop()
        dingtalk.stop()

    # Every event answered once, whichever instances its deliveries reached.
    expected = {
        f"slack:reply:msg:{TEAM}:{CHANNELS[c]}:{_question_ts(c, n)}"
        for c in range(len(CHANNELS))
        for n in range(PER_CHANNEL)
    }
    assert {k: v for k, v in keys.items() if k.startswith("slack:reply:")} == dict.fromkeys(expected, 1)
    assert [len(dingtalk.calls_to(f"/session/s-{n}")) for n in range(ROBOT_MESSAGES)] == [1] * ROBOT_MESSAGES
    assert inbox_all == inbox_done == EVENTS + ROBOT_MESSAGES, "one inbox event per delivery id"
    assert sum(answered[:SLACK_INSTANCES]) == EVENTS and answered[-1] == ROBOT_MESSAGES
    # Each channel's answers in the order of its questions.
    for channel in CHANNELS:
        in_channel = [
            key for posted_in, key in posted if posted_in == channel and key.startswith("slack:reply:")
        ]
        assert in_channel == sorted(in_channel), channel
    # The outbox drained once: everything sent, and Slack shows each sent message once.
    assert unsent == 0 and all(count == 1 for count in keys.values()), keys.most_common(3)
    assert set(sent) == set(keys) and set(sent.values()) == {1}
    # Each job ran once per fire time, whoever claimed it; its effects happened once.
    per_run = Counter((job, at) for job, at, _, _ in runs)
    assert set(per_run.values()) == {1} and {job for job, *_ in runs} >= set(JOBS)
    assert all(status == "done" for *_, status in runs)
    assert escalated == 1
    assert sum(1 for k in keys if ":escalate-1:" in k) == 1
    assert sum(1 for channel, _ in posted if channel == DIGEST_CHANNEL) == 1
    owners = Counter(owner.rsplit(":", 1)[0] for *_, owner, _ in runs)
    print(
        f"\ninstances: {SLACK_INSTANCES} slack + 1 dingtalk on PostgreSQL; deliveries per slack instance "
        f"{dict(sorted(sent_to.items()))}; answered per instance {answered}; {EVENTS} Slack events "
        f"({sum(sent_to.values())} deliveries) and {ROBOT_MESSAGES} DingTalk messages answered once each; "
        f"{len(sent)} Slack messages sent once each; job runs {len(runs)} "
        f"({dict(Counter(job for job, *_ in runs))}) by {len(owners)} processes, one per fire time"
    )
