"""The platform-neutral chat model: a `Message` comes in, a `Reply` goes out.

Adapters translate platform payloads to `Message` and render `Reply` back; nothing in
`bot/` knows which platform it talks to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Language = Literal["en", "zh"]


@dataclass(frozen=True)
class Attachment:
    """A file (usually a photo) sent with a message, as the platform names it.

    `file_id` is the platform's reference (Slack file id, DingTalk downloadCode); `url` is
    where the adapter's file fetcher can download it, when the platform gives one.
    """

    platform: str
    file_id: str
    name: str = ""
    mime: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Message:
    """One chat message addressed to Gemba.

    `delivery_id` is the platform's id for this delivery (Slack event id, DingTalk msgId);
    the core uses it to process a retried delivery only once. `language` is detected from
    the text when not given. `groups` are the sender's groups as the platform names them
    (Slack user group ids, DingTalk department ids), when the adapter knows them; the roles
    file may give roles by group (see `bot.roles`). `attachments` are the photos and files
    sent with the message.
    """

    platform: str
    channel: str
    user: str
    text: str
    workspace: str = ""
    thread: str | None = None
    user_name: str | None = None
    language: Language | None = None
    delivery_id: str | None = None
    groups: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Button:
    """A button that, when pressed, sends `command` to Gemba as the pressing user."""

    label: str
    command: str
    style: Literal["default", "primary", "danger"] = "default"


@dataclass(frozen=True)
class Table:
    """Rows of a result. `total_rows` counts all rows when only the first ones are kept."""

    columns: list[str]
    rows: list[list[object]]
    total_rows: int | None = None


@dataclass(frozen=True)
class Image:
    """A PNG picture (a chart) with a title and a text alternative."""

    png: bytes
    title: str
    alt: str = ""


@dataclass(frozen=True)
class RecordRef:
    """Which ops record a reply shows (so adapters can update its card in place)."""

    kind: Literal["andon", "problem"]
    id: int


@dataclass
class Reply:
    """What Gemba answers: text plus optional fields, table, image, SQL, buttons.

    `thread` is the thread to answer in (None: the thread of the question, if any).
    `record` names the andon call or problem the reply shows as a card.
    """

    text: str
    language: Language = "en"
    title: str | None = None
    fields: list[tuple[str, str]] = field(default_factory=list)
    table: Table | None = None
    image: Image | None = None
    code: str | None = None
    buttons: list[Button] = field(default_factory=list)
    thread: str | None = None
    record: RecordRef | None = None
    ephemeral: bool = False
    context: dict[str, object] = field(default_factory=dict)
