"""Reading record numbers ("A17", "#17", "P5") from command arguments."""

from __future__ import annotations

import re

from bot.errors import BotError

_REF = re.compile(r"^#?([ap])?-?(\d{1,9})$", re.IGNORECASE)


def is_problem_ref(token: str) -> bool:
    """Whether a token names a problem (P5) rather than an andon call (A17, 17).

    >>> is_problem_ref("P5"), is_problem_ref("#p5"), is_problem_ref("A17"), is_problem_ref("17")
    (True, True, False, False)
    """
    match = _REF.match(token)
    return bool(match and (match.group(1) or "").lower() == "p")


def parse_ref(token: str | None, kind: str) -> int:
    """The number of an andon call ("andon") or problem ("problem") written as `token`.

    >>> parse_ref("A17", "andon"), parse_ref("#17", "andon"), parse_ref("p5", "problem")
    (17, 17, 5)
    """
    match = _REF.match(token or "")
    prefix = (match.group(1) or "").lower() if match else None
    expected = "a" if kind == "andon" else "p"
    if match is None or prefix not in ("", expected) or (kind == "problem" and prefix != "p"):
        raise BotError(f"{kind}_bad_id", given=token or "")
    return int(match.group(2))


def split_first(args: str) -> tuple[str | None, str]:
    """The first word of `args` and the rest.

    >>> split_first("A17 fixed the feeder"), split_first("")
    (('A17', 'fixed the feeder'), (None, ''))
    """
    parts = args.split(maxsplit=1)
    return (parts[0] if parts else None), (parts[1].strip() if len(parts) > 1 else "")
