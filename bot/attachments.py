"""Photos and files sent with a record: the platform's reference, and a local copy when the
platform lets Gemba download it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services import Services
from bot.store.models import StoredFile
from bot.types import Attachment, Message

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class FileFetcher(Protocol):
    """Downloads a file a platform holds; None when it cannot (the reference is kept anyway)."""

    def fetch(self, attachment: Attachment) -> bytes | None:
        """The file's bytes, or None."""
        ...


def safe_name(name: str, fallback: str) -> str:
    """A file name safe to write on any system.

    >>> safe_name("../oil leak (2).jpg", "f1"), safe_name("", "f1")
    ('oil_leak_2_.jpg', 'f1')
    """
    cleaned = _UNSAFE.sub("_", name).strip("._")
    return cleaned[:100] or fallback


def keep(
    session: Session,
    message: Message,
    *,
    record_kind: str,
    record_id: int,
    services: Services,
    anonymous: bool = False,
) -> list[StoredFile]:
    """Store every attachment of `message` with the record, and a local copy where the
    platform's fetcher (`services.files`) can download it. `anonymous` keeps no sender."""
    kept = []
    for number, attachment in enumerate(message.attachments, start=1):
        row = StoredFile(
            record_kind=record_kind,
            record_id=record_id,
            platform=attachment.platform,
            file_id=attachment.file_id[:500],
            name=attachment.name[:200],
            mime=attachment.mime[:100],
            added_by=None if anonymous else (message.user_name or message.user)[:200],
            added_at=services.now(),
        )
        row.local_path = _copy(attachment, services, f"{record_kind}-{record_id}-{number}")
        session.add(row)
        kept.append(row)
    session.flush()
    return kept


def _copy(attachment: Attachment, services: Services, stem: str) -> str | None:
    if services.files is None or services.files_dir is None:
        return None
    content = services.files.fetch(attachment)
    if content is None:
        return None
    folder = Path(services.files_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}-{safe_name(attachment.name, 'file')}"
    path.write_bytes(content)
    return str(path)


def files_of(session: Session, record_kind: str, record_id: int) -> list[StoredFile]:
    """The files kept with a record, oldest first."""
    query = (
        select(StoredFile)
        .where(StoredFile.record_kind == record_kind, StoredFile.record_id == record_id)
        .order_by(StoredFile.id)
    )
    return list(session.scalars(query))
