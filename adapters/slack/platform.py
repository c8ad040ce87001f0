"""`SlackPlatform`: the outbox's way to post, update and find messages on Slack.

Every Web API call goes through slack-sdk's `WebClient` on `GEMBA_SLACK_API_URL` with a
`RateLimitErrorRetryHandler`: a 429 is retried after its `Retry-After` (Slack processed
nothing, so a retry cannot duplicate). Connection errors are *not* retried here, because
a post may have reached Slack before the connection broke; the outbox retries them later
and first asks `already_sent`, which finds the earlier post by the idempotency key Gemba
puts in each message's metadata.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from adapters.slack.render import SlackMessage, render
from bot.outbox import Target
from bot.types import Reply

log = logging.getLogger(__name__)

PRIVATE_TO = "slack_private_to"
"""Context key of a private reply (`Reply.ephemeral`): the user it is shown to."""
RESPONSE_URL = "slack_response_url"
"""Context key of a private reply: the `response_url` of the command or button it answers."""
EVENT_TYPE = "gemba_outbox"
"""The message metadata event type that carries an outbox idempotency key."""
RATE_LIMIT_RETRIES = 3
HISTORY_LIMIT = 100

# Errors that will not go away by trying again: the outbox makes the message a dead letter.
PERMANENT_ERRORS = frozenset(
    {
        "account_inactive",
        "cant_update_message",
        "channel_not_found",
        "edit_window_closed",
        "invalid_auth",
        "invalid_blocks",
        "invalid_metadata_format",
        "is_archived",
        "message_not_found",
        "missing_scope",
        "msg_too_long",
        "no_text",
        "not_authed",
        "not_in_channel",
        "restricted_action",
        "team_access_not_granted",
        "token_revoked",
        "too_many_attachments",
    }
)


class SlackError(Exception):
    """A Slack Web API call that failed; `retryable` is False when retrying cannot help."""

    def __init__(self, method: str, error: str, *, retryable: bool = True) -> None:
        super().__init__(f"{method}: {error}")
        self.method = method
        self.error = error
        self.retryable = retryable


def web_client(base_url: str, token: str | None = None, *, timeout: int = 10) -> WebClient:
    """A `WebClient` on `base_url` that waits out 429 responses (`Retry-After`) and retries."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
    )


class SlackPlatform:
    """The `slack` chat platform of the outbox.

    `token` is the single-workspace bot token; with OAuth, `token_for(team_id)` finds the
    bot token of each workspace in the installation store.
    """

    name = "slack"

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        token_for: Callable[[str], str | None] | None = None,
    ) -> None:
        if not token and token_for is None:
            raise ValueError("SlackPlatform needs a bot token or an installation store")
        self.base_url = base_url
        self._token = token
        self._token_for = token_for
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def token(self, workspace: str) -> str | None:
        """The bot token of `workspace` (the one token in single-workspace mode), or None."""
        return self._token or (self._token_for(workspace) if self._token_for else None)

    def client(self, workspace: str) -> WebClient:
        """The Web API client with the bot token of `workspace`."""
        token = self.token(workspace)
        if not token:
            raise SlackError("authorize", f"no installation for workspace {workspace!r}", retryable=False)
        with self._lock:
            if token not in self._clients:
                self._clients[token] = web_client(self.base_url, token)
            return self._clients[token]

    def post(self, target: Target, reply: Reply, *, idempotency_key: str) -> str:
        """Post `reply` (then its files) and return the message's `ts`.

        The idempotency key rides along as message metadata, for `already_sent`. A private
        reply (`reply.ephemeral`) is shown to its user only: see `_post_private`.
        """
        if reply.ephemeral:
            return self._post_private(target, reply, idempotency_key)
        message = render(reply)
        client = self.client(target.workspace)
        response = _call(
            "chat.postMessage",
            client.chat_postMessage,
            channel=target.channel,
            thread_ts=target.thread,
            text=message.text,
            blocks=message.blocks,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"key": idempotency_key}},
            unfurl_links=False,
            unfurl_media=False,
        )
        ts = str(response["ts"])
        self._upload(client, target, message)
        return ts

    def _post_private(self, target: Target, reply: Reply, idempotency_key: str) -> str:
        """Show a private reply to its user through its `response_url`, else with
        `chat.postEphemeral`; when Slack will not take that, send it as a DM instead.
        Returns "ephemeral:<user>" (or the DM's `ts`)."""
        user = str(reply.context.get(PRIVATE_TO) or "")
        response_url = reply.context.get(RESPONSE_URL)
        question = reply.context.get("question")
        try:
            if isinstance(response_url, str) and response_url:
                self.respond(response_url, reply, question=question if isinstance(question, str) else None)
            else:
                self.post_ephemeral(target.workspace, target.channel, user, reply)
            return f"ephemeral:{user}"
        except Exception as error:  # any failure: the user gets it as a DM
            log.warning("private answer to %s failed (%s); sending it as a DM", user, error)
        direct = replace(reply, ephemeral=False, thread=None)
        return self.post(Target(target.workspace, user), direct, idempotency_key=idempotency_key)

    def update(self, target: Target, message_ref: str, reply: Reply) -> None:
        """Replace the message `message_ref` (its `ts`) with `reply`."""
        message = render(reply)
        _call(
            "chat.update",
            self.client(target.workspace).chat_update,
            channel=target.channel,
            ts=message_ref,
            text=message.text,
            blocks=message.blocks,
        )

    def already_sent(self, target: Target, idempotency_key: str) -> str | None:
        """The `ts` of a recent message Gemba posted with this key, or None.

        Reads the thread (`conversations.replies`) or the channel's latest messages
        (`conversations.history`) with their metadata. Raises when Slack cannot be asked
        right now, so the outbox tries again later rather than risk posting twice.
        """
        client = self.client(target.workspace)
        try:
            if target.thread:
                response = client.conversations_replies(
                    channel=target.channel, ts=target.thread, include_all_metadata=True, limit=HISTORY_LIMIT
                )
            else:
                response = client.conversations_history(
                    channel=target.channel, include_all_metadata=True, limit=HISTORY_LIMIT
                )
        except SlackApiError as error:
            code = _error_code(error)
            if code in PERMANENT_ERRORS or code == "thread_not_found":
                return None  # cannot tell; the post will say what is wrong
            raise SlackError("conversations.history", code) from error
        except OSError as error:
            raise SlackError("conversations.history", f"{type(error).__name__}: {error}") from error
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == EVENT_TYPE and payload.get("key") == idempotency_key:
                return str(message["ts"])
        return None

    def post_ephemeral(self, workspace: str, channel: str, user: str, reply: Reply) -> None:
        """Show `reply` to `user` only, in `channel` (not through the outbox: it is for now)."""
        message = render(reply)
        _call(
            "chat.postEphemeral",
            self.client(workspace).chat_postEphemeral,
            channel=channel,
            user=user,
            text=message.text,
            blocks=message.blocks,
        )

    def respond(self, response_url: str, reply: Reply, *, question: str | None = None) -> None:
        """Answer a slash command or a button click through its `response_url`, visible
        only to the person who used it."""
        message = render(reply, question=question)
        client = WebhookClient(
            response_url, timeout=10, retry_handlers=[RateLimitErrorRetryHandler(RATE_LIMIT_RETRIES)]
        )
        response = client.send_dict(
            {
                "response_type": "ephemeral",
                "replace_original": False,
                "text": message.text,
                "blocks": message.blocks,
            }
        )
        if response.status_code != 200:
            raise SlackError("response_url", f"HTTP {response.status_code}: {response.body[:200]}")

    def _upload(self, client: WebClient, target: Target, message: SlackMessage) -> None:
        # After the message: a failed upload is logged, not retried, since re-posting the
        # message is exactly what the idempotency key prevents.
        for upload in message.uploads:
            try:
                client.files_upload_v2(
                    channel=target.channel,
                    thread_ts=target.thread,
                    filename=upload.filename,
                    content=upload.content,
                    title=upload.title,
                    alt_txt=upload.alt or None,
                )
            except Exception as error:  # the message is out; the file is an extra
                log.warning("upload of %s to %s failed: %s", upload.filename, target.channel, error)


def _call(method: str, function: Callable[..., Any], **arguments: Any) -> Any:
    try:
        return function(**{k: v for k, v in arguments.items() if v is not None})
    except SlackApiError as error:
        code = _error_code(error)
        status = getattr(error.response, "status_code", 200)
        raise SlackError(method, code, retryable=code not in PERMANENT_ERRORS or status >= 500) from error
    except OSError as error:  # connection refused or reset, timeouts (URLError is an OSError)
        raise SlackError(method, f"{type(error).__name__}: {error}") from error


def _error_code(error: SlackApiError) -> str:
    response = error.response
    data = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"HTTP {getattr(response, 'status_code', '?')}"
