"""DingTalk's OpenAPI as Gemba uses it: access tokens, robot messages to groups and users,
media uploads, downloads of pictures sent to the robot, and replies through a message's
`sessionWebhook`.

Synchronous (httpx), thread-safe, called from worker threads; the transport is a
parameter so tests point it at a local server. Every failure is a `DingTalkError`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from adapters.dingtalk.errors import DingTalkError

log = logging.getLogger(__name__)

TOKEN_PATH = "/v1.0/oauth2/accessToken"
GROUP_SEND_PATH = "/v1.0/robot/groupMessages/send"
USER_SEND_PATH = "/v1.0/robot/oToMessages/batchSend"
MEDIA_UPLOAD_PATH = "/media/upload"
FILE_DOWNLOAD_PATH = "/v1.0/robot/messageFiles/download"
TOKEN_MARGIN_S = 300  # refresh five minutes before DingTalk says the token expires


class DingTalkAPI:
    """A DingTalk app's OpenAPI client (app key and secret, robot code)."""

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        robot_code: str,
        api_url: str = "https://api.dingtalk.com",
        oapi_url: str = "https://oapi.dingtalk.com",
        http: httpx.Client | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.robot_code = robot_code or client_id
        self._client_id = client_id
        self._client_secret = client_secret
        self._api_url = api_url.rstrip("/")
        self._oapi_url = oapi_url.rstrip("/")
        self._http = http or httpx.Client(timeout=10.0)
        self._clock = clock
        self._lock = threading.Lock()
        self._token: tuple[str, float] | None = None

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def access_token(self) -> str:
        """A valid access token, fetched once and refreshed before it expires."""
        with self._lock:
            if self._token and self._clock() < self._token[1]:
                return self._token[0]
            data = request_json(
                self._http,
                "POST",
                self._api_url + TOKEN_PATH,
                TOKEN_PATH,
                json={"appKey": self._client_id, "appSecret": self._client_secret},
            )
            token, lifetime = str(data.get("accessToken") or ""), float(data.get("expireIn") or 7200)
            if not token:
                raise DingTalkError(TOKEN_PATH, "no_token", "DingTalk returned no accessToken")
            self._token = (token, self._clock() + max(60.0, lifetime - TOKEN_MARGIN_S))
            return token

    def send_to_group(self, open_conversation_id: str, msg_key: str, msg_param: dict[str, Any]) -> str:
        """Send a robot message to a group; returns DingTalk's `processQueryKey`."""
        body = {
            "robotCode": self.robot_code,
            "openConversationId": open_conversation_id,
            "msgKey": msg_key,
            "msgParam": json.dumps(msg_param, ensure_ascii=False),
        }
        return str(self._call(GROUP_SEND_PATH, body).get("processQueryKey") or "")

    def send_to_users(self, user_ids: list[str], msg_key: str, msg_param: dict[str, Any]) -> str:
        """Send a robot message to users one-to-one; returns DingTalk's `processQueryKey`."""
        body = {
            "robotCode": self.robot_code,
            "userIds": user_ids,
            "msgKey": msg_key,
            "msgParam": json.dumps(msg_param, ensure_ascii=False),
        }
        data = self._call(USER_SEND_PATH, body)
        invalid, throttled = data.get("invalidStaffIdList") or [], data.get("flowControlledStaffIdList") or []
        if invalid:
            raise DingTalkError(USER_SEND_PATH, "invalid_user", f"no such users: {invalid}", retryable=False)
        if throttled:
            raise DingTalkError(
                USER_SEND_PATH, "flow_controlled", f"throttled for {throttled}", retry_after=60
            )
        return str(data.get("processQueryKey") or "")

    def upload(self, content: bytes, filename: str, kind: str) -> str:
        """Upload a picture (`kind` "image") or file ("file"); returns its media id."""
        url = f"{self._oapi_url}{MEDIA_UPLOAD_PATH}"
        params = {"access_token": self.access_token(), "type": kind}
        data = request_json(
            self._http, "POST", url, MEDIA_UPLOAD_PATH, params=params, files={"media": (filename, content)}
        )
        if data.get("errcode", 0) != 0 or not data.get("media_id"):
            raise DingTalkError(MEDIA_UPLOAD_PATH, str(data.get("errcode")), str(data.get("errmsg")))
        return str(data["media_id"])

    def download_url(self, download_code: str) -> str:
        """Where to download a picture or file sent to the robot (its `downloadCode`); the URL
        is valid for a short while."""
        data = self._call(FILE_DOWNLOAD_PATH, {"downloadCode": download_code, "robotCode": self.robot_code})
        url = str(data.get("downloadUrl") or "")
        if not url:
            raise DingTalkError(FILE_DOWNLOAD_PATH, "no_url", "DingTalk returned no downloadUrl")
        return url

    def post_session(self, webhook: str, body: dict[str, Any]) -> None:
        """Answer through a message's `sessionWebhook` (valid for a while after the message)."""
        post_webhook(self._http, webhook, body, endpoint="sessionWebhook")

    def _call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        for attempt in (1, 2):
            headers = {"x-acs-dingtalk-access-token": self.access_token()}
            try:
                return request_json(
                    self._http, "POST", self._api_url + path, path, json=body, headers=headers
                )
            except DingTalkError as error:
                if attempt == 1 and error.code in ("401", "InvalidAuthentication"):
                    with self._lock:
                        self._token = None  # revoked or expired early: fetch a new one, once
                    continue
                raise
        raise AssertionError("unreachable")


def post_webhook(http: httpx.Client, url: str, body: dict[str, Any], *, endpoint: str) -> None:
    """POST a message to a webhook (a session's or a custom robot's); raises unless errcode is 0."""
    data = request_json(http, "POST", url, endpoint, json=body)
    code = data.get("errcode", 0)
    if code != 0:
        throttled = code == 130101  # "send too fast": DingTalk blocks the robot for 10 minutes
        raise DingTalkError(
            endpoint, str(code), str(data.get("errmsg")), retry_after=600.0 if throttled else None
        )


def request_json(http: httpx.Client, method: str, url: str, endpoint: str, **kwargs: Any) -> dict[str, Any]:
    """One request, its JSON answer; transport errors and HTTP errors become `DingTalkError`."""
    try:
        response = http.request(method, url, **kwargs)
    except httpx.HTTPError as error:
        raise DingTalkError(endpoint, "transport", f"{type(error).__name__}: {error}") from None
    try:
        data = response.json() if response.content else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    if response.status_code >= 400:
        retry = response.headers.get("Retry-After")
        raise DingTalkError(
            endpoint,
            "401" if response.status_code == 401 else str(data.get("code") or response.status_code),
            str(data.get("message") or response.reason_phrase),
            retry_after=float(retry) if retry and retry.isdigit() else None,
        )
    return data
