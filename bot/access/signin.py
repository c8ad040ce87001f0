"""Signing in to the web pages: one-time links asked for in chat, local accounts, sessions.

Every secret handed to a browser (a sign-in link's token, a session cookie) is 32 random
bytes; the store keeps only its SHA-256, so a copy of the database signs nobody in. A link is
used by a compare-and-set on `used_at`, so it signs in once even when opened twice at once.
Local passwords are hashed with scrypt and a random salt.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.access.models import WebAccount, WebLoginToken, WebSession
from bot.errors import BotError
from bot.texts import register

#: The platform name of local accounts (`gemba board user add`).
LOCAL = "local"
#: scrypt cost: n=2**14, r=8, p=1 (about 16 MB and a few tens of ms per check).
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_MIN_PASSWORD = 8

register(
    {
        "account_exists": ("There is already an account named {name}.", "已有名为 {name} 的账号。"),
        "account_bad_name": (
            "An account name is 1 to 100 characters, without spaces at either end.",
            "账号名为 1 到 100 个字符，首尾不能有空格。",
        ),
        "account_short_password": (
            "A password has at least {n} characters.",
            "密码至少 {n} 个字符。",
        ),
    }
)


@dataclass(frozen=True)
class Identity:
    """A person as a chat platform names them: `platform`, `user_id`, `user_name`, `groups`."""

    platform: str
    user_id: str
    user_name: str
    groups: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """ "platform:id", the form roles files and the web chat's history use."""
        return f"{self.platform}:{self.user_id}"


@dataclass(frozen=True)
class SignedIn:
    """A live session: who it is, its CSRF token and when it ends."""

    identity: Identity
    csrf_token: str
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_signin_token(session: Session, identity: Identity, *, now: datetime, valid_for: timedelta) -> str:
    """A new one-time sign-in token for `identity`, valid for `valid_for`; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    session.add(
        WebLoginToken(
            token_hash=_hash(token),
            platform=identity.platform,
            user_id=identity.user_id,
            user_name=identity.user_name,
            groups=list(identity.groups),
            created_at=now,
            expires_at=now + valid_for,
        )
    )
    session.flush()
    return token


def redeem_signin_token(session: Session, token: str, *, now: datetime) -> Identity | None:
    """The person a sign-in token was issued to, marking it used; None when the token is
    unknown, expired or used before (also when another request used it a moment ago)."""
    row = session.scalar(select(WebLoginToken).where(WebLoginToken.token_hash == _hash(token)))
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    claimed = session.execute(
        update(WebLoginToken)
        .where(WebLoginToken.id == row.id, WebLoginToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return Identity(row.platform, row.user_id, row.user_name, tuple(row.groups or ()))


def start_session(session: Session, identity: Identity, *, now: datetime, valid_for: timedelta) -> str:
    """A new session for `identity`; returns the cookie's token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=_hash(token),
            csrf_token=secrets.token_urlsafe(32),
            platform=identity.platform,
            user_id=identity.user_id,
            user_name=identity.user_name,
            groups=list(identity.groups),
            created_at=now,
            expires_at=now + valid_for,
        )
    )
    session.flush()
    return token


def session_for(session: Session, token: str, *, now: datetime) -> SignedIn | None:
    """The live session of a cookie token; None when unknown, expired or ended."""
    if not token:
        return None
    row = session.scalar(select(WebSession).where(WebSession.token_hash == _hash(token)))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    identity = Identity(row.platform, row.user_id, row.user_name, tuple(row.groups or ()))
    return SignedIn(identity, row.csrf_token, row.expires_at)


def end_session(session: Session, token: str, *, now: datetime) -> bool:
    """End the session of a cookie token (sign-out); whether there was a live one."""
    ended = session.execute(
        update(WebSession)
        .where(WebSession.token_hash == _hash(token), WebSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(ended.rowcount)  # type: ignore[attr-defined]


def end_sessions_of(session: Session, who: str, *, now: datetime) -> int:
    """End every live session of a person, named by id ("U024BE7LH"), "platform:id" or name;
    returns how many were ended (an admin's sign-out for a lost phone or a left colleague)."""
    platform, _, user_id = who.partition(":")
    named = (WebSession.user_id == who) | (WebSession.user_name == who)
    if user_id:
        named = named | ((WebSession.platform == platform) & (WebSession.user_id == user_id))
    ended = session.execute(
        update(WebSession)
        .where(named, WebSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(ended.rowcount)  # type: ignore[attr-defined]


def add_account(session: Session, name: str, password: str, *, now: datetime) -> None:
    """Create the local account `name`. Raises BotError for a bad name, a short password or
    a name already taken."""
    if not name or name != name.strip() or len(name) > 100:
        raise BotError("account_bad_name")
    if len(password) < _MIN_PASSWORD:
        raise BotError("account_short_password", n=_MIN_PASSWORD)
    session.add(WebAccount(name=name, password_hash=hash_password(password), created_at=now))
    try:
        session.flush()
    except IntegrityError:
        raise BotError("account_exists", name=name) from None


def verify_account(session: Session, name: str, password: str) -> Identity | None:
    """The local account's identity when `password` is its password; None otherwise (an
    unknown name costs the same scrypt work, so timing does not tell which names exist)."""
    row = session.scalar(select(WebAccount).where(WebAccount.name == name))
    stored = row.password_hash if row is not None else _dummy_hash()
    if not check_password(password, stored) or row is None:
        return None
    return Identity(LOCAL, row.name, row.name)


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """ "scrypt$n$r$p$salt$hash" (hex) for `password` with a random 16-byte salt.

    >>> check_password("correct horse", hash_password("correct horse"))
    True
    >>> check_password("wrong horse", hash_password("correct horse"))
    False
    """
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether `password` matches a `hash_password` result (compared in constant time)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


@cache
def _dummy_hash() -> str:
    return hash_password("not a password", salt=b"\0" * 16)
