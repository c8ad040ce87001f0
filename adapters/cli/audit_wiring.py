"""Wiring of 5S/6S audits: their set-up for the chat core (their reminder job: `background_wiring`)."""

from __future__ import annotations

from pathlib import Path

from adapters.settings import Settings
from bot.audits.config import AuditConfig
from bot.audits.templates import load_all


def audit_config(settings: Settings) -> AuditConfig:
    """The audit set-up from GEMBA_AUDIT_TEMPLATES_DIR and GEMBA_AUDIT_THRESHOLD; every
    checklist is read once here, so a bad file is named at start-up (raises `BotError`)."""
    folder = Path(settings.gemba_audit_templates_dir) if settings.gemba_audit_templates_dir else None
    load_all(folder)
    return AuditConfig(templates_dir=folder, threshold=settings.gemba_audit_threshold)
