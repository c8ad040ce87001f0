"""The terminal: renders replies as text and is the `console` chat platform for the outbox."""

from __future__ import annotations

import io
import itertools
import unicodedata
from collections.abc import Callable

from bot.outbox import Target
from bot.types import Reply, Table

MAX_TABLE_ROWS = 20


def render(reply: Reply) -> str:
    """A reply as plain terminal text: text, fields, an aligned table, SQL, buttons."""
    parts = [reply.text]
    if reply.fields:
        width = max(_width(name) for name, _ in reply.fields)
        parts.append("\n".join(f"  {_pad(name, width)}  {value}" for name, value in reply.fields))
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
    """Rows aligned in columns (wide Chinese characters counted as two).

    >>> print(render_table(Table(["line", "calls"], [["L3", 17], ["3号线", 4]])))
    line   calls
    -----  -----
    L3        17
    3号线      4
    """
    rows = [[_cell(v) for v in row] for row in table.rows[:MAX_TABLE_ROWS]]
    header = [str(c) for c in table.columns]
    widths = [max(_width(x) for x in column) for column in zip(header, *rows, strict=False)]
    numeric = [
        all(_is_number(row[i]) for row in table.rows[:MAX_TABLE_ROWS]) and bool(rows)
        for i in range(len(header))
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(_pad(c, w, right=n) for c, w, n in zip(cells, widths, numeric, strict=True)).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
    total = table.total_rows or len(table.rows)
    if total > len(rows):
        out.append(
            f"(showing {len(rows)} of {total} rows)"
            if language != "zh"
            else f"（显示 {total} 行中的 {len(rows)} 行）"
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


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return "" if value is None else str(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap
