"""Implied: the foreign keys a database does not declare, found in names and values.

Many plant databases declare no foreign keys: a defect log's `batch_id` holds the `BatchID` of the
batches, a batch's `tl_no` the `ToolNo` of its tool, and nothing says so. Without the link, "defects
by shift" cannot reach the shift of the batch, nor "good parts per customer" the tool's customer.

A column is taken to point to another table's single-column primary key when both say so:
- its name does: an identifier (`batch_id`, `tl_no`) whose words before `id` / `no` are in the
  table's or the key's name, written out or shortened (`batch` in `BatchLog`, `tl` for `Tool`);
  or its name is the key's own (`tool_tag` for `Tooling.ToolTag`), maybe after a role
  (`closer_st_id` for `staff.st_id`), or its comment names the key (`-- crew.badge_no of who
  logged it`);
- its values do: it holds at least `MIN_DISTINCT` values, and every one is a key of that table;
- and it is the only such table, and no other column of its own table points there (a reporter
  and a repairer are told apart by words, not values).
The column may be one part of its own table's key of several columns: a lot's scrap by reason,
keyed by (`lot_id`, `reason`), points to its lot.
The link is kept as `Column.references`, marked `Column.implied` (`gemba catalog show` says so).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, select

from nl2sql.profile import names_identifier

if TYPE_CHECKING:
    from nl2sql.catalog import Column, TableInfo

#: Fewer distinct values than this say too little to link on.
MIN_DISTINCT = 3


def link_implied(connection: Any, tables: dict[str, TableInfo], sa_tables: dict[str, Table]) -> None:
    """Set `references` (and `implied`) on each column that names and holds one other table's keys."""
    keys = {
        name: pk[0]
        for name, info in tables.items()
        if len(pk := [c for c in info.columns if c.primary_key]) == 1 and pk[0].kind in ("int", "text")
    }
    for name, info in tables.items():
        composite = sum(c.primary_key for c in info.columns) > 1
        found = {
            column.name: [
                (other, key.name)
                for other, key in keys.items()
                if other != name
                and _may_point(column, key, composite)
                and (named_after(column.name, other, key.name) or names_key(column, other, key.name))
                and _holds_keys(connection, sa_tables[name], column.name, sa_tables[other], key.name)
            ]
            for column in info.columns
        }
        declared = [c.references[0] for c in info.columns if c.references]
        implied = [links[0][0] for links in found.values() if len(links) == 1]
        for column in info.columns:
            links = found[column.name]
            if len(links) == 1 and [*declared, *implied].count(links[0][0]) == 1:
                column.references, column.implied = links[0], True


def named_after(column: str, table: str, key: str) -> bool:
    """Whether an identifier column is named after a table or its key: the words before its `id`
    / `no` stand in the table's or key's name, written out or shortened.

    >>> named_after("batch_id", "BatchLog", "BatchID"), named_after("tl_no", "Tool", "ToolNo")
    (True, True)
    >>> named_after("defect_id", "BatchLog", "BatchID"), named_after("Checker", "staff", "staff_id")
    (False, False)
    """
    if not names_identifier(column):
        return False
    words = re.split(r"_|(?<=[a-z0-9])(?=[A-Z])", column)[:-1]
    said = "".join(words).lower()
    if not said:
        return False
    return any(said in name or _shortens(said, name) for name in (table.lower(), key.lower()))


#: Key names too common to say which table a column of the same name points to.
_GENERIC_KEYS = frozenset({"id", "code", "name", "no", "nr", "key", "uid", "num"})


def names_key(column: Column, table: str, key: str) -> bool:
    """Whether a column is named as the key itself (`tool_tag` and `Tooling.ToolTag`, `part_no`
    and `Part.part_no`) or its comment names the key (`-- crew.badge_no of who logged it`).

    >>> from nl2sql.catalog import Column
    >>> names_key(Column("tool_tag", "text"), "Tooling", "ToolTag")
    True
    >>> names_key(Column("logged_by", "text", comment="crew.badge_no who logged it"), "crew", "badge_no")
    True
    >>> names_key(Column("code", "text"), "Defect", "code")
    False
    >>> names_key(Column("tag", "text"), "Asset", "tag_no")
    False
    >>> names_key(Column("closer_st_id", "int"), "staff", "st_id")
    True
    """
    flat = column.name.replace("_", "").lower()
    own = key.replace("_", "").lower()
    same = flat == own and flat not in _GENERIC_KEYS and len(flat) > 2
    # a role before the key's own name: `closer_st_id` is the `staff.st_id` who closed it
    role = "_" in key and column.name.lower().endswith(f"_{key.lower()}") and own not in _GENERIC_KEYS
    said = re.search(rf"(?<![\w.]){re.escape(table)}\.{re.escape(key)}(?!\w)", column.comment, re.IGNORECASE)
    return same or role or said is not None


def _shortens(short: str, name: str) -> bool:
    """Whether `short` is `name` with letters left out, first letter kept ("mld" of "moldno")."""
    if len(short) < 2 or short[0] != name[:1]:
        return False
    rest = iter(name)
    return all(ch in rest for ch in short)


def _may_point(column: Column, key: Column, composite: bool) -> bool:
    """Whether a column could hold `key`'s values: same kind, no declared link, and not its table's
    own key, unless one part of a key of several columns (an operation's work order number)."""
    own_key = column.primary_key and not composite
    return not (own_key or column.references or column.hidden) and column.kind == key.kind


def _holds_keys(connection: Any, table: Table, column: str, other: Table, key: str) -> bool:
    """Whether `table.column` holds at least `MIN_DISTINCT` values, each a key of `other`."""
    col, keys = table.c[column], other.c[key]
    held = select(col).where(col.is_not(None)).distinct().subquery()
    values = connection.execute(select(func.count()).select_from(held)).scalar() or 0
    strays = select(col).where(col.is_not(None), col.not_in(select(keys))).limit(1)
    return values >= MIN_DISTINCT and connection.execute(strays).first() is None
