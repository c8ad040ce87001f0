"""Answer stage: a lean answer of 3–6 key points taken closely from the best chunks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from knowledge.answer_kind import asks_fact
from knowledge.search import squashed
from knowledge.types import Hit, Language, LeanAnswer

MIN_POINTS, MAX_POINTS = 3, 6
MAX_POINT_CHARS = 220
_ITEM = re.compile(r"^\s*(?:\d+[.)、．]|[-*•+](?:\s*\[[ xX]\])?|（\d+）|\(\d+\))\s*(.+)$")
_NUMBERED = re.compile(r"^\s*(?:\d+[.)、．]|（\d+）|\(\d+\))\s*\S")
_SENTENCE = re.compile(r"(?<=[。！？；])|(?<=[.!?;])\s+")
_MARKUP = re.compile(r"\*\*|__|`|^#+\s*")
#: A seam for an optional LLM: takes (question, points, full text, language), returns points.
Summarise = Callable[[str, list[str], str, Language], list[str]]


def _clean(text: str) -> str:
    text = _MARKUP.sub("", text).strip()
    if len(text) > MAX_POINT_CHARS:
        text = text[: MAX_POINT_CHARS - 1].rstrip() + "…"
    return text


def list_items(text: str) -> list[str]:
    """The numbered or bulleted items of a text, markup removed.

    >>> list_items("## Steps\\n1. **Stop** the line.\\n2. Call the leader.\\nNote\\n- [ ] Tag it")
    ['Stop the line.', 'Call the leader.', 'Tag it']
    """
    return [_clean(m.group(1)) for line in text.split("\n") if (m := _ITEM.match(line))]


def _position(points: Sequence[str], line: str) -> int | None:
    """Where `line` (a matching line of the section) is among `points`: the point that starts
    the same way (a point may be the line's first sentence, or cut short)."""
    wanted = squashed(_clean(line))[:60]
    for number, point in enumerate(points):
        have = squashed(point)[:60]
        if min(len(have), len(wanted)) >= 4 and (wanted.startswith(have) or have.startswith(wanted)):
            return number
    return None


def key_points(text: str, limit: int = MAX_POINTS, focus: str = "") -> tuple[list[str], int | None]:
    """3–6 points of a section (its list items if it has some, else its sentences), and the
    position among them of the `focus` line.

    The points start at the top of the section; when `focus` comes later, they start one
    point before it, so the answer shows the point asked about with its context.

    >>> key_points("Stop. Look. Listen. Then act.")
    (['Stop.', 'Look.', 'Listen.', 'Then act.'], None)
    >>> key_points("# Title\\n先停线。再呼叫班长。然后隔离。", focus="然后隔离。")
    (['先停线。', '再呼叫班长。', '然后隔离。'], 2)
    >>> key_points("1. a one\\n2. b two\\n3. c three\\n4. d four", limit=3, focus="d four")
    (['b two', 'c three', 'd four'], 2)
    """
    items = list_items(text)
    points = items
    if len(items) < MIN_POINTS:
        body = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))
        sentences = [_clean(s) for s in _SENTENCE.split(body.replace("\n", " ")) if s and s.strip()]
        points = items + [s for s in sentences if s and s not in items]
    at = _position(points, focus) if focus else None
    start = 0 if at is None or at < limit else min(at - 1, len(points) - limit)
    return points[start : start + limit], None if at is None else at - start


def pick(hits: Sequence[Hit]) -> Hit:
    """The hit to answer a how-to question from: among the top hits of the best document, the
    first numbered list (a procedure), else the first list, else the best hit."""
    best = hits[0]
    same = [h for h in hits[:5] if h.chunk.source == best.chunk.source]
    for wanted in (_NUMBERED, _ITEM):
        for hit in same:
            if sum(1 for line in hit.chunk.text.split("\n") if wanted.match(line)) >= MIN_POINTS:
                return hit
    return best


def lean_answer(
    question: str,
    hits: Sequence[Hit],
    language: Language,
    *,
    full_text: str | None = None,
    summarise: Summarise | None = None,
) -> LeanAnswer | None:
    """A `LeanAnswer` from ranked hits, or None when there are none.

    A how-to question is answered from the best procedure (`pick`); any other question
    (who, when, how long, why) from the section holding the best-matching line, with that
    line as the answer's focus. `summarise`, when given, may rewrite the points but sees
    only the retrieved text; the citation stays that of the chunk the points come from.
    """
    if not hits:
        return None
    fact = bool(hits[0].line) and asks_fact(question)
    chosen = hits[0] if fact else pick(hits)
    text = full_text or chosen.chunk.text
    points, focus = key_points(text, focus=chosen.line if fact else "")
    if summarise is not None:
        summary = summarise(question, points, text, language)
        points, focus = (summary, None) if summary else (points, focus)
    more = []
    for hit in hits:
        if hit.chunk.id != chosen.chunk.id and hit.citation not in more and hit.citation != chosen.citation:
            more.append(hit.citation)
    return LeanAnswer(
        points=points,
        citation=chosen.citation,
        full_text=text,
        language=chosen.chunk.language,
        more=more[:3],
        focus=focus,
    )
