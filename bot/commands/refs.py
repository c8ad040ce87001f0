"""Reading record numbers ("A17", "#17", "P5") from command arguments.

Numbers are read strictly: full-width forms ("Ａ１７") are the same characters in another
width and are read as "A17", but nothing else is guessed: "A-1325", "P-1", "A17x" or digits
of other scripts are refused, so a typo never names another record.
"""

from __future__ import annotations

import re
import unicodedata

from bot.errors import BotError

_REF = re.compile(r"#?([ap])?(\d{1,9})", re.IGNORECASE | re.ASCII)


def normalise(token: str) -> str:
    """`token` with full-width letters, digits and signs in their ASCII form.

    >>> normalise("Ａ１７"), normalise("＃５")
    ('A17', '#5')
    """
    return unicodedata.normalize("NFKC", token).strip()


def record_number(token: str | None, letter: str, *, bare: bool = False) -> int | None:
    """The number of a record written with its letter ("H7", "#h7", "Ｈ７" for `letter` "h"),
    or also without it ("#7", "7") when `bare`; None when `token` is not written so.

    >>> record_number("H7", "h"), record_number("ｈ７", "h"), record_number("7", "h")
    (7, 7, None)
    >>> record_number("H-7", "h") is None
    True
    >>> record_number("#12", "t", bare=True), record_number("1234567890", "s", bare=True)
    (12, None)
    """
    match = re.fullmatch(rf"#?({letter})?(\d{{1,9}})", normalise(token or ""), re.IGNORECASE | re.ASCII)
    if match is None or not (bare or match.group(1)):
        return None
    return int(match.group(2))


def is_problem_ref(token: str) -> bool:
    """Whether a token is meant to name a problem (P5, or a misspelt "P-5", which is then
    refused as a problem number) rather than an andon call (A17, 17).

    >>> is_problem_ref("P5"), is_problem_ref("#p5"), is_problem_ref("P-5"), is_problem_ref("17")
    (True, True, True, False)
    """
    return normalise(token).lstrip("#")[:1].lower() == "p"


def is_ref(token: str, *, bare: bool = True) -> bool:
    """Whether `token` is written as a record number; `bare` counts plain numbers ("17") too.

    >>> is_ref("A2"), is_ref("#2"), is_ref("2"), is_ref("2", bare=False), is_ref("two")
    (True, True, True, False, False)
    """
    normal = normalise(token)
    match = _REF.fullmatch(normal)
    return bool(match and (bare or match.group(1) or normal.startswith("#")))


def parse_ref(token: str | None, kind: str) -> int:
    """The number of an andon call ("andon") or problem ("problem") written as `token`.

    >>> parse_ref("A17", "andon"), parse_ref("#17", "andon"), parse_ref("p5", "problem")
    (17, 17, 5)
    >>> parse_ref("Ａ１７", "andon")
    17
    >>> parse_ref("A-1325", "andon")
    Traceback (most recent call last):
    bot.errors.BotError: andon_bad_id: {'given': 'A-1325'}
    """
    match = _REF.fullmatch(normalise(token or ""))
    prefix = (match.group(1) or "").lower() if match else None
    expected = "a" if kind == "andon" else "p"
    if match is None or prefix not in ("", expected) or (kind == "problem" and prefix != "p"):
        raise BotError(f"{kind}_bad_id", given=(token or "")[:40])
    return int(match.group(2))


def split_first(args: str) -> tuple[str | None, str]:
    """The first word of `args` and the rest.

    >>> split_first("A17 fixed the feeder"), split_first("")
    (('A17', 'fixed the feeder'), (None, ''))
    """
    parts = args.split(maxsplit=1)
    return (parts[0] if parts else None), (parts[1].strip() if len(parts) > 1 else "")


def one_record(command: str, token: str | None, rest: str, *, notes: bool) -> None:
    """Refuse a command that names a second record ("ack A1 A2") instead of silently
    ignoring it (or keeping it as a note). A plain number after the first record counts
    only for commands that take no note (`notes` False): "resolve A1 2 bolts" is a note.

    >>> one_record("ack", "A1", "A2", notes=False)
    Traceback (most recent call last):
    bot.errors.BotError: one_record: {'command': 'ack', 'first': 'A1', 'second': 'A2'}
    >>> one_record("resolve", "A1", "2 bolts replaced", notes=True)
    """
    second = rest.split(maxsplit=1)[0] if rest else ""
    if second and is_ref(second.rstrip(",;，；"), bare=not notes):
        first = (token or "").rstrip(",;，；")
        raise BotError("one_record", command=command, first=first, second=second.rstrip(",;，；"))
