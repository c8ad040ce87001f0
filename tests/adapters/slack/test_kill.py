"""`kill -9` of `gemba serve slack` (HTTP) after Slack got its 200s: after a restart, every
event is answered exactly once. Real processes: the server is a subprocess talking to the
local Slack Web API of this test, which counts what Slack would show."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.store.db import make_engine
from bot.store.models import AndonCall, InboxEvent, OutboxMessage
from tests.adapters.processes import free_port, is_up, stop, wait_until
from tests.adapters.slack.conftest import CHANNEL, SIGNING_SECRET, SlackSide, command_body
from tests.adapters.slack.mock_slack import TEAM, MockSlackApi

LEASE_S = 2
OUTBOX_LEASE_S = 10
MENTIONS = {"U0ANA": "1795001001.000001", "U0BO": "1795001002.000002", "U0CY": "1795001003.000003"}
COMMAND_USER, TRIGGER = "U0DI", "trig-kill"
EVENTS = len(MENTIONS) + 1
POINTS = {
    "after_ack": "killed right after the last 200, before any answer was computed",
    "while_answering": "killed while every event was being answered (each waiting on users.info)",
    "before_send": "killed with every answer in the outbox, Slack not reachable yet",
}


def _serve(api: MockSlackApi, store_url: str, cwd: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
        "GEMBA_DATABASE_URL": store_url,
        "GEMBA_TIMEZONE": "Asia/Shanghai",
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "GEMBA_SLACK_API_URL": api.url,
        "GEMBA_SCHEDULER_ENABLED": "false",
        "GEMBA_EMBEDDER": "fake",
        "GEMBA_INBOX_LEASE_S": str(LEASE_S),
        # A send cut short by the kill is tried again after this (the default is 5 minutes).
        "GEMBA_OUTBOX_LEASE_S": str(OUTBOX_LEASE_S),
    }
    command = [sys.executable, "-c", "from adapters.cli.main import main; main()", "serve", "slack"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: is_up(url) or process.poll() is not None, timeout=60)
    assert process.poll() is None, "the server did not start"
    return process, url


def _store(store_url: str) -> dict[str, object]:
    engine = make_engine(store_url)
    try:
        with engine.connect() as connection:
            inbox = Counter(
                dict(
                    connection.execute(
                        select(InboxEvent.status, func.count()).group_by(InboxEvent.status)
                    ).all()
                )
            )
            outbox = Counter(
                dict(
                    connection.execute(
                        select(OutboxMessage.status, func.count())
                        .where(OutboxMessage.platform == "slack")
                        .group_by(OutboxMessage.status)
                    ).all()
                )
            )
            andon = connection.execute(select(func.count()).select_from(AndonCall)).scalar_one()
    finally:
        engine.dispose()
    return {"inbox": inbox, "outbox": outbox, "andon": andon}


def _send_everything(slack: SlackSide, api: MockSlackApi) -> None:
    for user, ts in MENTIONS.items():
        event = {"type": "app_mention", "user": user, "text": f"<@UGEMBA> andon L3 WD-03 no parts {user}"}
        response = slack.event(event | {"ts": ts, "channel": CHANNEL}, event_id=f"Ev{user}")
        assert response.status_code == 200
    body = command_body("/andon", "L3 WD-03 robot fault", api=api, trigger=TRIGGER, user=COMMAND_USER)
    assert slack.command(body).status_code == 200


def _answers(api: MockSlackApi) -> tuple[Counter[str], Counter[str], int, int]:
    """What Slack shows: Gemba's posts per outbox key (answers to mentions, andon cards),
    private answers to the command, DMs."""
    with api._lock:
        posted = list(api.messages)
        calls = list(api.calls)
    keys = [str(((m.metadata or {}).get("event_payload") or {}).get("key")) for m in posted]
    replies = Counter(k for k in keys if k.startswith("slack:reply:"))
    cards = Counter(k for k in keys if k.startswith("andon:"))
    private = sum(1 for c in calls if c.path == f"response/{TRIGGER}" and c.status == 200)
    direct = sum(1 for m in posted if m.channel == COMMAND_USER)
    return replies, cards, private, direct


@pytest.mark.parametrize("point", list(POINTS))
def test_kill_9_after_the_200_loses_nothing_and_answers_each_event_once(
    point: str, slack_api: MockSlackApi, plant_db: str, tmp_path: Path
) -> None:
    andon_before = _store(plant_db)["andon"]
    server, url = _serve(slack_api, plant_db, tmp_path)
    try:
        if point in ("after_ack", "while_answering"):
            slack_api.hold("users.info")  # answering starts by looking up the user's name
        else:
            slack_api.down = True
        slack = SlackSide(url)
        _send_everything(slack, slack_api)
        if point == "while_answering":
            wait_until(lambda: len(slack_api.calls_to("users.info")) >= EVENTS, timeout=30)
        elif point == "before_send":
            wait_until(lambda: _store(plant_db)["inbox"] == {"done": EVENTS}, timeout=30)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        slack.http.close()
    finally:
        stop(server, signal.SIGKILL)

    at_kill = _store(plant_db)
    assert sum(at_kill["inbox"].values()) == EVENTS, "every acknowledged event was stored"  # type: ignore[attr-defined]
    if point == "before_send":
        assert at_kill["andon"] == andon_before + EVENTS
        assert at_kill["outbox"].get("sent", 0) == 0  # type: ignore[attr-defined]
    else:
        assert at_kill["inbox"].get("done", 0) == 0 and not at_kill["outbox"]  # type: ignore[attr-defined]
        assert at_kill["andon"] == andon_before
    assert _answers(slack_api) == (Counter(), Counter(), 0, 0), "nothing reached Slack before the kill"

    slack_api.release()
    slack_api.down = False
    restarted, _ = _serve(slack_api, plant_db, tmp_path)
    try:
        wait_until(
            lambda: len(_answers(slack_api)[0]) == len(MENTIONS) and _answers(slack_api)[2] >= 1, timeout=90
        )
        time.sleep(3 * LEASE_S)  # time enough for a second answer, were there one
    finally:
        stop(restarted, signal.SIGINT)

    replies, cards, private, direct = _answers(slack_api)
    expected = {f"slack:reply:msg:{TEAM}:{CHANNEL}:{ts}": 1 for ts in MENTIONS.values()}
    assert replies == expected, "each mention answered once"
    assert len(cards) == EVENTS and set(cards.values()) == {1}, "one card per andon call"
    assert (private, direct) == (1, 0), "one private answer to the command"
    after = _store(plant_db)
    assert after["andon"] == andon_before + EVENTS, "each andon raised once"
    assert after["inbox"] == {"done": EVENTS}
    print(
        f"\nslack {point}: {EVENTS} events acknowledged, state at kill {dict(at_kill['inbox'])}; "  # type: ignore[call-overload]
        f"answered {sum(replies.values()) + private}, duplicates 0"
    )


def test_a_second_server_on_the_same_database_takes_over_what_a_killed_one_held(
    slack_api: MockSlackApi, plant_db: str, tmp_path: Path
) -> None:
    andon_before = _store(plant_db)["andon"]
    first, first_url = _serve(slack_api, plant_db, tmp_path)
    second, _ = _serve(slack_api, plant_db, tmp_path)
    try:
        slack_api.hold("users.info")
        slack = SlackSide(first_url)
        _send_everything(slack, slack_api)
        wait_until(lambda: len(slack_api.calls_to("users.info")) >= 1, timeout=30)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        slack.http.close()
        slack_api.release()  # the survivor's own calls go through from now on
        wait_until(
            lambda: len(_answers(slack_api)[0]) == len(MENTIONS) and _answers(slack_api)[2] >= 1, timeout=90
        )
        time.sleep(3 * LEASE_S)
    finally:
        stop(first, signal.SIGKILL)
        stop(second, signal.SIGINT)

    replies, cards, private, direct = _answers(slack_api)
    assert replies == {f"slack:reply:msg:{TEAM}:{CHANNEL}:{ts}": 1 for ts in MENTIONS.values()}
    assert len(cards) == EVENTS and set(cards.values()) == {1}
    assert (private, direct) == (1, 0)
    after = _store(plant_db)
    assert after["andon"] == andon_before + EVENTS and after["inbox"] == {"done": EVENTS}
