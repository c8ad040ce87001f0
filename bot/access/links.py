"""Signed, revocable read-only board links for TVs (`gemba board link`).

A link's key is "<id>.<expires>.<signature>": the signature is an HMAC-SHA256 of the id, the
line and the expiry under the signing key (`GEMBA_BOARD_SECRET`, or one Gemba generates once
and keeps in the store when none is set). A key is accepted only when the signature matches
AND its row says it is neither revoked nor expired, so revoking a link ends it at once, on
the page and on its live stream.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.access.models import BoardLink, WebSecret

_SECRET_NAME = "board_link_key"


@dataclass(frozen=True)
class LinkGrant:
    """What a valid link shows: its id and line (None: every line)."""

    id: int
    line_code: str | None


def signing_key(session: Session, configured: str, *, now: datetime) -> bytes:
    """The key links are signed with: `configured` when set, else the one generated and kept
    in the store (made on first use; two processes making it at once agree on the first)."""
    if configured:
        return configured.encode()
    stored = session.get(WebSecret, _SECRET_NAME)
    if stored is None:
        try:
            with session.begin_nested():
                session.add(WebSecret(name=_SECRET_NAME, value=secrets.token_hex(32), created_at=now))
        except IntegrityError:
            pass
        stored = session.get(WebSecret, _SECRET_NAME, populate_existing=True)
    assert stored is not None
    return stored.value.encode()


def create_link(
    session: Session, line_code: str | None, *, now: datetime, valid_for: timedelta, key: bytes
) -> tuple[BoardLink, str]:
    """A new link to the board of `line_code` (None: every line); returns it and its key."""
    link = BoardLink(line_code=line_code, created_at=now, expires_at=now + valid_for)
    session.add(link)
    session.flush()
    return link, _key_for(link, key)


def check_link(session: Session, given: str, *, now: datetime, key: bytes) -> LinkGrant | None:
    """What the link key `given` may show; None when it is forged, revoked or expired."""
    try:
        link_id, expires, _signature = given.split(".")
        row = session.get(BoardLink, int(link_id))
    except ValueError:
        return None
    if row is None or not hmac.compare_digest(_key_for(row, key), given):
        return None
    if row.revoked_at is not None or row.expires_at <= now or str(_epoch(row.expires_at)) != expires:
        return None
    return LinkGrant(row.id, row.line_code)


def list_links(session: Session) -> list[BoardLink]:
    """Every link, newest first."""
    return list(session.scalars(select(BoardLink).order_by(BoardLink.id.desc())))


def revoke_link(session: Session, link_id: int, *, now: datetime) -> bool:
    """Revoke link `link_id`; whether a live link was revoked (False: unknown or revoked before)."""
    done = session.execute(
        update(BoardLink)
        .where(BoardLink.id == link_id, BoardLink.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def _key_for(link: BoardLink, key: bytes) -> str:
    expires = _epoch(link.expires_at)
    signed = f"board-link:{link.id}:{link.line_code or '*'}:{expires}".encode()
    signature = base64.urlsafe_b64encode(hmac.new(key, signed, hashlib.sha256).digest()).rstrip(b"=")
    return f"{link.id}.{expires}.{signature.decode()}"


def _epoch(moment: datetime) -> int:
    return int(moment.replace(tzinfo=UTC).timestamp())
