"""Reading what follows `tier` / `早会`: a sub-command's words, and whether the words are a
command at all or a question about the meetings ("tier meetings by line")."""

from __future__ import annotations

import re

OK_WORDS = frozenset({"ok", "ack", "✅", "确认", "到", "签到"})
ITEM_WORDS = frozenset({"item", "事项"})
MINUTES_WORDS = frozenset({"minutes", "纪要"})
#: The Chinese sub-command words, longest first: they may run into their argument ("确认T12").
CJK_WORDS = sorted(
    (w for w in OK_WORDS | ITEM_WORDS | MINUTES_WORDS if not w.isascii() and w != "✅"), key=len, reverse=True
)
#: What follows "tier" / "早会" in a question about the meetings rather than in a command.
_QUESTION = re.compile(
    r"^(?:meetings?|attendance|items|concerns|by|per|trends?|counts?)\b|多少|几次|几个|最多|统计|趋势|平均",
    re.IGNORECASE,
)


def is_command(rest: str) -> bool:
    """Whether the words after "tier" / "早会" are a command (not a data question).

    >>> is_command("L3"), is_command("ok T12"), is_command("meetings by line"), is_command("有多少个事项")
    (True, True, False, False)
    >>> is_command("事项 T3 缺多少螺丝")
    True
    """
    first = rest.split(maxsplit=1)[0].lower() if rest.strip() else ""
    if first in OK_WORDS | ITEM_WORDS | MINUTES_WORDS:
        return True
    return not _QUESTION.search(rest.strip())
