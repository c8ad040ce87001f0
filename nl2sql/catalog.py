"""The catalog: what a database holds, found by introspection, cached as JSON.

Tables, columns, types, keys, comments (including the `/* … */` and `-- …` comments in
SQLite's stored DDL), time columns found in text and integers by their values,
and a value dictionary of low-cardinality text columns, so that
"PR-07" or "material shortage" in a question are recognised. A semantic file may add
synonyms, labels, units and named metrics (see `nl2sql.semantic`); it never replaces
what introspection found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, Table, func, inspect, select, text
from sqlalchemy import types as satypes
from sqlalchemy.exc import DBAPIError, OperationalError

from nl2sql import profile
from nl2sql.implied import link_implied

MAX_DISTINCT = 60
MAX_NAMES = 20_000  # values kept of a column that names its rows (see `names_rows`)
MAX_VALUE_CHARS = 80
FORMAT = 5  # of the cached JSON; a cache of another format is introspected again


@dataclass
class Column:
    """One column. `kind` is text, int, float, datetime, date, bool, code (integer codes) or other."""

    name: str
    kind: str
    comment: str = ""
    nullable: bool = True
    primary_key: bool = False
    unique: bool = False  # declared unique by itself: another key people may name a row by
    references: tuple[str, str] | None = None  # (table, column) of a foreign key
    implied: bool = False  # the foreign key is found in names and values, not declared (nl2sql.implied)
    utc: bool = False
    values: list[str] | None = None
    synonyms: list[str] = field(default_factory=list)
    unit: str = ""
    hidden: bool = False
    storage: str = ""  # how a time column stores its values, when not natively (see nl2sql.profile)
    day_starts: list[int] = field(default_factory=list)  # an epoch day's moments (profile.day_starts)
    labels: dict[str, str] = field(default_factory=dict)  # code → meaning, from the comment

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "float")

    @property
    def temporal(self) -> bool:
        return self.kind in ("datetime", "date")


@dataclass
class NamedMetric:
    """A metric with one meaning everywhere (MTTR, scrap rate…).

    kind "duration": mean of `end - start` in seconds over rows with both, except
    `excluded_status`; kind "ratio": SUM(numerator) / SUM(denominator).
    """

    name: str
    table: str
    kind: str
    label_en: str
    label_zh: str
    start: str = ""
    end: str = ""
    excluded_status: str = ""
    status_column: str = "status"
    numerator: str = ""
    denominator: str = ""
    definition_en: str = ""
    definition_zh: str = ""
    synonyms: list[str] = field(default_factory=list)


@dataclass
class TableInfo:
    """One table or view and its columns, in database order."""

    name: str
    columns: list[Column]
    comment: str = ""
    rows: int = 0
    synonyms: list[str] = field(default_factory=list)
    label_en: str = ""
    label_zh: str = ""
    time_column: str = ""
    source: str = ""

    def column(self, name: str) -> Column | None:
        """The column called `name`, or None."""
        for column in self.columns:
            if column.name == name:
                return column
        return None

    @property
    def visible(self) -> list[Column]:
        return [c for c in self.columns if not c.hidden]


@dataclass
class Rollup:
    """A summary table the database keeps of a finer one, read instead of it where it is exact.

    `table` holds, per plant day (`day`, the day of `of`'s time column `day_of`) and per each
    of `keys` (columns both tables share, with the same values), the SUM of each of `sums` over
    `of`'s rows. `info` is its table, kept out of `Catalog.tables` so that no question is
    linked to it (see `nl2sql.roll_up`).
    """

    table: str
    of: str
    day: str
    day_of: str
    keys: list[str]
    sums: list[str]
    info: TableInfo


@dataclass
class Catalog:
    """Every allowed table of one database, plus named metrics and the summary tables that may
    stand in for a table (`rollups`, by the name of the table they summarise)."""

    dialect: str
    tables: dict[str, TableInfo]
    metrics: list[NamedMetric] = field(default_factory=list)
    rollups: dict[str, Rollup] = field(default_factory=dict)

    def table(self, name: str) -> TableInfo | None:
        """The table called `name` (case-insensitive), or None."""
        return self.tables.get(name) or self.tables.get(name.lower())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe form (see `from_dict`)."""
        return {**asdict(self), "format": FORMAT}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Catalog:
        """The catalog `to_dict` wrote.

        >>> c = Catalog("sqlite", {"t": TableInfo("t", [Column("a", "int", references=("u", "id"))])})
        >>> Catalog.from_dict(json.loads(json.dumps(c.to_dict()))) == c
        True
        """
        if data.get("format") != FORMAT:
            raise ValueError("a catalog of another Gemba version")
        tables = {name: _table_from_dict(t) for name, t in data["tables"].items()}
        metrics = [NamedMetric(**m) for m in data.get("metrics", [])]
        rollups = {
            name: Rollup(**{**r, "info": _table_from_dict(r["info"])})
            for name, r in data.get("rollups", {}).items()
        }
        return cls(data["dialect"], tables, metrics, rollups)

    def save(self, path: str | Path) -> None:
        """Write the catalog as JSON (the cache `gemba catalog refresh` writes)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Catalog:
        """Read a catalog written by `save`."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def _table_from_dict(data: dict[str, Any]) -> TableInfo:
    columns = [
        Column(**{**c, "references": tuple(c["references"]) if c.get("references") else None})
        for c in data["columns"]
    ]
    return TableInfo(**{**data, "columns": columns})


def kind_of(sqltype: Any) -> str:
    """Our coarse kind of a SQLAlchemy type.

    >>> kind_of(satypes.String(20)), kind_of(satypes.Integer()), kind_of(satypes.DateTime())
    ('text', 'int', 'datetime')
    """
    checks = (
        (satypes.Boolean, "bool"),
        (satypes.DateTime, "datetime"),
        (satypes.Date, "date"),
        (satypes.Integer, "int"),
        (satypes.Numeric, "float"),
        (satypes.Float, "float"),
        (satypes.String, "text"),
        (satypes.Enum, "text"),
    )
    for cls, kind in checks:
        if isinstance(sqltype, cls):
            return kind
    name = str(getattr(sqltype, "__visit_name__", "")).lower()
    return "datetime" if "timestamp" in name else "other"


_DDL_TABLE_COMMENT = re.compile(r"^\s*CREATE\s+TABLE[^(]*\(\s*(?:/\*(.*?)\*/|--([^\n]*))", re.I | re.S)


def sqlite_comments(ddl: str) -> tuple[str, dict[str, str]]:
    """Table and column comments written as SQL comments in a SQLite CREATE TABLE.

    >>> sqlite_comments("CREATE TABLE t ( /* Things */\\n a INTEGER /* An a */,\\n b TEXT, -- The b\\n)")
    ('Things', {'a': 'An a', 'b': 'The b'})
    """
    match = _DDL_TABLE_COMMENT.match(ddl)
    table_comment = (match.group(1) or match.group(2) or "").strip() if match else ""
    columns: dict[str, str] = {}
    for line in ddl.splitlines()[1:]:
        name = re.match(r'^\s*["`\[]?(\w+)["`\]]?\s+\w', line)
        comment = re.search(r"/\*(.*?)\*/|--(.*)$", line)
        if name and comment and name.group(1).upper() not in ("CONSTRAINT", "PRIMARY", "FOREIGN", "UNIQUE"):
            columns[name.group(1)] = (comment.group(1) or comment.group(2) or "").strip()
    return table_comment, columns


def introspect(
    engine: Engine,
    *,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    hidden_columns: Iterable[str] = (),
    max_distinct: int = MAX_DISTINCT,
    source: str = "",
) -> Catalog:
    """Read the schema of `engine`'s database and its low-cardinality text values.

    `include` limits the tables (None: all), `exclude` removes some, `hidden_columns`
    lists "table.column" names never shown or queried.
    """
    inspector = inspect(engine)
    wanted = None if include is None else {t.lower() for t in include}
    unwanted = {t.lower() for t in exclude}
    hidden = {c.lower() for c in hidden_columns}
    names = [*inspector.get_table_names(), *inspector.get_view_names()]
    names = [n for n in names if n.lower() not in unwanted and (wanted is None or n.lower() in wanted)]
    names = [n for n in names if not n.startswith("sqlite_")]
    tables: dict[str, TableInfo] = {}
    sa_tables: dict[str, Table] = {}
    metadata = MetaData()
    with engine.connect() as connection:
        for name in sorted(names):
            table_comment, ddl_comments, pk, fks, described = _describe(inspector, connection, name)
            unique = _unique_columns(inspector, name)
            columns = []
            for c in described:
                comment = c.get("comment") or ddl_comments.get(c["name"], "")
                columns.append(
                    Column(
                        name=c["name"],
                        kind=c.get("kind") or kind_of(c["type"]),
                        comment=comment,
                        nullable=bool(c.get("nullable", True)),
                        primary_key=c["name"] in pk,
                        unique=c["name"] in unique,
                        references=fks.get(c["name"]),
                        utc="utc" in comment.lower(),
                        hidden=f"{name}.{c['name']}".lower() in hidden,
                    )
                )
            unreadable = _pg_unreadable(connection, name) if engine.dialect.name == "postgresql" else set()
            if unreadable and all(c.name in unreadable for c in columns):
                continue  # this user may read nothing of it
            for column in columns:
                column.hidden = column.hidden or column.name in unreadable
            table = Table(name, metadata, *(_sa_column(c) for c in columns))
            rows = int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)
            whole_key = len(pk) == 1  # a part of a composite key (press, day) may be a time
            for column in columns:
                if column.kind in ("text", "int") and not (
                    (column.primary_key and whole_key) or column.references or column.hidden
                ):
                    _profile(connection, table, column)
            for column in columns:
                if column.kind == "text" and not column.hidden:  # a text key too: "tool T-117"
                    limit = MAX_NAMES if names_rows(column) else max_distinct
                    column.values = _distinct(connection, table, column.name, limit)
            tables[name] = TableInfo(name, columns, table_comment, rows, source=source)
            sa_tables[name] = table
        link_implied(connection, tables, sa_tables)
    return Catalog(engine.dialect.name, tables)


def _describe(
    inspector: Any, connection: Any, name: str
) -> tuple[str, dict[str, str], set[str], dict[str, tuple[str, str]], list[dict[str, Any]]]:
    """Table comment, DDL column comments, primary key, foreign keys and columns of `name`."""
    dialect = connection.dialect.name
    table_comment = ""
    ddl_comments: dict[str, str] = {}
    if dialect == "sqlite":
        ddl = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).scalar()
        table_comment, ddl_comments = sqlite_comments(ddl or "")
    elif dialect == "mysql":
        try:
            table_comment = (inspector.get_table_comment(name) or {}).get("text") or ""
        except OperationalError:  # a user with column privileges only may not SHOW CREATE TABLE
            return ("", {}, *_mysql_columns(connection, name))
    else:
        try:
            table_comment = (inspector.get_table_comment(name) or {}).get("text") or ""
        except NotImplementedError:
            table_comment = ""
    pk = set(inspector.get_pk_constraint(name).get("constrained_columns") or [])
    fks = {}
    for fk in inspector.get_foreign_keys(name):
        if len(fk["constrained_columns"]) == 1 and fk.get("referred_table"):
            fks[fk["constrained_columns"][0]] = (fk["referred_table"], fk["referred_columns"][0])
    return table_comment, ddl_comments, pk, fks, list(inspector.get_columns(name))


def _unique_columns(inspector: Any, name: str) -> set[str]:
    """The columns of `name` declared unique by themselves, by a constraint or an index."""
    try:
        constraints = [u["column_names"] for u in inspector.get_unique_constraints(name)]
        indexes = [i["column_names"] for i in inspector.get_indexes(name) if i.get("unique")]
    except (NotImplementedError, DBAPIError):  # a user with column privileges only sees none
        return set()
    return {columns[0] for columns in [*constraints, *indexes] if len(columns) == 1}


_MYSQL_KINDS = {
    "tinyint": "int",
    "smallint": "int",
    "mediumint": "int",
    "int": "int",
    "bigint": "int",
    "decimal": "float",
    "float": "float",
    "double": "float",
    "datetime": "datetime",
    "timestamp": "datetime",
    "date": "date",
    "varchar": "text",
    "char": "text",
    "text": "text",
    "mediumtext": "text",
    "longtext": "text",
    "enum": "text",
}


def _mysql_columns(
    connection: Any, name: str
) -> tuple[set[str], dict[str, tuple[str, str]], list[dict[str, Any]]]:
    """Primary key, foreign keys and the columns of `name` that this MySQL user may see."""
    rows = connection.execute(
        text(
            "SELECT column_name, data_type, column_type, is_nullable, column_key, column_comment "
            "FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = :t "
            "ORDER BY ordinal_position"
        ),
        {"t": name},
    ).all()
    references = connection.execute(
        text(
            "SELECT column_name, referenced_table_name, referenced_column_name "
            "FROM information_schema.key_column_usage WHERE table_schema = DATABASE() "
            "AND table_name = :t AND referenced_table_name IS NOT NULL"
        ),
        {"t": name},
    ).all()
    columns = [
        {
            "name": column,
            "kind": "bool"
            if str(full).lower() == "tinyint(1)"
            else _MYSQL_KINDS.get(str(kind).lower(), "other"),
            "nullable": nullable == "YES",
            "comment": comment or "",
        }
        for column, kind, full, nullable, _key, comment in rows
    ]
    pk = {row[0] for row in rows if row[4] == "PRI"}
    return pk, {column: (table, other) for column, table, other in references}, columns


def _pg_unreadable(connection: Any, name: str) -> set[str]:
    """Columns of `name` this PostgreSQL user may not SELECT (a role with column grants)."""
    rows = connection.execute(
        text(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(quote_ident(:t)) "
            "AND attnum > 0 AND NOT attisdropped AND NOT has_column_privilege(attrelid, attnum, 'SELECT')"
        ),
        {"t": name},
    ).scalars()
    return {str(r) for r in rows}


def _sa_column(column: Column) -> Any:
    from sqlalchemy import Column as SAColumn

    return SAColumn(column.name)


def _profile(connection: Any, table: Table, column: Column) -> None:
    """What a text or integer column's values and comment say it is (see `nl2sql.profile`):
    a time column, a flag, or codes whose meanings the comment gives."""
    col = table.c[column.name]
    sample = list(connection.execute(select(col).where(col.is_not(None)).limit(profile.SAMPLE)).scalars())
    storage = profile.storage_of(sample, column.kind)
    if storage:
        column.kind, column.storage = profile.STORAGE_KINDS[storage], storage
        if storage in profile.WITH_OFFSET:  # the offset says, whatever a comment says of UTC
            column.utc = profile.in_utc(sample, storage)
        else:
            column.utc = column.utc or storage.startswith("epoch")
        column.day_starts = profile.day_starts(sample, storage)
        return
    column.labels = profile.enumeration(column.comment)
    if column.kind == "int" and (column.labels or profile.is_flag(column.name, column.comment, sample)):
        column.kind = "bool" if not column.labels else "code"  # neither is a quantity to add up


_NAMING = re.compile(
    r"(?:^|_)(?:name|code|title|label|no|sku|serial)$|name$|code$|名称|编号|代码|名字|号$", re.IGNORECASE
)


def names_rows(column: Column) -> bool:
    """Whether a column names its rows (a line's name, a machine's code): its values are worth
    knowing however many there are, so a question can name one in a plant of any size."""
    return bool(_NAMING.search(column.name) or _NAMING.search(column.comment))


def _distinct(connection: Any, table: Table, name: str, limit: int) -> list[str] | None:
    col = table.c[name]
    found = connection.execute(select(col).where(col.is_not(None)).distinct().limit(limit + 1)).scalars()
    values = [str(v) for v in found]
    if len(values) > limit or any(len(v) > MAX_VALUE_CHARS for v in values):
        return None
    return sorted(values)
