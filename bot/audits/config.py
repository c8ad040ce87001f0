"""What an installation sets for 5S/6S audits (from GEMBA_AUDIT_* settings)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_THRESHOLD = 3


@dataclass(frozen=True)
class AuditConfig:
    """`templates_dir`: a folder whose `<kind>.yaml` files replace the shipped checklists
    (None: the shipped ones). `threshold`: a check (or, in the one-line form, an S) scored
    below it becomes a problem."""

    templates_dir: Path | None = None
    threshold: int = DEFAULT_THRESHOLD
