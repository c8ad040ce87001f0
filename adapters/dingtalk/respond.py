"""Robot messages into the inbox, and out of it as answers, the same way in Stream and HTTP
mode: `accept` stores a message before DingTalk gets its acknowledgement; `process` (the
inbox worker's handler for "dingtalk") runs `bot.handle` and puts the reply in the outbox,
in one transaction with the change it made and the inbox event marked done. The outbox
then sends it through the message's `sessionWebhook` while it is valid, else the OpenAPI
(see `DingTalkPlatform`)."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from adapters.dingtalk.incoming import USER_CHANNEL_PREFIX, parse
from adapters.dingtalk.platform import MENTION, MENTION_NAME, SESSION_EXPIRES_MS, SESSION_WEBHOOK
from bot import inbox, outbox
from bot.handle import handle
from bot.inbox import Done, InboxItem
from bot.services import Services
from bot.types import Reply

log = logging.getLogger(__name__)

PLATFORM = "dingtalk"


def event_key(payload: dict[str, Any], frame_id: str | None = None) -> str:
    """The id a robot message is deduplicated by: its `msgId`, else the Stream frame's
    `messageId`, else a digest of the payload.

    >>> event_key({"msgId": "m1"}, "f1"), event_key({}, "f1"), len(event_key({"a": 1}))
    ('m1', 'frame:f1', 36)
    """
    if payload.get("msgId"):
        return str(payload["msgId"])
    if frame_id:
        return f"frame:{frame_id}"
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"sha:{digest[:32]}"


class Responder:
    """Takes robot message payloads into the inbox and answers them from there.

    `wake` is called after a message was accepted or handled (the background workers'
    `wake`, so the inbox and outbox work at once).
    """

    def __init__(self, services: Services, *, wake: Callable[[], None] = lambda: None) -> None:
        self._services = services
        self._wake = wake

    def accept(self, payload: dict[str, Any], frame_id: str | None = None) -> bool:
        """Store one robot message (committed on return); False when it came before.
        Raises when the store cannot take it: the caller must not acknowledge it then."""
        fresh = inbox.accept(
            self._services.sessions,
            platform=PLATFORM,
            event_key=event_key(payload, frame_id),
            kind="message",
            # One conversation's messages are answered in the order they came ("安灯…" before "确认…").
            lane=str(payload.get("conversationId") or payload.get("senderStaffId") or ""),
            payload=payload,
            now=self._services.now(),
        )
        self._services.observer.event_received(PLATFORM, duplicate=not fresh)
        if fresh:
            self._wake()
        else:
            log.info("dingtalk message %s delivered again: ignored", event_key(payload, frame_id))
        return fresh

    def process(self, item: InboxItem, done: Done) -> None:
        """Handle one accepted robot message; the reply goes to the outbox with the change."""
        incoming = parse(item.payload)
        message = replace(incoming.message, delivery_id=item.event_key)
        mention = incoming.sender_staff_id if incoming.is_group and incoming.sender_staff_id else None

        def save_answer(session: Session, reply: Reply) -> None:
            # A private answer asked for in a group (a sign-in link) goes to the asker alone.
            private = reply.ephemeral and incoming.is_group and bool(incoming.sender_staff_id)
            channel = f"{USER_CHANNEL_PREFIX}{incoming.sender_staff_id}" if private else message.channel
            if not private:
                reply.context.update(
                    {
                        SESSION_WEBHOOK: incoming.session_webhook,
                        SESSION_EXPIRES_MS: incoming.session_expires_ms,
                        MENTION: mention,
                        MENTION_NAME: message.user_name if mention else None,
                    }
                )
            outbox.enqueue(
                session,
                key=f"dingtalk:reply:{item.event_key}",
                platform=PLATFORM,
                target=outbox.Target(message.workspace, channel),
                kind="post",
                reply=reply,
                now=self._services.now(),
            )
            done(session)

        handle(message, self._services, before_commit=save_answer)
        self._wake()
