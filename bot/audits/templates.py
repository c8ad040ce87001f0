"""Audit checklists: one YAML file per area kind, shipped in `bot/audits/templates/` and
overridable file by file from a folder of your own (GEMBA_AUDIT_TEMPLATES_DIR).

A file names its `kind` and, under `items`, a list of checks for each S, each with its
English (`en`) and Chinese (`zh`) text. A 5S audit walks the first five S, a 6S audit adds
`safety`. A file that does not read as such a checklist raises `BotError("audit_template_invalid")`
with the file and what is wrong, so a typo is named, never half-loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.errors import BotError
from bot.types import Language
from bot.yaml_files import parse_yaml

SHIPPED = Path(__file__).with_name("templates")
FIVE_S = ("sort", "set_in_order", "shine", "standardize", "sustain")
SIX_S = (*FIVE_S, "safety")
KINDS = ("assembly_line", "office", "warehouse", "tool_room")


@dataclass(frozen=True)
class Item:
    """One check of a checklist: its key ("set_in_order.1"), its S and its text in both languages."""

    key: str
    s: str
    en: str
    zh: str

    def text(self, language: Language) -> str:
        """The check in `language`."""
        return self.zh if language == "zh" else self.en


@dataclass(frozen=True)
class Template:
    """The checklist of one area kind, every S in order."""

    kind: str
    items: tuple[Item, ...]
    source: str

    def checklist(self, six: bool) -> tuple[Item, ...]:
        """The items a 5S (`six` False) or 6S audit walks, in order."""
        wanted = SIX_S if six else FIVE_S
        return tuple(item for item in self.items if item.s in wanted)

    def item(self, key: str) -> Item | None:
        """The item with this key, or None."""
        return next((item for item in self.items if item.key == key), None)


def load_template(kind: str, folder: Path | None = None) -> Template:
    """The checklist of area kind `kind`: `folder/<kind>.yaml` when that exists, else the shipped one.

    Raises `BotError("audit_template_invalid")` for a file that is not a valid checklist, and
    `BotError("audit_no_template")` for a kind without one.

    >>> [i.key for i in load_template("office").checklist(six=False)][:3]
    ['sort.1', 'sort.2', 'set_in_order.1']
    """
    for base in (folder, SHIPPED):
        if base is not None and (base / f"{kind}.yaml").is_file():
            return parse_template(base / f"{kind}.yaml", kind)
    raise BotError("audit_no_template", kind=kind)


def load_all(folder: Path | None = None) -> dict[str, Template]:
    """Every kind's checklist, checked; raises `BotError` for the first bad file."""
    return {kind: load_template(kind, folder) for kind in KINDS}


def parse_template(path: Path, kind: str) -> Template:
    """Read and check one checklist file; raises `BotError("audit_template_invalid")`."""

    def bad(problem: str) -> BotError:
        return BotError("audit_template_invalid", file=str(path), problem=problem)

    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise bad(str(error).replace("\n", " ")) from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), dict):
        raise bad("expected a mapping with `kind` and `items`")
    if data.get("kind", kind) != kind:
        raise bad(f"kind is {data.get('kind')!r} but the file is for {kind!r}")
    unknown = set(data["items"]) - set(SIX_S)
    if unknown:
        raise bad(f"unknown S {sorted(unknown)}; use {', '.join(SIX_S)}")
    items = []
    for s in SIX_S:
        checks = data["items"].get(s)
        if not isinstance(checks, list) or not checks:
            raise bad(f"`{s}` needs a list of at least one check")
        for n, check in enumerate(checks, 1):
            if not isinstance(check, dict) or not all(
                isinstance(check.get(lang), str) and check[lang].strip() for lang in ("en", "zh")
            ):
                raise bad(f"check {n} of `{s}` needs both `en` and `zh` text")
            items.append(Item(f"{s}.{n}", s, check["en"].strip(), check["zh"].strip()))
    return Template(kind, tuple(items), str(path))
