"""A neutral `Reply` as a DingTalk markdown message.

DingTalk markdown has headings, bold, links, images and lists but no tables, and robot
messages have no buttons that talk back. So: fields become bold labels, short tables an
aligned monospace block, long tables their first rows plus the whole table as a CSV file,
charts a picture sent right after the text, and buttons `dtmd://dingtalkclient/sendMessage`
links: one tap sends the button's command to Gemba as the tapping user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

from adapters.console import render_table
from adapters.tables import as_csv
from bot.commands import COMMANDS
from bot.texts import register, say
from bot.types import Button, Language, Reply, Table

MAX_TEXT_TABLE_ROWS = 15
MAX_TEXT_BYTES = 18_000  # DingTalk refuses markdown over ~20 000 bytes
TITLE_CHARS = 40
SEND_MESSAGE = "dtmd://dingtalkclient/sendMessage?content="

# "ack" → "确认": a Chinese card's links send Chinese commands, so the answer is Chinese too.
_CHINESE_NAME = {c.name: next((a for a in c.aliases if not a.isascii()), c.name) for c in COMMANDS}
_CHINESE_ARG = {"me": "我"}
_BOLD = re.compile(r"(?<![*\w])\*([^*\n]+)\*(?![*\w])")

register(
    {
        "dingtalk_csv_follows": (
            "📎 All {total} rows follow as a CSV file.",
            "📎 完整的 {total} 行见随后的 CSV 文件。",
        ),
        "dingtalk_cut": ("… (cut: too long for one DingTalk message)", "…（内容过长，已截断）"),
    }
)


@dataclass(frozen=True)
class Attachment:
    """A picture or file sent after the markdown (DingTalk markdown can only link to them)."""

    kind: Literal["image", "file"]
    name: str
    content: bytes


@dataclass(frozen=True)
class Markdown:
    """One DingTalk markdown message: the notification title, the text, who is @-mentioned."""

    title: str
    text: str
    at_user_ids: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = field(default=())

    def session_body(self) -> dict[str, Any]:
        """The body for a `sessionWebhook` (or a custom robot webhook)."""
        return {
            "msgtype": "markdown",
            "markdown": {"title": self.title, "text": self.text},
            "at": {"atUserIds": list(self.at_user_ids), "isAtAll": False},
        }

    def robot_param(self) -> dict[str, str]:
        """The `msgParam` of an OpenAPI `sampleMarkdown` message."""
        return {"title": self.title, "text": self.text}


def render(reply: Reply, *, mention: str | None = None) -> Markdown:
    """`reply` as DingTalk markdown, @-mentioning the staff id `mention` (in groups).

    >>> from bot.types import Button
    >>> md = render(Reply("安灯 A1 已拉下", language="zh", fields=[("状态", "🔴 已拉下")],
    ...                   buttons=[Button("确认", "ack A1")]), mention="u1")
    >>> print(md.text)
    安灯 A1 已拉下
    <BLANKLINE>
    **状态**：🔴 已拉下
    <BLANKLINE>
    [确认](dtmd://dingtalkclient/sendMessage?content=%E7%A1%AE%E8%AE%A4%20A1)
    <BLANKLINE>
    @u1
    >>> md.title, md.at_user_ids
    ('安灯 A1 已拉下', ('u1',))
    """
    language: Language = "zh" if reply.language == "zh" else "en"
    blocks = [_lines(reply.text)]
    attachments: list[Attachment] = []
    colon = "：" if language == "zh" else ": "
    if reply.fields:
        blocks.append(_lines("\n".join(f"**{name}**{colon}{value}" for name, value in reply.fields)))
    if reply.table is not None:
        blocks.append(table_block(reply.table, language))
        total = reply.table.total_rows or len(reply.table.rows)
        if len(reply.table.rows) > MAX_TEXT_TABLE_ROWS:
            attachments.append(Attachment("file", f"{_file_stem(reply)}.csv", as_csv(reply.table)))
            blocks.append(say("dingtalk_csv_follows", language, total=total))
    if reply.image is not None:
        attachments.append(Attachment("image", f"{_file_stem(reply)}.png", reply.image.png))
        blocks.append(f"📈 {reply.image.title}" + (f"{colon}{reply.image.alt}" if reply.image.alt else ""))
    if reply.code:
        blocks.append(f"```sql\n{reply.code.strip()}\n```")
    if reply.buttons:
        blocks.append(" | ".join(action_link(button, language) for button in reply.buttons))
    if mention:
        blocks.append(f"@{mention}")
    text = _cut("\n\n".join(block for block in blocks if block), language)
    return Markdown(_title(reply), text, (mention,) if mention else (), tuple(attachments))


def action_link(button: Button, language: Language) -> str:
    """A markdown link that sends the button's command when tapped.

    >>> action_link(Button("Acknowledge", "ack A7"), "en")
    '[Acknowledge](dtmd://dingtalkclient/sendMessage?content=ack%20A7)'
    >>> action_link(Button("[3] OK", "score 3"), "en")  # brackets would end the link's text
    '[(3) OK](dtmd://dingtalkclient/sendMessage?content=score%203)'
    """
    label = button.label.replace("[", "(").replace("]", ")")
    return f"[{label}]({SEND_MESSAGE}{quote(command_in(button.command, language), safe='')})"


def command_in(command: str, language: Language) -> str:
    """`command` with its Chinese name (and Chinese words) when `language` is Chinese.

    >>> command_in("ack A7", "zh"), command_in("assign P5 me", "zh"), command_in("ack A7", "en")
    ('确认 A7', '指派 P5 我', 'ack A7')
    """
    if language != "zh":
        return command
    name, *args = command.split()
    return " ".join([_CHINESE_NAME.get(name, name), *(_CHINESE_ARG.get(a, a) for a in args)])


def table_block(table: Table, language: Language) -> str:
    """The first rows of `table`, aligned, in a monospace block.

    >>> print(table_block(Table(["line", "calls"], [["L3", 17]]), "en"))
    ```
    line  calls
    ----  -----
    L3       17
    ```
    """
    total = table.total_rows or len(table.rows)
    shown = Table(table.columns, table.rows[:MAX_TEXT_TABLE_ROWS], total)
    return f"```\n{render_table(shown, language)}\n```"


def to_markdown(text: str) -> str:
    """Chat text (`*bold*`, one line per line) as DingTalk markdown.

    >>> to_markdown("type *help*\\nor *帮助*")
    'type **help**  \\nor **帮助**'
    """
    return _lines(text)


def _lines(text: str) -> str:
    # DingTalk joins single newlines; two trailing spaces keep each line on its own.
    return "  \n".join(_BOLD.sub(r"**\1**", line) for line in text.strip("\n").split("\n"))


def _title(reply: Reply) -> str:
    title = reply.title or reply.text.strip().split("\n", 1)[0]
    title = title.replace("*", "").replace("`", "").strip() or "Gemba"
    return title[:TITLE_CHARS]


def _file_stem(reply: Reply) -> str:
    stem = re.sub(r"[^\w\-]+", "-", (reply.title or "gemba")).strip("-")
    return stem[:40] or "gemba"


def _cut(text: str, language: Language) -> str:
    data = text.encode()
    if len(data) <= MAX_TEXT_BYTES:
        return text
    return data[: MAX_TEXT_BYTES - 200].decode(errors="ignore") + "\n\n" + say("dingtalk_cut", language)
