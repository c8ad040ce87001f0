"""Chunk stage: split a document at its headings, keeping the section path of each piece."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from knowledge.answer_kind import stated_kinds
from knowledge.types import Chunk, Document

MAX_CHARS = 1200
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def _sections(document: Document) -> list[tuple[tuple[str, ...], list[str]]]:
    """(heading path below the title, lines including the heading line) per section."""
    path: list[tuple[int, str]] = []
    sections: list[tuple[tuple[str, ...], list[str]]] = [((), [])]
    title_seen = False
    for line in document.text.split("\n"):
        match = _HEADING.match(line)
        if match:
            level, name = len(match.group(1)), match.group(2).strip()
            if level == 1 and not title_seen and name == document.title:
                title_seen = True
                continue
            path = [(lv, n) for lv, n in path if lv < level] + [(level, name)]
            sections.append((tuple(n for _, n in path), [line]))
        else:
            sections[-1][1].append(line)
    return sections


def _split(text: str, limit: int) -> list[str]:
    """Cut a long section at blank lines or line ends into pieces of at most about `limit` chars.

    >>> [len(p) for p in _split("a" * 50 + "\\n" + "b" * 50 + "\\n" + "c" * 50, 110)]
    [101, 50]
    """
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for block in re.split(r"(?<=\n)", text):
        while len(block) > limit:  # one huge line: cut at a sentence end or hard
            cut = max(block.rfind(mark, 0, limit) for mark in ("。", ". ", "；", "; ", "，", ", "))
            cut = cut + 1 if cut > limit // 3 else limit
            if current:
                pieces.append(current.strip())
                current = ""
            pieces.append(block[:cut].strip())
            block = block[cut:]
        if current and len(current) + len(block) > limit:
            pieces.append(current.strip())
            current = ""
        current += block
    if current.strip():
        pieces.append(current.strip())
    return [p for p in pieces if p]


def chunk(document: Document, *, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """Split `document` into chunks, one per section (long sections in several parts).

    >>> from knowledge.types import Document
    >>> doc = Document("a.md", "5 Whys", "# 5 Whys\\nAsk why.\\n## Steps\\n1. State the problem.\\n"
    ...                "### Check\\n- Root cause found", "en", "h")
    >>> [(c.citation, c.text) for c in chunk(doc)]
    [('5 Whys', 'Ask why.'), ('5 Whys › Steps', '## Steps\\n1. State the problem.'), \
('5 Whys › Steps › Check', '### Check\\n- Root cause found')]
    """
    chunks: list[Chunk] = []
    for section, lines in _sections(document):
        body = "\n".join(lines).strip()
        has_body = any(line.strip() for line in (lines[1:] if section else lines))
        if not has_body:
            continue
        parts = _split(body, max_chars)
        for number, part in enumerate(parts, 1):
            path = section
            if len(parts) > 1 and number > 1:
                path = (*section[:-1], f"{section[-1]} ({number})") if section else (f"({number})",)
            chunks.append(
                Chunk(
                    id=f"{document.content_hash}:{len(chunks)}",
                    text=part,
                    title=document.title,
                    section=path,
                    language=document.language,
                    source=document.path,
                    content_hash=hashlib.sha256(part.encode("utf-8")).hexdigest()[:16],
                    doc_hash=document.content_hash,
                )
            )
    return chunks


@dataclass(frozen=True)
class Unit:
    """One embedded piece of a chunk.

    `text` is what is embedded (heading path and body), `body` the chunk's own words in
    it, and `kinds` the kinds of fact it states (`knowledge.answer_kind`).
    """

    text: str
    body: str
    kinds: frozenset[str] = frozenset()


_MARKER = re.compile(r"^\s*(?:#+|\d+[.)、．]|[-*•+](?:\s*\[[ xX]\])?)\s*")


def _lines(piece: Chunk, max_chars: int) -> list[tuple[str, frozenset[str]]]:
    """(text, kinds stated) of each line, without list markers or bold marks; long lines cut at sentences."""
    out: list[tuple[str, frozenset[str]]] = []
    for raw in piece.text.split("\n"):
        if _HEADING.match(raw):
            continue
        line = _MARKER.sub("", raw).replace("**", "").strip()
        if len(line) < 4:
            continue
        kinds = stated_kinds(raw)
        parts = [line] if len(line) <= max_chars else re.split(r"(?<=[。！？.!?])\s*", line)
        out += [(p.strip(), kinds) for p in parts if p.strip()]
    return out


def units(piece: Chunk, *, max_chars: int = 300) -> list[Unit]:
    """Units embedded for a chunk: the whole chunk, then each line (or sentence of a long line).

    Every unit carries the heading path. Search matches a question against the small
    units and returns the chunk they belong to ("small to big"), so a one-line fact is
    found without cutting the section apart. (Pairs of adjacent lines as extra units were
    measured too: +0.003 and +0.018 MRR@10 on the two eval sets, for twice the vectors and
    twice the search time; left out.)

    >>> from knowledge.types import Chunk
    >>> text = "## Steps\\n1. Stop the line.\\n2. Call the leader within 2 minutes."
    >>> c = Chunk("i", text, "Andon", ("Steps",), "en", "x", "h", "d")
    >>> [(u.text, sorted(u.kinds)) for u in units(c)[1:]]
    [('Andon › Steps: Stop the line.', []), ('Andon › Steps: Call the leader within 2 minutes.', ['time'])]
    """
    return [Unit(piece.embed_text(), piece.text)] + [
        Unit(f"{piece.citation}: {body}", body, kinds) for body, kinds in _lines(piece, max_chars)
    ]
