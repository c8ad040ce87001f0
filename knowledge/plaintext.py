"""Headings of plain-text documents, found and written as Markdown `#` lines.

A plant's .txt procedures mark their structure the way a typewriter would: a title on
the first line, then section lines standing alone between blank lines, numbered
("3. IDENTIFICATION", "4.2 Daily check", "一、适用范围", "第二章 培训") or in capitals.
Without them a text file would be one long section cut by length, its citations
"title › (2)". Text that already has Markdown headings is left as it is.
"""

from __future__ import annotations

import re

_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
_TERMINAL = re.compile(r"[.。!?！？;；:：,，、]$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)[.、)]?\s+\S")
_CHINESE_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|第[一二三四五六七八九十百\d]+[章节部分篇])\s*\S"
)
_CHINESE_SUBSECTION = re.compile(r"^[(（][一二三四五六七八九十]+[)）]\s*\S")
_CAPITALS = re.compile(r"^[^a-z]*[A-Z]{2}[^a-z]*$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
MAX_HEADING_CHARS = 60
MAX_HEADING_WORDS = 8


def _heading_level(line: str) -> int | None:
    """The Markdown level (2–4) of a line that looks like a section heading, else None.

    >>> [_heading_level(s) for s in ("3. IDENTIFICATION", "4.2 Daily check", "一、适用范围", "（二）小泄漏")]
    [2, 3, 2, 3]
    >>> [_heading_level(s) for s in ("1. Stop the machine and tell the team leader.", "Owner: Lab", "Note")]
    [None, None, None]
    """
    if len(line) > MAX_HEADING_CHARS or _TERMINAL.search(line):
        return None
    if _CHINESE_SECTION.match(line):
        return 2
    if _CHINESE_SUBSECTION.match(line):
        return 3
    words = len(line.split()) + len(_HAN.findall(line)) // 2
    numbered = _NUMBERED.match(line)
    if numbered and words <= MAX_HEADING_WORDS:
        return min(1 + len(numbered.group(1).split(".")), 4)
    if _CAPITALS.match(line) and words <= MAX_HEADING_WORDS:
        return 2
    return None


def plain_headings(text: str) -> str:
    """`text` with its title as `# …` and its section lines as `## …` (`###` for "4.2", "（二）").

    A section line must stand alone between blank lines; the title is the first line
    when it is short and not a sentence.

    >>> print(plain_headings("LOCKOUT PROCEDURE\\nRev 2\\n\\n1. PURPOSE\\n\\nKeep people safe.\\n\\n"
    ...                      "1.1 Scope\\n\\nAll machines.\\n1. Stop.\\n2. Lock."))
    # LOCKOUT PROCEDURE
    Rev 2
    <BLANKLINE>
    ## 1. PURPOSE
    <BLANKLINE>
    Keep people safe.
    <BLANKLINE>
    ### 1.1 Scope
    <BLANKLINE>
    All machines.
    1. Stop.
    2. Lock.
    """
    if _MARKDOWN_HEADING.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    titled = False
    for number, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            out.append(raw)
            continue
        if not titled:
            titled = True
            if len(line) <= 80 and not _TERMINAL.search(line):
                out.append(f"# {line}")
                continue
        alone = (number == 0 or not lines[number - 1].strip()) and (
            number + 1 == len(lines) or not lines[number + 1].strip()
        )
        level = _heading_level(line) if alone else None
        out.append(f"{'#' * level} {line}" if level else raw)
    return "\n".join(out)
