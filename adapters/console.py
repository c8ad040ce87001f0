"""The terminal: renders replies as text and is the `console` chat platform for the outbox."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable

from adapters.tables import aligned, pad, width
from bot.outbox import Target
from bot.types import Reply, Table

MAX_TABLE_ROWS = 20


def render(reply: Reply) -> str:
    """A reply as plain terminal text: text, fields, an aligned table, SQL, buttons."""
    parts = [reply.text]
    if reply.fields:
        column = max(width(name) for name, _ in reply.fields)
        parts.append("\n".join(f"  {pad(name, column)}  {value}" for name, value in reply.fields))
    if reply.table is not None:
        parts.append(render_table(reply.table, reply.language))
    if reply.image is not None:
        parts.append(f"[chart: {reply.image.title} — {len(reply.image.png)} bytes PNG]")
    if reply.code:
        parts.append("SQL:\n" + "\n".join(f"  {line}" for line in reply.code.splitlines()))
    if reply.buttons:
        parts.append("  ".join(f"[{b.label}: {b.command}]" for b in reply.buttons))
    return "\n".join(parts)


def render_table(table: Table, language: str = "en") -> str:
    """Rows aligned in columns, with a note when only the first ones are shown.

    >>> print(render_table(Table(["line", "calls"], [["L3", 17], ["3号线", 4]], total_rows=240)))
    line   calls
    -----  -----
    L3        17
    3号线      4
    (showing 2 of 240 rows)
    """
    out = aligned(table, rows=MAX_TABLE_ROWS, rule=True)
    shown = min(len(table.rows), MAX_TABLE_ROWS)
    total = table.total_rows or len(table.rows)
    if total > shown:
        out.append(
            f"（显示 {total} 行中的 {shown} 行）"
            if language == "zh"
            else f"(showing {shown} of {total} rows)"
        )
    return "\n".join(out)


class ConsolePlatform:
    """Delivers outbox messages (cards, notes) to the terminal, as the channel would show them."""

    name = "console"

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._ids = itertools.count(1)

    def post(self, target: Target, reply: Reply, *, idempotency_key: str) -> str:
        message_id = f"console-{next(self._ids)}"
        self._write(_indent(f"#{target.channel} ▸ {render(reply)}"))
        return message_id

    def update(self, target: Target, message_ref: str, reply: Reply) -> None:
        self._write(_indent(f"#{target.channel} ▸ (updated) {render(reply)}"))

    def already_sent(self, target: Target, idempotency_key: str) -> str | None:
        return None  # a terminal keeps no history to look in


def _indent(text: str) -> str:
    buffer = io.StringIO()
    for line in text.splitlines():
        buffer.write(f"    │ {line}\n")
    return buffer.getvalue().rstrip("\n")
