"""Answering one robot message, the same way in Stream and HTTP mode: dedupe, `bot.handle`,
then the reply through the message's `sessionWebhook` while it is valid, else the OpenAPI."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from adapters.dingtalk.errors import DingTalkError
from adapters.dingtalk.incoming import Incoming, parse
from adapters.dingtalk.openapi import DingTalkAPI
from adapters.dingtalk.platform import DingTalkPlatform
from adapters.dingtalk.render import render
from bot.handle import handle
from bot.services import Services
from bot.types import Reply

log = logging.getLogger(__name__)

WEBHOOK_MARGIN_MS = 30_000  # a session webhook this close to expiry is not trusted


class RecentIds:
    """The last `size` ids seen: a cheap first dedupe before the store's durable one.

    >>> seen = RecentIds(2)
    >>> seen.add("a"), seen.add("a"), seen.add("b"), seen.add("c"), seen.add("a")
    (True, False, True, True, True)
    """

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, key: str) -> bool:
        """Remember `key`; False when it was already there."""
        with self._lock:
            if key in self._ids:
                self._ids.move_to_end(key)
                return False
            self._ids[key] = None
            if len(self._ids) > self._size:
                self._ids.popitem(last=False)
            return True


class Responder:
    """Turns robot message payloads into answers posted back to DingTalk.

    `wake` is called after a message was handled (the outbox worker's `wake`, so cards
    go out at once); `wall_clock` (seconds) decides whether a session webhook expired.
    """

    def __init__(
        self,
        services: Services,
        api: DingTalkAPI,
        *,
        wake: Callable[[], None] = lambda: None,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._services = services
        self._api = api
        self._platform = DingTalkPlatform(api)
        self._wake = wake
        self._wall_clock = wall_clock
        self._recent = RecentIds()

    def answer(self, payload: dict[str, Any]) -> Reply | None:
        """Handle one robot message and send the reply; None when it was a duplicate."""
        incoming = parse(payload)
        delivery = incoming.message.delivery_id
        if delivery and not self._recent.add(delivery):
            log.info("dingtalk message %s delivered again: ignored", delivery)
            return None
        reply = handle(incoming.message, self._services)
        if reply is None:
            return None
        try:
            self.reply(incoming, reply)
        finally:
            self._wake()  # the change's cards go out even when this reply could not
        return reply

    def reply(self, incoming: Incoming, reply: Reply) -> None:
        """Send `reply` to where `incoming` came from, @-mentioning the sender in groups."""
        mention = incoming.sender_staff_id if incoming.is_group and incoming.sender_staff_id else None
        markdown = render(reply, mention=mention)
        now_ms = int(self._wall_clock() * 1000)
        webhook_valid = incoming.session_webhook and incoming.session_expires_ms - WEBHOOK_MARGIN_MS > now_ms
        if webhook_valid and incoming.session_webhook:
            try:
                self._api.post_session(incoming.session_webhook, markdown.session_body())
            except DingTalkError as error:
                log.warning("session webhook failed (%s); answering through the OpenAPI", error)
            else:
                self._platform.send_attachments(incoming.message.channel, markdown.attachments)
                return
        # The OpenAPI cannot @-mention in a markdown message; name the sender instead.
        if mention and incoming.message.user_name:
            plain = render(reply)
            markdown = replace(plain, text=f"{plain.text}\n\n@{incoming.message.user_name}")
        self._platform.send(incoming.message.channel, markdown)
