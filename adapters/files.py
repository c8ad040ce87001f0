"""Downloading the photos and files people send with a command, for every platform.

A download is capped in size and in time; whatever goes wrong (too large, too slow, refused,
a login page instead of the file) it returns None and logs why: the record keeps the
platform's reference and the command goes on (see `bot.attachments.keep`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

import httpx

from bot.attachments import FileFetcher
from bot.types import Attachment

log = logging.getLogger(__name__)


class FilesByPlatform:
    """The `Services.files` of a process that serves several platforms: each attachment is
    fetched by its own platform's fetcher (None for a platform that has none).

    >>> class Shelf:
    ...     def fetch(self, attachment: Attachment) -> bytes | None:
    ...         return b"photo"
    >>> files = FilesByPlatform({"slack": Shelf()})
    >>> files.fetch(Attachment("slack", "F1")), files.fetch(Attachment("dingtalk", "dc1"))
    (b'photo', None)
    """

    def __init__(self, fetchers: Mapping[str, FileFetcher]) -> None:
        self._fetchers = dict(fetchers)

    def fetch(self, attachment: Attachment) -> bytes | None:
        """The attachment's bytes from its platform's fetcher, or None."""
        fetcher = self._fetchers.get(attachment.platform)
        return fetcher.fetch(attachment) if fetcher is not None else None


def download(
    http: httpx.Client,
    url: str,
    *,
    max_bytes: int,
    timeout_s: float,
    headers: Mapping[str, str] | None = None,
    refuse_html: bool = False,
) -> bytes | None:
    """GET `url` and return its body, or None when it fails, is larger than `max_bytes` or
    takes longer than `timeout_s` in all. `refuse_html`: an HTML page is a failure (Slack
    answers a file URL it will not serve with its sign-in page, status 200)."""
    deadline = time.monotonic() + timeout_s
    try:
        with http.stream(
            "GET", url, headers=dict(headers or {}), timeout=timeout_s, follow_redirects=True
        ) as response:
            if response.status_code != 200:
                log.warning("file download refused: HTTP %s", response.status_code)
                return None
            if refuse_html and response.headers.get("content-type", "").startswith("text/html"):
                log.warning("file download answered with a web page (is the files:read scope missing?)")
                return None
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                log.warning("file not copied: %s bytes, more than the %s allowed", declared, max_bytes)
                return None
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    log.warning("file not copied: more than the %s bytes allowed", max_bytes)
                    return None
                if time.monotonic() > deadline:
                    log.warning("file not copied: the download took more than %s s", timeout_s)
                    return None
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.HTTPError as error:
        log.warning("file download failed: %s", type(error).__name__)
        return None
