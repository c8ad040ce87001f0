"""A neutral `Reply` as a Slack message: Block Kit blocks within Slack's limits, plus files.

Slack's limits (docs.slack.dev, Block Kit reference): at most 50 blocks a message, section
text at most 3000 characters, at most 10 fields of 2000, header text 150, button text 75,
button value 2000, 25 elements in an actions block. Tables become a monospace block of the
first rows and, when there are more, a CSV file; charts become a PNG file. Both files are
uploaded with `files_upload_v2` by `SlackPlatform`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from adapters.slack import texts as _texts  # noqa: F401  (registers the slack_* sentences)
from adapters.tables import aligned, as_csv, cell, is_number
from bot.texts import say
from bot.types import Language, Reply, Table

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_FIELDS = 10
MAX_FIELD = 2000
MAX_HEADER = 150
MAX_BUTTON_LABEL = 75
MAX_VALUE = 2000
MAX_ACTIONS = 25
MAX_FALLBACK = 3000
TABLE_ROWS = 10
MAX_CELL = 32

ACTION_COMMAND = "gemba_command"
"""Buttons that send their value to Gemba as a command; ids are `gemba_command:<n>`."""
ACTION_FEEDBACK = "gemba_feedback"
"""👍/👎 on data answers; ids are `gemba_feedback:up` and `gemba_feedback:down`."""
ACTION_SHOW_SQL = "gemba_show_sql"

Block = dict[str, Any]


@dataclass(frozen=True)
class Upload:
    """A file to upload with the message (a chart or the full table)."""

    filename: str
    content: bytes
    title: str
    alt: str = ""


@dataclass
class SlackMessage:
    """What `chat.postMessage` gets: notification text, blocks, and files to upload after."""

    text: str
    blocks: list[Block]
    uploads: list[Upload] = field(default_factory=list)


def render(reply: Reply, *, question: str | None = None) -> SlackMessage:
    """Block Kit for `reply`. `question` (or `reply.context["question"]`) goes into the
    👍/👎 buttons of a data answer, so a 👍 can mark the question → SQL pair as verified.

    >>> message = render(Reply("Hello & welcome", title="Hi"))
    >>> [b["type"] for b in message.blocks], message.blocks[1]["text"]["text"]
    (['header', 'section'], 'Hello &amp; welcome')
    """
    language = reply.language
    question = question or _str(reply.context.get("question"))
    head, body = _split_title(reply)
    blocks: list[Block] = []
    if head:
        blocks.append(_header(head))
    headline = _headline(reply.table)
    if headline is not None:
        blocks.append(_header(headline))
    blocks += [_section(chunk) for chunk in _chunks(escape(body), MAX_SECTION)]
    blocks += _field_sections(reply.fields)
    uploads: list[Upload] = []
    if reply.table is not None and headline is None:
        table_blocks, csv_file = _table(reply.table, language)
        blocks += table_blocks
        if csv_file is not None:
            uploads.append(csv_file)
    if reply.image is not None:
        uploads.append(
            Upload("chart.png", reply.image.png, reply.image.title, reply.image.alt or reply.image.title)
        )
    tail = _actions(reply, question)
    blocks = blocks[: MAX_BLOCKS - len(tail)] + tail
    fallback = reply.text if not reply.title or reply.title in reply.text else f"{reply.title}\n{reply.text}"
    return SlackMessage(text=fallback_text(fallback), blocks=blocks, uploads=uploads)


def fallback_text(text: str, limit: int = MAX_FALLBACK) -> str:
    """The top-level `text` of a message (notifications, screen readers), escaped like the
    blocks, so a user's `<!channel>`, `<@U…>` or `<http://…|link>` stays plain text; cut to
    `limit` without splitting an escape.

    >>> fallback_text("ping <!channel> & <@U1> <http://x|y>")
    'ping &lt;!channel&gt; &amp; &lt;@U1&gt; &lt;http://x|y&gt;'
    >>> fallback_text("a <b>", limit=5)
    'a …'
    """
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    head = escaped[: limit - 1]
    amp = head.rfind("&")
    if amp != -1 and ";" not in head[amp:]:
        head = head[:amp]  # a cut "&lt;" would show as "&l"
    return head + "…"


def escape(text: str) -> str:
    """Text with the three characters Slack's mrkdwn reserves escaped.

    >>> escape("andon <line> & co")
    'andon &lt;line&gt; &amp; co'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table_text(table: Table, rows: int = TABLE_ROWS) -> str:
    """The first `rows` rows as aligned monospace text (wide characters count as two).

    >>> print(table_text(Table(["line", "calls"], [["L3", 17], ["3号线", 4]])))
    line   calls
    L3        17
    3号线      4
    """
    return "\n".join(aligned(table, rows=rows, max_cell=MAX_CELL))


def feedback_value(question: str | None, sql: str) -> str:
    """The value of the 👍/👎 buttons: the question and SQL, shortened to fit 2000 characters.

    >>> json.loads(feedback_value("how many?", "SELECT 1"))
    {'q': 'how many?', 'sql': 'SELECT 1'}
    """
    value = {"q": question or "", "sql": sql}
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > MAX_VALUE:
        value["q"] = ""  # a pair without its question is not verifiable; keep the verdict only
        text = json.dumps(value, ensure_ascii=False)
    if len(text) > MAX_VALUE:
        text = json.dumps({"q": "", "sql": ""})
    return text


def _split_title(reply: Reply) -> tuple[str | None, str]:
    # Cards say their title as the first line of the text ("🔴 Andon A17 · Line 3"): show it once.
    if not reply.title:
        return None, reply.text
    first, _, rest = reply.text.partition("\n")
    if reply.title in first:
        return first, rest
    return reply.title, reply.text


def _headline(table: Table | None) -> str | None:
    if table is None or len(table.columns) != 1 or len(table.rows) != 1 or len(table.rows[0]) != 1:
        return None
    value = table.rows[0][0]
    return cell(value) if is_number(value) else None


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _cut(text, MAX_HEADER), "emoji": True}}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(text, MAX_SECTION)}]}


def _field_sections(fields: list[tuple[str, str]]) -> list[Block]:
    items = [
        {"type": "mrkdwn", "text": _cut(f"*{escape(name)}*\n{escape(value)}", MAX_FIELD)}
        for name, value in fields
    ]
    return [
        {"type": "section", "fields": items[i : i + MAX_FIELDS]} for i in range(0, len(items), MAX_FIELDS)
    ]


def _table(table: Table, language: str) -> tuple[list[Block], Upload | None]:
    lang: Language = "zh" if language == "zh" else "en"
    rows = min(TABLE_ROWS, len(table.rows))
    text = escape(table_text(table, rows))
    while rows > 1 and len(text) + 6 > MAX_SECTION:
        rows -= 1
        text = escape(table_text(table, rows))
    blocks = [_section(_cut(f"```{text}```", MAX_SECTION))]
    total = max(table.total_rows or 0, len(table.rows))
    csv_file = None
    if len(table.rows) > rows:
        csv_file = Upload("rows.csv", as_csv(table), "rows.csv")
        blocks.append(_context(say("slack_rows_attached", lang, shown=rows, total=total)))
    elif total > rows:
        blocks.append(_context(say("slack_rows_shown", lang, shown=rows, total=total)))
    return blocks, csv_file


def _actions(reply: Reply, question: str | None) -> list[Block]:
    lang: Language = "zh" if reply.language == "zh" else "en"
    elements: list[Block] = [
        _button(b.label, f"{ACTION_COMMAND}:{i}", b.command, b.style) for i, b in enumerate(reply.buttons)
    ]
    blocks: list[Block] = []
    if reply.code:
        if len(reply.code) <= MAX_VALUE:
            elements.append(_button(say("slack_show_sql", lang), ACTION_SHOW_SQL, reply.code))
        else:  # too long for a button: show it, cut to the section limit
            blocks.append(_section(_cut(f"```{escape(reply.code)}", MAX_SECTION - 3) + "```"))
        value = feedback_value(question, reply.code)
        elements += [
            _button("👍", f"{ACTION_FEEDBACK}:up", value),
            _button("👎", f"{ACTION_FEEDBACK}:down", value),
        ]
    for i in range(0, len(elements), MAX_ACTIONS):
        blocks.append({"type": "actions", "elements": elements[i : i + MAX_ACTIONS]})
    return blocks


def _button(label: str, action_id: str, value: str, style: str = "default") -> Block:
    button: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": _cut(label, MAX_BUTTON_LABEL), "emoji": True},
        "value": value[:MAX_VALUE],
    }
    if style in ("primary", "danger"):
        button["style"] = style
    return button


def _chunks(text: str, size: int) -> list[str]:
    """Pieces of at most `size` characters, cut at line ends where possible."""
    pieces: list[str] = []
    text = text.strip()
    while len(text) > size:
        cut = text.rfind("\n", 0, size)
        cut = cut if cut > size // 2 else size
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    if text:
        pieces.append(text)
    return pieces


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
