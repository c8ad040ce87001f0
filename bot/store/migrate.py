"""Create and upgrade the store's schema with Alembic, on any supported database.

Asking which revision a database is at, and which is the newest, does not import Alembic
(with Mako and Pygments, a third of a second): every command that answers a question asks
both first. The newest revision is read from the migration files themselves.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
#: The table where Alembic keeps a database's revision (its default name).
VERSION_TABLE = "alembic_version"


def alembic_config(engine: Engine) -> Config:
    """An Alembic config that runs our migrations on `engine`."""
    config = alembic_config_without_engine()
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of `engine`'s database up to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back down to `revision` ("base" drops every table)."""
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it has no Gemba schema."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(versions) > 1:
        raise RuntimeError(f"the database is at several revisions at once: {sorted(versions)}")
    return versions[0] if versions else None


def head_revision() -> str:
    """The newest revision this version of Gemba knows: the one no migration builds on.

    Read from the `revision` and `down_revision` assignments of the migration files.
    """
    revisions: set[str] = set()
    built_on: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        values = _assignments(path)
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str):
            continue
        revisions.add(revision)
        built_on.update([down] if isinstance(down, str) else down if isinstance(down, tuple) else ())
    heads = revisions - built_on
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def _assignments(path: Path) -> dict[str, object]:
    """The literal values assigned at the top level of a migration file, before its first
    function (where Alembic puts `revision` and `down_revision`): parsing only that part keeps
    the check at start cheap, whatever the migrations' length."""
    source = path.read_text(encoding="utf-8")
    try:
        tree = ast.parse(source.split("\ndef ", 1)[0])
    except SyntaxError:  # the cut fell inside a string: read the whole file
        tree = ast.parse(source)
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError):  # not a literal: not a revision
                continue
    return values


def alembic_config_without_engine() -> Config:
    """An Alembic config that finds our migrations (no database)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
