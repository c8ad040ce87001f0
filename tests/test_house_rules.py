"""Meta-tests that keep the house in order: layering, settings documented, texts in both languages."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "nl2sql", "knowledge", "adapters")
# Which of our packages each package may import: adapters → bot → (nl2sql, knowledge).
ALLOWED = {
    "bot": {"bot", "nl2sql", "knowledge"},
    "nl2sql": {"nl2sql"},
    "knowledge": {"knowledge"},
    "adapters": set(PACKAGES),
}
PLATFORM_LIBRARIES = ("slack_bolt", "slack_sdk", "dingtalk_stream", "websockets", "starlette", "uvicorn")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(package: str) -> list[Path]:
    return [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("package", PACKAGES)
def test_dependencies_point_one_way(package: str) -> None:
    for path in _modules(package):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in PACKAGES:
                assert top in ALLOWED[package], f"{path.relative_to(ROOT)} imports {name}"
            if package != "adapters":
                assert top not in PLATFORM_LIBRARIES, f"{path.relative_to(ROOT)} imports {name}"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_imports(path: Path, modules: set[str]) -> set[str]:
    """The modules of ours that `path` imports anywhere (functions too), except for type checking only.

    `from pkg import name` depends on the module `pkg.name` when there is one, else on `pkg` itself.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update(
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                for a in node.names
            )
    return found & modules - {_module_name(path)}


def test_no_module_imports_itself_through_others() -> None:
    paths = {_module_name(p): p for package in PACKAGES for p in _modules(package)}
    graph = {name: _module_imports(path, set(paths)) for name, path in paths.items()}
    cycles = []
    for start in graph:  # a depth-first walk from each module back to itself
        stack, seen = [(start, [start])], set()
        while stack:
            name, trail = stack.pop()
            for nxt in graph[name]:
                if nxt == start:
                    cycles.append(" → ".join([*trail, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert not cycles, "import cycles:\n" + "\n".join(sorted(set(cycles)))


def test_the_generated_parts_of_the_docs_are_current() -> None:
    import typer.main

    from adapters.cli.main import app
    from adapters.docs import stale_files

    stale = [str(path.relative_to(ROOT)) for path in stale_files(typer.main.get_command(app))]
    assert not stale, f"{stale} differ from the code: run `gemba config docs --write`"


def test_every_chat_command_and_its_chinese_name_is_in_the_readme() -> None:
    from bot.commands import COMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Chat commands") : readme.index("### Guarantees")]
    missing = [c.name for c in COMMANDS if c.summary[0] and f"`{c.name}" not in table]
    missing += [c.aliases[0] for c in COMMANDS if c.summary[0] and c.aliases[0] not in table]
    assert not missing, f"README.md's chat command table does not show {missing}"


def test_only_the_settings_read_the_environment() -> None:
    for package in PACKAGES:
        for path in _modules(package):
            source = path.read_text(encoding="utf-8")
            if re.search(r"os\.environ|os\.getenv", source):
                assert path.name == "settings.py", f"{path.relative_to(ROOT)} reads the environment"


def test_every_setting_is_documented_in_the_readme() -> None:
    from adapters.settings import Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name.upper() for name in Settings.model_fields if f"`{name.upper()}`" not in readme]
    assert not missing, f"README.md does not document {missing}"


def test_every_setting_has_a_description() -> None:
    from adapters.settings import Settings

    assert all(field.description for field in Settings.model_fields.values())


def test_every_text_exists_in_both_languages_with_the_same_placeholders() -> None:
    import adapters.cli.main  # noqa: F401  (imports every area, so every registered text is there)
    from bot.texts import TEXTS, WORDS

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for key, (english, chinese) in {**TEXTS, **WORDS}.items():
        assert english and chinese, key
        assert fields(english) == fields(chinese), key
        assert (
            re.search(r"[\u4e00-\u9fff]", chinese) or chinese == english or not re.search("[a-z]{4}", chinese)
        ), key


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_exports_a_sorted_all(package: str) -> None:
    module = __import__(package)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{package}/__init__.py has no __all__"
    assert list(exported) == sorted(exported)
    assert all(hasattr(module, name) for name in exported)
