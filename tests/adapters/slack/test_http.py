"""The HTTP endpoint checks requests exactly as Slack signs them, and answers every kind."""

from __future__ import annotations

import json
import logging
import time

import pytest
from sqlalchemy import text

from bot.services import Services
from tests.adapters.slack.conftest import CHANNEL, SIGNING_SECRET, SlackSide, click, command_body, sign
from tests.adapters.slack.mock_slack import MockSlackApi

# The example request of Slack's "Verifying requests from Slack" page.
DOCS_TIMESTAMP = "1531420618"
DOCS_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
DOCS_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_our_signer_reproduces_the_slack_docs_test_vector() -> None:
    assert sign(SIGNING_SECRET, DOCS_TIMESTAMP, DOCS_BODY) == DOCS_SIGNATURE


def test_the_docs_request_is_refused_because_its_timestamp_is_years_old(slack: SlackSide) -> None:
    response = slack.send(
        DOCS_BODY,
        content_type="application/x-www-form-urlencoded",
        timestamp=int(DOCS_TIMESTAMP),
        signature=DOCS_SIGNATURE,
    )
    assert response.status_code == 401


def test_a_signed_request_older_than_five_minutes_is_refused(
    slack: SlackSide, slack_api: MockSlackApi
) -> None:
    body = command_body("/gemba", "help", api=slack_api, trigger="t-old")
    assert slack.command(body).status_code == 200  # the same request, fresh, is fine
    stale = slack.send(
        body, content_type="application/x-www-form-urlencoded", timestamp=int(time.time()) - 301
    )
    assert stale.status_code == 401


@pytest.mark.parametrize(
    "signature",
    ["v0=" + "0" * 64, "", "v1=abc"],
    ids=["wrong digest", "missing", "wrong version"],
)
def test_a_wrong_signature_is_refused(slack: SlackSide, slack_api: MockSlackApi, signature: str) -> None:
    body = command_body("/andon", "L3 WD-03 material shortage", api=slack_api, trigger="t-bad")
    response = slack.send(body, content_type="application/x-www-form-urlencoded", signature=signature or "x")
    assert response.status_code == 401
    assert not slack_api.calls_to("chat.postMessage")


def test_a_body_signed_with_another_secret_is_refused(slack: SlackSide, slack_api: MockSlackApi) -> None:
    body = command_body("/gemba", "help", api=slack_api, trigger="t-other")
    ts = str(int(time.time()))
    forged = slack.send(
        body, content_type="application/x-www-form-urlencoded", signature=sign("other", ts, body)
    )
    assert forged.status_code == 401


def test_a_non_numeric_timestamp_is_refused(slack: SlackSide) -> None:
    response = slack.http.post(
        f"{slack.base_url}/slack/events",
        content=b"{}",
        headers={"X-Slack-Request-Timestamp": "yesterday", "X-Slack-Signature": "v0=00"},
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"type": "event_callback", "event": ', "application/json"),
        (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00garbage", "application/octet-stream"),
        (b"hello=world", "application/x-www-form-urlencoded"),
    ],
    ids=["cut JSON", "payload not JSON", "not UTF-8", "no Slack fields"],
)
def test_a_correctly_signed_malformed_body_is_a_400(slack: SlackSide, body: bytes, content_type: str) -> None:
    assert slack.send(body, content_type=content_type).status_code == 400


def test_a_malformed_body_with_a_bad_signature_is_still_a_401(slack: SlackSide) -> None:
    assert slack.send(b'{"cut', signature="v0=" + "1" * 64).status_code == 401


def test_url_verification_echoes_the_challenge(slack: SlackSide) -> None:
    body = json.dumps({"token": "x", "challenge": "3eZbrw1aB", "type": "url_verification"}).encode()
    response = slack.send(body)
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aB"}


def test_an_unknown_action_is_logged_and_answered_politely(
    slack: SlackSide, slack_api: MockSlackApi, deliver, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="adapters.slack.app"):
        response = slack.interaction(click(slack_api, value="?", message_ts="1.1", action_id="old_button"))
        assert response.status_code == 200
        deliver()
    assert any("unknown Slack action 'old_button'" in r.getMessage() for r in caplog.records)
    [answer] = [c for c in slack_api.calls if c.path.startswith("response/")]
    assert answer.body["response_type"] == "ephemeral"
    assert "no longer does anything" in answer.body["text"]


def test_an_unknown_event_type_is_acknowledged_and_ignored(
    slack: SlackSide, slack_api: MockSlackApi, deliver
) -> None:
    response = slack.event({"type": "reaction_added", "user": "U0ANA", "reaction": "eyes"}, event_id="EvR")
    assert response.status_code == 200
    deliver()
    assert not slack_api.calls_to("chat.postMessage")


def test_health(slack: SlackSide) -> None:
    assert slack.http.get(f"{slack.base_url}/healthz").json() == {"ok": True}


def test_other_paths_are_not_found(slack: SlackSide) -> None:
    assert slack.http.post(f"{slack.base_url}/other", content=b"{}").status_code == 404
    assert CHANNEL  # the channel the requests come from


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"[]", "application/json"),
        (b'"x"', "application/json"),
        (b"1", "application/json"),
        (b"null", "application/json"),
        (b"{}", "application/json"),
        (b'{"event": {"type": "app_mention"}}', "application/json"),
        (b"payload=%5B%5D", "application/x-www-form-urlencoded"),
        (b"payload=%22x%22", "application/x-www-form-urlencoded"),
    ],
    ids=["list", "string", "number", "null", "empty object", "no type", "payload list", "payload string"],
)
def test_signed_json_that_is_no_slack_request_is_a_400_and_the_server_keeps_serving(
    slack: SlackSide, slack_api: MockSlackApi, deliver, body: bytes, content_type: str
) -> None:
    response = slack.send(body, content_type=content_type)
    assert response.status_code == 400
    assert response.json() == {"error": "malformed request"}
    assert "Traceback" not in response.text
    # The server is still up and answers the next real request.
    assert slack.command(command_body("/gemba", "help", api=slack_api, trigger="t-after")).status_code == 200
    deliver()
    assert [c for c in slack_api.calls if c.path == "response/t-after"]


def test_an_event_that_cannot_be_stored_gets_no_200_so_slack_retries_it(
    slack: SlackSide, services: Services, slack_api: MockSlackApi, deliver
) -> None:
    mention = {
        "type": "app_mention",
        "user": "U0ANA",
        "text": "<@UGEMBA> help",
        "ts": "1.000077",
        "channel": CHANNEL,
    }
    with services.sessions() as session, session.begin():
        session.execute(text("ALTER TABLE inbox RENAME TO inbox_away"))  # the store cannot take it
    failed = slack.event(mention, event_id="EvStoreDown")
    assert failed.status_code >= 500 and "Traceback" not in failed.text
    with services.sessions() as session, session.begin():
        session.execute(text("ALTER TABLE inbox_away RENAME TO inbox"))
    assert slack.event(mention, event_id="EvStoreDown", retry=1).status_code == 200  # Slack's retry
    deliver()
    assert len(slack_api.calls_to("chat.postMessage")) == 1
