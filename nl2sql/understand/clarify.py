"""Clarify: the questions back when the reading does not settle the table — several tables fit
equally well (`ambiguous`), or none does (`nothing_found`, which offers the tables that hold a
value the question names, or raises `NoSuchData` with the data there is) — or when the plan
reaches a table two ways (`two_ways`: a move's from or to location)."""

from __future__ import annotations

from nl2sql.errors import NoSuchData
from nl2sql.link import SchemaIndex
from nl2sql.types import Clarification, Plan
from nl2sql.understand.reading import Reading


def table_label(table: str, index: SchemaIndex, language: str = "en") -> str:
    """How people call a table: its configured label, else its name in words."""
    info = index.table(table)
    if language == "zh" and info.label_zh:
        return info.label_zh
    if info.label_en:
        return info.label_en
    words = table.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def ambiguous(question: str, tables: list[str], index: SchemaIndex) -> Clarification:
    """Which of `tables` the question means, each offered with the question."""
    zh = not question.isascii()
    choices = [f"{table_label(t, index, 'zh' if zh else 'en')}: {question}" for t in tables]
    return Clarification("Which data do you mean?", "您指的是哪类数据？", choices)


def two_ways(question: str, plan: Plan, index: SchemaIndex) -> Clarification | None:
    """Which link the plan means where it reaches a table by two columns (a stock move's
    `from_loc_id` or `to_loc_id`), each offered as the question "via" that column; None when
    every table it uses is reached one way."""
    for table in dict.fromkeys(ref.table for ref in plan.refs() if ref.table != plan.table):
        links = index.two_ways(plan.table, table, plan.via)
        if links:
            question = question.rstrip("?？.。 ")
            return Clarification(
                "Which link do you mean?",
                "您指的是哪种关联？",
                [f"{question} (via {link})" for link in links],
            )
    return None


def nothing_found(question: str, r: Reading, index: SchemaIndex) -> Clarification:
    """No table's name fits: the largest fact tables that reach a value the question names, or
    `NoSuchData` (raised) listing the data there is."""
    if r.values:
        tables = {ref.table for _s, refs, _w in r.values for ref in refs}
        facts = [
            t
            for t in index.catalog.tables
            if not index.is_dimension(t) and any(t == x or index.path(t, x) for x in tables)
        ]
        facts.sort(key=lambda t: -index.table(t).rows)
        if facts:
            return ambiguous(question, facts[:3], index)
    facts = [t for t in index.catalog.tables if not index.is_dimension(t)]
    facts.sort(key=lambda t: -index.table(t).rows)
    labels = ", ".join(table_label(t, index).lower() for t in facts[:6])
    labels_zh = "、".join(table_label(t, index, "zh") for t in facts[:6])
    raise NoSuchData(
        f"no table matches {question!r}",
        hint_en=f"I have no data that answers that. I can answer questions about: {labels}.",
        hint_zh=f"没有能回答这个问题的数据。可以问这些数据：{labels_zh}。",
        suggestions=tuple(table_label(t, index) for t in facts[:6]),
    )
