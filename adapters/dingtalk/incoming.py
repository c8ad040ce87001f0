"""A DingTalk robot message (the callback payload) as a neutral `Message`, plus what a reply needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.language import detect_language
from bot.types import Attachment, Message

GROUP = "2"
USER_CHANNEL_PREFIX = "@"


@dataclass(frozen=True)
class Incoming:
    """One robot message: the neutral message and where and how to answer it.

    `message.channel` is the group's conversation id (openConversationId) in groups and
    `@<staffId>` in one-to-one chats: what the OpenAPI needs to write there later.
    """

    message: Message
    is_group: bool
    sender_staff_id: str
    session_webhook: str | None
    session_expires_ms: int
    msg_type: str


def parse(payload: dict[str, Any]) -> Incoming:
    """The `Incoming` of a robot message payload (`/v1.0/im/bot/messages/get`).

    Chinese is the default language on DingTalk: a message without English words (an id, a
    number, Chinese text) is answered in Chinese; English words make it English.

    >>> m = parse({"msgId": "m1", "msgtype": "text", "text": {"content": " 安灯 L3 缺料"},
    ...            "conversationType": "2", "conversationId": "cidG==", "senderStaffId": "u1",
    ...            "senderNick": "王工", "chatbotCorpId": "ding1"})
    >>> m.message.channel, m.message.text, m.message.language, m.is_group, m.message.delivery_id
    ('cidG==', '安灯 L3 缺料', 'zh', True, 'm1')
    >>> parse({"msgId": "m2", "msgtype": "text", "text": {"content": "A17"}, "conversationType": "1",
    ...        "senderStaffId": "u1"}).message.channel
    '@u1'
    >>> english = parse({"msgtype": "text", "text": {"content": "ack A17"}, "senderStaffId": "u1"})
    >>> english.message.language is None  # the core detects English
    True
    """
    is_group = str(payload.get("conversationType", "")) == GROUP
    staff_id = str(payload.get("senderStaffId") or payload.get("senderId") or "")
    text = _text(payload).strip()
    channel = str(payload.get("conversationId") or "") if is_group else f"{USER_CHANNEL_PREFIX}{staff_id}"
    message = Message(
        platform="dingtalk",
        channel=channel,
        user=staff_id,
        text=text,
        workspace=str(payload.get("chatbotCorpId") or payload.get("senderCorpId") or ""),
        user_name=str(payload.get("senderNick") or staff_id) or None,
        # The core detects the language; only text with no words at all needs our default.
        language=None if detect_language(text, "zh") == "en" else "zh",
        delivery_id=str(payload["msgId"]) if payload.get("msgId") else None,
        attachments=attachments_of(payload),
    )
    return Incoming(
        message=message,
        is_group=is_group,
        sender_staff_id=staff_id,
        session_webhook=str(payload.get("sessionWebhook") or "") or None,
        session_expires_ms=_milliseconds(payload.get("sessionWebhookExpiredTime")),
        msg_type=str(payload.get("msgtype") or "text"),
    )


def attachments_of(payload: dict[str, Any]) -> tuple[Attachment, ...]:
    """The pictures (and files) of a robot message, by their `downloadCode`: what the OpenAPI
    `robot/messageFiles/download` turns into a download URL.

    >>> [photo] = attachments_of({"msgtype": "picture", "content": {"downloadCode": "dc1",
    ...                           "pictureDownloadCode": "pdc1"}})
    >>> photo.platform, photo.file_id, photo.mime
    ('dingtalk', 'dc1', 'image/*')
    >>> rich = {"msgtype": "richText", "content": {"richText": [{"text": "漏油"},
    ...         {"type": "picture", "downloadCode": "dc2"}]}}
    >>> [p.file_id for p in attachments_of(rich)]
    ['dc2']
    >>> attachments_of({"msgtype": "text", "text": {"content": "hi"}})
    ()
    """
    kind, content = payload.get("msgtype"), payload.get("content")
    if not isinstance(content, dict):
        return ()
    if kind == "picture":
        parts: list[Any] = [{**content, "type": "picture"}]
    elif kind == "file":
        parts = [{**content, "type": "file"}]
    elif kind == "richText" and isinstance(content.get("richText"), list):
        parts = content["richText"]
    else:
        return ()
    kept = []
    for part in parts:
        if not isinstance(part, dict) or part.get("type") not in ("picture", "file"):
            continue
        code = part.get("downloadCode") or part.get("pictureDownloadCode")
        if not code:
            continue
        picture = part["type"] == "picture"
        name = "picture" if picture else str(part.get("fileName") or "file")
        kept.append(Attachment("dingtalk", str(code), name=name, mime="image/*" if picture else ""))
    return tuple(kept)


def _text(payload: dict[str, Any]) -> str:
    kind = payload.get("msgtype")
    if kind == "text":
        text = payload.get("text")
        return str(text.get("content") or "") if isinstance(text, dict) else ""
    if kind == "richText":  # text parts between pictures
        content = payload.get("content")
        parts = content.get("richText") if isinstance(content, dict) else None
        if not isinstance(parts, list):
            return ""
        return "".join(str(part.get("text") or "") for part in parts if isinstance(part, dict))
    return ""


def _milliseconds(value: object) -> int:
    try:
        return int(str(value or 0))
    except ValueError:
        return 0
