"""Gemba's connections to the outside: chat platforms, the console, LLMs, databases, the CLI."""

from adapters.settings import Settings

__all__ = ["Settings"]
