"""Slack payloads (events, slash commands, button clicks) as neutral `Message`s.

Delivery ids, which `bot.handle` uses to process a delivery once:

- messages (`app_mention`, `message` in a DM): `msg:<team>:<channel>:<ts>`. The channel and
  ts name the message itself, so Slack's retries of the event (same `event_id`) *and* the
  same message arriving as two event types are both processed once.
- slash commands: `cmd:<team>:<trigger_id>`. Commands have no event id; the trigger id is
  unique to one invocation and is in every retry of it (a retry repeats the exact signed
  body; in Socket Mode the same payload comes in a new envelope). Two deliberate `/andon`s
  have two trigger ids and raise two calls, as they should. Without a trigger id (never
  seen), a hash of the canonical payload stands in.
- buttons: `act:<team>:<trigger_id>:<action_id>`; modal submissions: `view:<team>:<view id>`.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from bot.language import detect_language
from bot.types import Attachment, Language, Message

PLATFORM = "slack"
COMMANDS = ("/andon", "/problem", "/ask", "/gemba", "/safety")

_KEPT_SUBTYPES = (None, "file_share", "thread_broadcast")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")

Payload = dict[str, Any]


def is_for_gemba(event: Payload, *, bot_user_id: str | None) -> bool:
    """Whether an `app_mention` or `message` event is a person talking to Gemba.

    Ignored: messages of bots (Gemba's own included), edits, deletions, joins and other
    subtypes, and channel messages that do not mention Gemba (those come as `app_mention`).

    >>> dm = {"type": "message", "channel_type": "im", "user": "U1", "text": "hi"}
    >>> is_for_gemba(dm, bot_user_id="UB")
    True
    >>> is_for_gemba({**dm, "subtype": "message_changed"}, bot_user_id="UB")
    False
    >>> is_for_gemba({**dm, "bot_id": "B1"}, bot_user_id="UB")
    False
    """
    if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") not in _KEPT_SUBTYPES:
        return False
    user = event.get("user")
    if not user or user == bot_user_id:
        return False
    return event.get("type") == "app_mention" or event.get("channel_type") == "im"


def message_from_event(body: Payload, event: Payload, *, bot_user_id: str | None) -> Message:
    """The `Message` of an `app_mention` or DM event. Replies go in the question's thread
    (a new thread under a channel message; DMs stay flat unless asked in a thread)."""
    channel = event["channel"]
    team = team_of(body)
    thread = event.get("thread_ts") or (None if event.get("channel_type") == "im" else event["ts"])
    return Message(
        platform=PLATFORM,
        workspace=team,
        channel=channel,
        user=event["user"],
        text=clean_text(event.get("text", ""), bot_user_id),
        thread=thread,
        delivery_id=f"msg:{team}:{channel}:{event['ts']}",
        attachments=attachments_of(event),
    )


def attachments_of(event: Payload) -> tuple[Attachment, ...]:
    """The files shared with a message (a photo of the leak), as references Gemba keeps;
    `url` is where the bot token downloads it. Deleted files ("tombstone") are left out.

    >>> [photo] = attachments_of({"files": [{"id": "F1", "name": "leak.jpg", "mimetype": "image/jpeg",
    ...     "url_private": "https://files.slack.com/files-pri/T1-F1/leak.jpg"}]})
    >>> photo.file_id, photo.name, photo.mime, photo.url
    ('F1', 'leak.jpg', 'image/jpeg', 'https://files.slack.com/files-pri/T1-F1/leak.jpg')
    >>> attachments_of({"files": [{"id": "F2", "mode": "tombstone"}]}), attachments_of({})
    ((), ())
    """
    files = event.get("files")
    if not isinstance(files, list):
        return ()
    kept = []
    for file in files:
        if not isinstance(file, dict) or not file.get("id") or file.get("mode") == "tombstone":
            continue
        url = file.get("url_private_download") or file.get("url_private")
        kept.append(
            Attachment(
                platform=PLATFORM,
                file_id=str(file["id"]),
                name=str(file.get("name") or file.get("title") or ""),
                mime=str(file.get("mimetype") or ""),
                url=str(url) if url else None,
            )
        )
    return tuple(kept)


def stored_message(data: Payload) -> Message:
    """A `Message` as it was before the inbox saved it as JSON (`dataclasses.asdict`)."""
    files = tuple(Attachment(**file) for file in data.get("attachments") or ())
    return Message(**{**data, "groups": tuple(data.get("groups") or ()), "attachments": files})


def message_from_command(body: Payload) -> Message:
    """The `Message` of a slash command: `/andon L3 …` becomes `andon L3 …`."""
    team = team_of(body)
    return Message(
        platform=PLATFORM,
        workspace=team,
        channel=body["channel_id"],
        user=body["user_id"],
        user_name=body.get("user_name") or None,
        text=command_text(body["command"], unescape(body.get("text", ""))),
        delivery_id=f"cmd:{team}:{body.get('trigger_id') or _digest(body)}",
    )


def message_from_action(body: Payload, action: Payload) -> Message:
    """The `Message` a Gemba button sends: its command, from the person who pressed it,
    in the language of the message the button is on."""
    team = team_of(body)
    user = body["user"]
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id", "")
    shown = (body.get("message") or {}).get("text", "")
    return Message(
        platform=PLATFORM,
        workspace=team,
        channel=channel,
        user=user["id"],
        user_name=user.get("name") or user.get("username") or None,
        text=action.get("value", ""),
        thread=container.get("thread_ts"),
        language=detect_language(shown) if shown else None,
        delivery_id=f"act:{team}:{body.get('trigger_id') or _digest(body)}:{action.get('action_id')}",
    )


def command_text(command: str, text: str) -> str:
    """The Gemba command a slash command stands for.

    >>> command_text("/andon", "L3 WD-03 no parts"), command_text("/gemba", "")
    ('andon L3 WD-03 no parts', 'help')
    >>> command_text("/gemba", "ack 17")
    'ack 17'
    """
    text = text.strip()
    name = command.lstrip("/")
    if name == "gemba":
        return text or "help"
    return f"{name} {text}".strip()


def clean_text(text: str, bot_user_id: str | None) -> str:
    """Message text without the mention of Gemba, with Slack's escapes undone.

    >>> clean_text("<@UBOT> how many calls &gt; 5 on L3?", "UBOT")
    'how many calls > 5 on L3?'
    """
    if bot_user_id:
        text = _MENTION.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), text)
    return unescape(text).strip()


def unescape(text: str) -> str:
    """Undo the three escapes Slack applies to user text.

    >>> unescape("a &lt;b&gt; &amp;amp;")
    'a <b> &amp;'
    """
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def team_of(body: Payload) -> str:
    """The workspace (team id) a payload comes from."""
    team = body.get("team_id") or body.get("team") or (body.get("user") or {}).get("team_id") or ""
    return team.get("id", "") if isinstance(team, dict) else str(team)


def language_of(text: str, default: Language) -> Language:
    """The language to answer `text` in."""
    return detect_language(text, default) if text.strip() else default


def _digest(body: Payload) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32]
