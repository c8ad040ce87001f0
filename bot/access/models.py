"""Tables of web access: browser sessions, one-time sign-in links, TV board links, local
accounts and the secrets Gemba generates for itself. Only hashes of secrets are kept.

Their own module, like each routine's: only the web pages and `board login` import them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class WebSession(Base):
    """A signed-in person's browser session: the cookie holds a random token, this row its
    hash, who it is (as their chat platform names them) and the CSRF token of its forms."""

    __tablename__ = "web_sessions"
    __table_args__ = {"comment": "Internal: signed-in web sessions (secret)"}

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="SHA-256 of the cookie token")
    csrf_token: Mapped[str] = mapped_column(String(64), comment="Token every form of the session carries")
    platform: Mapped[str] = mapped_column(String(20), comment="Where the person signed in from")
    user_id: Mapped[str] = mapped_column(String(200), comment="The person's id on that platform")
    user_name: Mapped[str] = mapped_column(String(200), comment="The person's name")
    groups: Mapped[list[str]] = mapped_column(JSON, comment="The person's platform groups")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class WebLoginToken(Base):
    """A one-time sign-in link's token (hashed), for the person who asked for it in chat."""

    __tablename__ = "web_login_tokens"
    __table_args__ = {"comment": "Internal: one-time sign-in links (secret)"}

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="SHA-256 of the link's token")
    platform: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(200))
    user_name: Mapped[str] = mapped_column(String(200))
    groups: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, comment="Set once, when the link is used")


class BoardLink(Base):
    """A signed, revocable read-only link to the board of one line (or every line), for a TV."""

    __tablename__ = "board_links"
    __table_args__ = {"comment": "Internal: signed read-only board links for TVs"}

    id: Mapped[int] = mapped_column(primary_key=True)
    line_code: Mapped[str | None] = mapped_column(String(32), comment="Line shown; NULL: every line")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class WebAccount(Base):
    """A local web account (plants with neither Slack nor DingTalk): name and scrypt hash."""

    __tablename__ = "web_accounts"
    __table_args__ = {"comment": "Internal: local web accounts (secret)"}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300), comment="scrypt$n$r$p$salt$hash")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class WebSecret(Base):
    """A secret Gemba generated for itself (the TV links' signing key when none is set)."""

    __tablename__ = "web_secrets"
    __table_args__ = {"comment": "Internal: generated web secrets (secret)"}

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
