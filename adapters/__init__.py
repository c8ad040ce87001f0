"""Gemba's connections to the outside: chat platforms, the console, LLMs, databases, the CLI.

`Settings` is imported on first use, so `gemba --help` does not load pydantic-settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same name, for type checkers ("X as X": re-exported)
    from adapters.settings import Settings as Settings

__all__ = ["Settings"]


def __getattr__(name: str) -> Any:
    if name != "Settings":
        raise AttributeError(f"module 'adapters' has no attribute {name!r}")
    from adapters.settings import Settings

    return Settings
