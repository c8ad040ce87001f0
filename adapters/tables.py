"""Tables as text, for every place that cannot draw one: aligned monospace and CSV."""

from __future__ import annotations

import csv
import io
import unicodedata

from bot.types import Table


def aligned(table: Table, *, rows: int, max_cell: int = 60, rule: bool = False) -> list[str]:
    """The header and the first `rows` rows in aligned columns; numbers right-aligned and
    wide (Chinese) characters counted as two. `rule` adds a line of dashes under the header.

    >>> print("\\n".join(aligned(Table(["line", "calls"], [["L3", 1700], ["3号线", 4]]), rows=10)))
    line   calls
    L3     1,700
    3号线      4
    """
    header = [_cut(str(c), max_cell) for c in table.columns]
    body = [[_cut(cell(v), max_cell) for v in row] for row in table.rows[:rows]]
    widths = [max(width(x) for x in column) for column in zip(header, *body, strict=False)]
    numeric = [bool(body) and all(is_number(r[i]) for r in table.rows[:rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(pad(c, w, right=n) for c, w, n in zip(cells, widths, numeric, strict=False)).rstrip()

    dashes = ["  ".join("-" * w for w in widths)] if rule else []
    return [line(header), *dashes, *(line(r) for r in body)]


def as_csv(table: Table) -> bytes:
    """Every row as CSV, UTF-8 with a byte-order mark so that spreadsheets read Chinese.

    >>> as_csv(Table(["line", "calls"], [["L3", 17], ["L4", None]]))
    b'\\xef\\xbb\\xbfline,calls\\r\\nL3,17\\r\\nL4,\\r\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    writer.writerows(["" if v is None else v for v in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def cell(value: object) -> str:
    """A value as shown in a table: thousands separators, at most two decimals.

    >>> cell(1234), cell(2.5), cell(3.0), cell(None), cell("PR-07")
    ('1,234', '2.5', '3', '', 'PR-07')
    """
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if is_number(value):
        return f"{value:,}"
    return "" if value is None else str(value)


def width(text: str) -> int:
    """Columns the text takes in a monospace font (wide characters count as two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """The text filled with spaces to `columns` columns."""
    gap = " " * (columns - width(text))
    return gap + text if right else text + gap


def is_number(value: object) -> bool:
    """Whether a value is a number (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
