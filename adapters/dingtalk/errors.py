"""The one error the DingTalk adapter raises: every HTTP or protocol failure is mapped to it."""

from __future__ import annotations


class DingTalkError(Exception):
    """A DingTalk call failed.

    `endpoint` is the API path (never a URL with a token in it), `code` DingTalk's error
    code or the HTTP status, `detail` DingTalk's message or the transport error.
    `retry_after` is set when DingTalk throttled us (seconds to wait); `retryable` is False
    when trying again cannot help (an unknown robot or user), so the outbox gives up at once.
    """

    def __init__(
        self,
        endpoint: str,
        code: str,
        detail: str,
        *,
        retry_after: float | None = None,
        retryable: bool = True,
    ) -> None:
        super().__init__(f"{endpoint}: {code} {detail}".strip())
        self.endpoint = endpoint
        self.code = code
        self.detail = detail
        self.retry_after = retry_after
        self.retryable = retryable
