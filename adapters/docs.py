"""The parts of README.md and docs/ARCHITECTURE.md that are generated from the code, so they cannot drift.

A generated part sits between `<!-- NAME -->` and `<!-- /NAME -->`; `gemba config docs --write`
rewrites every such part from its source, and a test fails when a file is not current.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import click
from pydantic import SecretStr

from adapters.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FILES = (ROOT / "README.md", ROOT / "docs" / "ARCHITECTURE.md")


def settings_table() -> str:
    """Every setting as a Markdown table: variable, default, meaning."""
    rows = ["| Variable | Default | Meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = field.default.get_secret_value() if isinstance(field.default, SecretStr) else field.default
        shown = f"`{default}`" if default not in ("", None) else "—"
        rows.append(f"| `{name.upper()}` | {shown} | {_cell(field.description or '')} |")
    return "\n".join(rows)


def commands_table() -> str:
    """Every chat command: its names, the module that runs it and what it does."""
    from bot.commands import COMMANDS

    rows = ["| Command | Other names | Module | What it does |", "|---|---|---|---|"]
    for command in COMMANDS:
        aliases = ", ".join(f"`{a}`" for a in command.aliases)
        module = command.module.replace(".", "/") + ".py"
        rows.append(f"| `{command.name}` | {aliases} | `{module}` | {_cell(command.summary[0])} |")
    return "\n".join(rows)


def store_table() -> str:
    """Every table of Gemba's own store, with its comment (what data questions see of it)."""
    from bot.store.models import every_table

    rows = ["| Table | What it holds |", "|---|---|"]
    for table in sorted(every_table().tables.values(), key=lambda t: t.name):
        rows.append(f"| `{table.name}` | {_cell(table.comment or '')} |")
    return "\n".join(rows)


def migrations_list() -> str:
    """The store's migrations in order, with the first line of each one's docstring."""
    folder = ROOT / "bot" / "store" / "migrations" / "versions"
    lines = []
    for path in sorted(folder.glob("[0-9]*.py")):
        doc = re.search(r'"""(.+?)(?:\n|""")', path.read_text(encoding="utf-8"))
        lines.append(f"- `{path.name}`: {doc.group(1).strip() if doc else ''}")
    return "\n".join(lines)


def cli_list(cli: click.Group) -> str:
    """Every command of the `gemba` command line (`cli`) with the first paragraph of its help."""
    lines: list[str] = []

    def walk(group: object, prefix: str) -> None:
        for name, command in sorted(getattr(group, "commands", {}).items()):
            if hasattr(command, "commands"):
                walk(command, f"{prefix} {name}")
            else:
                summary = " ".join((command.help or "").strip().split("\n\n")[0].split())
                lines.append(f"- `{prefix} {name}`: {summary}")

    walk(cli, "gemba")
    return "\n".join(lines)


def parts(cli: click.Group) -> dict[str, Callable[[], str]]:
    """The generated parts by name; `cli` is the `gemba` command line."""
    return {
        "SETTINGS": settings_table,
        "COMMANDS": commands_table,
        "STORE": store_table,
        "MIGRATIONS": migrations_list,
        "CLI": lambda: cli_list(cli),
        "GRANTSPOSTGRES": lambda: read_role_sql("postgresql", "gemba_reader"),
        "GRANTSMYSQL": lambda: read_role_sql("mysql", "'gemba_reader'@'%'"),
    }


def read_role_sql(dialect: str, role: str) -> str:
    """The SQL that creates the read-only role for questions on a store named `gemba` and lets
    it read `STORE_QUERYABLE` (README's "A read-only role for questions")."""
    from adapters.cli.wiring import STORE_QUERYABLE, read_role_grants

    create = (
        f"CREATE ROLE {role} LOGIN PASSWORD 'change-me'"
        if dialect == "postgresql"
        else f"CREATE USER {role} IDENTIFIED BY 'change-me'"
    )
    statements = [create, *read_role_grants(dialect, role, STORE_QUERYABLE, database="gemba")]
    return "```sql\n" + "".join(f"{statement};\n" for statement in statements) + "```"


def regenerate(text: str, cli: click.Group) -> str:
    """`text` with every generated part written anew from its source.

    >>> regenerate("a <!-- NOPE -->x<!-- /NOPE --> b", click.Group())
    'a <!-- NOPE -->x<!-- /NOPE --> b'
    """
    sources = parts(cli)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"<!-- {name} -->\n{sources[name]()}\n<!-- /{name} -->" if name in sources else match.group(0)

    return re.sub(r"<!-- ([A-Z]+) -->.*?<!-- /\1 -->", fill, text, flags=re.DOTALL)


def stale_files(cli: click.Group) -> list[Path]:
    """The documentation files whose generated parts differ from the code."""
    return [path for path in FILES if regenerate(text := path.read_text(encoding="utf-8"), cli) != text]


def write(cli: click.Group) -> list[Path]:
    """Rewrite the generated parts of every documentation file; returns the files changed."""
    changed = stale_files(cli)
    for path in changed:
        path.write_text(regenerate(path.read_text(encoding="utf-8"), cli), encoding="utf-8")
    return changed


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
