"""`Reply` to and from plain JSON, for the outbox."""

from __future__ import annotations

import base64
from typing import Any

from bot.types import Button, Image, RecordRef, Reply, Table


def reply_to_json(reply: Reply) -> dict[str, Any]:
    """A JSON-safe dict holding everything in `reply` (images as base64)."""
    return {
        "text": reply.text,
        "language": reply.language,
        "title": reply.title,
        "fields": [list(pair) for pair in reply.fields],
        "table": None
        if reply.table is None
        else {
            "columns": reply.table.columns,
            "rows": [[_plain(v) for v in row] for row in reply.table.rows],
            "total_rows": reply.table.total_rows,
        },
        "image": None
        if reply.image is None
        else {
            "png": base64.b64encode(reply.image.png).decode(),
            "title": reply.image.title,
            "alt": reply.image.alt,
        },
        "code": reply.code,
        "buttons": [{"label": b.label, "command": b.command, "style": b.style} for b in reply.buttons],
        "thread": reply.thread,
        "record": None if reply.record is None else {"kind": reply.record.kind, "id": reply.record.id},
        "ephemeral": reply.ephemeral,
        "context": _json_safe(reply.context),
    }


def reply_from_json(data: dict[str, Any]) -> Reply:
    """The `Reply` that `reply_to_json` wrote.

    >>> r = Reply("hi", fields=[("a", "b")], buttons=[Button("Ack", "ack A1")], record=RecordRef("andon", 1),
    ...           context={"sql": "SELECT 1", "rows": [[1, "x"]]})
    >>> reply_from_json(reply_to_json(r)) == r
    True
    """
    table, image, record = data.get("table"), data.get("image"), data.get("record")
    return Reply(
        text=data["text"],
        language=data.get("language", "en"),
        title=data.get("title"),
        fields=[(k, v) for k, v in data.get("fields", [])],
        table=None if table is None else Table(table["columns"], table["rows"], table.get("total_rows")),
        image=None
        if image is None
        else Image(base64.b64decode(image["png"]), image["title"], image.get("alt", "")),
        code=data.get("code"),
        buttons=[
            Button(b["label"], b["command"], b.get("style", "default")) for b in data.get("buttons", [])
        ],
        thread=data.get("thread"),
        record=None if record is None else RecordRef(record["kind"], record["id"]),
        ephemeral=data.get("ephemeral", False),
        context=data.get("context") or {},
    )


def _json_safe(value: Any) -> Any:
    """Dicts, lists and scalars as they are; anything else (dates, decimals) as text."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return _plain(value)


def _plain(value: object) -> object:
    return value if value is None or isinstance(value, int | float | str | bool) else str(value)
