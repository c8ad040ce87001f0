"""Keep table and column comments in SQLite's stored DDL, as /* … */ SQL comments.

SQLite has no COMMENT clause, but it stores each CREATE TABLE statement verbatim in
`sqlite_master`, so comments written there are what a schema reader (our nl2sql catalog,
or any person) can see. Imported for its side effect by `bot.store.models`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn, CreateTable


def _sql_comment(text: str) -> str:
    return "/* " + text.replace("*/", "* /") + " */"


@compiles(CreateColumn, "sqlite")
def _column_with_comment(element: CreateColumn, compiler: Any, **kw: Any) -> str:
    text = compiler.visit_create_column(element, **kw)
    comment = element.element.comment
    return f"{text} {_sql_comment(comment)}" if text and comment else text


@compiles(CreateTable, "sqlite")
def _table_with_comment(element: CreateTable, compiler: Any, **kw: Any) -> str:
    text = compiler.visit_create_table(element, **kw)
    comment = element.element.comment
    return text.replace("(", f"( {_sql_comment(comment)}", 1) if comment else text
