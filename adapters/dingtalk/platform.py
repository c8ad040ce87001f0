"""`DingTalkPlatform`: the outbox's way to a DingTalk group or user, through the robot OpenAPI.

Outbox messages may go out long after the message that caused them, when its
`sessionWebhook` has expired, so they always use the OpenAPI with the app's robot code.
"""

from __future__ import annotations

import logging

from adapters.dingtalk.incoming import USER_CHANNEL_PREFIX
from adapters.dingtalk.openapi import DingTalkAPI
from adapters.dingtalk.render import Attachment, Markdown, render
from bot.outbox import Target
from bot.types import Reply

log = logging.getLogger(__name__)


class DingTalkPlatform:
    """Posts replies to groups (channel = openConversationId) and users (channel = @<staffId>)."""

    name = "dingtalk"

    def __init__(self, api: DingTalkAPI) -> None:
        self._api = api

    def post(self, target: Target, reply: Reply, *, idempotency_key: str) -> str:
        """Send `reply`; returns DingTalk's processQueryKey of the text message."""
        return self.send(target.channel, render(reply))

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
