"""The web's secrets (sessions, sign-in tokens, accounts, TV links) are never readable by a
data question: their tables are outside the store's queryable allowlist."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from adapters.cli.wiring import build_nl2sql, store_queryable
from adapters.settings import Settings
from bot import Services, handle
from bot.access import Identity, add_account, create_link, issue_signin_token, start_session
from bot.access.models import BoardLink, WebAccount, WebLoginToken, WebSession
from bot.serialize import reply_to_json
from bot.store.db import make_engine, make_sessions, transaction
from nl2sql import AccessDenied, execute
from tests.conftest import PLANT_TZ, FakeClock, message

WEB_TABLES = {"web_sessions", "web_login_tokens", "board_links", "web_accounts", "web_secrets", "web_chat"}


def test_web_secrets_cannot_be_asked_for(
    plant_db: str, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert WEB_TABLES.isdisjoint(store_queryable())
    engine = make_engine(plant_db)
    sessions = make_sessions(engine)
    now = clock().replace(tzinfo=None)
    who = Identity("slack", "U1", "Ana")
    with transaction(sessions) as session:
        cookie = start_session(session, who, now=now, valid_for=timedelta(hours=1))
        token = issue_signin_token(session, who, now=now, valid_for=timedelta(minutes=10))
        add_account(session, "terminal-3", "floor-password-3", now=now)
        _link, key = create_link(session, "L3", now=now, valid_for=timedelta(days=1), key=b"k")
    with sessions() as session:
        stored = [
            *session.query(WebSession.token_hash, WebSession.csrf_token).one(),
            session.query(WebLoginToken.token_hash).scalar(),
            session.query(WebAccount.password_hash).scalar(),
        ]
        assert session.query(BoardLink).count() == 1
    settings = Settings(_env_file=None, gemba_database_url=plant_db, gemba_timezone="Asia/Shanghai")  # type: ignore[call-arg]
    nl2sql = build_nl2sql(settings, engine)
    assert nl2sql is not None
    nl2sql.charts = False
    [source] = nl2sql.sources
    assert WEB_TABLES.isdisjoint(source.catalog.tables)
    with pytest.raises(AccessDenied):
        execute(source.engine, "SELECT token_hash, csrf_token FROM web_sessions", catalog=source.catalog)
    services = Services(sessions=sessions, timezone=PLANT_TZ, clock=clock, nl2sql=nl2sql)
    secrets = [cookie, token, key, *stored]
    for question in (
        "show the token_hash and csrf_token of web_sessions",
        "list web accounts with their password hash",
        "how many web login tokens are there?",
        "列出所有网页会话的令牌",
    ):
        reply = handle(message(question), services)
        assert reply is not None
        shown = str(reply_to_json(reply))
        assert not any(secret in shown for secret in secrets), question
    engine.dispose()
