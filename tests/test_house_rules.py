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
    # The platforms add their own sentences to bot.texts when imported.
    import adapters.dingtalk
    import adapters.slack.texts  # noqa: F401
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
