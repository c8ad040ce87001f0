"""Screen: refuse questions that are SQL, commands or tricks rather than questions.

Questions are read after Unicode folding (full-width letters, ligatures) with invisible
and direction-changing characters removed, so "ＤＲＯＰ" or "DR\u200bOP" are seen for
what they are.
"""

from __future__ import annotations

import re
import unicodedata

from nl2sql.errors import NL2SQLError, Rejected

MAX_QUESTION_CHARS = 1000
_INVISIBLE = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_SQL = re.compile(
    r"\b(?:select|insert|update|delete|drop|alter|truncate|grant|revoke|attach|detach|pragma|exec|execute|"
    r"merge|shutdown|declare|union)\b.*\b(?:from|table|into|database|set|select|where|values|schema|"
    r"program|outfile|dumpfile|extension|exec|all|user|global|session|returning|1\s*=\s*1)\b"
    r"|\bcopy\s+\w+\s+(?:to|from)\b|\bload\s+data\b|\bcall\s+\w+\s*\(|\bpragma\b|\bvacuum(?:\s+into\b|\s*;|\s*$)"
    r"|;\s*\w|--|/\*|\*/|#\s*$|\bor\s+['\"]?\d+['\"]?\s*=\s*['\"]?\d+|'\s*or\s*'|\bxp_\w+|"
    r"\b(?:pg_sleep|sleep|benchmark|load_file|pg_read_file|lo_import|lo_export|dblink|readfile|writefile|"
    r"load_extension|sys_eval|utl_http|waitfor\s+delay)\b|"
    r"\b(?:information_schema|pg_catalog|pg_shadow|pg_authid|pg_user|sqlite_master|sqlite_schema|"
    r"sqlite_temp_master|mysql\.user|performance_schema|sys\.)\b|\$\$|\\\\x[0-9a-f]{2}|char\(\d+|0x[0-9a-f]{6,}|"
    r"\b(?:ignore|disregard|forget)\b.{0,40}\b(?:instructions|rules|prompt|previous)\b|\bsystem prompt\b|"
    r"\b(?:outbox|processed_deliveries|alembic_version|conversations)\b",
    re.I | re.S,
)


def fold(text: str) -> str:
    """The question as the screen reads it: NFKC folded, invisible characters removed.

    >>> fold("ＤＲ\\u200bＯＰ table")
    'DROP table'
    """
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def screen(question: str) -> str:
    """The folded question, or an error when it is too long, empty, or looks like SQL or an attack.

    >>> screen("how many andon calls last week?")
    'how many andon calls last week?'
    >>> screen("which vacuum pumps stopped from Monday?")  # a plant word, not SQLite's VACUUM
    'which vacuum pumps stopped from Monday?'
    >>> screen("1; DROP TABLE lines")
    Traceback (most recent call last):
    ...
    nl2sql.errors.Rejected: the question contains SQL or commands
    """
    if len(question) > MAX_QUESTION_CHARS:
        raise NL2SQLError(
            "question too long",
            hint_en=f"That question is too long for me (over {MAX_QUESTION_CHARS} characters). "
            "Please ask it in a sentence or two.",
            hint_zh=f"问题太长（超过 {MAX_QUESTION_CHARS} 个字符），请用一两句话提问。",
        )
    folded = fold(question).strip()
    if not folded:
        raise NL2SQLError(
            "empty question", hint_en="Ask me a question about the data.", hint_zh="请提一个数据问题。"
        )
    if _SQL.search(folded):
        raise Rejected("the question contains SQL or commands", what="ask in plain words")
    return folded
