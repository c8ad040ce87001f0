"""HTTP callback mode over real HTTP: signatures are checked before anything else."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text

from adapters.dingtalk.callback import callback_app
from adapters.dingtalk.respond import Responder
from adapters.dingtalk.sign import sign
from bot.services import Services
from tests.adapters.dingtalk.conftest import robot_message
from tests.adapters.dingtalk.fake_dingtalk import APP_SECRET, FakeDingTalk, serve_in_thread
from tests.adapters.processes import wait_until


@pytest.fixture
def gemba_url(responder: Responder) -> Iterator[str]:
    url, stop = serve_in_thread(callback_app(responder, app_secret=APP_SECRET))
    yield url
    stop()


def _post(
    url: str, payload: dict[str, object], *, timestamp: int, secret: str = APP_SECRET
) -> httpx.Response:
    headers = {
        "timestamp": str(timestamp),
        "sign": sign(secret, timestamp),
        "content-type": "application/json",
    }
    return httpx.post(f"{url}/dingtalk/callback", content=json.dumps(payload), headers=headers)


def test_a_signed_callback_is_answered_through_the_session_webhook(
    gemba_url: str, dingtalk: FakeDingTalk
) -> None:
    response = _post(
        gemba_url,
        robot_message(dingtalk.base_url, "帮助", session="s-http"),
        timestamp=int(time.time() * 1000),
    )

    assert response.status_code == 200
    reply = wait_until(lambda: dingtalk.calls_to("/session/s-http"))[0].body
    assert "Gemba 能做什么" in reply["markdown"]["text"] and reply["at"]["atUserIds"] == ["u-wang"]


@pytest.mark.parametrize(
    ("case", "age_ms", "secret"),
    [
        ("wrong secret", 0, "not-the-app-secret"),
        ("stale", 3_600_000 + 60_000, APP_SECRET),
        ("from the future", -3_600_000 - 60_000, APP_SECRET),
    ],
)
def test_a_bad_or_stale_signature_is_refused_and_nothing_happens(
    gemba_url: str, dingtalk: FakeDingTalk, case: str, age_ms: int, secret: str
) -> None:
    payload = robot_message(dingtalk.base_url, "安灯 L3 WD-03 缺料", session="s-forged")
    response = _post(gemba_url, payload, timestamp=int(time.time() * 1000) - age_ms, secret=secret)

    assert response.status_code == 401, case
    # Something the server would have answered to: a properly signed message after it.
    _post(
        gemba_url,
        robot_message(dingtalk.base_url, "帮助", session="s-next"),
        timestamp=int(time.time() * 1000),
    )
    wait_until(lambda: dingtalk.calls_to("/session/s-next"))
    assert dingtalk.calls_to("/session/s-forged") == []
    assert dingtalk.calls_to("/v1.0/robot/groupMessages/send") == []


def test_a_callback_without_signature_headers_is_refused(gemba_url: str, dingtalk: FakeDingTalk) -> None:
    response = httpx.post(f"{gemba_url}/dingtalk/callback", json=robot_message(dingtalk.base_url, "帮助"))
    assert response.status_code == 401


@pytest.mark.parametrize(
    "body",
    [b"[]", b'"x"', b"1", b"null", b"{}", b'{"msgtype": 1}', b"{not json", b"\xff\xfe"],
    ids=["list", "string", "number", "null", "empty object", "msgtype not text", "not JSON", "not UTF-8"],
)
def test_a_signed_body_that_is_no_robot_message_is_a_400_and_the_server_keeps_serving(
    gemba_url: str, dingtalk: FakeDingTalk, body: bytes
) -> None:
    timestamp = int(time.time() * 1000)
    headers = {
        "timestamp": str(timestamp),
        "sign": sign(APP_SECRET, timestamp),
        "content-type": "application/json",
    }
    response = httpx.post(f"{gemba_url}/dingtalk/callback", content=body, headers=headers)

    assert response.status_code == 400
    assert response.json()["errcode"] == 400 and "Traceback" not in response.text
    _post(gemba_url, robot_message(dingtalk.base_url, "帮助", session="s-after-junk"), timestamp=timestamp)
    wait_until(lambda: dingtalk.calls_to("/session/s-after-junk"))


def test_a_message_that_cannot_be_stored_gets_a_503_not_a_200(
    gemba_url: str, dingtalk: FakeDingTalk, services: Services
) -> None:
    with services.sessions() as session, session.begin():
        session.execute(text("ALTER TABLE inbox RENAME TO inbox_away"))
    message = robot_message(dingtalk.base_url, "帮助", session="s-store-down")
    response = _post(gemba_url, message, timestamp=int(time.time() * 1000))
    assert response.status_code == 503 and "Traceback" not in response.text
    with services.sessions() as session, session.begin():
        session.execute(text("ALTER TABLE inbox_away RENAME TO inbox"))
    assert _post(gemba_url, message, timestamp=int(time.time() * 1000)).status_code == 200
    assert len(wait_until(lambda: dingtalk.calls_to("/session/s-store-down"))) == 1
