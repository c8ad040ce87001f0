"""`SlackFileFetcher`: downloads the photos people share with Gemba on Slack.

Slack serves a shared file at its `url_private` (or `url_private_download`) to a request
with the bot token, `Authorization: Bearer xoxb-…`, when the app has the `files:read`
scope. The token is only ever sent to Slack's own hosts (or to `GEMBA_SLACK_API_URL`'s host,
a proxy or a test server). A file's workspace is in its URL (`/files-pri/T…-F…/`), which
picks the workspace's token when Gemba is installed in several.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlparse

import httpx

from adapters.files import download
from adapters.slack.platform import SlackPlatform
from bot.types import Attachment

log = logging.getLogger(__name__)

_WORKSPACE_IN_URL = re.compile(r"/files-(?:pri|tmb)/([TE][A-Z0-9]+)-")


class SlackFileFetcher:
    """Downloads Slack files with the bot token of their workspace; None when it cannot."""

    def __init__(
        self,
        platform: SlackPlatform,
        *,
        max_bytes: int,
        timeout_s: float,
        http: httpx.Client | None = None,
    ) -> None:
        self._platform = platform
        self._max_bytes = max_bytes
        self._timeout_s = timeout_s
        self._http = http or httpx.Client()
        self._api_host = urlparse(platform.base_url).hostname or ""

    def fetch(self, attachment: Attachment) -> bytes | None:
        """The file's bytes, or None (no URL, a host that is not Slack's, no token, a failed,
        too large or too slow download)."""
        url = attachment.url
        if not url or not self._may_send_token_to(url):
            log.warning("Slack file %s not copied: no Slack download URL", attachment.file_id)
            return None
        try:
            token = self._platform.token(workspace_of(url))
        except Exception:  # the installation store is unreachable: keep the reference only
            log.warning("Slack file %s not copied: no bot token", attachment.file_id, exc_info=True)
            return None
        if not token:
            log.warning("Slack file %s not copied: no bot token for its workspace", attachment.file_id)
            return None
        return download(
            self._http,
            url,
            max_bytes=self._max_bytes,
            timeout_s=self._timeout_s,
            headers={"Authorization": f"Bearer {token}"},
            refuse_html=not attachment.mime.startswith("text/html"),
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def _may_send_token_to(self, url: str) -> bool:
        parsed = urlparse(url)
        host = parsed.hostname or ""
        if host == self._api_host:
            return True
        return parsed.scheme == "https" and (host == "slack.com" or host.endswith(".slack.com"))


def workspace_of(url: str) -> str:
    """The workspace (team id) a Slack file URL names, or "" when it names none.

    >>> workspace_of("https://files.slack.com/files-pri/T0PLANT-F0PHOTO/leak.jpg")
    'T0PLANT'
    >>> workspace_of("https://example.com/leak.jpg")
    ''
    """
    found = _WORKSPACE_IN_URL.search(urlparse(url).path)
    return found.group(1) if found else ""
