"""`DingTalkPlatform`: the outbox's way to a DingTalk group or user.

A reply to a robot message carries that message's `sessionWebhook` in its context: while
the webhook is valid the reply goes there, @-mentioning the sender in groups. Everything
else (cards, notes, replies whose webhook expired or refused) uses the robot OpenAPI with
the app's robot code, which cannot @-mention in markdown: the sender is named instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from adapters.dingtalk.errors import DingTalkError
from adapters.dingtalk.incoming import USER_CHANNEL_PREFIX
from adapters.dingtalk.openapi import DingTalkAPI
from adapters.dingtalk.render import Attachment, Markdown, render
from bot.outbox import Target
from bot.types import Reply

log = logging.getLogger(__name__)

SESSION_WEBHOOK = "dingtalk_session_webhook"
"""Context keys of a reply to a robot message: the message's session webhook, its expiry
(ms since the epoch), the staff id to @-mention and that person's name."""
SESSION_EXPIRES_MS = "dingtalk_session_expires_ms"
MENTION = "dingtalk_mention"
MENTION_NAME = "dingtalk_mention_name"
WEBHOOK_MARGIN_MS = 30_000  # a session webhook this close to expiry is not trusted


class DingTalkPlatform:
    """Posts replies to groups (channel = openConversationId) and users (channel = @<staffId>)."""

    name = "dingtalk"

    def __init__(self, api: DingTalkAPI, *, wall_clock: Callable[[], float] = time.time) -> None:
        self._api = api
        self._wall_clock = wall_clock

    def post(self, target: Target, reply: Reply, *, idempotency_key: str) -> str:
        """Send `reply`: through its session webhook when it has a valid one, else the
        OpenAPI; returns DingTalk's processQueryKey of the text message (or "session")."""
        context = reply.context
        webhook, mention = context.get(SESSION_WEBHOOK), context.get(MENTION)
        mention = mention if isinstance(mention, str) and mention else None
        expires_ms = context.get(SESSION_EXPIRES_MS)
        now_ms = int(self._wall_clock() * 1000)
        valid = isinstance(expires_ms, int) and expires_ms - WEBHOOK_MARGIN_MS > now_ms
        if isinstance(webhook, str) and webhook and valid:
            markdown = render(reply, mention=mention)
            try:
                self._api.post_session(webhook, markdown.session_body())
            except DingTalkError as error:
                log.warning("session webhook failed (%s); answering through the OpenAPI", error)
            else:
                self.send_attachments(target.channel, markdown.attachments)
                return "session"
        markdown = render(reply)
        name = context.get(MENTION_NAME)
        if mention and isinstance(name, str) and name:
            markdown = replace(markdown, text=f"{markdown.text}\n\n@{name}")
        return self.send(target.channel, markdown)

    def update(self, target: Target, message_ref: str, reply: Reply) -> None:
        """Robot messages cannot be edited: the updated card is posted as a new message."""
        self.send(target.channel, render(reply))

    def already_sent(self, target: Target, idempotency_key: str) -> str | None:
        """DingTalk cannot look a message up by our key: always None."""
        return None

    def send(self, channel: str, markdown: Markdown) -> str:
        """Send `markdown` and its attachments to a group or user channel."""
        key = self._send(channel, "sampleMarkdown", markdown.robot_param())
        self.send_attachments(channel, markdown.attachments)
        return key

    def send_attachments(self, channel: str, attachments: tuple[Attachment, ...]) -> None:
        """Upload each picture or file and send it as its own message."""
        for attachment in attachments:
            media_id = self._api.upload(attachment.content, attachment.name, attachment.kind)
            if attachment.kind == "image":
                self._send(channel, "sampleImageMsg", {"photoURL": media_id})
            else:
                _, _, extension = attachment.name.rpartition(".")
                self._send(
                    channel,
                    "sampleFile",
                    {"mediaId": media_id, "fileName": attachment.name, "fileType": extension or "csv"},
                )

    def _send(self, channel: str, msg_key: str, param: dict[str, str]) -> str:
        if channel.startswith(USER_CHANNEL_PREFIX):
            return self._api.send_to_users([channel.removeprefix(USER_CHANNEL_PREFIX)], msg_key, param)
        return self._api.send_to_group(channel, msg_key, param)
