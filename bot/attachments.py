"""Photos and files sent with a record: the platform's reference, and a local copy when the
platform lets Gemba download it."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services import Services
from bot.store.models import StoredFile
from bot.texts import register, say
from bot.types import Attachment, Language, Message

log = logging.getLogger(__name__)
register(
    {
        "photos_kept_one": ("📎 1 {what} kept with {ref}.", "📎 {ref} 已保存 1 {what}。"),
        "photos_kept": ("📎 {count} {what} kept with {ref}.", "📎 {ref} 已保存 {count} {what}。"),
    }
)
_KIND_WORDS = {  # (one, several) in English; Chinese counts with a measure word
    "photo": (("photo", "photos"), "张照片"),
    "file": (("file", "files"), "个文件"),
}
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
    """The local copy's path, or None: a photo that cannot be copied never fails the command."""
    if services.files is None or services.files_dir is None:
        return None
    try:
        content = services.files.fetch(attachment)
        if content is None:
            return None
        folder = Path(services.files_dir)
        folder.mkdir(parents=True, exist_ok=True)
        # A record may get photos in several messages: the random part keeps each copy.
        path = folder / f"{stem}-{uuid.uuid4().hex[:8]}-{safe_name(attachment.name, 'file')}"
        path.write_bytes(content)
    except Exception:
        log.warning("no local copy of %s file %s", attachment.platform, attachment.file_id, exc_info=True)
        return None
    return str(path)


def files_of(session: Session, record_kind: str, record_id: int) -> list[StoredFile]:
    """The files kept with a record, oldest first."""
    query = (
        select(StoredFile)
        .where(StoredFile.record_kind == record_kind, StoredFile.record_id == record_id)
        .order_by(StoredFile.id)
    )
    return list(session.scalars(query))


def kept_note(kept: list[StoredFile], ref: str, language: Language) -> str:
    """The sentence that tells what was kept with the record `ref`; "" when nothing was.

    >>> kept_note([StoredFile(mime="image/jpeg"), StoredFile(mime="image/*")], "P5", "en")
    '📎 2 photos kept with P5.'
    >>> kept_note([StoredFile(mime="application/pdf")], "P5", "zh"), kept_note([], "P5", "en")
    ('📎 P5 已保存 1 个文件。', '')
    """
    if not kept:
        return ""
    kind = "photo" if all((row.mime or "").startswith("image/") for row in kept) else "file"
    (one, several), chinese = _KIND_WORDS[kind]
    count = len(kept)
    what = chinese if language == "zh" else (one if count == 1 else several)
    return say("photos_kept_one" if count == 1 else "photos_kept", language, count=count, what=what, ref=ref)


class _Prefetched:
    """The files of one message, downloaded before its transaction opens."""

    def __init__(self, fetcher: FileFetcher, attachments: tuple[Attachment, ...]) -> None:
        self._content: dict[Attachment, bytes | None] = {}
        for attachment in attachments:
            try:
                self._content[attachment] = fetcher.fetch(attachment)
            except Exception:
                log.warning(
                    "could not download %s file %s", attachment.platform, attachment.file_id, exc_info=True
                )
                self._content[attachment] = None

    def fetch(self, attachment: Attachment) -> bytes | None:
        """The bytes downloaded for `attachment`, or None."""
        return self._content.get(attachment)


def prefetched(services: Services, message: Message) -> Services:
    """`services` whose file fetcher already holds the files of `message`: downloaded now,
    before the command's transaction, so a slow download never holds the store's locks
    (on SQLite, the one write lock that acknowledging other events waits for)."""
    if not message.attachments or services.files is None or services.files_dir is None:
        return services
    return replace(services, files=_Prefetched(services.files, message.attachments))
