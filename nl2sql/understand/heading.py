"""Which way a move goes: of a move's two links to one table (a tray move's `from_oven` and
`to_oven`), the one whose name says the way the question says ("moved out of each store",
"从每个烤炉移出": from; "moved into", "移入": to)."""

from __future__ import annotations

import re

from nl2sql.lexicon import name_words
from nl2sql.types import link_ref

#: The words of a link column that say which way a move goes, and the words of a question that
#: say it: "moved out of each store", "从每个烤炉移出" (from); "moved into", "移入" (to).
_HEADINGS = (
    (frozenset({"from", "src", "source", "origin"}), re.compile(r"\bfrom\b|\bout of\b|从|出")),
    (
        frozenset({"to", "dest", "dst", "destination", "target"}),
        re.compile(r"\binto\b|\bfrom\b.+\bto\b|到|入|进"),
    ),
)


def heading(links: list[str], text: str) -> list[str]:
    """Of a move's two links to one table, the one whose name says the way the question says
    (one way only: "from the Deck oven to the Tunnel oven" names both)."""
    said = [words for words, pattern in _HEADINGS if pattern.search(text)]
    if len(said) != 1:
        return []
    return [link for link in links if said[0] & set(name_words(link_ref(link).column))]
