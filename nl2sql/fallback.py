"""The LLM fallback: a prompt with only the relevant slice of the schema and similar
verified examples, and the SQL pulled out of the model's answer.

The model never runs anything: what it writes goes through `check` like any SQL. A plain
mistake (syntax, an unknown column, a database error) is fed back for one repair; a refusal
of policy is never fed back (see `nl2sql.answer`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from nl2sql.catalog import Catalog
from nl2sql.errors import LLMError
from nl2sql.lexicon import concepts_of_text, tokens
from nl2sql.link import SchemaIndex

MAX_REPAIRS = 1
MAX_TABLES = 6
MAX_EXAMPLES = 4


class LLM(Protocol):
    """A chat model: messages (role, content) in, text out. Raises `LLMError` on failure."""

    def complete(self, messages: list[dict[str, str]]) -> str: ...


def relevant_tables(question: str, catalog: Catalog, limit: int = MAX_TABLES) -> list[str]:
    """Tables whose names, comments or values share words with the question, best first."""
    index = SchemaIndex.of(catalog)
    wanted = concepts_of_text(question) | set(tokens(question))
    scored = []
    for name, concepts in index.table_concepts.items():
        score: float = len(wanted & concepts)
        score += sum(len(wanted & c) for (t, _c), c in index.column_concepts.items() if t == name) * 0.3
        scored.append((score, name))
    ranked = [n for s, n in sorted(scored, key=lambda x: (-x[0], x[1]))]
    chosen = ranked[:limit]
    for name in list(chosen):  # tables they join to (lines, stations…)
        for _col, other, _oc, direction in index.edges.get(name, []):
            if direction == "out" and other not in chosen and len(chosen) < limit + 3:
                chosen.append(other)
    return chosen


#: How the model is told a time column keeps its values (see nl2sql.profile).
_STORED = {
    "iso": "text 'YYYY-MM-DD HH:MM:SS'",
    "iso_t": "text 'YYYY-MM-DDTHH:MM:SS'",
    "date_text": "text 'YYYY-MM-DD'",
    "date_int": "integer YYYYMMDD",
    "iso_tz": "text 'YYYY-MM-DD HH:MM:SS+HH', local time and its offset from UTC",
    "iso_t_tz": "text 'YYYY-MM-DDTHH:MM:SS+HH:MM', local time and its offset from UTC",
    "epoch_s": "integer seconds since 1970-01-01 UTC",
    "epoch_ms": "integer milliseconds since 1970-01-01 UTC",
    "dmy": "text 'DD.MM.YYYY HH:MM', day first",
    "mdy": "text 'MM/DD/YYYY HH:MM', month first",
}


def schema_slice(catalog: Catalog, tables: Sequence[str]) -> str:
    """CREATE TABLE-like text of `tables`, with comments and a few stored values."""
    out = []
    for name in tables:
        table = catalog.table(name)
        if table is None:
            continue
        lines = [f"-- {table.comment}" if table.comment else "", f"TABLE {table.name} ("]
        for c in table.visible:
            extra = f" REFERENCES {c.references[0]}({c.references[1]})" if c.references else ""
            note = f" -- {c.comment}" if c.comment else ""
            named = [f"{code}={meaning}" for code, meaning in c.labels.items()] or c.values or []
            values = f" values: {', '.join(named[:12])}" if named else ""
            utc = " (UTC)" if c.utc and "utc" not in c.comment.lower() else ""
            stored = f" (stored as {_STORED[c.storage]})" if c.storage else ""
            key = " PRIMARY KEY" if c.primary_key else ""
            lines.append(f"  {c.name} {c.kind}{key}{extra},{note}{utc}{stored}{values}")
        lines.append(")")
        out.append("\n".join(line for line in lines if line))
    return "\n\n".join(out)


def similar_examples(
    question: str, examples: Sequence[tuple[str, str]], limit: int = MAX_EXAMPLES
) -> list[tuple[str, str]]:
    """The verified (question, SQL) pairs that share the most words with `question`."""
    words = set(tokens(question))
    scored = sorted(examples, key=lambda pair: -len(words & set(tokens(pair[0]))))
    return [pair for pair in scored[:limit] if words & set(tokens(pair[0]))]


def prompt(
    question: str,
    catalog: Catalog,
    dialect: str,
    *,
    now: str,
    examples: Sequence[tuple[str, str]] = (),
) -> list[dict[str, str]]:
    """The chat messages asking for one SELECT in `dialect`."""
    tables = relevant_tables(question, catalog)
    system = (
        f"You write one read-only SQL SELECT statement for {dialect}. Use only the tables and columns "
        "below. Answer with the SQL in a ```sql block and nothing else. Never modify data. "
        f"The current plant time is {now}; weeks start on Monday.\n\n{schema_slice(catalog, tables)}"
    )
    messages = [{"role": "system", "content": system}]
    for q, sql in similar_examples(question, examples):
        messages += [{"role": "user", "content": q}, {"role": "assistant", "content": f"```sql\n{sql}\n```"}]
    messages.append({"role": "user", "content": question})
    return messages


_FENCE = re.compile(r"```(?:sql|SQL)?\s*(.*?)```", re.S)


def extract_sql(text: str) -> str:
    """The SQL in a model's answer: the first fenced block, else the whole text.

    >>> extract_sql("Here:\\n```sql\\nSELECT 1\\n```")
    'SELECT 1'
    """
    match = _FENCE.search(text)
    sql = (match.group(1) if match else text).strip()
    if not sql:
        raise LLMError(
            "the model returned no SQL",
            hint_en="The language model gave no query.",
            hint_zh="语言模型没有给出查询。",
        )
    return sql


def repair_message(sql: str, error: str) -> list[dict[str, str]]:
    """Messages that show the model its SQL and what was wrong with it."""
    return [
        {"role": "assistant", "content": f"```sql\n{sql}\n```"},
        {"role": "user", "content": f"That query failed: {error}\nWrite a corrected query."},
    ]
