"""`DingTalkFileFetcher`: downloads the pictures and files people send to the robot.

A robot message names a picture by its `downloadCode`; the OpenAPI
`POST /v1.0/robot/messageFiles/download` (access token, robot code) turns it into a short-lived
`downloadUrl`, which is then fetched without credentials.
"""

from __future__ import annotations

import logging

import httpx

from adapters.dingtalk.errors import DingTalkError
from adapters.dingtalk.openapi import DingTalkAPI
from adapters.files import download
from bot.types import Attachment

log = logging.getLogger(__name__)


class DingTalkFileFetcher:
    """Downloads DingTalk robot message files through the OpenAPI; None when it cannot."""

    def __init__(
        self, api: DingTalkAPI, *, max_bytes: int, timeout_s: float, http: httpx.Client | None = None
    ) -> None:
        self._api = api
        self._max_bytes = max_bytes
        self._timeout_s = timeout_s
        self._http = http or httpx.Client()

    def fetch(self, attachment: Attachment) -> bytes | None:
        """The file's bytes, or None (DingTalk refused the download code, or the download
        failed, was too large or too slow)."""
        try:
            url = self._api.download_url(attachment.file_id)
        except DingTalkError as error:
            log.warning("DingTalk file not copied: %s", error)
            return None
        return download(self._http, url, max_bytes=self._max_bytes, timeout_s=self._timeout_s)

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()
