"""Multi-workspace installs: the OAuth installation and state stores in Gemba's database.

The tables (`slack_installations`, `slack_bots`, `slack_oauth_states`) are created by the
store migration 0002 with the column layout of slack-sdk's SQLAlchemy stores, so they
work on SQLite, PostgreSQL and MariaDB like the rest of the store. The stores are our
own (slack-sdk's import SQLAlchemy's asyncio extension, which needs `greenlet`); they
implement slack-sdk's `InstallationStore` and `OAuthStateStore`, which bolt uses.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    select,
)
from sqlalchemy.engine import RowMapping

BOT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "chat:write",
    "chat:write.public",
    "commands",
    "files:read",
    "files:write",
    "groups:history",
    "im:history",
    "mpim:history",
    "users:read",
)
"""What the bot token may do; the same list is in `manifest.yaml`."""
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600

log = logging.getLogger(__name__)
metadata = MetaData()


def _token_columns() -> list[Column[Any]]:
    return [
        Column("bot_token", String(200)),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", String(200)),
        Column("bot_token_expires_at", DateTime),
    ]


def _owner_columns() -> list[Column[Any]]:
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
    ]


installations = Table(
    "slack_installations",
    metadata,
    *_owner_columns(),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_token_columns(),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(200)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(200)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, nullable=False, default=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False),
)
bots = Table(
    "slack_bots",
    metadata,
    *_owner_columns(),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_token_columns(),
    Column("is_enterprise_install", Boolean, nullable=False, default=False),
    Column("installed_at", DateTime, nullable=False),
)
oauth_states = Table(
    "slack_oauth_states",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)


class GembaInstallationStore(InstallationStore):
    """Installations and bot tokens of every workspace, newest install first."""

    def __init__(self, client_id: str, engine: Engine) -> None:
        self.client_id = client_id
        self.engine = engine

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: Installation) -> None:
        """Keep a new installation (and its bot)."""
        self._insert(installations, installation.to_dict())
        self.save_bot(installation.to_bot())

    def save_bot(self, bot: Bot) -> None:
        """Keep a bot token."""
        self._insert(bots, bot.to_dict())

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        """The newest bot of a workspace (or of an org-wide install)."""
        row = self._newest(bots, enterprise_id, None if is_enterprise_install else team_id, bots.c.bot_token)
        return None if row is None else Bot(**_fields(row, bots, skip=("id", "client_id")))

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """The newest installation of a workspace (by `user_id` when given)."""
        team = None if is_enterprise_install else team_id
        row = self._newest(installations, enterprise_id, team, None, user_id=user_id)
        if row is None:
            return None
        installation = Installation(**_fields(row, installations, skip=("id", "client_id")))
        bot = self.find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        if bot is not None and installation.bot_token != bot.bot_token:  # a later bot-only install
            installation.bot_id, installation.bot_user_id = bot.bot_id, bot.bot_user_id
            installation.bot_token, installation.bot_scopes = bot.bot_token, bot.bot_scopes
            installation.bot_refresh_token = bot.bot_refresh_token
            installation.bot_token_expires_at = bot.bot_token_expires_at
        return installation

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget a workspace's bots (after `app_uninstalled` or `tokens_revoked`)."""
        with self.engine.begin() as connection:
            connection.execute(delete(bots).where(*self._owner(bots, enterprise_id, team_id)))

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Forget a workspace's installations (by `user_id` when given)."""
        where = self._owner(installations, enterprise_id, team_id)
        if user_id is not None:
            where.append(installations.c.user_id == user_id)
        with self.engine.begin() as connection:
            connection.execute(delete(installations).where(*where))

    def bot_token(self, team_id: str) -> str | None:
        """The newest bot token installed in workspace `team_id` (of any Enterprise Grid org)."""
        c = bots.c
        query = (
            select(c.bot_token)
            .where(c.client_id == self.client_id, c.team_id == team_id, c.bot_token.is_not(None))
            .order_by(c.installed_at.desc(), c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            return connection.scalar(query)

    def _insert(self, table: Table, values: dict[str, Any]) -> None:
        row = {k: v for k, v in values.items() if k in table.c and k != "id"}
        row["client_id"] = self.client_id
        for name in ("installed_at", "bot_token_expires_at", "user_token_expires_at"):
            if name in row:
                row[name] = _naive_utc(row[name])
        row["installed_at"] = row.get("installed_at") or _naive_utc(datetime.now(UTC))
        with self.engine.begin() as connection:
            connection.execute(table.insert(), row)

    def _owner(self, table: Table, enterprise_id: str | None, team_id: str | None) -> list[Any]:
        c = table.c
        return [c.client_id == self.client_id, c.enterprise_id == enterprise_id, c.team_id == team_id]

    def _newest(
        self,
        table: Table,
        enterprise_id: str | None,
        team_id: str | None,
        required: Column[Any] | None,
        *,
        user_id: str | None = None,
    ) -> RowMapping | None:
        where = self._owner(table, enterprise_id, team_id)
        if required is not None:
            where.append(required.is_not(None))
        if user_id is not None:
            where.append(table.c.user_id == user_id)
        query = select(table).where(*where).order_by(table.c.installed_at.desc(), table.c.id.desc()).limit(1)
        with self.engine.connect() as connection:
            return connection.execute(query).mappings().first()


class GembaOAuthStateStore(OAuthStateStore):
    """One-time `state` values of installs in progress, valid for `STATE_SECONDS`."""

    def __init__(self, engine: Engine, expiration_seconds: int = STATE_SECONDS) -> None:
        self.engine = engine
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:
        """A new state value."""
        state = str(uuid.uuid4())
        expire_at = _naive_utc(datetime.now(UTC) + timedelta(seconds=self.expiration_seconds))
        with self.engine.begin() as connection:
            connection.execute(oauth_states.insert(), {"state": state, "expire_at": expire_at})
        return state

    def consume(self, state: str) -> bool:
        """Whether `state` was issued and has not expired; it cannot be used again."""
        now = _naive_utc(datetime.now(UTC))
        with self.engine.begin() as connection:
            deleted = connection.execute(
                delete(oauth_states).where(oauth_states.c.state == state, oauth_states.c.expire_at > now)
            )
            return bool(deleted.rowcount)


def oauth_settings(client_id: str, client_secret: str, engine: Engine) -> OAuthSettings:
    """bolt's OAuth settings: install at `/slack/install`, redirect to `/slack/oauth_redirect`."""
    return OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=GembaInstallationStore(client_id, engine),
        installation_store_bot_only=True,
        state_store=GembaOAuthStateStore(engine),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
    )


def _fields(row: RowMapping, table: Table, *, skip: tuple[str, ...]) -> dict[str, Any]:
    return {column.name: row[column.name] for column in table.columns if column.name not in skip}


def _naive_utc(value: Any) -> Any:
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value
