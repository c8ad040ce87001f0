"""The terminal: renders replies as text and is the `console` chat platform for the outbox."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable

from adapters.tables import aligned, pad, width
from bot.outbox import Target
from bot.types import Button, Language, Reply, Table

MAX_TABLE_ROWS = 20


class ButtonMenu:
    """The buttons shown since the person last typed, numbered from 1 across the answer and
    the cards that came with it: typing a number at the next prompt presses that button.

    >>> menu = ButtonMenu()
    >>> menu.add(Button("Acknowledge", "ack A7"), "zh"), menu.add(Button("Resolve", "resolve A7"), "zh")
    (1, 2)
    >>> menu.pressed(" 2 "), menu.pressed("3"), menu.pressed("ack A7")
    (('resolve A7', 'zh'), None, None)
    """

    def __init__(self) -> None:
        self._shown: list[tuple[str, Language]] = []

    def add(self, button: Button, language: Language) -> int:
        """Show `button` (on a reply in `language`); returns its number."""
        self._shown.append((button.command, language))
        return len(self._shown)

    def pressed(self, text: str) -> tuple[str, Language] | None:
        """The command and language of the button whose number `text` is, else None."""
        text = text.strip()
        if not text.isdigit() or not 1 <= int(text) <= len(self._shown):
            return None
        return self._shown[int(text) - 1]

    def clear(self) -> None:
        """Forget the buttons shown so far (the person typed something new)."""
        self._shown.clear()


def render(reply: Reply, menu: ButtonMenu | None = None) -> str:
    """A reply as plain terminal text: text, fields, an aligned table, SQL, buttons.

    Buttons are `[label: command]`, or numbered `[1] label` when a `menu` keeps them for the
    next prompt (`gemba chat`)."""
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
    if reply.buttons and menu is not None:
        language: Language = "zh" if reply.language == "zh" else "en"
        parts.append("  ".join(f"[{menu.add(b, language)}] {b.label}" for b in reply.buttons))
    elif reply.buttons:
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
    """Delivers outbox messages (cards, notes) to the terminal, as the channel would show them.

    With a `menu`, the cards' buttons are numbered in it (see `ButtonMenu`)."""

    name = "console"

    def __init__(self, write: Callable[[str], None], menu: ButtonMenu | None = None) -> None:
        self._write = write
        self._menu = menu
        self._ids = itertools.count(1)

    def post(self, target: Target, reply: Reply, *, idempotency_key: str) -> str:
        message_id = f"console-{next(self._ids)}"
        self._write(_indent(f"#{target.channel} ▸ {render(reply, self._menu)}"))
        return message_id

    def update(self, target: Target, message_ref: str, reply: Reply) -> None:
        self._write(_indent(f"#{target.channel} ▸ (updated) {render(reply, self._menu)}"))

    def already_sent(self, target: Target, idempotency_key: str) -> str | None:
        return None  # a terminal keeps no history to look in


def _indent(text: str) -> str:
    buffer = io.StringIO()
    for line in text.splitlines():
        buffer.write(f"    │ {line}\n")
    return buffer.getvalue().rstrip("\n")
