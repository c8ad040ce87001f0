"""The playbook that matches an andon reason or a problem, for the reply that records it."""

from __future__ import annotations

import logging

from bot.services import Services
from bot.texts import say
from bot.types import Language

log = logging.getLogger(__name__)


def playbook_hint(services: Services, *, category: str, text: str, language: Language) -> str | None:
    """A line like "Playbook: Andon response: material shortage", or None when none matches
    or playbook search is not configured. Never raises: recording a call matters more."""
    if services.knowledge is None:
        return None
    try:
        citation = services.knowledge.link(category, text, language)
    except Exception:  # a broken index must not stop an andon call from being answered
        log.exception("playbook link failed for %s", category)
        return None
    return say("playbook_hint", language, title=str(citation)) if citation else None
